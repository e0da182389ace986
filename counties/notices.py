"""What the quarterly workflow tells people: the kinds of notice it registers with ``notifications``,
who receives each, and the words. The workflow services call these after each transition (inside the
transition's transaction, so a rolled-back transition notifies nobody)."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from counties import roles
from counties.models import County, QuarterlyReport
from notifications.kinds import Kind, register
from notifications.services import notification_send
from shangqiu_cbec.language import localised

RETURNED = "report_returned"
APPROVED = "report_approved"
REOPENED = "report_reopened"
SUBMITTED = "report_submitted"
DUE = "report_due"
OVERDUE = "report_overdue"
QUARTER_COMPLETE = "quarter_complete"


def register_kinds() -> None:
    staff, admins, leaders = roles.is_county_staff, roles.is_city_admin, roles.is_leader
    for order, (code, label, description, audience) in enumerate(
        [
            (RETURNED, gettext_lazy("季度数据被退回"), gettext_lazy("市商务局退回本县区数据时，附审核意见"), staff),
            (
                REOPENED,
                gettext_lazy("已审核数据被重新打开"),
                gettext_lazy("市商务局重新打开已审核数据时，附原因"),
                staff,
            ),
            (APPROVED, gettext_lazy("季度数据审核通过"), gettext_lazy("本县区数据审核通过、计入看板时"), staff),
            (
                DUE,
                gettext_lazy("截止日期前提醒"),
                gettext_lazy("季度数据截止日期前（默认提前7天和1天）尚未提交时"),
                staff,
            ),
            (OVERDUE, gettext_lazy("逾期提醒"), gettext_lazy("截止日期后第二天起仍未提交时，之后每周一次"), staff),
            (SUBMITTED, gettext_lazy("县区提交待审核"), gettext_lazy("县区提交或重新提交季度数据时"), admins),
            (QUARTER_COMPLETE, gettext_lazy("季度数据已齐全"), gettext_lazy("某季度所有县区数据均审核通过时"), leaders),
        ]
    ):
        register(Kind(code, label, description, audience, email_default=True, order=order))


# --- Who -----------------------------------------------------------------------------------------


def _users():
    return get_user_model().objects.filter(is_active=True)


def county_staff(county_id: int):
    """The county's own officers (county staff bound to it)."""
    return _users().filter(groups__name=roles.COUNTY_STAFF, membership__county_id=county_id).distinct()


def city_admins():
    return _users().filter(Q(groups__name=roles.CITY_ADMIN) | Q(is_superuser=True)).distinct()


def leaders():
    return _users().filter(groups__name=roles.LEADERSHIP).distinct()


# --- Words ---------------------------------------------------------------------------------------


def quarter_label(year: int, quarter: int) -> str:
    return _("%(year)s年第%(quarter)s季度") % {"year": year, "quarter": quarter}


def _who(user) -> str:
    return (user.get_full_name() or user.username) if user else _("系统")


def _what(report: QuarterlyReport) -> dict:
    return {"county": localised(report.county), "quarter": quarter_label(report.year, report.quarter)}


def _report_url(report: QuarterlyReport) -> str:
    return reverse("report_detail", args=[report.pk])


# --- Events --------------------------------------------------------------------------------------


def report_returned(report: QuarterlyReport, *, dedupe_key: str | None = None) -> list:
    def message():
        what = _what(report)
        subject = _("%(county)s%(quarter)s数据被退回") % what
        body = _("市商务局退回了%(county)s%(quarter)s的数据，请按审核意见修改后重新提交。") % what
        body += "\n\n" + _("审核意见：%(comment)s") % {"comment": report.review_comment}
        body += "\n" + _("审核人：%(who)s") % {"who": _who(report.reviewed_by)}
        return subject, body

    return notification_send(
        recipients=county_staff(report.county_id),
        kind=RETURNED,
        message=message,
        url=_report_url(report),
        dedupe_key=dedupe_key,
    )


def report_reopened(report: QuarterlyReport, *, dedupe_key: str | None = None) -> list:
    def message():
        what = _what(report)
        subject = _("%(county)s%(quarter)s数据被重新打开") % what
        body = _("市商务局重新打开了%(county)s%(quarter)s已审核的数据，请核实修改后重新提交。") % what
        body += "\n\n" + _("原因：%(reason)s") % {"reason": report.reopen_reason}
        body += "\n" + _("操作人：%(who)s") % {"who": _who(report.reviewed_by)}
        return subject, body

    return notification_send(
        recipients=county_staff(report.county_id),
        kind=REOPENED,
        message=message,
        url=_report_url(report),
        dedupe_key=dedupe_key,
    )


def report_approved(report: QuarterlyReport) -> list:
    def message():
        what = _what(report)
        subject = _("%(county)s%(quarter)s数据已审核通过") % what
        body = _("%(county)s%(quarter)s的数据已由市商务局审核通过，已锁定并计入看板。") % what
        return subject, body

    return notification_send(
        recipients=county_staff(report.county_id), kind=APPROVED, message=message, url=_report_url(report)
    )


def report_submitted(report: QuarterlyReport, *, again: bool, days_late: int, dedupe_key: str | None = None) -> list:
    def message():
        what = _what(report)
        if again:
            subject = _("%(county)s重新提交了%(quarter)s数据") % what
        else:
            subject = _("%(county)s提交了%(quarter)s数据") % what
        body = _("%(county)s的%(quarter)s数据等待审核。") % what
        if days_late:
            body += " " + _("首次提交比截止日期晚%(days)s天。") % {"days": days_late}
        else:
            body += " " + _("按时提交。")
        return subject, body

    return notification_send(
        recipients=city_admins(), kind=SUBMITTED, message=message, url=_report_url(report), dedupe_key=dedupe_key
    )


def quarter_complete(year: int, quarter: int, units: int, *, dedupe_key: str | None = None) -> list:
    def message():
        label = quarter_label(year, quarter)
        subject = _("%(quarter)s各县区数据已全部审核") % {"quarter": label}
        body = _("全部%(units)s个县区（功能区）的%(quarter)s数据均已审核通过，看板上该季度的数据已完整。") % {
            "units": units,
            "quarter": label,
        }
        return subject, body

    url = reverse("overview") + f"?year={year}&quarter={quarter}"
    return notification_send(
        recipients=leaders(), kind=QUARTER_COMPLETE, message=message, url=url, dedupe_key=dedupe_key
    )


def on_quarter_completed(sender, *, year: int, quarter: int, **kwargs) -> None:
    """Receiver of ``counties.signals.quarter_completed``: tell the leaders the quarter's figures are complete."""
    quarter_complete(year, quarter, County.objects.units().count())


def day(value) -> str:
    return formats.date_format(value, "Y-m-d")
