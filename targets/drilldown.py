"""Reads for the drill-down pages: one county across the plan's years, one indicator across the counties.

As in ``targets.selectors``, the numbers come from the progress engine and each page runs a fixed
number of queries however many records there are.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from counties.models import County, QuarterlyReport, ReportStatus
from enterprises.models import Enterprise, OverseasWarehouse, Park, TrainingBase
from targets.models import Counts, Indicator, Plan, Target
from targets.progress import (
    ActualsCache,
    Period,
    Progress,
    QuarterlyMeasure,
    counted_records,
    measure_of,
    period_for,
    progress_of,
)
from targets.selectors import Choice, TargetRow, year_targets

# --- County page ---------------------------------------------------------------------------------


def visible_county_ids(user) -> set[int]:
    """The counties whose pages ``user`` may open (for linking only those)."""
    return set(County.objects.visible_to(user).values_list("pk", flat=True))


def county_for(user, code: str) -> County:
    """The county ``code`` if ``user`` may see it, else ``Http404`` (so other counties' pages do not exist)."""
    county = County.objects.visible_to(user).filter(code=code).first()
    if county is None:
        raise Http404("无此县区")
    return county


@dataclass(frozen=True)
class RegistryCount:
    indicator_code: str
    label: str
    unit: str
    count: int
    model: str


def registry_counts(county: County, today: datetime.date) -> list[RegistryCount]:
    """What stands in the county's registries today (deregistered and closed records excluded)."""
    specs = [
        ("enterprises_filed", _("备案认定跨境电商企业"), "家", Enterprise, "filed_on", "deregistered_on", "enterprise"),
        ("parks_new", _("跨境电商园区"), "家", Park, "established_on", "closed_on", "park"),
        (
            "overseas_warehouses_public",
            _("海外仓"),
            "家",
            OverseasWarehouse,
            "opened_on",
            "closed_on",
            "overseaswarehouse",
        ),
        ("training_bases", _("培训孵化基地"), "个", TrainingBase, "established_on", "closed_on", "trainingbase"),
    ]
    counts = []
    for code, label, unit, model, start, end, name in specs:
        standing = Q(**{f"{start}__lte": today}) & (Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gt": today}))
        n = model.objects.filter(standing, county=county).aggregate(n=Count("pk"))["n"]
        counts.append(RegistryCount(code, label, unit, n, name))
    return counts


@dataclass
class CountyYear:
    year: int
    progress: list[Progress]


@dataclass
class CountyPage:
    county: County
    plan: Plan
    years: list[CountyYear]
    registries: list[RegistryCount]
    reports: list[QuarterlyReport] = field(default_factory=list)
    include_pending: bool = False

    def chart(self) -> dict:
        """Quarterly transaction volume (亿美元) and employees, for the chart: the figures that count
        (approved, or also submitted when pending ones are asked for). The table lists every report."""
        counting = {ReportStatus.APPROVED, ReportStatus.SUBMITTED} if self.include_pending else {ReportStatus.APPROVED}
        reports = sorted((r for r in self.reports if r.status in counting), key=lambda r: (r.year, r.quarter))
        return {
            "labels": [f"{r.year}Q{r.quarter}" for r in reports],
            "transaction": [round(float(r.transaction_usd / Decimal(100_000_000)), 4) for r in reports],
            "employees": [r.employees for r in reports],
        }


def county_page(county: County, plan: Plan, include_pending=False, today=None) -> CountyPage:
    """A county's quotas across the plan's years, its registries and its quarterly figures."""
    today = today or timezone.localdate()
    targets = list(
        Target.objects.filter(plan=plan, county=county)
        .select_related("indicator", "county")
        .order_by("year", "indicator__order")
    )
    years = []
    for year in plan.years:
        of_year = [t for t in targets if t.year == year]
        period = period_for(year, today=today)
        years.append(CountyYear(year, progress_of(of_year, period, include_pending=include_pending, today=today)))
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


@dataclass
class IndicatorPage:
    indicator: Indicator
    choice: Choice
    city: TargetRow | None
    counts: str
    breakdown: list[CountyActual]
    target_lines: tuple[Decimal | None, Decimal | None]
    trend: list[Decimal]

    def chart(self) -> dict:
        """The city-wide trend by quarter with the target's bounds, dollars in 亿美元."""
        scale = Decimal(100_000_000) if self.indicator.unit == "美元" else Decimal(1)
        low, high = self.target_lines
        return {
            "labels": [f"Q{q}" for q in range(1, len(self.trend) + 1)],
            "values": [round(float(v / scale), 4) for v in self.trend],
            "unit": "亿美元" if self.indicator.unit == "美元" else self.indicator.unit,
            "minimum": float(low / scale) if low is not None else None,
            "maximum": float(high / scale) if high is not None else None,
        }


def indicator_for(code: str) -> Indicator:
    indicator = Indicator.objects.filter(code=code).first()
    if indicator is None:
        raise Http404("无此指标")
    return indicator


def indicator_page(indicator: Indicator, choice: Choice, today=None) -> IndicatorPage:
    """An indicator's year: the city-wide trend against its target, and every county's actual against its quota."""
    targets = list(year_targets(choice).filter(indicator=indicator))
    city_target = next((t for t in targets if t.county_id is None), None)
    counts = targets[0].counts if targets else Counts.STOCK
    trend = []
    for quarter in range(1, choice.quarter + 1):
        cache = ActualsCache(Period(choice.year, quarter), choice.include_pending)
        trend.append(sum(cache.per_county(indicator, counts).values(), Decimal(0)))
    cache = ActualsCache(choice.period, choice.include_pending)
    actuals = cache.per_county(indicator, counts)
    quota_progress = {
        p.target.county_id: p
        for p in progress_of(targets, choice.period, include_pending=choice.include_pending, today=today)
    }
    breakdown = [
        CountyActual(county, actuals.get(county.pk, Decimal(0)), quota_progress.get(county.pk))
        for county in County.objects.units()
    ]
    city = None
    if city_target is not None:
        city = TargetRow(
            [
                Progress(city_target, Period(choice.year, q), value, today or timezone.localdate())
                for q, value in enumerate(trend, 1)
            ]
        )
    lines = (city_target.minimum, city_target.maximum) if city_target else (None, None)
    return IndicatorPage(indicator, choice, city, counts, breakdown, lines, trend)


def indicator_records(indicator: Indicator, page: IndicatorPage, user, county: County | None = None):
    """The records behind the indicator's number at the chosen period, limited to what ``user`` may see."""
    target = Target(indicator=indicator, counts=page.counts, county=county)
    records = counted_records(target, page.choice.period, include_pending=page.choice.include_pending)
    return records.filter(county__in=County.objects.visible_to(user)).select_related("county")


def record_table(page: IndicatorPage, records) -> tuple[list[str], list[list]]:
    """Headers and display rows of the records behind an indicator (one page of them)."""
    measure = measure_of(page.indicator)
    if isinstance(measure, QuarterlyMeasure):
        model_field = QuarterlyReport._meta.get_field(measure.field)
        headers = [_("县区"), _("年度"), _("季度"), _(str(model_field.verbose_name)), _("状态")]
        rows = [
            [
                r.county.name,
                r.year,
                _("第%(q)s季度") % {"q": r.quarter},
                f"{getattr(r, measure.field):,}",
                _(r.get_status_display()),
            ]
            for r in records
        ]
        return headers, rows
    meta = measure.model._meta
    fields = [measure.start, measure.end] + ([measure.recognised] if measure.recognised else [])
    headers = [_(str(meta.verbose_name)), _("县区")] + [_(str(meta.get_field(f).verbose_name)) for f in fields]
    rows = [[str(r), r.county.name] + [getattr(r, f) for f in fields] for r in records]
    return headers, rows
