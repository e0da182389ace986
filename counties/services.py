"""The quarterly report workflow: draft -> submitted -> approved (locked), or submitted -> returned -> resubmitted.

Every transition locks the report row (``select_for_update``) inside a transaction and checks the
version the user's page was loaded with, so two admins approving at once, or an admin acting while the
county edits, can never silently overwrite each other: the later one gets ``StaleVersion`` and nothing
is written. Who changed what is recorded by django-simple-history on every save.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from counties import checks, notices, roles, selectors, signals, window
from counties.models import County, QuarterlyReport, ReportStatus
from counties.timeliness import days_late
from shangqiu_cbec.plaintext import NOTE_MAX_LENGTH, normalise_newlines, text_problem


class WorkflowError(Exception):
    """A transition the workflow does not allow (the message is shown to the user)."""


class UnexplainedFindings(WorkflowError):
    """Figures that break a high-importance rule cannot be submitted until the county explains each."""

    def __init__(self, findings):
        self.findings = findings
        names = pgettext("list separator", "，").join(f"“{f.title}”" for f in findings)
        super().__init__(
            _("以下校验未通过且未填写说明，不能提交：%(names)s。请在填报页面逐条填写说明后再提交。") % {"names": names}
        )


class StaleVersion(WorkflowError):
    """Someone else changed the report since the user's page was loaded."""

    def __init__(self, message=None):
        super().__init__(message or _("该季度数据已被他人修改，您的操作未保存。请刷新页面，查看最新内容后重试。"))


FIGURES = ("transaction_usd", "employees", "reporting_enterprises", "remark")


def _note(text: str | None, *, label: str, required_message: str) -> str:
    """A comment or reason typed by the city: required, at most ``NOTE_MAX_LENGTH`` characters, plain text."""
    text = normalise_newlines(text or "").strip()
    if not text:
        raise WorkflowError(required_message)
    problem = text_problem(text, label=label, max_length=NOTE_MAX_LENGTH, multiline=True)
    if problem:
        raise WorkflowError(problem)
    return text


def _locked(report_id: int, version: int) -> QuarterlyReport:
    report = QuarterlyReport.objects.select_for_update().get(pk=report_id)
    if report.version != version:
        raise StaleVersion
    return report


def _require(report: QuarterlyReport, *allowed: str, action: str) -> None:
    if report.status not in allowed:
        status = _(report.get_status_display())
        raise WorkflowError(_("“%(status)s”状态的季度数据不能%(action)s。") % {"status": status, "action": action})


def _save(report: QuarterlyReport, fields: list[str]) -> QuarterlyReport:
    report.version += 1
    report.full_clean()
    report.save(update_fields=[*fields, "version", "updated_at"])
    return report


def _require_editor(user, county_id: int) -> None:
    if not roles.can_edit_county(user, county_id):
        raise PermissionDenied


def _require_window(year: int, quarter: int) -> None:
    """Only quarters that have ended, in a year some plan counts, may be filled in (counties.window)."""
    problem = window.refusal(year, quarter, timezone.localdate())
    if problem:
        raise WorkflowError(problem)


def _require_city_admin(user) -> None:
    if not roles.is_city_admin(user):
        raise PermissionDenied


@transaction.atomic
def report_save_draft(
    *,
    county: County,
    year: int,
    quarter: int,
    user,
    version: int | None,
    figures: dict,
    explanations: dict[str, str] | None = None,
) -> QuarterlyReport:
    """Create or update a county's figures for a quarter while they are a draft or returned.

    ``version`` is the version the form was loaded with (``None`` for a report not created yet).
    Submitted and approved figures cannot be edited: the city must return or reopen them first.
    ``explanations`` (finding code -> text) are what the county wrote about the checks' findings;
    they are stored with the figures, in the same transaction (``counties.checks``).
    """
    report = _save_draft(county=county, year=year, quarter=quarter, user=user, version=version, figures=figures)
    if explanations:
        checks.explain(report=report, explanations=explanations, user=user)
    return report


def _save_draft(
    *, county: County, year: int, quarter: int, user, version: int | None, figures: dict
) -> QuarterlyReport:
    _require_editor(user, county.pk)
    _require_window(year, quarter)
    values = {name: figures[name] for name in FIGURES if name in figures}
    if isinstance(values.get("remark"), str):
        values["remark"] = normalise_newlines(values["remark"])
    existing = QuarterlyReport.objects.filter(county=county, year=year, quarter=quarter).values_list("pk", flat=True)
    if not existing:
        if version is not None:
            raise StaleVersion
        report = QuarterlyReport(county=county, year=year, quarter=quarter, entered_by=user, **values)
        try:
            report.full_clean()
        except ValidationError:
            if QuarterlyReport.objects.filter(county=county, year=year, quarter=quarter).exists():
                raise StaleVersion from None  # created by someone else since the check above
            raise
        try:
            with transaction.atomic():
                report.save()
        except IntegrityError:
            # Another user created the same quarter's report at the same moment.
            raise StaleVersion from None
        return report
    if version is None:
        raise StaleVersion
    report = _locked(existing[0], version)
    _require(report, ReportStatus.DRAFT, ReportStatus.RETURNED, action=pgettext("workflow action", "修改"))
    for name, value in values.items():
        setattr(report, name, value)
    report.entered_by = user
    return _save(report, [*values, "entered_by"])


def _mark_submitted(report: QuarterlyReport, user) -> QuarterlyReport:
    """Submit (again): the review comment and reopening reason of the last round move to the history
    (django-simple-history keeps them on the earlier versions) and are no longer the current review."""
    blocking = checks.unexplained(report)
    if blocking:
        raise UnexplainedFindings(blocking)
    now = timezone.now()
    again = report.first_submitted_at is not None
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = now
    report.first_submitted_at = report.first_submitted_at or now
    report.review_comment = ""
    report.reopen_reason = ""
    report = _save(report, ["status", "submitted_at", "first_submitted_at", "review_comment", "reopen_reason"])
    notices.report_submitted(report, again=again, days_late=days_late(report))
    return report


@transaction.atomic
def report_submit(*, report_id: int, user, version: int) -> QuarterlyReport:
    """Send a draft to the city commerce bureau for review; the first submission date is kept for timeliness.

    Figures that break a high-importance rule need the county's explanation of each first
    (``UnexplainedFindings``); the checks come from ``counties.checks``.
    """
    report = _locked(report_id, version)
    _require_editor(user, report.county_id)
    _require(report, ReportStatus.DRAFT, action=pgettext("workflow action", "提交（已退回的数据请重新提交）"))
    _require_window(report.year, report.quarter)
    return _mark_submitted(report, user)


@transaction.atomic
def report_resubmit(*, report_id: int, user, version: int) -> QuarterlyReport:
    """Submit again figures the city returned (or reopened), after the county has corrected them."""
    report = _locked(report_id, version)
    _require_editor(user, report.county_id)
    _require(report, ReportStatus.RETURNED, action=pgettext("workflow action", "重新提交"))
    _require_window(report.year, report.quarter)
    return _mark_submitted(report, user)


def _review(report: QuarterlyReport, user, status: str, **fields) -> QuarterlyReport:
    report.status = status
    report.reviewed_at = timezone.now()
    report.reviewed_by = user
    for name, value in fields.items():
        setattr(report, name, value)
    return _save(report, ["status", "reviewed_at", "reviewed_by", *fields])


def report_entered_by(report: QuarterlyReport, user) -> bool:
    """Whether ``user`` saved the figures of any version of ``report`` (entered, corrected or imported them)."""
    return report.entered_by_id == user.pk or report.history.filter(entered_by_id=user.pk).exists()


@transaction.atomic
def report_approve(*, report_id: int, user, version: int) -> QuarterlyReport:
    """Approve submitted figures: they count on the dashboards and are locked against editing.

    Four eyes: an admin who entered or changed any version of the figures cannot approve them."""
    _require_city_admin(user)
    _lock_quarter_of(report_id)
    report = _locked(report_id, version)
    _require(report, ReportStatus.SUBMITTED, action=pgettext("workflow action", "审核通过"))
    if report_entered_by(report, user):
        raise WorkflowError(_("您填报或修改过这份季度数据，不能由您本人审核通过，请另一位市商务局管理员审核。"))
    report = _review(report, user, ReportStatus.APPROVED)
    notices.report_approved(report)
    _announce_if_complete(report.year, report.quarter)
    return report


def _lock_quarter_of(report_id: int) -> None:
    """Lock every report of the quarter (in id order) so two admins approving the quarter's last two
    reports at once are serialised, and exactly one of them sees the quarter complete."""
    quarter = QuarterlyReport.objects.filter(pk=report_id).values("year", "quarter").first()
    if quarter:
        list(QuarterlyReport.objects.select_for_update().filter(**quarter).order_by("pk").values_list("pk"))


def _announce_if_complete(year: int, quarter: int) -> None:
    """If every county-level unit now has approved figures for the quarter, send ``quarter_completed``
    once the transaction commits."""
    if selectors.quarter_complete(year, quarter):
        transaction.on_commit(
            lambda: signals.quarter_completed.send(sender=QuarterlyReport, year=year, quarter=quarter)
        )


@transaction.atomic
def report_return(*, report_id: int, user, version: int, comment: str) -> QuarterlyReport:
    """Send submitted figures back to the county with the city's comment (required)."""
    _require_city_admin(user)
    comment = _note(comment, label=_("审核意见"), required_message=_("退回时必须填写审核意见。"))
    report = _locked(report_id, version)
    _require(report, ReportStatus.SUBMITTED, action=pgettext("workflow action", "退回"))
    report = _review(report, user, ReportStatus.RETURNED, review_comment=comment)
    notices.report_returned(report)
    return report


@transaction.atomic
def report_reopen(*, report_id: int, user, version: int, reason: str) -> QuarterlyReport:
    """Unlock approved figures (city admins only, with a reason); they go back to the county as returned."""
    _require_city_admin(user)
    reason = _note(reason, label=_("重新打开原因"), required_message=_("重新打开已审核的数据必须填写原因。"))
    report = _locked(report_id, version)
    _require(report, ReportStatus.APPROVED, action=pgettext("workflow action", "重新打开"))
    report = _review(report, user, ReportStatus.RETURNED, reopen_reason=reason)
    notices.report_reopened(report)
    return report
