"""Reads of quarterly figures that the pages need, each a fixed number of queries."""

from django.utils import timezone

from counties.models import County, QuarterlyReport, ReportStatus
from counties.quarters import QUARTERS, quarter_start


def previous_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year, quarter - 1) if quarter > 1 else (year - 1, 4)


def previous_report(county: County, year: int, quarter: int) -> QuarterlyReport | None:
    """The county's report for the quarter before, whatever its status (the county compares with its last entry)."""
    py, pq = previous_quarter(year, quarter)
    return QuarterlyReport.objects.filter(county=county, year=py, quarter=pq).first()


def report_of(county: County, year: int, quarter: int) -> QuarterlyReport | None:
    return QuarterlyReport.objects.filter(county=county, year=year, quarter=quarter).first()


def report_grid(county: County, today=None) -> list[tuple[int, list[dict]]]:
    """The county's quarters from its first reported year to now, newest year first: ``[(year, cells)]``.

    Each cell has ``quarter``, ``report`` (or ``None``) and ``open`` (the quarter has begun). One query.
    """
    today = today or timezone.localdate()
    reports = {(r.year, r.quarter): r for r in QuarterlyReport.objects.filter(county=county)}
    first_year = min([y for y, _ in reports] + [today.year])
    return [
        (
            year,
            [
                {"quarter": q, "report": reports.get((year, q)), "open": quarter_start(year, q) <= today}
                for q in QUARTERS
            ],
        )
        for year in range(today.year, first_year - 1, -1)
    ]


def review_queue(user):
    """Submitted figures waiting for the city's review, oldest submission first."""
    return (
        QuarterlyReport.objects.visible_to(user)
        .filter(status=ReportStatus.SUBMITTED)
        .select_related("county", "entered_by")
        .order_by("submitted_at", "county__order")
    )


def years_with_reports(user) -> list[int]:
    """Years that have figures the user may see, newest first."""
    years = QuarterlyReport.objects.visible_to(user).order_by("-year").values_list("year", flat=True).distinct()
    return list(years)
