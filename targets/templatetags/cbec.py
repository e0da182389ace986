"""Numbers as Chinese readers expect them on the dashboards.

* The transaction volume (unit 美元) is shown in 亿美元 with two decimals: 300000000 -> "3.00亿美元".
* Counts carry their unit from ``Indicator.unit``: "50家", "1500人", "12,345家" (digits grouped by
  thousands only from five digits on, as Chinese statistical tables print them).
* Completion ratios are percentages with one decimal: Decimal("0.855") -> "85.5%".

The filters return text (never a localised number), so they are also safe inside attributes.

In English (``en``) the same filters follow the catalogue in ``locale/``: dollars in millions ("USD 300.00
million": the divisor itself is a translatable string), and ``named`` shows the records' ``name_en``/``title_en``.
Chinese output is unchanged.

Units in English: a Chinese measure word does not say what is counted — 家 counts enterprises, parks and
warehouses alike — so "199家" cannot be translated from the word alone (the catalogue's "%(n)s家" is a bare
number). Give ``quantity`` and ``target_label`` the indicator (anything with ``unit`` and ``unit_en``) and
English pages read "199 enterprises", "1 park"; a bare unit string still works for Chinese and for units
that name themselves (人 = people).
"""

import json
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_noop, pgettext

from shangqiu_cbec.language import is_english, localised

register = template.Library()

USD = "美元"
CENT = Decimal("0.01")
TENTH = Decimal("0.1")
# A count with its unit, per unit the plan uses; other units are appended as they are.
UNIT_FORMATS = {
    "家": gettext_noop("%(n)s家"),
    "人": gettext_noop("%(n)s人"),
    "个": gettext_noop("%(n)s个"),
    "件": gettext_noop("%(n)s件"),
    "位": gettext_noop("%(n)s位"),
    "元": gettext_noop("%(n)s元"),
}


def _usd_divisor() -> Decimal:
    """Dollars are shown in 亿 (100 million) in Chinese; the English catalogue says millions."""
    return Decimal(pgettext("divisor of US dollar amounts shown", "100000000"))


def _usd(number: Decimal) -> str:
    """Dollars in the divisor's unit with two decimals, thousands grouped (USD 1,101.82 million)."""
    return f"{(number / _usd_divisor()).quantize(CENT, ROUND_HALF_UP):,}"


def _units(unit) -> tuple[str, str]:
    """``(Chinese unit, English noun)`` of an indicator-like object or a bare unit string."""
    if hasattr(unit, "unit"):
        return unit.unit, getattr(unit, "unit_en", "") or ""
    return str(unit or ""), ""


def english_noun(noun: str, number: Decimal) -> str:
    """The English unit noun for ``number``: "1 park", "2 parks", "1 person", "1500 people"."""
    if number != 1:
        return noun
    if noun == "people":
        return "person"
    return noun[:-1] if noun.endswith("s") and not noun.endswith("ss") else noun


def _with_unit(digits: str, unit, number: Decimal | None = None) -> str:
    zh, en = _units(unit)
    if en and is_english():
        return f"{digits} {english_noun(en, number if number is not None else Decimal(2))}"
    fmt = UNIT_FORMATS.get(zh)
    return gettext(fmt) % {"n": digits} if fmt else f"{digits}{zh}"


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _digits(value: Decimal) -> str:
    """An integral value as digits, grouped by thousands from five digits on; otherwise two decimals."""
    if value == value.to_integral_value():
        number = int(value)
        return f"{number:,}" if abs(number) >= 10_000 else str(number)
    return f"{value.quantize(CENT, ROUND_HALF_UP):,}"


@register.filter
def yi_usd(value) -> str:
    """US dollars as 亿美元 with two decimals: 300000000 -> "3.00亿美元"."""
    number = _decimal(value)
    if number is None:
        return ""
    return gettext("%(amount)s亿美元") % {"amount": _usd(number)}


@register.filter
def quantity(value, unit="") -> str:
    """A value with its indicator's unit (the indicator, or a bare unit): dollars as 亿美元, counts as
    "50家" / "1500人"; in English "50 enterprises" when given the indicator."""
    number = _decimal(value)
    if number is None:
        return ""
    if _units(unit)[0] == USD:
        return yi_usd(number)
    return _with_unit(_digits(number), unit, number)


@register.filter
def percent(ratio) -> str:
    """A ratio as a percentage with one decimal: 0.855 -> "85.5%"."""
    number = _decimal(ratio)
    if number is None:
        return ""
    return f"{(number * 100).quantize(TENTH, ROUND_HALF_UP)}%"


@register.filter
def bar_width(ratio) -> str:
    """A completion ratio as a CSS width in percent, between 0 and 100 (unlocalised)."""
    number = _decimal(ratio)
    if number is None:
        return "0"
    return str(max(Decimal(0), min(Decimal(100), number * 100)).quantize(TENTH, ROUND_HALF_UP))


@register.filter
def target_label(target) -> str:
    """The target as the plan writes it, with its unit: "1~2家", ">1500人", "≥3.00亿美元"."""
    indicator = target.indicator
    if indicator.unit != USD:
        label = target.bound_label.replace("~", "–") if is_english() else target.bound_label
        return _with_unit(label, indicator, target.maximum or target.minimum)
    low = _usd(target.minimum)
    if target.is_range:
        return gettext("%(low)s~%(high)s亿美元") % {"low": low, "high": _usd(target.maximum)}
    return gettext("%(bound)s%(low)s亿美元") % {"bound": ">" if target.is_strict else "≥", "low": low}


@register.filter
def named(obj, field: str = "name") -> str:
    """A county's, indicator's or milestone's name: its ``<field>_en`` on English pages when it has one."""
    return localised(obj, field)


@register.simple_tag
def progress_rule() -> str:
    """How completion percents and state words are read (``targets.progress.PROGRESS_RULE``), translated."""
    from targets.progress import PROGRESS_RULE

    return gettext(PROGRESS_RULE)


@register.simple_tag
def quarter_names(quarters) -> str:
    """Quarters as "第1季度、第2季度" ("Q1, Q2"): the words of ``{% blocktranslate %}第{{ q }}季度{% endblocktranslate %}``
    joined by the list separator, in one call for a list that a banner of 200 counties repeats 200 times."""
    separator = pgettext("list separator", "、")
    return separator.join(gettext("第%(q)s季度") % {"q": q} for q in quarters)


@register.filter
def to_json(value) -> str:
    """A list of plain numbers as JSON for a ``data-`` attribute (autoescaping still applies)."""
    return json.dumps(value)


@register.filter
def cells(score, indicators) -> list:
    """A scorecard row's progress per indicator column (None where the county has no quota)."""
    return score.cell_list(indicators)


# --- A progress's state badge and completion bar -----------------------------------------------------
# Tags rather than included templates: a scorecard or forecast of 212 units shows hundreds of them, and an
# include costs a template render each (they replace the partials dashboards/_state.html and _bar.html).


@register.simple_tag
def state_badge(p) -> str:
    """The state of a progress in colour and words: "已完成", "达到区间上限", "逾期未完成" …"""
    return format_html('<span class="state state-{0}" data-state="{0}">{1}</span>', p.state, p.state_label)


@register.simple_tag
def progress_bar(p) -> str:
    """The completion bar (SVG, no inline style) with the percent, and a tick at a range's lower bound."""
    shown = percent(p.ratio)
    floor = p.range_floor
    tick = format_html('<line class="bar-floor" x1="{0}" x2="{0}" y1="0" y2="10"/>', bar_width(floor)) if floor else ""
    return format_html(
        '<div class="bar-cell" title="{}"><svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" '
        'aria-hidden="true" focusable="false"><rect class="bar-track" width="100" height="10" rx="2"/>'
        '<rect class="bar-fill fill-{}" width="{}" height="10" rx="2"/>{}</svg><small>{}</small></div>',
        shown,
        p.state,
        bar_width(p.ratio),
        tick,
        shown,
    )
