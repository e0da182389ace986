"""The measures: where each indicator's actual comes from, and which records it counts.

A registry measure counts records standing at the period's end ("累计", "达", "培育") or only those
new within the year ("新建", "设立"), or records recognised as demonstration units by year; a
quarterly measure reads the counties' quarterly figures. ``condition`` is the one definition of what
a registry measure counts: the record lists (``records``) and the actuals (``targets.actuals``) both
use it, on the registry itself or on its tally, so every number can be traced to its records.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q

from counties.models import QuarterlyReport
from enterprises.models import Enterprise, EnterpriseTally, OverseasWarehouse, Park, TrainingBase
from targets.models import Counts, Measure, Target

if TYPE_CHECKING:
    from targets.progress import Period


def is_month_end(day: datetime.date) -> bool:
    return (day + datetime.timedelta(days=1)).day == 1


def standing(start: str, end: str, as_of) -> Q:
    """Records begun on or before ``as_of`` and not ended by then: a record stops counting on the day it
    ends (deregistered, closed)."""
    return Q(**{f"{start}__lte": as_of}) & (Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gt": as_of}))


@dataclass(frozen=True)
class RegistryMeasure:
    """Counts registry records per county.

    ``start``/``end`` are the date fields when a record begins and stops counting; ``recognised`` is
    the year field of a recognition (then the record counts by that year); ``where`` narrows the kind.
    ``tally`` is a model holding the registry counted by month under the same field names (see
    ``enterprises.tally``), used for periods that end on a month's last day.
    """

    model: type[models.Model]
    start: str
    end: str
    recognised: str | None = None
    where: Q = field(default_factory=Q)
    tally: type[models.Model] | None = None

    def condition(self, period: Period, counts: str) -> Q:
        """What the measure counts at ``period``: standing at its end (deregistered and closed records
        stop counting on the day they end), new within its year, or recognised by its year."""
        active = standing(self.start, self.end, period.as_of)
        if self.recognised:
            lookup = "" if counts == Counts.NEW else "__lte"
            when = Q(**{f"{self.recognised}{lookup}": period.year})
        elif counts == Counts.NEW:
            when = Q(**{f"{self.start}__gte": period.start})
        else:
            when = Q()
        return self.where & active & when

    def records(self, period: Period, counts: str):
        """The records counted at ``period`` (the list behind every number)."""
        return self.model.objects.filter(self.condition(period, counts))

    def source(self, period: Period) -> type[models.Model]:
        """Where to count at ``period``: the tally if there is one and the period ends with a month."""
        if self.tally is not None and is_month_end(period.as_of):
            return self.tally
        return self.model


@dataclass(frozen=True)
class QuarterlyMeasure:
    """Reads the counties' quarterly figures: the year's sum so far (flow) or the latest quarter (stock)."""

    field: str
    flow: bool

    def records(self, period: Period, include_pending: bool = False):
        return QuarterlyReport.objects.counted(include_pending=include_pending).filter(
            year=period.year, quarter__lte=period.closed_quarter
        )


def _enterprises(recognised: str | None = None) -> RegistryMeasure:
    return RegistryMeasure(Enterprise, "filed_on", "deregistered_on", recognised, tally=EnterpriseTally)


MEASURES = {
    Measure.ENTERPRISES_FILED: _enterprises(),
    Measure.ENTERPRISES_CITY_DEMO: _enterprises("city_demo_year"),
    Measure.ENTERPRISES_PROVINCE_DEMO: _enterprises("province_demo_year"),
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


def measure_named(code: str):
    """The measure of code ``code`` (an indicator's ``measure``)."""
    return MEASURES[Measure(code)]


def measure_of(indicator):
    """The measure that computes ``indicator``'s actual."""
    return measure_named(indicator.measure)


def counted_records(target: Target, period: Period, *, include_pending: bool = False):
    """The records behind ``target``'s actual (registry rows or quarterly reports), for tracing a number."""
    measure = measure_of(target.indicator)
    if isinstance(measure, QuarterlyMeasure):
        qs = measure.records(period, include_pending)
    else:
        qs = measure.records(period, target.counts)
    return qs.filter(county=target.county) if target.county_id else qs
