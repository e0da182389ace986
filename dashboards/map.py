"""The county map: each county-level unit's figure for one indicator (or the composite score) in colour bands.

One source for the browser map (``static/js/map.js`` draws ``as_json``), the meeting-room screen and the
bulletin's printed map (``dashboards.bulletin.charts``). The figures come from the progress engine:

* where the plan gives the counties quotas for the indicator that year, each county is coloured by its
  completion as the pages show it (``Progress.ratio``: a range "1~2" against its upper bound); a quota is in
  the top band only when the engine's state is met (so "超过1500人" reached exactly is not, nor a range
  at its lower bound);
* where it gives none (e.g. 2018's filed enterprises, a city-wide target only), by the value itself, in
  bands of round numbers;
* the composite score of the scorecard (``SCORE``) is banded like a completion ratio.

Units without a polygon in the map file (the functional zones) are listed beside the map in the same bands.
Every band has a hatch pattern as well as a colour, so the printed map reads in black and white.
"""

import math
from dataclasses import dataclass
from decimal import Decimal

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from counties.models import County
from dashboards import geo
from dashboards.selectors import Choice, scorecard, year_targets
from targets.actuals import Actuals
from targets.models import Counts, Indicator
from targets.progress import Progress, State
from targets.templatetags.cbec import named, percent, quantity, target_label

SCORE = "score"
RATIO, VALUE = "ratio", "value"
ZERO = Decimal(0)


@dataclass(frozen=True)
class Band:
    """A colour class of the map, with the hatch that stands in for its colour on a black-and-white print."""

    key: str
    label: str
    colour: str
    hatch: str


# Darker means further along, so a grey print keeps the order; hatches tell neighbours apart.
RATIO_BANDS = (
    ("fulfilled", gettext_noop("完成（100%）"), "#1a7f37", "xxx"),
    ("near", gettext_noop("80%～100%"), "#7bc96f", "///"),
    ("half", gettext_noop("50%～80%"), "#f2c94c", ".."),
    ("low", gettext_noop("50%以下"), "#f8d0d0", ""),
)
NO_QUOTA = ("none", gettext_noop("无任务"), "#e5e7eb", "--")
VALUE_COLOURS = (("#dbeafe", ""), ("#93c5fd", ".."), ("#3b82f6", "///"), ("#1e3a8a", "xxx"))
VALUE_CLASSES = len(VALUE_COLOURS)
NOTHING = ("zero", gettext_noop("无"), "#f9fafb", "")


def _band(spec) -> Band:
    key, label, colour, hatch = spec
    return Band(key, _(label), colour, hatch)


@dataclass(frozen=True)
class Area:
    """One unit on the map: its band, its figure as shown, and what the tooltip says."""

    county: County
    band: Band
    figure: str
    detail: str
    on_map: bool


@dataclass
class CountyMap:
    subject: str
    title: str
    mode: str
    bands: list[Band]
    areas: list[Area]

    @property
    def off_map(self) -> list[Area]:
        """The units without a polygon (the functional zones), listed beside the map."""
        return [area for area in self.areas if not area.on_map]


# --- Bands ---------------------------------------------------------------------------------------


def ratio_band(ratio: Decimal, met: bool) -> Band:
    """The band of a completion: the top one only when the engine says met, else by the ratio shown."""
    if met:
        return _band(RATIO_BANDS[0])
    if ratio >= Decimal("0.8"):
        return _band(RATIO_BANDS[1])
    if ratio >= Decimal("0.5"):
        return _band(RATIO_BANDS[2])
    return _band(RATIO_BANDS[3])


def nice_step(largest: Decimal, classes: int = VALUE_CLASSES, whole: bool = True) -> Decimal:
    """The smallest round step (1, 2, 2.5 or 5 times a power of ten) that covers ``largest`` in ``classes``."""
    if largest <= 0:
        return Decimal(1)
    raw = float(largest) / classes
    magnitude = 10 ** math.floor(math.log10(raw))
    multipliers = (1, 2, 5, 10) if whole and magnitude < 10 else (1, 2, 2.5, 5, 10)  # no step of 2.5 people
    step = next(m * magnitude for m in multipliers if m * magnitude >= raw)
    step = Decimal(str(step))
    return max(Decimal(1), step.to_integral_value(rounding="ROUND_CEILING")) if whole else step


def value_bands(largest: Decimal, unit: str) -> tuple[Decimal, list[Band]]:
    """The step and the bands of a value map: "none", then up to four classes of round numbers."""
    whole = unit != "美元"
    step = nice_step(largest, whole=whole)
    bands = [_band(NOTHING)]
    for i, (colour, hatch) in enumerate(VALUE_COLOURS):
        low, high = step * i, step * (i + 1)
        shown_low = low + 1 if whole else low
        label = _("%(low)s～%(high)s") % {"low": quantity(shown_low, unit), "high": quantity(high, unit)}
        bands.append(Band(f"class{i + 1}", label, colour, hatch))
        if high >= largest:
            break
    return step, bands


def value_band(value: Decimal, step: Decimal, bands: list[Band]) -> Band:
    if value <= 0:
        return bands[0]
    index = min(len(bands) - 1, int(math.ceil(value / step)))
    return bands[index]


# --- The map of a subject ------------------------------------------------------------------------


def subjects(choice: Choice) -> list[tuple[str, str]]:
    """What a map can show for the chosen year: the composite score and every indicator with a target."""
    # the indicators themselves, not every target of the year (212 counties' quotas) with its indicator
    ordered = Indicator.objects.filter(targets__in=year_targets(choice)).distinct().order_by("order", "code")
    return [(SCORE, _("县区综合得分"))] + [(i.code, named(i)) for i in ordered]


def county_map(choice: Choice, subject: str, today=None, *, card=None) -> CountyMap:
    """The map of ``subject`` (an indicator code or ``SCORE``) at the chosen period; 404 for an unknown one.
    ``card``: the chosen period's scorecard where the caller has it already (the score map is drawn from it)."""
    if subject == SCORE:
        return _score_map(choice, today, card)
    indicator = Indicator.objects.filter(code=subject).first()
    if indicator is None:
        raise Http404("无此指标")
    return _indicator_map(choice, indicator, today)


def _score_map(choice: Choice, today, card=None) -> CountyMap:
    card = card or scorecard(choice, today)
    on_map = geo.names()
    areas = []
    for row in card.rows:
        if row.score is None:
            band, figure, detail = _band(NO_QUOTA), "—", _("本年度无分配任务")
        else:
            band = ratio_band(row.score, all(p.state == State.MET for p in row.quotas))
            figure = percent(row.score)
            detail = _("综合得分 %(score)s，排名第%(rank)s") % {"score": figure, "rank": row.rank}
        areas.append(Area(row.county, band, figure, detail, row.county.name in on_map))
    areas.sort(key=lambda a: (a.county.order, a.county.code))
    bands = [_band(spec) for spec in RATIO_BANDS] + [_band(NO_QUOTA)]
    return CountyMap(SCORE, _("县区综合得分"), RATIO, bands, areas)


def _indicator_map(choice: Choice, indicator: Indicator, today) -> CountyMap:
    targets = list(year_targets(choice).filter(indicator=indicator))
    counts = targets[0].counts if targets else Counts.STOCK
    actuals = Actuals([choice.period], include_pending=choice.include_pending).per_county(
        indicator.measure, counts, choice.period
    )
    today = today or timezone.localdate()
    quotas = {
        t.county_id: Progress(t, choice.period, actuals.get(t.county_id, ZERO), today) for t in targets if t.county_id
    }
    counties = list(County.objects.units())
    if quotas:
        bands = [_band(spec) for spec in RATIO_BANDS] + [_band(NO_QUOTA)]
        areas = [_quota_area(c, actuals.get(c.pk, ZERO), quotas.get(c.pk), indicator) for c in counties]
        return CountyMap(indicator.code, _("%(name)s：完成率") % {"name": named(indicator)}, RATIO, bands, areas)
    largest = max(actuals.values(), default=ZERO)
    step, bands = value_bands(largest, indicator.unit)
    on_map = geo.names()
    areas = []
    for county in counties:
        value = actuals.get(county.pk, ZERO)
        shown = quantity(value, indicator.unit)
        areas.append(Area(county, value_band(value, step, bands), shown, shown, county.name in on_map))
    return CountyMap(indicator.code, named(indicator), VALUE, bands, areas)


def _quota_area(county: County, actual: Decimal, progress: Progress | None, indicator: Indicator) -> Area:
    on_map = county.name in geo.names()
    shown = quantity(actual, indicator.unit)
    if progress is None:
        return Area(county, _band(NO_QUOTA), shown, _("%(actual)s（无任务）") % {"actual": shown}, on_map)
    figure = percent(progress.ratio)
    detail = _("%(actual)s，任务%(target)s，完成%(ratio)s，%(state)s") % {
        "actual": shown,
        "target": target_label(progress.target),
        "ratio": figure,
        "state": progress.state_label,
    }
    return Area(county, ratio_band(progress.ratio, progress.state == State.MET), figure, detail, on_map)


# --- For the browser -----------------------------------------------------------------------------

ENGLISH_KINDS = (" District", " County", " City")


def short_name(county: County) -> str:
    """The label inside a polygon: 梁园 in Chinese (``short_name``); in English the name without its kind
    ("Liangyuan District" -> "Liangyuan"), which the tooltip and the lists give in full."""
    name = named(county)
    if name == county.name:
        return county.short_name
    for kind in ENGLISH_KINDS:
        if name.endswith(kind) and len(name) > len(kind):
            return name[: -len(kind)]
    return name


def as_json(county_map: CountyMap, links: dict[int, str]) -> dict:
    """The map as ``static/js/map.js`` draws it; ``links`` maps the counties the viewer may open to their page."""
    return {
        "subject": county_map.subject,
        "title": county_map.title,
        "mode": county_map.mode,
        "bands": [{"key": b.key, "label": b.label, "colour": b.colour} for b in county_map.bands],
        "areas": [
            {
                "code": a.county.code,
                "geo": a.county.name,
                "name": named(a.county),
                "short": short_name(a.county),
                "band": a.band.key,
                "colour": a.band.colour,
                "figure": a.figure,
                "detail": a.detail,
                "on_map": a.on_map,
                "url": links.get(a.county.pk),
            }
            for a in county_map.areas
        ],
    }
