"""Reads of the key projects: each one's status against its due year, and its progress, in a fixed number
of queries however many milestones and entries there are."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from milestones.models import ProgressEntry
from targets.models import Milestone, MilestoneStatus, Plan


@dataclass(frozen=True)
class MilestoneRow:
    """A key project with the year it is due, whether it is late (done late, or not done and overdue), and
    its progress: the latest entry, the number of entries, and the latest entry that brought files."""

    milestone: Milestone
    due_year: int
    today: datetime.date
    latest: ProgressEntry | None = None
    entry_count: int = 0
    evidence: ProgressEntry | None = None  # the latest entry with attachments

    @property
    def is_done(self) -> bool:
        return self.milestone.status == MilestoneStatus.DONE

    @property
    def is_late(self) -> bool:
        if self.is_done:
            return self.milestone.reached_on.year > self.due_year
        return self.today.year > self.due_year

    @property
    def state(self) -> str:
        """A dashboard colour: met (done in time), in_range (done late), behind (open), overdue (open and late)."""
        if self.is_done:
            return "in_range" if self.is_late else "met"
        return "overdue" if self.is_late else "behind"

    @property
    def state_label(self) -> str:
        if self.is_done:
            return _("逾期完成") if self.is_late else _("按期完成")
        return _("逾期未完成") if self.is_late else _(self.milestone.get_status_display())

    @property
    def status_label(self) -> str:
        """The status the city recorded (未启动 / 推进中 / 已完成), shown beside an overdue state."""
        return _(self.milestone.get_status_display())

    @property
    def attachments(self) -> list:
        return list(self.evidence.attachments.all()) if self.evidence else []


def _latest(field: str, only: Q | None = None):
    entries = ProgressEntry.objects.filter(only or Q(), milestone=OuterRef("pk")).order_by("-recorded_at", "-pk")
    return Subquery(entries.values(field)[:1])


def _with_progress(milestones) -> list[tuple[Milestone, ProgressEntry | None, ProgressEntry | None]]:
    """Each milestone with its latest entry and its latest entry with files: three queries in all."""
    milestones = list(
        milestones.select_related("plan").annotate(
            entry_count=Count("progress_entries"),
            latest_pk=_latest("pk"),
            evidence_pk=_latest("pk", Q(attachments__isnull=False)),
        )
    )
    wanted = {pk for m in milestones for pk in (m.latest_pk, m.evidence_pk) if pk}
    entries = (
        ProgressEntry.objects.filter(pk__in=wanted).select_related("recorded_by").prefetch_related("attachments")
        if wanted
        else []
    )
    by_pk = {entry.pk: entry for entry in entries}
    return [(m, by_pk.get(m.latest_pk), by_pk.get(m.evidence_pk)) for m in milestones]


def _row(milestone, latest, evidence, today) -> MilestoneRow:
    due = milestone.year or milestone.plan.end_year
    return MilestoneRow(milestone, due, today, latest, milestone.entry_count, evidence)


def milestone_rows(plan: Plan, year: int | None = None, today=None) -> list[MilestoneRow]:
    """The plan's milestones (those due in ``year`` if given) with their progress, in the order of their due year."""
    today = today or timezone.localdate()
    milestones = Milestone.objects.filter(plan=plan)
    if year is not None:
        due = Q(year=year)
        if year == plan.end_year:
            due |= Q(year__isnull=True)  # "计划期内": due by the plan's last year
        milestones = milestones.filter(due)
    rows = [_row(m, latest, evidence, today) for m, latest, evidence in _with_progress(milestones)]
    return sorted(rows, key=lambda r: (r.due_year, r.milestone.year is None, r.milestone.order))


def milestone_row(pk: int, today=None) -> MilestoneRow:
    """One milestone with its progress (Milestone.DoesNotExist if there is none with ``pk``)."""
    found = _with_progress(Milestone.objects.filter(pk=pk))
    if not found:
        raise Milestone.DoesNotExist
    return _row(*found[0], today or timezone.localdate())


def progress_history(milestone: Milestone) -> list[ProgressEntry]:
    """Every progress entry of a milestone, newest first, with who recorded it and its files."""
    return list(milestone.progress_entries.select_related("recorded_by").prefetch_related("attachments"))
