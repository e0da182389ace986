"""Recording a key project's progress: one entry, its files and the milestone's current state, all or nothing."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from milestones import files as evidence_files
from milestones.models import Attachment, ProgressEntry
from targets.models import Milestone, MilestoneStatus


def progress_problems(
    milestone: Milestone, *, status: str, reached_on: datetime.date | None, today: datetime.date
) -> dict[str, str]:
    """What is wrong with a status and a date reached, by field, in plain words (empty if nothing).

    The plan's key projects are "done" on a day: the date is required then, and only then; it cannot be
    in the future nor before the plan began."""
    problems = {}
    if status == MilestoneStatus.DONE and reached_on is None:
        problems["reached_on"] = _("状态为“已完成”时必须填写完成日期。")
    elif status != MilestoneStatus.DONE and reached_on is not None:
        problems["reached_on"] = _("只有状态为“已完成”时才填写完成日期：请清空完成日期，或把状态改为“已完成”。")
    elif reached_on is not None and reached_on > today:
        problems["reached_on"] = _("完成日期不能晚于今天（%(today)s）。") % {"today": date_format(today, "Y-m-d")}
    elif reached_on is not None and reached_on.year < milestone.plan.start_year:
        problems["reached_on"] = _("完成日期不能早于行动计划开始的%(year)s年。") % {"year": milestone.plan.start_year}
    return problems


def upload_problems(uploads) -> list[str]:
    """Why the uploaded files cannot be kept (each file's problem), or an empty list."""
    problems = []
    limit = evidence_files.max_count()
    if len(uploads) > limit:
        problems.append(_("每次最多上传%(limit)s个附件，这次选了%(n)s个。") % {"limit": limit, "n": len(uploads)})
    for upload in uploads:
        try:
            evidence_files.check_upload(upload)
        except ValidationError as error:
            problems.extend(error.messages)
    return problems


@transaction.atomic
def progress_record(
    *,
    milestone: Milestone,
    by,
    status: str,
    note: str,
    reached_on: datetime.date | None = None,
    uploads=(),
    today: datetime.date | None = None,
    is_demo_data: bool = False,
) -> ProgressEntry:
    """Record a milestone's progress: a new entry with its evidence files, and the milestone's status, date
    reached and evidence set from it. Refused (ValidationError by field, nothing written, no file left
    behind) if the date or a file is not acceptable. The milestone is locked so that two admins recording
    at once each write a whole entry, one after the other."""
    today = today or timezone.localdate()
    milestone = Milestone.objects.select_for_update().select_related("plan").get(pk=milestone.pk)
    problems = progress_problems(milestone, status=status, reached_on=reached_on, today=today)
    if file_problems := upload_problems(uploads):
        problems["uploads"] = file_problems
    if problems:
        raise ValidationError(problems)
    entry = ProgressEntry(
        milestone=milestone, status=status, reached_on=reached_on, note=note, recorded_by=by, is_demo_data=is_demo_data
    )
    entry.full_clean()
    entry.save()
    stored = []
    try:
        for upload in uploads:
            kind = evidence_files.check_upload(upload)
            attachment = Attachment(
                entry=entry,
                original_name=evidence_files.display_name(upload.name),
                content_type=kind.content_type,
                size=upload.size,
            )
            attachment.file.save(upload.name, upload, save=False)
            stored.append(attachment.file)
            attachment.save()
        milestone.status, milestone.reached_on, milestone.evidence = status, reached_on, note
        milestone._history_user = by  # the milestone's own history names who recorded the change
        milestone.full_clean()
        milestone.save(update_fields=["status", "reached_on", "evidence"])
    except BaseException:
        for stored_file in stored:
            stored_file.storage.delete(stored_file.name)
        raise
    return entry
