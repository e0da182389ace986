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

from counties import roles
from counties.models import County, QuarterlyReport, ReportStatus
from counties.quarters import quarter_start


class WorkflowError(Exception):
    """A transition the workflow does not allow (the message is shown to the user)."""


class StaleVersion(WorkflowError):
    """Someone else changed the report since the user's page was loaded."""

    def __init__(self, message=None):
        super().__init__(message or _("该季度数据已被他人修改，您的操作未保存。请刷新页面，查看最新内容后重试。"))


FIGURES = ("transaction_usd", "employees", "reporting_enterprises", "remark")


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


def _require_city_admin(user) -> None:
    if not roles.is_city_admin(user):
        raise PermissionDenied


@transaction.atomic
def report_save_draft(
    *, county: County, year: int, quarter: int, user, version: int | None, figures: dict
) -> QuarterlyReport:
    """Create or update a county's figures for a quarter while they are a draft or returned.

    ``version`` is the version the form was loaded with (``None`` for a report not created yet).
    Submitted and approved figures cannot be edited: the city must return or reopen them first.
    """
    _require_editor(user, county.pk)
    if quarter_start(year, quarter) > timezone.localdate():
        raise WorkflowError(_("不能填报尚未开始的季度。"))
    values = {name: figures[name] for name in FIGURES if name in figures}
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
    now = timezone.now()
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = now
    report.first_submitted_at = report.first_submitted_at or now
    return _save(report, ["status", "submitted_at", "first_submitted_at"])


@transaction.atomic
def report_submit(*, report_id: int, user, version: int) -> QuarterlyReport:
    """Send a draft to the city commerce bureau for review; the first submission date is kept for timeliness."""
    report = _locked(report_id, version)
    _require_editor(user, report.county_id)
    _require(report, ReportStatus.DRAFT, action=pgettext("workflow action", "提交（已退回的数据请重新提交）"))
    return _mark_submitted(report, user)


@transaction.atomic
def report_resubmit(*, report_id: int, user, version: int) -> QuarterlyReport:
    """Submit again figures the city returned (or reopened), after the county has corrected them."""
    report = _locked(report_id, version)
    _require_editor(user, report.county_id)
    _require(report, ReportStatus.RETURNED, action=pgettext("workflow action", "重新提交"))
    return _mark_submitted(report, user)


def _review(report: QuarterlyReport, user, status: str, **fields) -> QuarterlyReport:
    report.status = status
    report.reviewed_at = timezone.now()
    report.reviewed_by = user
    for name, value in fields.items():
        setattr(report, name, value)
    return _save(report, ["status", "reviewed_at", "reviewed_by", *fields])


@transaction.atomic
def report_approve(*, report_id: int, user, version: int) -> QuarterlyReport:
    """Approve submitted figures: they count on the dashboards and are locked against editing."""
    _require_city_admin(user)
    report = _locked(report_id, version)
    _require(report, ReportStatus.SUBMITTED, action=pgettext("workflow action", "审核通过"))
    return _review(report, user, ReportStatus.APPROVED)


@transaction.atomic
def report_return(*, report_id: int, user, version: int, comment: str) -> QuarterlyReport:
    """Send submitted figures back to the county with the city's comment (required)."""
    _require_city_admin(user)
    comment = (comment or "").strip()
    if not comment:
        raise WorkflowError(_("退回时必须填写审核意见。"))
    report = _locked(report_id, version)
    _require(report, ReportStatus.SUBMITTED, action=pgettext("workflow action", "退回"))
    return _review(report, user, ReportStatus.RETURNED, review_comment=comment)


@transaction.atomic
def report_reopen(*, report_id: int, user, version: int, reason: str) -> QuarterlyReport:
    """Unlock approved figures (city admins only, with a reason); they go back to the county as returned."""
    _require_city_admin(user)
    reason = (reason or "").strip()
    if not reason:
        raise WorkflowError(_("重新打开已审核的数据必须填写原因。"))
    report = _locked(report_id, version)
    _require(report, ReportStatus.APPROVED, action=pgettext("workflow action", "重新打开"))
    return _review(report, user, ReportStatus.RETURNED, reopen_reason=reason)
