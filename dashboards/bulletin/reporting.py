"""How each unit reported the bulletin's quarter: on time or late (``counties.timeliness``), returned for
correction and how often (the reports' history), and whose figures are still under review."""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from counties.models import County, QuarterlyReport, ReportStatus
from counties.timeliness import Cell, Timeliness, completeness, due_date
from dashboards.selectors import Choice


@dataclass(frozen=True)
class Return:
    """One time the city sent the figures back (a return, or the reopening of approved figures)."""

    on: datetime.date
    comment: str


@dataclass
class ReportingRow:
    county: County
    cell: Cell
    counted: bool  # the unit's figures of the quarter are in this bulletin
    returned: list[Return] = field(default_factory=list)

    @property
    def days_late(self) -> int:
        if not (self.cell.late and self.cell.first_submitted_on):
            return 0
        return (self.cell.first_submitted_on - self.cell.due).days

    @property
    def state(self) -> str:
        """The dashboards' colour words: on time is met, late is behind, overdue and unsubmitted is overdue."""
        if self.cell.overdue_now:
            return "overdue"
        if self.cell.late:
            return "behind"
        return "met" if self.cell.first_submitted_on else ""

    @property
    def status_label(self) -> str:
        label = self.cell.state_label
        if self.cell.state == Timeliness.APPROVED and self.cell.first_submitted_on:
            label += _("（逾期报送）") if self.cell.late else _("（按时报送）")
        return label


@dataclass
class Reporting:
    due: datetime.date
    rows: list[ReportingRow]
    pending: list[tuple[County, int]]  # (unit, quarter) submitted and not yet approved, this year up to the quarter

    @property
    def on_time(self) -> int:
        return sum(1 for r in self.rows if r.cell.first_submitted_on and not r.cell.late)

    @property
    def late(self) -> int:
        return sum(1 for r in self.rows if r.cell.late)

    @property
    def overdue(self) -> int:
        return sum(1 for r in self.rows if r.cell.overdue_now)

    @property
    def undated(self) -> int:
        """Submitted or approved without a submission date (entered by import or in the admin)."""
        return sum(
            1
            for r in self.rows
            if r.cell.status in (ReportStatus.SUBMITTED, ReportStatus.APPROVED) and not r.cell.first_submitted_on
        )

    @property
    def returns(self) -> int:
        return sum(len(r.returned) for r in self.rows)


def returns_by_county(year: int, quarter: int) -> dict[int, list[Return]]:
    """Every return of the quarter's reports, from their history (one query): a return writes the review
    time, so history rows with the same county and review time are one return."""
    rows = (
        QuarterlyReport.history.filter(year=year, quarter=quarter, status=ReportStatus.RETURNED)
        .order_by("history_date")
        .values_list("county_id", "reviewed_at", "history_date", "review_comment", "reopen_reason")
    )
    seen, result = set(), {}
    for county_id, reviewed_at, changed_at, comment, reason in rows:
        key = (county_id, reviewed_at or changed_at)
        if key in seen:
            continue
        seen.add(key)
        when = (reviewed_at or changed_at).date()
        result.setdefault(county_id, []).append(Return(when, comment or reason))
    return result


def reporting(choice: Choice, today: datetime.date) -> Reporting:
    """Each county-level unit's report of ``choice``'s quarter, in the counties' order."""
    year, quarter = choice.year, choice.quarter
    units = list(County.objects.units())
    cells = {row.county.pk: row.cells[quarter - 1] for row in completeness(units, year, today)}
    counted_statuses = {ReportStatus.APPROVED} | ({ReportStatus.SUBMITTED} if choice.include_pending else set())
    returned = returns_by_county(year, quarter)
    rows = [ReportingRow(c, cells[c.pk], cells[c.pk].status in counted_statuses, returned.get(c.pk, [])) for c in units]
    by_id = {c.pk: c for c in units}
    pending = [
        (by_id[county_id], q)
        for county_id, q in QuarterlyReport.objects.filter(
            year=year, quarter__lte=quarter, status=ReportStatus.SUBMITTED, county__in=units
        )
        .order_by("county__order", "county__code", "quarter")
        .values_list("county_id", "quarter")
    ]
    return Reporting(due_date(year, quarter), rows, pending)
