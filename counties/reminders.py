"""The reporting reminders: before a quarter's due date, and after it while the figures are still missing.

Schedule (settings, from the environment):
* ``REMINDER_DAYS_BEFORE`` (default 7 and 1): a reminder that many days before the due date;
* overdue: the day after the due date, then every 7 days, at most ``REMINDER_OVERDUE_TIMES`` (default 8)
  times — after that the quarter stays marked overdue on the county's to-do and the timeliness page,
  without more mail.

A county is reminded about a quarter of the plan years while it has not submitted it (no report, or a
draft never submitted); returned figures get the return notice instead. Each reminder has a *step*
(``7d``, ``1d``, ``late0``, ``late1`` …) and is keyed by county, quarter and step: the step that applies
on a day is the latest one reached, so a day the job did not run is caught up by the next run, and no
step is ever sent twice (``notifications.reminders``).
"""

import datetime
from collections import defaultdict
from collections.abc import Iterator

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _

from counties import notices, roles, window
from counties.models import County, QuarterlyReport, ReportStatus
from counties.timeliness import due_date
from notifications.reminders import Reminder
from shangqiu_cbec.language import localised

WEEK = 7


def step_on(today: datetime.date, due: datetime.date) -> str | None:
    """The reminder step that applies to a quarter due on ``due``, on ``today`` (``None``: nothing due)."""
    days_left = (due - today).days
    if days_left >= 0:
        reached = [n for n in settings.REMINDER_DAYS_BEFORE if n >= days_left]
        return f"{min(reached)}d" if reached else None
    week = (-days_left - 1) // WEEK
    return f"late{week}" if week < settings.REMINDER_OVERDUE_TIMES else None


def _horizon(today: datetime.date) -> list[tuple[int, int]]:
    """Open quarters of the plan years whose reminders may still be due on ``today``."""
    first_day = today - datetime.timedelta(days=WEEK * settings.REMINDER_OVERDUE_TIMES)
    return [(y, q) for y, q in window.open_quarters(today) if due_date(y, q) >= first_day]


def _submitted(quarters) -> set[tuple[int, int, int]]:
    """(county, year, quarter) of the reports already sent to the city (now or at some point)."""
    years = {y for y, _q in quarters}
    reports = QuarterlyReport.objects.filter(year__in=years).sent_to_city()
    return set(reports.values_list("county_id", "year", "quarter"))


def _drafts(quarters) -> set[tuple[int, int, int]]:
    years = {y for y, _q in quarters}
    rows = QuarterlyReport.objects.filter(year__in=years, status=ReportStatus.DRAFT).values_list(
        "county_id", "year", "quarter"
    )
    return set(rows)


def _staff_by_county() -> dict[int, list]:
    staff = defaultdict(list)
    users = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=roles.COUNTY_STAFF, membership__isnull=False)
        .select_related("membership")
    )
    for user in users.distinct():
        staff[user.membership.county_id].append(user)
    return staff


def quarterly_reminders(today: datetime.date) -> Iterator[Reminder]:
    """Every reminder step due on ``today`` for every unit and open quarter it has not submitted."""
    quarters = _horizon(today)
    if not quarters:
        return
    submitted, drafts, staff = _submitted(quarters), _drafts(quarters), _staff_by_county()
    counties = [c for c in County.objects.units() if staff.get(c.pk)]
    for year, quarter in quarters:
        due = due_date(year, quarter)
        step = step_on(today, due)
        if step is None:
            continue
        for county in counties:
            if (county.pk, year, quarter) in submitted:
                continue
            has_draft = (county.pk, year, quarter) in drafts
            yield Reminder(
                recipients=tuple(staff[county.pk]),
                kind=notices.OVERDUE if step.startswith("late") else notices.DUE,
                message=_message(county, year, quarter, due, today, has_draft),
                url=reverse("report_form", args=[county.code, year, quarter]),
                key=f"{county.code}:{year}Q{quarter}:{step}",
            )


def _message(county, year, quarter, due, today, has_draft):
    def message():
        what = {
            "county": localised(county),
            "quarter": notices.quarter_label(year, quarter),
            "due": notices.day(due),
        }
        state = _("草稿已保存但尚未提交。") if has_draft else _("尚未填报。")
        days = (due - today).days
        if days >= 0:
            subject = _("%(county)s%(quarter)s数据将于%(due)s截止") % what
            body = _("%(county)s%(quarter)s数据的报送截止日期是%(due)s，还剩%(days)s天。") % {**what, "days": days}
        else:
            subject = _("%(county)s%(quarter)s数据已逾期") % what
            body = _("%(county)s%(quarter)s数据的报送截止日期%(due)s已过%(days)s天。") % {**what, "days": -days}
        body += state + _("请尽快填报并提交审核。")
        return subject, body

    return message
