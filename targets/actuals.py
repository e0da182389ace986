"""Actuals of many measures at many periods, in one grouped query per source.

A dashboard asks for a dozen measures at up to four quarter ends. Asking the database once per
measure and quarter (what this module replaced) meant 40-50 scans of the registries per page;
here every (measure, counts, period) a page needs becomes one conditional aggregate —
``SUM(n) FILTER (WHERE ...)`` / ``COUNT(*) FILTER (WHERE ...)`` — of a single ``GROUP BY county``
query per source: the enterprise tally (for periods ending on a month's last day, see
``enterprises.tally``), each registry, and the quarterly figures, whose few rows (a county's four
quarters a year) are read once and summed or picked in Python. What each measure counts is decided
in ``targets.measures`` only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import connections
from django.db.models import Count, Sum

from counties.models import QuarterlyReport
from targets.measures import QuarterlyMeasure
from targets.measures import measure_named as _measure

if TYPE_CHECKING:
    from targets.progress import Period

ZERO = Decimal(0)

# (indicator's measure, counts) — what a target's actual depends on besides the period
Key = tuple[str, str]

# The SQL of each grouped count already built, per process: (vendor, source, county, wanted) -> (sql, params).
# Building a query of fifty filtered aggregates through the ORM (resolving every Q, compiling every
# expression) cost more than running it — a third of a computed county page. The SQL depends only on
# the key (the periods' dates are in it, nothing is read from the data), so after a change that empties
# the dashboard cache the next computation sends the same statement without building it again.
COMPILED_MAX = 1024
_compiled: dict[tuple, tuple[str, tuple]] = {}


def keys_of(targets) -> list[Key]:
    """The distinct (measure, counts) pairs ``targets`` need, in order."""
    return list(dict.fromkeys((t.indicator.measure, t.counts) for t in targets))


class Actuals:
    """Per-county actuals of (measure, counts) pairs at each of ``periods``.

    ``load`` computes what is asked for at every period with one query per source; ``county``
    restricts every count to that county's records (for pages about one county's own targets).
    """

    def __init__(self, periods: Iterable[Period], *, include_pending: bool = False, county=None):
        self.periods = list(dict.fromkeys(periods))
        self.include_pending = include_pending
        self.county = county
        self._values: dict[tuple[str, str, Period], dict[int, Decimal]] = {}

    def load(self, keys: Iterable[Key]) -> Actuals:
        """Compute every pair of ``keys`` at every period not computed yet."""
        by_source = defaultdict(list)
        quarterly = []
        for measure_code, counts in dict.fromkeys(keys):
            measure = _measure(measure_code)
            for period in self.periods:
                if (measure_code, counts, period) in self._values:
                    continue
                if isinstance(measure, QuarterlyMeasure):
                    quarterly.append((measure_code, counts, period))
                else:
                    by_source[measure.source(period)].append((measure_code, counts, period))
        for source, wanted in by_source.items():
            self._values.update(self._count(source, wanted))
        if quarterly:
            self._values.update(self._read_quarterly(quarterly))
        return self

    def per_county(self, measure_code: str, counts: str, period: Period) -> dict[int, Decimal]:
        """County id -> actual, for the counties where it is not zero (registries) or that reported."""
        key = (measure_code, counts, period)
        if key not in self._values:
            self.load([(measure_code, counts)])
        return self._values[key]

    def actual(self, target, period: Period) -> Decimal:
        """``target``'s actual at ``period``: its county's, or the sum over every unit if city-wide."""
        values = self.per_county(target.indicator.measure, target.counts, period)
        if target.county_id is None:
            return sum(values.values(), ZERO)
        return values.get(target.county_id, ZERO)

    # --- the queries ---

    def _scoped(self, queryset):
        # order_by(): the registries' default ordering joins County, which a count per county does not need.
        queryset = queryset.order_by()
        return queryset.filter(county=self.county) if self.county is not None else queryset

    def _count(self, source, wanted: list[tuple[str, str, Period]]) -> dict:
        """One ``GROUP BY county`` over ``source`` with a filtered aggregate per wanted value."""
        queryset = self._scoped(source.objects.all())
        alias = queryset.db
        key = (connections[alias].vendor, source._meta.label, getattr(self.county, "pk", None), tuple(wanted))
        if key not in _compiled:
            if len(_compiled) >= COMPILED_MAX:
                _compiled.clear()
            _compiled[key] = self._grouped(queryset, wanted).query.get_compiler(using=alias).as_sql()
        sql, params = _compiled[key]
        with connections[alias].cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        values: dict = {key: {} for key in wanted}
        columns = [values[key] for key in wanted]
        for county, *counts in rows:
            for column, count in zip(columns, counts, strict=True):
                if count:
                    column[county] = Decimal(count)
        return values

    @staticmethod
    def _grouped(queryset, wanted: list[tuple[str, str, Period]]):
        """The counts per county of ``wanted`` as a query: ``county, v0, v1, …``."""
        tallied = queryset.model is _measure(wanted[0][0]).tally
        aggregates = {}
        for i, (measure_code, counts, period) in enumerate(wanted):
            condition = _measure(measure_code).condition(period, counts)
            aggregates[f"v{i}"] = Sum("n", filter=condition, default=0) if tallied else Count("pk", filter=condition)
        return queryset.values("county").annotate(**aggregates).values_list("county", *aggregates)

    def _read_quarterly(self, wanted: list[tuple[str, str, Period]]) -> dict:
        """The counted quarterly figures of the years asked for, read once; sums and latest quarters in Python."""
        fields = sorted({_measure(code).field for code, _, _ in wanted})
        years = {period.year for _, _, period in wanted}
        last = max(period.closed_quarter for _, _, period in wanted)
        reports = QuarterlyReport.objects.counted(include_pending=self.include_pending)
        rows = list(
            self._scoped(reports.filter(year__in=years, quarter__lte=last)).values_list(
                "county", "year", "quarter", *fields
            )
        )
        values = {}
        for measure_code, counts, period in wanted:
            measure = _measure(measure_code)
            column = 3 + fields.index(measure.field)
            year, closed = period.year, period.closed_quarter
            counted = [r for r in rows if r[1] == year and r[2] <= closed]
            values[(measure_code, counts, period)] = _flow(counted, column) if measure.flow else _stock(counted, column)
        return values


def _flow(rows, column: int) -> dict[int, Decimal]:
    """The year's sum so far per county (the transaction volume)."""
    totals: dict[int, Decimal] = {}
    for row in rows:
        totals[row[0]] = totals.get(row[0], ZERO) + Decimal(row[column])
    return totals


def _stock(rows, column: int) -> dict[int, Decimal]:
    """Each county's figure of its latest quarter so far (employees, reporting enterprises)."""
    latest: dict[int, tuple[int, Decimal]] = {}
    for row in rows:
        county, quarter = row[0], row[2]
        if county not in latest or quarter > latest[county][0]:
            latest[county] = (quarter, Decimal(row[column]))
    return {county: value for county, (_, value) in latest.items()}
