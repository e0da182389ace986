"""The meeting-room screen's figures: headline numbers, the county ranking, key projects and the maps.

Everything is read from the same cached computations as the overview and the scorecard (same cache names
and keys), so a screen refreshing every minute costs a few cache reads, and shows exactly the numbers the
pages show. The screen always shows the default period (the latest year with figures, its latest quarter
begun) and approved figures only: a room full of people should not see figures the city has not approved.
"""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from dashboards import map as mapping
from dashboards import selectors
from dashboards.bulletin.content import plan_reference
from dashboards.selectors import Choice
from targets.freshness import cached
from targets.templatetags.cbec import bar_width, named, percent, quantity, target_label

PROGRESS_CHARS = 40


def screen_choice(version: str) -> Choice:
    return selectors.choose(None, None, False, version=version)


def _headline(row) -> dict:
    p, t = row.progress, row.target
    return {
        "code": t.indicator.code,
        "name": named(t.indicator),
        "actual": quantity(p.actual, t.indicator),  # the indicator: "206 enterprises" in English
        "target": target_label(t),
        "aspirational": t.is_aspirational,
        "ratio": percent(p.ratio),
        "bar": bar_width(p.ratio),
        "floor": bar_width(p.range_floor) if p.range_floor else None,
        "state": p.state.value,
        "state_label": p.state_label,
    }


def _ranking(card) -> list[dict]:
    return [
        {"rank": row.rank, "code": row.county.code, "name": named(row.county), "score": percent(row.score),
         "bar": bar_width(row.score)}
        for row in card.ranked
    ]  # fmt: skip


def _milestone(row) -> dict:
    return {
        "code": row.milestone.code,
        "title": named(row.milestone, "title"),
        "due_year": row.due_year,
        "reached_on": row.milestone.reached_on.isoformat() if row.milestone.reached_on else "",
        "state": row.state,
        "state_label": row.state_label,
        # The latest progress entry, as on the milestones page (its note cut to a line of the screen).
        "progress": Truncator(row.latest.note).chars(PROGRESS_CHARS) if row.latest else "",
        "progress_on": date_format(timezone.localtime(row.latest.recorded_at), "Y-m-d") if row.latest else "",
    }


def map_subjects(overview) -> list[str]:
    """The maps the screen cycles through: the composite score, then each headline indicator."""
    return [mapping.SCORE] + [row.target.indicator.code for row in overview.headlines]


def screen_payload(choice: Choice, version: str, refresh_seconds: int) -> dict:
    """What ``static/js/screen.js`` shows, in the request's language."""
    overview = cached("overview", choice.key, lambda: selectors.overview(choice), version=version)
    card = cached("scorecard", choice.key, lambda: selectors.scorecard(choice), version=version)
    maps = [
        cached(
            "county_map",
            (subject, *choice.key),
            lambda s=subject: mapping.county_map(choice, s, card=card),
            version=version,
        )
        for subject in map_subjects(overview)
    ]
    period = _("%(year)s年第%(quarter)s季度末") % {"year": choice.year, "quarter": choice.quarter}
    return {
        "title": _("商丘市跨境电子商务三年行动计划推进情况"),
        "plan": plan_reference(choice.plan),
        "period": period,
        "basis": _("仅计已审核数据"),
        "as_of": date_format(choice.period.as_of, "Y-m-d"),
        "updated": date_format(timezone.localtime(), "H:i"),
        "refresh": refresh_seconds,
        "headlines": [_headline(row) for row in overview.headlines],
        "ranking": _ranking(card),
        "unranked": [named(row.county) for row in card.unranked],
        "milestones": [_milestone(row) for row in overview.milestones],
        "maps": [mapping.as_json(m, {}) for m in maps],
    }
