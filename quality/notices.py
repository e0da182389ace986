"""What follow-ups and the report thread tell people: a figure marked for follow-up or resolved goes to
the county's staff; a message in the thread goes to the other side (the county's staff when the city
writes, the city admins when the county writes). Sent inside the write's transaction, like the workflow's
notices (``counties.notices``), so a rolled-back write notifies nobody."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from counties import notices as workflow
from counties import roles
from notifications.kinds import Kind, register
from notifications.services import notification_send
from quality.models import Comment, Figure, FollowUp
from shangqiu_cbec.language import localised

FOLLOW_UP = "follow_up_marked"
FOLLOW_UP_RESOLVED = "follow_up_resolved"
THREAD = "report_thread_message"


def register_kinds() -> None:
    """Registered after the workflow's kinds (``order`` from 20), for both sides of the thread."""
    both = lambda user: roles.is_county_staff(user) or roles.is_city_admin(user)  # noqa: E731
    for order, (code, label, description, audience) in enumerate(
        [
            (
                FOLLOW_UP,
                gettext_lazy("数据被标记跟进"),
                gettext_lazy("市商务局要求核实本县区某项季度数据时，附原因"),
                roles.is_county_staff,
            ),
            (
                FOLLOW_UP_RESOLVED,
                gettext_lazy("跟进事项已解决"),
                gettext_lazy("市商务局把本县区的跟进事项标为已解决时，附处理结果"),
                roles.is_county_staff,
            ),
            (THREAD, gettext_lazy("季度数据讨论新留言"), gettext_lazy("对方在季度数据的讨论中留言时"), both),
        ],
        start=20,
    ):
        register(Kind(code, label, description, audience, email_default=True, order=order))


def _what(report) -> dict:
    return {
        "county": localised(report.county),
        "quarter": workflow.quarter_label(report.year, report.quarter),
    }


def _who(user) -> str:
    return user.get_full_name() or user.username


def _url(report, anchor: str) -> str:
    return reverse("report_detail", args=[report.pk]) + f"#{anchor}"


def follow_up_marked(follow_up: FollowUp) -> list:
    report = follow_up.report

    def message():
        what = {**_what(report), "figure": _(Figure(follow_up.figure).label)}
        subject = _("市商务局要求核实%(county)s%(quarter)s的%(figure)s") % what
        body = _("跟进原因：%(reason)s") % {"reason": follow_up.reason}
        body += "\n" + _("请在季度数据页面的讨论中答复。")
        return subject, body

    return notification_send(
        recipients=workflow.county_staff(report.county_id),
        kind=FOLLOW_UP,
        message=message,
        url=_url(report, "follow-ups"),
    )


def follow_up_resolved(follow_up: FollowUp) -> list:
    report = follow_up.report

    def message():
        what = {**_what(report), "figure": _(Figure(follow_up.figure).label)}
        subject = _("%(county)s%(quarter)s的%(figure)s跟进事项已解决") % what
        body = _("处理结果：%(resolution)s") % {"resolution": follow_up.resolution}
        return subject, body

    return notification_send(
        recipients=workflow.county_staff(report.county_id),
        kind=FOLLOW_UP_RESOLVED,
        message=message,
        url=_url(report, "follow-ups"),
    )


def thread_message(comment: Comment) -> list:
    """Tell the other side: the county's staff when a city admin writes, the city admins when the county does."""
    report = comment.report
    from_county = roles.is_county_staff(comment.author)
    recipients = workflow.city_admins() if from_county else workflow.county_staff(report.county_id)

    def message():
        what = {**_what(report), "who": _who(comment.author)}
        subject = _("%(county)s%(quarter)s的讨论有新留言") % what
        body = _("%(who)s：%(text)s") % {"who": what["who"], "text": comment.text}
        return subject, body

    return notification_send(
        recipients=recipients.exclude(pk=comment.author_id),
        kind=THREAD,
        message=message,
        url=_url(report, "thread"),
    )
