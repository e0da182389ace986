"""The county scorecard: each county's actuals against its own quotas, a composite score, a ranking.

The rule, as written on the page: a county's composite score is the mean, over the quotas the plan
assigns to that county for the year, of its completion ratios capped at 100% (``Progress.capped_ratio``), so
over-fulfilling one quota cannot make up for a miss on another; a quota not met scores below 100% even
when it sits exactly on a strict bound ("超过N"). A county without any quota that year
has no score and is not ranked. Counties with equal scores share a rank (1, 1, 3).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_noop

from targets.progress import Progress

# Marked for translation here, translated where it is shown (a plain str, so it can be searched for).
SCORING_RULE = gettext_noop(
    "综合得分＝该县区本年度各项分配任务得分的算术平均值。每项任务得分＝实际值÷任务下限，超过100%按100%计"
    "（区间任务达到下限即完成，得100%）；“超过”类任务恰好等于下限属未完成，按99.9%计。"
    "未分配任务的县区不计分、不排名；得分相同者名次并列。"
)


def composite_score(quotas: list[Progress]) -> Decimal | None:
    """The mean of the capped completion ratios of ``quotas``; None when there are none."""
    if not quotas:
        return None
    return sum((p.capped_ratio for p in quotas), Decimal(0)) / len(quotas)


@dataclass
class CountyScore:
    """One row of the scorecard: a county, its quotas by indicator, its score and rank."""

    county: object
    cells: dict = field(default_factory=dict)  # indicator id -> Progress
    rank: int | None = None

    @property
    def quotas(self) -> list[Progress]:
        return list(self.cells.values())

    @property
    def score(self) -> Decimal | None:
        return composite_score(self.quotas)

    def cell_list(self, indicators) -> list[Progress | None]:
        return [self.cells.get(indicator.pk) for indicator in indicators]


@dataclass
class Scorecard:
    indicators: list
    ranked: list[CountyScore]
    unranked: list[CountyScore]

    @property
    def rows(self) -> list[CountyScore]:
        return self.ranked + self.unranked


def rank(scores: list[CountyScore]) -> list[CountyScore]:
    """Scored counties best first, with competition ranks (ties share a rank); counties keep their order on ties."""
    ordered = sorted(scores, key=lambda s: -s.score)
    previous, position = None, 0
    for index, row in enumerate(ordered, 1):
        if row.score != previous:
            position, previous = index, row.score
        row.rank = position
    return ordered


def build_scorecard(counties, progress: list[Progress]) -> Scorecard:
    """The scorecard of ``counties`` (in display order) from the year's progress of all targets."""
    rows = {county.pk: CountyScore(county) for county in counties}
    indicators = {}
    for item in progress:
        target = item.target
        if target.county_id is None or target.county_id not in rows:
            continue
        rows[target.county_id].cells[target.indicator_id] = item
        indicators[target.indicator_id] = target.indicator
    scored = [row for row in rows.values() if row.quotas]
    unranked = [row for row in rows.values() if not row.quotas]
    ordered_indicators = sorted(indicators.values(), key=lambda i: (i.order, i.code))
    return Scorecard(ordered_indicators, rank(scored), unranked)
