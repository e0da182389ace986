"""Projecting a target's year-end value from the quarters so far, and flagging targets that will be missed.

Two methods, chosen by what the indicator measures (the engine's measures say which is which):

* Run rate, for flows and for "new within the year" counts (the transaction volume, new parks, new
  warehouses): the value so far is a running total from 1 January, so the year ends at
  ``value so far × 4 / quarters elapsed``.
* Trend, for stocks (employees, reporting enterprises, the stock of filed enterprises, parks, bases):
  the year ends at ``last value + average quarterly increase × quarters remaining``, the average
  increase taken over the year's quarters so far, ``(last − first) / (quarters − 1)``. After the first
  quarter there is no increase to average yet, so there is no projection (rather than a false alarm).

Recognitions (demonstration enterprises, parks, bases) happen by decision, not at a pace: they get no
projection. At the fourth quarter the projection is the actual. Whether a projection is enough is
decided by the engine's own rule (``progress.status_of``), so strict bounds and ranges hold here too.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_noop as _

from targets.models import Counts, Target
from targets.progress import QuarterlyMeasure, Status, measure_of, status_of

QUARTERS_IN_YEAR = 4


class Method(models.TextChoices):
    # Labels marked for translation (gettext_noop keeps them plain str); pages translate them when shown.
    RUN_RATE = "run_rate", _("按累计进度线性外推（累计值×4÷已过季度数）")
    TREND = "trend", _("按季度平均增量外推（最新值＋季均增量×剩余季度数）")
    NONE = "none", _("认定类指标，不作预测")


def method_for(target: Target) -> Method:
    """The projection method for ``target``'s indicator and counting basis."""
    measure = measure_of(target.indicator)
    if isinstance(measure, QuarterlyMeasure):
        return Method.RUN_RATE if measure.flow else Method.TREND
    if measure.recognised:
        return Method.NONE
    return Method.RUN_RATE if target.counts == Counts.NEW else Method.TREND


def project(values: Sequence[Decimal], method: Method) -> Decimal | None:
    """The year-end value projected from ``values``, the actuals at the end of quarters 1, 2, … so far."""
    quarters = len(values)
    if method == Method.NONE or quarters == 0:
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


@dataclass(frozen=True)
class Forecast:
    """A target's projected year-end value and what it would mean."""

    target: Target
    method: Method
    value: Decimal | None
    fulfilled_now: bool
    quarters: int

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


def forecast(trend) -> Forecast:
    """The forecast of a target from its progress at each quarter so far (a list of ``Progress``)."""
    target = trend[-1].target
    method = method_for(target)
    value = project([p.actual for p in trend], method)
    return Forecast(target, method, value, trend[-1].is_fulfilled, len(trend))
