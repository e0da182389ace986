"""按时准确填报: when each quarter's figures are due, and whether each county reported in time.

A quarter's report is due ``settings.REPORT_DUE_DAYS`` days (default 15) after the quarter ends.
What counts is the *first* submission: figures returned by the city and corrected later were still
reported on time if they first arrived by the due date.

"准确" comes from the checks registered in ``counties.checks`` (``Accuracy``: rules passed or
explained, outliers, open follow-ups), set on each cell by the page; a quarter is 按时准确 when it
was first submitted on time and is accurate.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_noop as _

from counties.models import County, QuarterlyReport, ReportStatus
from counties.quarters import QUARTERS, quarter_end


class Timeliness(models.TextChoices):
    # Labels marked for translation (gettext_noop keeps them plain str); ``Cell.state_label`` translates.
    NOT_DUE = "not_due", _("未到期")
    NOT_STARTED = "not_started", _("未填报")
    DRAFT = "draft", _("草稿")
    ON_TIME = "on_time", _("按时提交")
    LATE = "late", _("逾期提交")
    SUBMITTED = "submitted", _("已提交（未记录提交日期）")
    APPROVED = "approved", _("已审核")


def due_date(year: int, quarter: int) -> datetime.date:
    """The last day on which a quarter's figures are on time."""
    return quarter_end(year, quarter) + datetime.timedelta(days=settings.REPORT_DUE_DAYS)


def days_late(report: QuarterlyReport) -> int:
    """How many days after the due date the figures were first submitted (0: on time or not submitted)."""
    if not report.first_submitted_at:
        return 0
    return max(0, (timezone.localdate(report.first_submitted_at) - due_date(report.year, report.quarter)).days)


@dataclass
class Cell:
    """One county's report for one quarter, as the completeness page shows it."""

    year: int
    quarter: int
    due: datetime.date
    state: str
    status: str = ""
    first_submitted_on: datetime.date | None = None
    reviewed_on: datetime.date | None = None
    late: bool = False  # first submitted after the due date
    overdue_now: bool = False  # due date passed and still not submitted
    accuracy: object = None  # counties.checks.Accuracy, when a check provider judged the figures

    @property
    def state_label(self) -> str:
        return gettext(Timeliness(self.state).label)

    @property
    def on_time(self) -> bool:
        return self.first_submitted_on is not None and not self.late

    @property
    def on_time_and_accurate(self) -> bool:
        return self.on_time and bool(self.accuracy and self.accuracy.accurate)


def cell_for(year: int, quarter: int, report: dict | None, today: datetime.date) -> Cell:
    """Classify one quarter of one county from its report's values (``None`` if there is none)."""
    due = due_date(year, quarter)
    status = report["status"] if report else ""
    first = report and report["first_submitted_at"]
    if not report or (status == ReportStatus.DRAFT and not first):
        state = Timeliness.DRAFT if report else (Timeliness.NOT_STARTED if today > due else Timeliness.NOT_DUE)
        return Cell(year, quarter, due, state, status, overdue_now=today > due)
    first_on = timezone.localdate(first) if first else None
    late = bool(first_on and first_on > due)
    if status == ReportStatus.APPROVED:
        state = Timeliness.APPROVED
    elif first_on is None:
        state = Timeliness.SUBMITTED  # entered outside the workflow (admin, import): no date to judge by
    else:
        state = Timeliness.LATE if late else Timeliness.ON_TIME
    reviewed = report["reviewed_at"] and timezone.localdate(report["reviewed_at"])
    return Cell(year, quarter, due, state, status, first_on, reviewed or None, late=late)


@dataclass
class CountyRow:
    county: County
    cells: list[Cell] = field(default_factory=list)

    @property
    def overdue_now(self) -> int:
        return sum(c.overdue_now for c in self.cells)

    @property
    def on_time_and_accurate(self) -> int:
        return sum(c.on_time_and_accurate for c in self.cells)

    @property
    def due(self) -> int:
        """Quarters whose due date has come (those that count for 按时准确)."""
        return sum(c.state != Timeliness.NOT_DUE for c in self.cells)


def completeness(counties, year: int, today: datetime.date | None = None) -> list[CountyRow]:
    """Each county's four quarters of ``year``; the counties late now (overdue, unsubmitted) first.

    Two queries whatever the number of counties and reports.
    """
    today = today or timezone.localdate()
    counties = list(counties)
    reports = QuarterlyReport.objects.filter(year=year, county__in=[c.pk for c in counties]).values(
        "county_id", "quarter", "status", "first_submitted_at", "reviewed_at"
    )
    by_key = {(r["county_id"], r["quarter"]): r for r in reports}
    rows = [CountyRow(c, [cell_for(year, q, by_key.get((c.pk, q)), today) for q in QUARTERS]) for c in counties]
    rows.sort(key=lambda row: -row.overdue_now)  # stable: keeps the counties' own order within each group
    return rows
