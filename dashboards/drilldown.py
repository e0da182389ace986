"""Reads for the drill-down pages: one county across the plan's years, one indicator across the counties.

As in ``dashboards.selectors``, the numbers come from the progress engine and each page runs a fixed
number of queries however many records there are.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from counties import roles
from counties.models import County, QuarterlyReport, ReportStatus
from dashboards import charts
from dashboards.selectors import Choice, TargetRow, year_targets
from enterprises.models import Enterprise, OverseasWarehouse, Park, TrainingBase
from targets import freshness, measures
from targets.actuals import Actuals, keys_of
from targets.models import Counts, Indicator, Plan, Target
from targets.progress import Period, Progress, period_for

# --- County page ---------------------------------------------------------------------------------


def visible_county_ids(user) -> set[int]:
    """The counties whose pages ``user`` may open (for linking only those)."""
    return set(County.objects.visible_to(user).values_list("pk", flat=True))


def county_for(user, code: str, *, version: str | None = None) -> County:
    """The county ``code`` if ``user`` may see it, else ``Http404`` (so other counties' pages do not exist).

    A unit is read once per data version (``version``: the one the request already read), not on every
    request of a county page."""
    codes = freshness.cached(
        "unit_codes", (), lambda: set(County.objects.units().values_list("code", flat=True)), version=version
    )
    if code not in codes:  # an unknown code costs no query and leaves nothing in the cache
        raise Http404("无此县区")
    county = freshness.cached("unit", (code,), lambda: County.objects.units().get(code=code), version=version)
    if not roles.sees_county(user, county.pk):
        raise Http404("无此县区")
    return county


@dataclass(frozen=True)
class Unit:
    """A unit as the number filters take it: the Chinese measure word and the English noun."""

    unit: str
    unit_en: str


@dataclass(frozen=True)
class RegistryCount:
    indicator_code: str
    label: str
    unit: Unit
    count: int
    model: str


def registry_counts(county: County, today: datetime.date) -> list[RegistryCount]:
    """What stands in the county's registries today (deregistered and closed records excluded)."""
    specs = [
        (
            "enterprises_filed",
            _("备案认定跨境电商企业"),
            Unit("家", "enterprises"),
            Enterprise,
            "filed_on",
            "deregistered_on",
            "enterprise",
        ),
        ("parks_new", _("跨境电商园区"), Unit("家", "parks"), Park, "established_on", "closed_on", "park"),
        (
            "overseas_warehouses_public",
            _("海外仓"),
            Unit("家", "warehouses"),
            OverseasWarehouse,
            "opened_on",
            "closed_on",
            "overseaswarehouse",
        ),
        (
            "training_bases",
            _("培训孵化基地"),
            Unit("个", "bases"),
            TrainingBase,
            "established_on",
            "closed_on",
            "trainingbase",
        ),
    ]
    counts = []
    for code, label, unit, model, start, end, name in specs:
        n = model.objects.filter(measures.standing(start, end, today), county=county).aggregate(n=Count("pk"))["n"]
        counts.append(RegistryCount(code, label, unit, n, name))
    return counts


@dataclass
class CountyYear:
    year: int
    rows: list[TargetRow]

    @property
    def progress(self) -> list[Progress]:
        return [row.progress for row in self.rows]


@dataclass
class CountyPage:
    county: County
    plan: Plan
    years: list[CountyYear]
    registries: list[RegistryCount]
    reports: list[QuarterlyReport] = field(default_factory=list)
    include_pending: bool = False

    @property
    def units(self) -> dict:
        """Units of the quarterly figures, with the English noun the measure word 家 cannot give."""
        return {"people": Unit("人", "people"), "enterprises": Unit("家", "enterprises")}

    def chart(self) -> dict:
        """Quarterly transaction volume and employees, for the chart: the figures that count (approved,
        or also submitted when pending ones are asked for). The table lists every report."""
        counting = {ReportStatus.APPROVED, ReportStatus.SUBMITTED} if self.include_pending else {ReportStatus.APPROVED}
        reports = sorted((r for r in self.reports if r.status in counting), key=lambda r: (r.year, r.quarter))
        return charts.county_chart(reports, self.units["people"])


def county_page(county: County, plan: Plan, include_pending=False, today=None) -> CountyPage:
    """A county's quotas across the plan's years, its registries and its quarterly figures."""
    today = today or timezone.localdate()
    targets = list(
        Target.objects.filter(plan=plan, county=county)
        .select_related("indicator", "county")
        .order_by("year", "indicator__order")
    )
    # every quarter of every year at once: one query per source for the whole page, the county's records only
    quarters = {
        year: [Period(year, q) for q in range(1, period_for(year, today=today).quarter + 1)] for year in plan.years
    }
    actuals = Actuals(
        [p for periods in quarters.values() for p in periods], include_pending=include_pending, county=county
    )
    actuals.load(keys_of(targets))
    years = [
        CountyYear(
            year,
            [
                TargetRow([Progress(t, p, actuals.actual(t, p), today) for p in periods])
                for t in targets
                if t.year == year
            ],
        )
        for year, periods in quarters.items()
    ]
    reports = list(
        QuarterlyReport.objects.counted(include_pending=True)
        .filter(county=county, year__gte=plan.start_year, year__lte=plan.end_year)
        .order_by("year", "quarter")
    )
    return CountyPage(county, plan, years, registry_counts(county, today), reports, include_pending)


# --- Indicator page ------------------------------------------------------------------------------


@dataclass
class CountyActual:
    county: County
    actual: Decimal
    progress: Progress | None


@dataclass(frozen=True)
class IndicatorNumbers:
    """What the record list needs of an indicator page: its counting basis and per-county actuals."""

    indicator: Indicator
    choice: Choice
    counts: str
    actuals: dict[int, Decimal]


@dataclass
class IndicatorPage:
    indicator: Indicator
    choice: Choice
    city: TargetRow | None
    counts: str
    breakdown: list[CountyActual]
    chart_target: Target | None
    trend: list[Decimal]
    actuals: dict[int, Decimal] = field(default_factory=dict)  # county id -> actual at the chosen period

    def chart(self) -> dict:
        """The city-wide trend by quarter against the city-wide target (or the counties' quotas added up)."""
        total = self.chart_target is not None and self.chart_target.county_id is None and self.city is None
        return charts.trend_chart(self.trend, self.indicator, self.chart_target, total=total)

    @property
    def numbers(self) -> "IndicatorNumbers":
        return IndicatorNumbers(self.indicator, self.choice, self.counts, self.actuals)


def indicator_for(code: str) -> Indicator:
    indicator = Indicator.objects.filter(code=code).first()
    if indicator is None:
        raise Http404("无此指标")
    return indicator


def indicator_page(indicator: Indicator, choice: Choice, today=None) -> IndicatorPage:
    """An indicator's year: the city-wide trend against its target, and every county's actual against its quota."""
    today = today or timezone.localdate()
    targets = list(year_targets(choice).filter(indicator=indicator))
    city_target = next((t for t in targets if t.county_id is None), None)
    counts = targets[0].counts if targets else Counts.STOCK
    periods = [Period(choice.year, quarter) for quarter in range(1, choice.quarter + 1)]
    actuals = Actuals(periods, include_pending=choice.include_pending).load([(indicator.measure, counts)])
    trend = [sum(actuals.per_county(indicator.measure, counts, p).values(), Decimal(0)) for p in periods]
    per_county = actuals.per_county(indicator.measure, counts, choice.period)
    quota_progress = {
        t.county_id: Progress(t, choice.period, actuals.actual(t, choice.period), today) for t in targets if t.county_id
    }
    breakdown = [
        CountyActual(county, per_county.get(county.pk, Decimal(0)), quota_progress.get(county.pk))
        for county in County.objects.units()
    ]
    city = None
    if city_target is not None:
        city = TargetRow(
            [Progress(city_target, period, value, today) for period, value in zip(periods, trend, strict=True)]
        )
    chart_target = city_target or quota_total(indicator, [t for t in targets if t.county_id])
    return IndicatorPage(indicator, choice, city, counts, breakdown, chart_target, trend, per_county)


def quota_total(indicator: Indicator, quotas: list[Target]) -> Target | None:
    """The counties' quotas added up, as the city-wide line to draw when the plan sets none for the city
    ("各县（区）至少打造一个专业跨境电商产业园区": 8 counties, at least 8). Never saved."""
    if not quotas:
        return None
    low = sum((t.minimum for t in quotas), Decimal(0))
    high = sum((t.maximum or t.minimum for t in quotas), Decimal(0))
    return Target(indicator=indicator, minimum=low, maximum=high if high != low else None, counts=quotas[0].counts)
