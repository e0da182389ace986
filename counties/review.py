"""What a reviewer needs beside the figures: on time or late, the previous quarter and the change in %,
and for a resubmission what the county changed since the city returned it. For a list of reports the
context costs two queries whatever the length of the list (previous quarters, history at the return)."""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q

from counties.models import QuarterlyReport, ReportStatus
from counties.selectors import previous_quarter
from counties.timeliness import days_late, due_date

COMPARED = ("transaction_usd", "employees", "reporting_enterprises")
SINCE_RETURN = (*COMPARED, "remark")
TENTH = Decimal("0.1")


def change_percent(before, after) -> Decimal | None:
    """The change from ``before`` to ``after`` in percent, one decimal (``None`` when before is 0 or missing)."""
    if before is None or after is None or before == 0:
        return None
    return ((Decimal(after) - Decimal(before)) * 100 / Decimal(before)).quantize(TENTH, ROUND_HALF_UP)


@dataclass
class Compared:
    field: str
    label: str
    before: object
    after: object

    @property
    def percent(self) -> Decimal | None:
        return change_percent(self.before, self.after)


@dataclass
class PastReview:
    """A return or reopening of the report, as the history kept it."""

    when: datetime.datetime
    who: str
    comment: str
    reopened: bool


@dataclass
class ReviewContext:
    report: QuarterlyReport
    due: datetime.date
    days_late: int
    previous: QuarterlyReport | None
    against_previous: list[Compared] = field(default_factory=list)
    since_return: list[Compared] = field(default_factory=list)  # fields changed since the last return
    returned_at: datetime.datetime | None = None

    @property
    def is_resubmission(self) -> bool:
        return self.returned_at is not None

    @property
    def on_time(self) -> bool:
        return bool(self.report.first_submitted_at) and not self.days_late


def _label(name: str) -> str:
    return str(QuarterlyReport._meta.get_field(name).verbose_name)


def _previous_reports(reports) -> dict:
    keys = {(r.county_id, *previous_quarter(r.year, r.quarter)) for r in reports}
    if not keys:
        return {}
    match = Q()
    for county_id, year, quarter in keys:
        match |= Q(county_id=county_id, year=year, quarter=quarter)
    return {(p.county_id, p.year, p.quarter): p for p in QuarterlyReport.objects.filter(match)}


def _last_returns(reports) -> dict:
    """Each report's history row at its latest return (the row where the status became "returned"):
    the figures as the city sent them back, before the county's corrections. One query."""
    rows = QuarterlyReport.history.filter(id__in=[r.pk for r in reports]).order_by("id", "history_date", "history_id")
    latest, before = {}, {}
    for row in rows:
        if row.status == ReportStatus.RETURNED and before.get(row.id) != ReportStatus.RETURNED:
            latest[row.id] = row
        before[row.id] = row.status
    return latest


def review_contexts(reports) -> dict[int, ReviewContext]:
    """``{report id: ReviewContext}`` for the reports (two queries)."""
    reports = list(reports)
    previous = _previous_reports(reports)
    returns = _last_returns(reports)
    contexts = {}
    for report in reports:
        due = due_date(report.year, report.quarter)
        prev = previous.get((report.county_id, *previous_quarter(report.year, report.quarter)))
        ctx = ReviewContext(report, due, days_late(report), prev)
        if prev is not None:
            ctx.against_previous = [Compared(n, _label(n), getattr(prev, n), getattr(report, n)) for n in COMPARED]
        back = returns.get(report.pk)
        if back is not None and report.status == ReportStatus.SUBMITTED:
            ctx.returned_at = back.history_date
            ctx.since_return = [
                Compared(n, _label(n), getattr(back, n), getattr(report, n))
                for n in SINCE_RETURN
                if getattr(back, n) != getattr(report, n)
            ]
        contexts[report.pk] = ctx
    return contexts


def past_reviews(report: QuarterlyReport) -> list[PastReview]:
    """Every return and reopening of the report with its comment or reason, newest first (one query)."""
    rows = report.history.filter(status=ReportStatus.RETURNED).select_related("history_user")
    out = []
    for row in rows.order_by("-history_date", "-history_id"):
        if not (row.review_comment or row.reopen_reason):
            continue  # a save of the returned draft by the county, not a review
        who = row.history_user
        name = (who.get_full_name() or who.username) if who else ""
        reopened = bool(row.reopen_reason)
        out.append(PastReview(row.history_date, name, row.reopen_reason if reopened else row.review_comment, reopened))
    return _distinct_reviews(out)


def _distinct_reviews(reviews: list[PastReview]) -> list[PastReview]:
    """The county's saves while returned repeat the same comment: keep one entry per review (the earliest)."""
    seen, out = set(), []
    for review in reversed(reviews):
        key = (review.comment, review.reopened)
        if key in seen:
            continue
        seen.add(key)
        out.append(review)
    return out[::-1]
