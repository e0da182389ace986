"""Reads for the leadership dashboards: each page's data in a fixed number of queries.

Every number comes from the progress engine (``targets.progress``); this module only chooses the
targets, periods and counties to ask about and arranges the answers for the pages.
"""

import datetime
from dataclasses import dataclass, replace

from django.db.models import Max
from django.http import Http404
from django.utils import timezone

from counties.models import County, QuarterlyReport
from counties.quarters import quarter_of
from dashboards import charts
from dashboards.forecast import Forecast, forecast
from dashboards.scorecard import Scorecard, build_scorecard
from enterprises.models import Enterprise
from milestones.selectors import MilestoneRow, milestone_rows
from targets import freshness
from targets.models import Plan, Target
from targets.progress import (
    Period,
    Progress,
    period_for,
    progress_of,
    progress_over,
)

QUARTERS_BEFORE_YEAR_END = 3

# --- Plans, years and periods --------------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    """What a dashboard is asked for: a plan year, as of a quarter, approved figures only or also pending."""

    plan: Plan
    period: Period
    include_pending: bool
    years: list[int]
    pending_allowed: bool = False  # the viewer may ask for pending figures here (the toolbar offers it)

    @property
    def year(self) -> int:
        return self.period.year

    @property
    def quarter(self) -> int:
        return self.period.quarter

    @property
    def key(self) -> tuple:
        """What identifies this choice in a cache key."""
        return (self.plan.pk, self.year, self.quarter, self.include_pending)


def all_plans() -> list[Plan]:
    return list(Plan.objects.all())


def plan_years(plans: list[Plan]) -> list[int]:
    """Every year some plan covers, ascending."""
    return sorted({year for plan in plans for year in plan.years})


def plan_of_year(plans: list[Plan], year: int) -> Plan | None:
    """The (latest) plan that covers ``year``."""
    return next((plan for plan in plans if year in plan.years), None)


def latest_year_with_data(years: list[int], today: datetime.date, include_pending: bool = False) -> int:
    """The default year: the latest plan year, not in the future, that has quarterly figures or filings
    (submitted figures too only for a viewer who may see them: even a year is not told by figures under review)."""
    report_year = QuarterlyReport.objects.counted(include_pending=include_pending).aggregate(y=Max("year"))["y"]
    filed_on = Enterprise.objects.aggregate(d=Max("filed_on"))["d"]
    data_years = [y for y in (report_year, filed_on.year if filed_on else None) if y]
    pool = [y for y in years if y <= today.year] or years[:1]
    if data_years:
        pool = [y for y in pool if y <= max(data_years)] or pool[:1]
    return max(pool)


def choose(year=None, quarter=None, include_pending=False, today=None, version=None, pending_allowed=None) -> Choice:
    """The plan, period and options of a dashboard request; ``Http404`` for a year or quarter outside the plans.

    ``version`` is the data version the caller already read (see ``targets.freshness``); ``pending_allowed``
    whether the viewer may see pending figures (default: if they were asked for)."""
    pending_allowed = include_pending if pending_allowed is None else pending_allowed
    today = today or timezone.localdate()
    version = freshness.data_version() if version is None else version
    plans = freshness.cached("plans", (), all_plans, version=version)
    years = plan_years(plans)
    if not years:
        raise Http404("尚未载入行动计划")
    if year is None:
        year = freshness.cached(
            "default_year",
            (tuple(years), today, pending_allowed),
            lambda: latest_year_with_data(years, today, pending_allowed),
            version=version,
        )
    if year not in years or quarter not in (None, 1, 2, 3, 4):
        raise Http404("年度或季度不在计划期内")
    period = period_for(year, quarter, today=today)
    return Choice(plan_of_year(plans, year), period, include_pending, years, pending_allowed)


def forecast_quarter(year: int, today: datetime.date, include_pending: bool = False) -> int:
    """The quarter the forecast page opens on: the latest one that still has something to forecast.

    At the end of the fourth quarter every projection is the actual, so a year's forecast opens on the
    last quarter whose figures are in (at most the third); in the current year, on the last quarter that
    has ended (the first while it is still running)."""
    limit = QUARTERS_BEFORE_YEAR_END if year < today.year else max(1, min(3, quarter_of(today) - 1))
    latest = (
        QuarterlyReport.objects.counted(include_pending=include_pending)
        .filter(year=year)
        .aggregate(q=Max("quarter"))["q"]
    )
    return max(1, min(latest or limit, limit))


def for_forecast(choice: Choice, today=None, version=None) -> Choice:
    """``choice`` moved to ``forecast_quarter`` (when the request named no quarter)."""
    today = today or timezone.localdate()
    quarter = freshness.cached(
        "forecast_quarter",
        (choice.year, today, choice.include_pending),
        lambda: forecast_quarter(choice.year, today, choice.include_pending),
        version=version,
    )
    return replace(choice, period=period_for(choice.year, quarter, today=today))


# --- Progress over the quarters ------------------------------------------------------------------


def trends(targets: list[Target], choice: Choice, today=None) -> dict[int, list[Progress]]:
    """Each target's progress at the end of quarters 1 … the chosen quarter, all computed together."""
    return quarter_trends(targets, choice.year, choice.quarter, include_pending=choice.include_pending, today=today)


def quarter_trends(
    targets: list[Target], year: int, quarter: int, *, include_pending=False, today=None, county=None
) -> dict[int, list[Progress]]:
    """Each target of ``year`` with its progress at the end of quarters 1 … ``quarter``: one query per source
    for all of them (``county``: only that county's records count, for that county's targets)."""
    periods = [Period(year, q) for q in range(1, quarter + 1)]
    by_period = progress_over(targets, periods, include_pending=include_pending, today=today, county=county)
    by_target: dict[int, list[Progress]] = {t.pk: [] for t in targets}
    for period in periods:
        for item in by_period[period]:
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
    def spark(self) -> dict:
        """The sparkline's data: values in the page's unit, their printed texts and the target."""
        return charts.spark(self.trend)


def year_targets(choice: Choice):
    """The chosen year's targets of the chosen plan, with their indicator and county."""
    return Target.objects.of_year(choice.plan, choice.year).select_related("indicator", "county")


def sharing_relations(targets: list[Target], counties=()) -> list[Target]:
    """``targets`` with one Indicator object per indicator and one County object per county (those of
    ``counties`` where given). ``select_related`` gives every row its own copies; a page's data is pickled
    into the shared cache, and pickling a model object costs more than computing a target's progress, so
    the scorecard's 212 quotas pickled 860 objects where 440 say the same."""
    indicators: dict = {}
    known = {county.pk: county for county in counties}
    for target in targets:
        target.indicator = indicators.setdefault(target.indicator_id, target.indicator)
        if target.county_id is not None:
            target.county = known.setdefault(target.county_id, target.county)
    return targets


def target_rows(targets: list[Target], choice: Choice, today=None) -> list[TargetRow]:
    by_target = trends(targets, choice, today)
    return [TargetRow(by_target[t.pk]) for t in targets]


# --- Milestones ----------------------------------------------------------------------------------
# The key projects and their progress are read by the milestones app (one place for the page of each
# milestone, the timeline, the overview, the bulletin and the screen).

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
    targets = sharing_relations(list(year_targets(choice).city_wide()))
    return Overview(choice, target_rows(targets, choice, today), milestone_rows(choice.plan, choice.year, today))


def scorecard(choice: Choice, today=None) -> Scorecard:
    """Every county's quotas of the year against its actuals, scored and ranked."""
    counties = list(County.objects.units())
    targets = sharing_relations(list(year_targets(choice).of_counties()), counties)
    progress = progress_of(targets, choice.period, include_pending=choice.include_pending, today=today)
    return build_scorecard(counties, progress)


def forecast_methods(rows: list[TargetRow]) -> list[tuple]:
    """Each indicator on the forecast page once, in the plan's order, with its projection method."""
    methods = {}
    for row in rows:
        methods.setdefault(row.target.indicator, row.forecast.method)
    return sorted(methods.items(), key=lambda item: (item[0].order, item[0].code))


def forecast_rows(choice: Choice, today=None) -> tuple[list[TargetRow], list[TargetRow]]:
    """City-wide targets and county quotas of the year with their forecasts."""
    targets = sharing_relations(list(year_targets(choice)))
    rows = target_rows(targets, choice, today)
    return [r for r in rows if r.target.county_id is None], [r for r in rows if r.target.county_id]
