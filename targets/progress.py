"""The progress engine: for any year and as-of quarter, every target's actual, completion and status.

This module is the one place where the plan's counting rules are decided. Views, exports and
templates ask it; they never re-decide a status.

The rules, as the plan writes them:

* Ranges — "建设1~2家跨境电子商务园区": reaching the lower bound fulfils the target ("within range");
  reaching the upper bound meets it in full.
* Strict bounds — "从业人员累计超过1500人": 超过 means more than, so exactly 1500 is not met.
  "以上" ("累计完成10个以上") includes the number itself.
* Aspirational targets — "争创", "力争", "争取": counted and shown like any other, but marked so.
* Stock vs new — "新建3~5个" counts only what was established within the year; "累计完成10个以上" and
  "从业人员累计达750人" count what stands at the as-of date. Deregistered enterprises and closed
  parks, warehouses and bases stop counting from the day they end.
* Recognitions — demonstration enterprises and parks count by the year they were recognised.
* City-wide — a city-wide actual is the sum over all units, including those without a quota.
* Quarterly figures — the transaction volume is a flow (sum of the year's quarters so far); employees
  and reporting enterprises are stocks (each unit's latest quarter so far). Only approved reports count
  unless pending ones are asked for.

Every measure runs one aggregate query however many records and counties there are.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.db.models import Count, Q, Sum
from django.utils import timezone

from counties.models import QuarterlyReport
from counties.quarters import quarter_end, quarter_of
from enterprises.models import Enterprise, OverseasWarehouse, Park, TrainingBase
from targets.models import Counts, Measure, Target

ZERO = Decimal(0)
ONE = Decimal(1)


class Status(models.TextChoices):
    MET = "met", "已完成"
    IN_RANGE = "in_range", "达到区间"
    BEHIND = "behind", "未完成"


class State(models.TextChoices):
    """What a dashboard colours: the status, with "behind" split by whether the year is over."""

    MET = "met", "已完成"
    IN_RANGE = "in_range", "达到区间下限"
    BEHIND = "behind", "进行中未达标"
    OVERDUE = "overdue", "逾期未完成"


@dataclass(frozen=True)
class Period:
    """The point in a plan year at which actuals are taken: the end of ``quarter`` of ``year``, or
    ``day`` if one is given (registries count up to that day; quarterly figures up to the last
    quarter that has ended by then)."""

    year: int
    quarter: int
    day: datetime.date | None = None

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, 1, 1)

    @property
    def as_of(self) -> datetime.date:
        return self.day or quarter_end(self.year, self.quarter)

    @property
    def closed_quarter(self) -> int:
        """The last quarter of the year whose figures are complete at ``as_of`` (0 if none)."""
        return self.quarter if self.as_of == quarter_end(self.year, self.quarter) else self.quarter - 1

    @property
    def is_year_end(self) -> bool:
        return self.as_of == datetime.date(self.year, 12, 31)


def period_on(day: datetime.date) -> Period:
    """The period at an arbitrary date: its year, its quarter, up to that day."""
    return Period(day.year, quarter_of(day), day)


def period_for(year: int, quarter: int | None = None, *, today: datetime.date | None = None) -> Period:
    """The period to report: the given quarter, or the year's last quarter that has begun by ``today``."""
    if quarter is None:
        today = today or timezone.localdate()
        quarter = 4 if year < today.year else max(1, quarter_of(today)) if year == today.year else 1
    if quarter not in (1, 2, 3, 4):
        raise ValueError(f"quarter must be 1-4, not {quarter!r}")
    return Period(year, quarter)


# --- The rules -----------------------------------------------------------------------------------


def reaches_lower_bound(target: Target, actual: Decimal) -> bool:
    """ "超过1500人" is strict (1500 is not enough); "达50家" and "10个以上" include the bound."""
    return actual > target.minimum if target.is_strict else actual >= target.minimum


def status_of(target: Target, actual: Decimal) -> Status:
    """Met, within range, or behind, as the plan's wording of ``target`` defines them.

    A range "1~2" is within range from 1 and met from 2; a single bound is met when reached.
    """
    if not reaches_lower_bound(target, actual):
        return Status.BEHIND
    if target.is_range and actual < target.maximum:
        return Status.IN_RANGE
    return Status.MET


def completion_ratio(target: Target, actual: Decimal) -> Decimal:
    """The actual over the lower bound (1 = the lower bound reached). Not capped: 1.5 means 150%."""
    if target.minimum == 0:
        return ONE
    return actual / target.minimum


def capped(ratio: Decimal) -> Decimal:
    """A completion ratio capped at 100%, so over-fulfilling one quota cannot hide a miss elsewhere."""
    return min(ratio, ONE)


# The most a target that is not met can score: "超过1500人" reached exactly is 100% of the bound but
# not met, and must not score as if it were.
JUST_SHORT = Decimal("0.999")


def credited(target: Target, actual: Decimal) -> Decimal:
    """The completion credited to ``target`` for assessment: the capped ratio, and below 100% unless met."""
    ratio = capped(completion_ratio(target, actual))
    return ratio if reaches_lower_bound(target, actual) else min(ratio, JUST_SHORT)


@dataclass(frozen=True)
class Progress:
    """A target with its actual at a period."""

    target: Target
    period: Period
    actual: Decimal
    today: datetime.date

    @property
    def status(self) -> Status:
        return status_of(self.target, self.actual)

    @property
    def ratio(self) -> Decimal:
        return completion_ratio(self.target, self.actual)

    @property
    def capped_ratio(self) -> Decimal:
        """The completion credited for assessment (see ``credited``)."""
        return credited(self.target, self.actual)

    @property
    def is_fulfilled(self) -> bool:
        return self.status != Status.BEHIND

    @property
    def is_past_due(self) -> bool:
        """Not fulfilled at the year's end, and the year is over."""
        year_end = datetime.date(self.period.year, 12, 31)
        return not self.is_fulfilled and self.period.is_year_end and self.today > year_end

    @property
    def state(self) -> State:
        if self.is_past_due:
            return State.OVERDUE
        return State(self.status.value)


# --- The measures: where each indicator's actual comes from --------------------------------------


@dataclass(frozen=True)
class RegistryMeasure:
    """Counts registry records per county.

    ``start``/``end`` are the date fields when a record begins and stops counting; ``recognised`` is
    the year field of a recognition (then the record counts by that year); ``where`` narrows the kind.
    """

    model: type[models.Model]
    start: str
    end: str
    recognised: str | None = None
    where: Q = field(default_factory=Q)

    def records(self, period: Period, counts: str):
        """The records counted at ``period`` (the list behind every number)."""
        active = Q(**{f"{self.start}__lte": period.as_of}) & (
            Q(**{f"{self.end}__isnull": True}) | Q(**{f"{self.end}__gt": period.as_of})
        )
        if self.recognised:
            lookup = "" if counts == Counts.NEW else "__lte"
            when = Q(**{f"{self.recognised}{lookup}": period.year})
        elif counts == Counts.NEW:
            when = Q(**{f"{self.start}__gte": period.start})
        else:
            when = Q()
        return self.model.objects.filter(self.where, active, when)

    def per_county(self, period: Period, counts: str, include_pending: bool) -> dict[int, Decimal]:
        # order_by(): the models' default ordering joins County, which a count per county does not need.
        records = self.records(period, counts).order_by()
        rows = records.values("county").annotate(n=Count("pk")).values_list("county", "n")
        return {county: Decimal(n) for county, n in rows}


@dataclass(frozen=True)
class QuarterlyMeasure:
    """Reads the counties' quarterly figures: the year's sum so far (flow) or the latest quarter (stock)."""

    field: str
    flow: bool

    def records(self, period: Period, include_pending: bool = False):
        return QuarterlyReport.objects.counted(include_pending=include_pending).filter(
            year=period.year, quarter__lte=period.closed_quarter
        )

    def per_county(self, period: Period, counts: str, include_pending: bool) -> dict[int, Decimal]:
        reports = self.records(period, include_pending)
        if self.flow:
            rows = reports.order_by().values("county").annotate(v=Sum(self.field)).values_list("county", "v")
            return {county: Decimal(v) for county, v in rows}
        latest: dict[int, tuple[int, Decimal]] = {}
        for county, quarter, value in reports.values_list("county", "quarter", self.field):
            if county not in latest or quarter > latest[county][0]:
                latest[county] = (quarter, Decimal(value))
        return {county: value for county, (_, value) in latest.items()}


MEASURES = {
    Measure.ENTERPRISES_FILED: RegistryMeasure(Enterprise, "filed_on", "deregistered_on"),
    Measure.ENTERPRISES_CITY_DEMO: RegistryMeasure(Enterprise, "filed_on", "deregistered_on", "city_demo_year"),
    Measure.ENTERPRISES_PROVINCE_DEMO: RegistryMeasure(Enterprise, "filed_on", "deregistered_on", "province_demo_year"),
    Measure.PARKS: RegistryMeasure(Park, "established_on", "closed_on"),
    Measure.PARKS_SPECIALISED: RegistryMeasure(Park, "established_on", "closed_on", where=Q(is_specialised=True)),
    Measure.PARKS_DEMONSTRATION: RegistryMeasure(Park, "established_on", "closed_on", where=Q(is_demonstration=True)),
    Measure.PARKS_CITY_DEMO: RegistryMeasure(Park, "established_on", "closed_on", "city_demo_year"),
    Measure.PARKS_PROVINCE_DEMO: RegistryMeasure(Park, "established_on", "closed_on", "province_demo_year"),
    Measure.PARKS_NATIONAL_DEMO: RegistryMeasure(Park, "established_on", "closed_on", "national_demo_year"),
    Measure.WAREHOUSES_PUBLIC: RegistryMeasure(OverseasWarehouse, "opened_on", "closed_on", where=Q(is_public=True)),
    Measure.WAREHOUSES_PROVINCE: RegistryMeasure(OverseasWarehouse, "opened_on", "closed_on", "province_public_year"),
    Measure.TRAINING_BASES: RegistryMeasure(TrainingBase, "established_on", "closed_on"),
    Measure.QUARTERLY_TRANSACTION: QuarterlyMeasure("transaction_usd", flow=True),
    Measure.QUARTERLY_EMPLOYEES: QuarterlyMeasure("employees", flow=False),
    Measure.QUARTERLY_REPORTING: QuarterlyMeasure("reporting_enterprises", flow=False),
}


def measure_of(indicator):
    """The measure that computes ``indicator``'s actual."""
    return MEASURES[Measure(indicator.measure)]


def counted_records(target: Target, period: Period, *, include_pending: bool = False):
    """The records behind ``target``'s actual (registry rows or quarterly reports), for tracing a number."""
    measure = measure_of(target.indicator)
    if isinstance(measure, QuarterlyMeasure):
        qs = measure.records(period, include_pending)
    else:
        qs = measure.records(period, target.counts)
    return qs.filter(county=target.county) if target.county_id else qs


# --- Putting it together -------------------------------------------------------------------------


class ActualsCache:
    """Per-county actuals of each (measure, counts) pair at one period, each queried once."""

    def __init__(self, period: Period, include_pending: bool = False):
        self.period = period
        self.include_pending = include_pending
        self._values: dict[tuple[str, str], dict[int, Decimal]] = {}

    def per_county(self, indicator, counts: str) -> dict[int, Decimal]:
        key = (indicator.measure, counts)
        if key not in self._values:
            self._values[key] = measure_of(indicator).per_county(self.period, counts, self.include_pending)
        return self._values[key]

    def actual(self, target: Target) -> Decimal:
        values = self.per_county(target.indicator, target.counts)
        if target.county_id is None:
            return sum(values.values(), ZERO)
        return values.get(target.county_id, ZERO)


def progress_of(
    targets, period: Period, *, include_pending: bool = False, today: datetime.date | None = None
) -> list[Progress]:
    """The progress of each target in ``targets`` (all of one year) at ``period``."""
    today = today or timezone.localdate()
    cache = ActualsCache(period, include_pending)
    return [Progress(t, period, cache.actual(t), today) for t in targets]


def year_progress(
    plan,
    year: int,
    *,
    quarter: int | None = None,
    include_pending: bool = False,
    today: datetime.date | None = None,
    county=None,
    on: datetime.date | None = None,
) -> list[Progress]:
    """Every target of ``plan`` for ``year`` (optionally one county's only), with its progress at the
    end of ``quarter`` (default: the latest quarter begun) or on the day ``on`` within the year."""
    today = today or timezone.localdate()
    if on is not None:
        if on.year != year:
            raise ValueError(f"{on} is not in {year}")
        period = period_on(on)
    else:
        period = period_for(year, quarter, today=today)
    targets = Target.objects.of_year(plan, year).select_related("indicator", "county")
    if county is not None:
        targets = targets.filter(county=county)
    return progress_of(list(targets), period, include_pending=include_pending, today=today)


def group_by_county(progress: list[Progress]) -> dict:
    """Progress items keyed by county (None for city-wide), in the order given."""
    grouped = defaultdict(list)
    for item in progress:
        grouped[item.target.county].append(item)
    return dict(grouped)
