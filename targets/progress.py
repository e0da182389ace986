"""The progress engine: for any year and as-of quarter, every target's actual, completion and status.

This module is the one place where the plan's counting rules are decided. Views, exports and
templates ask it; they never re-decide a status.

The rules, as the plan writes them:

* Ranges — "建设1~2家跨境电子商务园区", "新建3~5个": reaching the lower bound fulfils the target
  ("达到区间下限"); reaching the upper bound meets it in full ("达到区间上限"), and more is "超出区间上限".
  A range's completion percent is taken against its upper bound, so the percent and the words agree:
  "1~2家" reads 50% at 1 (lower bound reached), 100% at 2, 150% at 3 — never 200% for reaching the top.
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

What each measure counts is in ``targets.measures``; ``targets.actuals`` computes every measure a page
needs at every period it shows with one grouped query per source, however many records, counties,
measures and quarters there are.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from counties.quarters import quarter_end, quarter_of
from targets.actuals import Actuals, keys_of
from targets.measures import MEASURES, QuarterlyMeasure, RegistryMeasure, counted_records, measure_of
from targets.models import Target

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


# The most a target that is not met can show or score: "超过1500人" reached exactly is 100% of the
# bound but not met, and must not read or score as if it were.
JUST_SHORT = Decimal("0.999")


def _share(actual: Decimal, bound: Decimal) -> Decimal:
    return ONE if bound == 0 else actual / bound


def lower_bound_ratio(target: Target, actual: Decimal) -> Decimal:
    """The actual over the lower bound (1 = the lower bound reached, the target fulfilled)."""
    return _share(actual, target.minimum)


def completion_ratio(target: Target, actual: Decimal) -> Decimal:
    """The completion percent a page shows, as a ratio. Not capped: 1.5 means 150%.

    A single bound ("≥50", ">1500") is measured against that bound; a range ("1~2", "3~5") against
    its upper bound, so that reaching the top reads 100% (达到区间上限) and the lower bound reads
    min/max (达到区间下限: 3 of "3~5" is 60%). A target that is not reached never reads 100%:
    exactly 1500 of "超过1500人" is 99.9%.
    """
    ratio = _share(actual, target.maximum) if target.is_range else lower_bound_ratio(target, actual)
    return ratio if reaches_lower_bound(target, actual) else min(ratio, JUST_SHORT)


def range_floor(target: Target) -> Decimal | None:
    """Where a range's lower bound sits on its completion bar (3 of "3~5" at 0.6); None for single bounds."""
    if not target.is_range or not target.maximum:
        return None
    return target.minimum / target.maximum


def capped(ratio: Decimal) -> Decimal:
    """A completion ratio capped at 100%, so over-fulfilling one quota cannot hide a miss elsewhere."""
    return min(ratio, ONE)


def credited(target: Target, actual: Decimal) -> Decimal:
    """The completion credited to ``target`` for assessment.

    The plan fulfils a target at its lower bound ("1~2家" is done with 1), so credit is the actual over
    the lower bound, capped at 100%, and below 100% unless the target is reached.
    """
    ratio = capped(lower_bound_ratio(target, actual))
    return ratio if reaches_lower_bound(target, actual) else min(ratio, JUST_SHORT)


# The words a page shows for a state; a range that is met says where it stands against its top.
STATE_WORDS = {
    "behind": gettext_noop("进行中未达标"),
    "overdue": gettext_noop("逾期未完成"),
    "in_range": gettext_noop("达到区间下限"),
    "met": gettext_noop("已完成"),
    "range_top": gettext_noop("达到区间上限"),
    "range_above": gettext_noop("超出区间上限"),
}

# How the pages explain the percent and the words (shown once per page, translated where shown).
PROGRESS_RULE = gettext_noop(
    "完成率＝实际值÷目标值。区间目标（如“3~5个”）按区间上限计算完成率：达到下限即完成年度任务，"
    "显示“达到区间下限”（如5个中的3个为60%）；达到上限为“达到区间上限”（100%）；超过上限为“超出区间上限”。"
    "“超过N”不含本数（恰好为N属未完成，完成率最多显示99.9%），“N以上”“达N”含本数。"
    "进行中未达标＝尚未达到下限；逾期未完成＝年度已结束仍未达到下限。"
)


def state_word(target: Target, actual: Decimal, state: str) -> str:
    """The untranslated words for ``state``: "已完成", or for a range met "达到区间上限" / "超出区间上限"."""
    if state == State.MET and target.is_range:
        return STATE_WORDS["range_above" if actual > target.maximum else "range_top"]
    return STATE_WORDS[str(state)]


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
    def range_floor(self) -> Decimal | None:
        return range_floor(self.target)

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

    @property
    def state_label(self) -> str:
        """The state in words, in the active language ("达到区间上限" for the top of a range)."""
        return gettext(state_word(self.target, self.actual, self.state))


# --- The measures: where each indicator's actual comes from --------------------------------------


# Re-exported: the measures live in targets.measures, their batched computation in targets.actuals.
__all__ = ["MEASURES", "QuarterlyMeasure", "RegistryMeasure", "counted_records", "measure_of"]


# --- Putting it together -------------------------------------------------------------------------


def progress_over(
    targets, periods, *, include_pending: bool = False, today: datetime.date | None = None, county=None
) -> dict[Period, list[Progress]]:
    """The progress of each target in ``targets`` at each of ``periods``: one query per source in all.

    ``county`` counts only that county's records: for targets of that county only."""
    today = today or timezone.localdate()
    actuals = Actuals(periods, include_pending=include_pending, county=county).load(keys_of(targets))
    return {period: [Progress(t, period, actuals.actual(t, period), today) for t in targets] for period in periods}


def progress_of(
    targets, period: Period, *, include_pending: bool = False, today: datetime.date | None = None, county=None
) -> list[Progress]:
    """The progress of each target in ``targets`` (all of one year) at ``period``."""
    return progress_over(targets, [period], include_pending=include_pending, today=today, county=county)[period]


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
    return progress_of(list(targets), period, include_pending=include_pending, today=today, county=county)


def group_by_county(progress: list[Progress]) -> dict:
    """Progress items keyed by county (None for city-wide), in the order given."""
    grouped = defaultdict(list)
    for item in progress:
        grouped[item.target.county].append(item)
    return dict(grouped)
