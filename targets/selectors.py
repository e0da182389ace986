"""Reads for the leadership dashboards: each page's data in a fixed number of queries.

Every number comes from the progress engine (``targets.progress``); this module only chooses the
targets, periods and counties to ask about and arranges the answers for the pages.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Max, Q
from django.http import Http404
from django.utils import timezone

from counties.models import County, QuarterlyReport
from enterprises.models import Enterprise, OverseasWarehouse, Park, TrainingBase
from targets.forecast import Forecast, forecast
from targets.models import Counts, Indicator, Milestone, MilestoneStatus, Plan, Target
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
from targets.scorecard import Scorecard, build_scorecard

# --- Plans, years and periods --------------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    """What a dashboard is asked for: a plan year, as of a quarter, approved figures only or also pending."""

    plan: Plan
    period: Period
    include_pending: bool
    years: list[int]

    @property
    def year(self) -> int:
        return self.period.year

    @property
    def quarter(self) -> int:
        return self.period.quarter


def all_plans() -> list[Plan]:
    return list(Plan.objects.all())


def plan_years(plans: list[Plan]) -> list[int]:
    """Every year some plan covers, ascending."""
    return sorted({year for plan in plans for year in plan.years})


def plan_of_year(plans: list[Plan], year: int) -> Plan | None:
    """The (latest) plan that covers ``year``."""
    return next((plan for plan in plans if year in plan.years), None)


def latest_year_with_data(years: list[int], today: datetime.date) -> int:
    """The default year: the latest plan year, not in the future, that has quarterly figures or filings."""
    report_year = QuarterlyReport.objects.counted(include_pending=True).aggregate(y=Max("year"))["y"]
    filed_on = Enterprise.objects.aggregate(d=Max("filed_on"))["d"]
    data_years = [y for y in (report_year, filed_on.year if filed_on else None) if y]
    pool = [y for y in years if y <= today.year] or years[:1]
    if data_years:
        pool = [y for y in pool if y <= max(data_years)] or pool[:1]
    return max(pool)


def choose(year=None, quarter=None, include_pending=False, today=None) -> Choice:
    """The plan, period and options of a dashboard request; ``Http404`` for a year or quarter outside the plans."""
    today = today or timezone.localdate()
    plans = all_plans()
    years = plan_years(plans)
    if not years:
        raise Http404("尚未载入行动计划")
    year = latest_year_with_data(years, today) if year is None else year
    if year not in years or quarter not in (None, 1, 2, 3, 4):
        raise Http404("年度或季度不在计划期内")
    return Choice(plan_of_year(plans, year), period_for(year, quarter, today=today), include_pending, years)


# --- Progress over the quarters ------------------------------------------------------------------


def trends(targets: list[Target], choice: Choice, today=None) -> dict[int, list[Progress]]:
    """Each target's progress at the end of quarters 1 … the chosen quarter: one engine pass per quarter."""
    by_target: dict[int, list[Progress]] = {t.pk: [] for t in targets}
    for quarter in range(1, choice.quarter + 1):
        period = Period(choice.year, quarter)
        for item in progress_of(targets, period, include_pending=choice.include_pending, today=today):
            by_target[item.target.pk].append(item)
    return by_target


@dataclass
class TargetRow:
    """A target on a dashboard: its progress at the chosen quarter, at each quarter so far, and a forecast."""

    trend: list[Progress]

    @property
    def progress(self) -> Progress:
        return self.trend[-1]

    @property
    def target(self) -> Target:
        return self.progress.target

    @property
    def forecast(self) -> Forecast:
        return forecast(self.trend)

    @property
    def trend_values(self) -> list[float]:
        return [float(p.actual) for p in self.trend]


def _year_targets(choice: Choice):
    return Target.objects.of_year(choice.plan, choice.year).select_related("indicator", "county")


def target_rows(targets: list[Target], choice: Choice, today=None) -> list[TargetRow]:
    by_target = trends(targets, choice, today)
    return [TargetRow(by_target[t.pk]) for t in targets]


# --- Milestones ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MilestoneRow:
    """A key project with the year it is due and whether it is late (done late, or not done and overdue)."""

    milestone: Milestone
    due_year: int
    today: datetime.date

    @property
    def is_done(self) -> bool:
        return self.milestone.status == MilestoneStatus.DONE

    @property
    def is_late(self) -> bool:
        if self.is_done:
            return self.milestone.reached_on.year > self.due_year
        return self.today.year > self.due_year

    @property
    def state(self) -> str:
        """A dashboard colour: met (done in time), in_range (done late), behind (open), overdue (open and late)."""
        if self.is_done:
            return "in_range" if self.is_late else "met"
        return "overdue" if self.is_late else "behind"

    @property
    def state_label(self) -> str:
        if self.is_done:
            return "逾期完成" if self.is_late else "按期完成"
        return "逾期未完成" if self.is_late else self.milestone.get_status_display()


def milestone_rows(plan: Plan, year: int | None = None, today=None) -> list[MilestoneRow]:
    """The plan's milestones (those due in ``year`` if given), in the order of their due year."""
    today = today or timezone.localdate()
    milestones = Milestone.objects.filter(plan=plan)
    if year is not None:
        due = Q(year=year)
        if year == plan.end_year:
            due |= Q(year__isnull=True)  # "计划期内": due by the plan's last year
        milestones = milestones.filter(due)
    rows = [MilestoneRow(m, m.year or plan.end_year, today) for m in milestones]
    return sorted(rows, key=lambda r: (r.due_year, r.milestone.year is None, r.milestone.order))


# --- Pages ---------------------------------------------------------------------------------------


@dataclass
class Overview:
    choice: Choice
    rows: list[TargetRow]
    milestones: list[MilestoneRow]

    @property
    def headlines(self) -> list[TargetRow]:
        return [row for row in self.rows if row.target.indicator.is_headline]


def overview(choice: Choice, today=None) -> Overview:
    """Every city-wide target of the year with its progress, trend and forecast, and the year's milestones."""
    targets = list(_year_targets(choice).city_wide())
    return Overview(choice, target_rows(targets, choice, today), milestone_rows(choice.plan, choice.year, today))


def scorecard(choice: Choice, today=None) -> Scorecard:
    """Every county's quotas of the year against its actuals, scored and ranked."""
    targets = list(_year_targets(choice).of_counties())
    progress = progress_of(targets, choice.period, include_pending=choice.include_pending, today=today)
    return build_scorecard(County.objects.units(), progress)


def forecast_rows(choice: Choice, today=None) -> tuple[list[TargetRow], list[TargetRow]]:
    """City-wide targets and county quotas of the year with their forecasts."""
    targets = list(_year_targets(choice))
    rows = target_rows(targets, choice, today)
    return [r for r in rows if r.target.county_id is None], [r for r in rows if r.target.county_id]


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
        ("enterprises_filed", "备案认定跨境电商企业", "家", Enterprise, "filed_on", "deregistered_on", "enterprise"),
        ("parks_new", "跨境电商园区", "家", Park, "established_on", "closed_on", "park"),
        (
            "overseas_warehouses_public",
            "海外仓",
            "家",
            OverseasWarehouse,
            "opened_on",
            "closed_on",
            "overseaswarehouse",
        ),
        ("training_bases", "培训孵化基地", "个", TrainingBase, "established_on", "closed_on", "trainingbase"),
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

    def chart(self) -> dict:
        """Quarterly transaction volume (亿美元) and employees, for the chart."""
        reports = sorted(self.reports, key=lambda r: (r.year, r.quarter))
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
    return CountyPage(county, plan, years, registry_counts(county, today), reports)


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
    targets = list(_year_targets(choice).filter(indicator=indicator))
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
        headers = ["县区", "年度", "季度", str(model_field.verbose_name), "状态"]
        rows = [
            [
                r.county.name,
                r.year,
                f"第{r.quarter}季度",
                f"{getattr(r, measure.field):,}",
                r.get_status_display(),
            ]
            for r in records
        ]
        return headers, rows
    meta = measure.model._meta
    fields = [measure.start, measure.end] + ([measure.recognised] if measure.recognised else [])
    headers = [str(meta.verbose_name), "县区"] + [str(meta.get_field(f).verbose_name) for f in fields]
    rows = [[str(r), r.county.name] + [getattr(r, f) for f in fields] for r in records]
    return headers, rows
