"""What each role has to do next: the county's to-do, the city admin's worklist, and which units'
quarters the leaders' figures leave out. Each is a fixed number of queries whatever the data size."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from counties import window
from counties.models import County, QuarterlyReport, ReportStatus
from counties.quarters import QUARTERS
from counties.selectors import GridCell, review_queue
from counties.timeliness import due_date


@dataclass
class CountyTodo:
    """A county officer's landing page."""

    county: County
    today: datetime.date
    due_now: GridCell | None  # the latest quarter that has ended (the one due now, or most recently)
    overdue: list[GridCell]  # ended, past due, never submitted (oldest first)
    drafts: list[QuarterlyReport]  # saved, not submitted, not overdue (those are in ``overdue``)
    returned: list[QuarterlyReport]  # sent back by the city (with comment) or reopened (with reason)
    next_quarter: tuple[int, int, datetime.date, datetime.date] | None  # year, quarter, opens, due
    plan_years: list[int]

    @property
    def is_clear(self) -> bool:
        due_pending = self.due_now and not self.due_now.is_submitted and not self.due_now.days_overdue
        return not (self.overdue or self.drafts or self.returned or due_pending)


def county_todo(county: County, today: datetime.date | None = None) -> CountyTodo:
    """The county's quarter due now, what is overdue, drafts and returned reports (two queries)."""
    today = today or timezone.localdate()
    years = window.plan_years()
    reports = {(r.year, r.quarter): r for r in QuarterlyReport.objects.filter(county=county, year__in=years)}
    cells = [
        GridCell(y, q, reports.get((y, q)), window.opens_on(y, q), due_date(y, q), today)
        for y, q in window.open_quarters(today, years)
    ]
    overdue = [c for c in cells if c.days_overdue]
    overdue_keys = {(c.year, c.quarter) for c in overdue}
    drafts = [r for key, r in sorted(reports.items()) if not r.was_sent_to_city and key not in overdue_keys]
    returned = [r for _k, r in sorted(reports.items()) if r.status == ReportStatus.RETURNED]
    upcoming = [(y, q) for y in years for q in QUARTERS if not window.is_open(y, q, today)]
    next_quarter = None
    if upcoming:
        y, q = upcoming[0]
        next_quarter = (y, q, window.opens_on(y, q), due_date(y, q))
    return CountyTodo(county, today, cells[-1] if cells else None, overdue, drafts, returned, next_quarter, years)


@dataclass
class Missing:
    """A unit's quarters not yet submitted after their due date, for the city admin."""

    county: County
    quarters: list[tuple[int, int]] = field(default_factory=list)
    days_overdue: int = 0  # of the oldest


@dataclass
class AdminWorklist:
    waiting: list[QuarterlyReport]
    missing: list[Missing]
    reopened: list[QuarterlyReport]
    returned: list[QuarterlyReport]


def admin_worklist(user, today: datetime.date | None = None) -> AdminWorklist:
    """Reports waiting for review, units overdue (most overdue first), reopened and returned reports."""
    today = today or timezone.localdate()
    years = window.plan_years()
    due = [(y, q) for y, q in window.open_quarters(today, years) if due_date(y, q) < today]
    units = list(County.objects.visible_to(user))
    submitted = set(
        QuarterlyReport.objects.filter(year__in=years).sent_to_city().values_list("county_id", "year", "quarter")
    )
    missing = []
    for county in units:
        quarters = [(y, q) for y, q in due if (county.pk, y, q) not in submitted]
        if quarters:
            oldest = due_date(*quarters[0])
            missing.append(Missing(county, quarters, (today - oldest).days))
    missing.sort(key=lambda m: (-len(m.quarters), -m.days_overdue))
    back = QuarterlyReport.objects.visible_to(user).filter(status=ReportStatus.RETURNED).select_related("county")
    back = list(back.order_by("reviewed_at"))
    return AdminWorklist(
        waiting=list(review_queue(user)),
        missing=missing,
        reopened=[r for r in back if r.reopen_reason],
        returned=[r for r in back if not r.reopen_reason],
    )


@dataclass
class Gap:
    """A unit's quarters left out of figures shown: ``pending`` (submitted, not approved), ``returned`` (sent
    back to the county, or reopened) or ``missing`` (not entered, or a draft never submitted)."""

    county: County
    pending: list[int] = field(default_factory=list)
    missing: list[int] = field(default_factory=list)
    returned: list[int] = field(default_factory=list)

    @property
    def parts(self) -> list[tuple[str, list[int]]]:
        """The non-empty groups, in the order the banner names them."""
        groups = [("pending", self.pending), ("returned", self.returned), ("missing", self.missing)]
        return [(name, quarters) for name, quarters in groups if quarters]


def quarter_gaps(
    year: int, last_quarter: int, *, include_pending: bool = False, today: datetime.date | None = None
) -> list[Gap]:
    """For figures of ``year`` up to ``last_quarter``: each unit whose ended quarters the figures leave out.

    Submitted figures are left out unless ``include_pending``. Two queries (units, that year's reports).
    Quarters that have not ended are not missing yet.
    """
    today = today or timezone.localdate()
    quarters = [q for q in range(1, last_quarter + 1) if window.is_open(year, q, today)]
    status = {
        (county_id, quarter): s
        for county_id, quarter, s in QuarterlyReport.objects.filter(year=year).values_list(
            "county_id", "quarter", "status"
        )
    }
    gaps = []
    for county in County.objects.units():
        gap = Gap(county)
        for q in quarters:
            s = status.get((county.pk, q))
            if s == ReportStatus.SUBMITTED:
                if not include_pending:
                    gap.pending.append(q)
            elif s == ReportStatus.RETURNED:
                gap.returned.append(q)
            elif s != ReportStatus.APPROVED:
                gap.missing.append(q)
        if gap.parts:
            gaps.append(gap)
    return gaps
