"""Projecting a target's year-end value from the quarters so far, and flagging targets that will be missed.

The method is chosen by what the indicator measures (``method_for``), and stated once per indicator on
the forecast page:

* Run rate, for flows (the transaction volume): the value so far is a running total from 1 January, so
  the year ends at ``value so far × 4 / quarters elapsed``.
* Trend, for stocks that move a little every quarter (employees, reporting enterprises, the stock of
  filed enterprises): the year ends at ``last value + average quarterly increase × quarters remaining``,
  the average increase taken over the year's quarters so far, ``(last − first) / (quarters − 1)``. After
  the first quarter there is no increase to average yet, so there is no projection (rather than a false
  alarm).
* Projects, for parks, overseas warehouses and training bases, new or standing: they open one at a time,
  when a project is finished, so one park at the second quarter does not make two by December. They are
  not extrapolated; the page says how many are still needed.
* Recognitions (demonstration enterprises, parks, bases, provincial warehouses) are granted by decision,
  in batches: no projection either, only how many are still needed.

Counts are projected in whole units. At the fourth quarter the projection is the actual. Whether a
projection is enough is decided by the engine's own rule (``progress.status_of``), so strict bounds and
ranges hold here too.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.translation import gettext_noop as _

from targets.models import Counts, Measure, Target
from targets.progress import QuarterlyMeasure, Status, measure_of, reaches_lower_bound, status_of

QUARTERS_IN_YEAR = 4
USD = "美元"

# Facilities the plan counts: built one project at a time (new within the year or standing).
PROJECT_MEASURES = {
    Measure.PARKS,
    Measure.PARKS_SPECIALISED,
    Measure.PARKS_DEMONSTRATION,
    Measure.WAREHOUSES_PUBLIC,
    Measure.TRAINING_BASES,
}


class Method(models.TextChoices):
    # Labels marked for translation (gettext_noop keeps them plain str); pages translate them when shown.
    RUN_RATE = "run_rate", _("按累计进度线性外推（累计值×4÷已过季度数）")
    TREND = "trend", _("按季度平均增量外推（最新值＋季均增量×剩余季度数）")
    PROJECTS = "projects", _("按项目逐个建成，不作线性外推：列出年内尚需新增的数量")
    NONE = "none", _("认定类指标，按批次认定，不作预测：列出尚差的数量")


def method_for(target: Target) -> Method:
    """The projection method for ``target``'s indicator and counting basis."""
    measure = measure_of(target.indicator)
    if isinstance(measure, QuarterlyMeasure):
        return Method.RUN_RATE if measure.flow else Method.TREND
    if measure.recognised:
        return Method.NONE
    if Measure(target.indicator.measure) in PROJECT_MEASURES:
        return Method.PROJECTS
    return Method.RUN_RATE if target.counts == Counts.NEW else Method.TREND


def project(values: Sequence[Decimal], method: Method) -> Decimal | None:
    """The year-end value projected from ``values``, the actuals at the end of quarters 1, 2, … so far."""
    quarters = len(values)
    if method in (Method.NONE, Method.PROJECTS) or quarters == 0:
        return None
    last = Decimal(values[-1])
    if quarters >= QUARTERS_IN_YEAR:
        return last
    if method == Method.RUN_RATE:
        return last * QUARTERS_IN_YEAR / quarters
    if quarters == 1:
        return None
    increase = (last - Decimal(values[0])) / (quarters - 1)
    return last + increase * (QUARTERS_IN_YEAR - quarters)


def in_whole_units(value: Decimal | None, target: Target) -> Decimal | None:
    """Counts are projected in whole units (people, enterprises); dollars to the cent."""
    if value is None:
        return None
    places = Decimal("0.01") if target.indicator.unit == USD else Decimal(1)
    return value.quantize(places, ROUND_HALF_UP)


def still_needed(target: Target, actual: Decimal) -> Decimal | None:
    """How many more reach the lower bound: 1 more for "≥3" at 2, 1501 − 1500 for "超过1500"; None once reached."""
    if reaches_lower_bound(target, actual):
        return None
    need = target.minimum - actual
    if target.is_strict:
        need += 1 if target.indicator.unit != USD else Decimal("0.01")
    return need.quantize(Decimal(1), ROUND_CEILING) if target.indicator.unit != USD else need


@dataclass(frozen=True)
class Forecast:
    """A target's projected year-end value and what it would mean."""

    target: Target
    method: Method
    value: Decimal | None
    fulfilled_now: bool
    quarters: int
    actual: Decimal

    @property
    def status(self) -> Status | None:
        return None if self.value is None else status_of(self.target, self.value)

    @property
    def is_final(self) -> bool:
        """At the fourth quarter there is nothing left to project: the state says it all."""
        return self.quarters >= QUARTERS_IN_YEAR

    @property
    def will_miss(self) -> bool:
        """Mid-year, not fulfilled yet, and the current pace does not reach the lower bound by year end."""
        return not self.is_final and not self.fulfilled_now and self.status == Status.BEHIND

    @property
    def needed(self) -> Decimal | None:
        """For projects and recognitions mid-year: how many are still needed (None when reached or final)."""
        if self.is_final or self.method not in (Method.PROJECTS, Method.NONE):
            return None
        return still_needed(self.target, self.actual)


def forecast(trend) -> Forecast:
    """The forecast of a target from its progress at each quarter so far (a list of ``Progress``)."""
    target = trend[-1].target
    method = method_for(target)
    value = in_whole_units(project([p.actual for p in trend], method), target)
    return Forecast(target, method, value, trend[-1].is_fulfilled, len(trend), trend[-1].actual)
