"""Reads for the leadership dashboards: each page's data in a fixed number of queries.

Every number comes from the progress engine (``targets.progress``); this module only chooses the
targets, periods and counties to ask about and arranges the answers for the pages.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Max, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from counties.models import County, QuarterlyReport
from enterprises.models import Enterprise
from targets import freshness
from targets.forecast import Forecast, forecast
from targets.models import Milestone, MilestoneStatus, Plan, Target
from targets.progress import (
    Period,
    Progress,
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


def latest_year_with_data(years: list[int], today: datetime.date) -> int:
    """The default year: the latest plan year, not in the future, that has quarterly figures or filings."""
    report_year = QuarterlyReport.objects.counted(include_pending=True).aggregate(y=Max("year"))["y"]
    filed_on = Enterprise.objects.aggregate(d=Max("filed_on"))["d"]
    data_years = [y for y in (report_year, filed_on.year if filed_on else None) if y]
    pool = [y for y in years if y <= today.year] or years[:1]
    if data_years:
        pool = [y for y in pool if y <= max(data_years)] or pool[:1]
    return max(pool)


def choose(year=None, quarter=None, include_pending=False, today=None, version=None) -> Choice:
    """The plan, period and options of a dashboard request; ``Http404`` for a year or quarter outside the plans.

    ``version`` is the data version the caller already read (see ``targets.freshness``)."""
    today = today or timezone.localdate()
    version = freshness.data_version() if version is None else version
    plans = freshness.cached("plans", (), all_plans, version=version)
    years = plan_years(plans)
    if not years:
        raise Http404("尚未载入行动计划")
    if year is None:
        year = freshness.cached(
            "default_year", (tuple(years), today), lambda: latest_year_with_data(years, today), version=version
        )
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


def year_targets(choice: Choice):
    """The chosen year's targets of the chosen plan, with their indicator and county."""
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
            return _("逾期完成") if self.is_late else _("按期完成")
        return _("逾期未完成") if self.is_late else _(self.milestone.get_status_display())


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
    targets = list(year_targets(choice).city_wide())
    return Overview(choice, target_rows(targets, choice, today), milestone_rows(choice.plan, choice.year, today))


def scorecard(choice: Choice, today=None) -> Scorecard:
    """Every county's quotas of the year against its actuals, scored and ranked."""
    targets = list(year_targets(choice).of_counties())
    progress = progress_of(targets, choice.period, include_pending=choice.include_pending, today=today)
    return build_scorecard(County.objects.units(), progress)


def forecast_rows(choice: Choice, today=None) -> tuple[list[TargetRow], list[TargetRow]]:
    """City-wide targets and county quotas of the year with their forecasts."""
    targets = list(year_targets(choice))
    rows = target_rows(targets, choice, today)
    return [r for r in rows if r.target.county_id is None], [r for r in rows if r.target.county_id]
