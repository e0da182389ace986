"""Reads of quarterly figures that the pages need, each a fixed number of queries."""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from counties import window
from counties.models import County, QuarterlyReport, ReportStatus
from counties.quarters import QUARTERS
from counties.timeliness import due_date


def previous_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year, quarter - 1) if quarter > 1 else (year - 1, 4)


def previous_report(county: County, year: int, quarter: int) -> QuarterlyReport | None:
    """The county's report for the quarter before, whatever its status (the county compares with its last entry)."""
    py, pq = previous_quarter(year, quarter)
    return QuarterlyReport.objects.filter(county=county, year=py, quarter=pq).first()


def report_of(county: County, year: int, quarter: int) -> QuarterlyReport | None:
    return QuarterlyReport.objects.filter(county=county, year=year, quarter=quarter).first()


@dataclass
class GridCell:
    """One quarter of a county's workspace grid: its report (if any) and where it stands in the window."""

    year: int
    quarter: int
    report: QuarterlyReport | None
    opens_on: datetime.date
    due: datetime.date
    today: datetime.date

    @property
    def is_open(self) -> bool:
        return self.today >= self.opens_on

    @property
    def is_submitted(self) -> bool:
        return bool(self.report and self.report.status in (ReportStatus.SUBMITTED, ReportStatus.APPROVED))

    @property
    def days_overdue(self) -> int:
        """Days past the due date while the figures are still not submitted (0 when not overdue)."""
        if not self.is_open or self.is_submitted or self.report and self.report.first_submitted_at:
            return 0
        return max(0, (self.today - self.due).days)

    @property
    def days_left(self) -> int | None:
        """Days until the due date for an open quarter not yet submitted (``None`` otherwise)."""
        if not self.is_open or self.is_submitted or self.today > self.due:
            return None
        return (self.due - self.today).days


@dataclass
class Grid:
    """A county's quarters in the reporting window, newest year first, and its figures outside every plan."""

    rows: list[tuple[int, list[GridCell]]]
    outside_plans: list[QuarterlyReport]
    plan_years: list[int]


def report_grid(county: County, today=None) -> Grid:
    """The plan years up to this year, each with its four quarters (two queries).

    Quarters open the day after they end; years outside every loaded plan are not offered, but
    figures already stored for them (imported, or entered before the window existed) are listed apart.
    """
    today = today or timezone.localdate()
    years = window.plan_years()
    reports = {(r.year, r.quarter): r for r in QuarterlyReport.objects.filter(county=county)}
    shown = [y for y in reversed(years) if y <= today.year]
    rows = [
        (
            year,
            [
                GridCell(year, q, reports.get((year, q)), window.opens_on(year, q), due_date(year, q), today)
                for q in QUARTERS
            ],
        )
        for year in shown
    ]
    outside = [r for (y, _q), r in sorted(reports.items(), reverse=True) if y not in years]
    return Grid(rows, outside, years)


def review_queue(user):
    """Submitted figures waiting for the city's review, oldest submission first; ``entered_by_viewer`` marks
    those ``user`` entered or changed, which another admin must approve (``services.report_entered_by``)."""
    entered = QuarterlyReport.history.model.objects.filter(id=OuterRef("pk"), entered_by_id=user.pk)
    return (
        QuarterlyReport.objects.visible_to(user)
        .filter(status=ReportStatus.SUBMITTED)
        .annotate(entered_by_viewer=Exists(entered) | Q(entered_by_id=user.pk))
        .select_related("county", "entered_by")
        .order_by("submitted_at", "county__order")
    )


def years_with_reports(user) -> list[int]:
    """Years that have figures the user may see, newest first."""
    years = QuarterlyReport.objects.visible_to(user).order_by("-year").values_list("year", flat=True).distinct()
    return list(years)


def quarter_complete(year: int, quarter: int) -> bool:
    """Every county-level unit has approved figures for the quarter: the leaders are told, and the official
    bulletin is due. Two counts."""
    units = County.objects.units()
    approved = QuarterlyReport.objects.filter(
        year=year, quarter=quarter, status=ReportStatus.APPROVED, county__in=units
    )
    return approved.count() == units.count()
