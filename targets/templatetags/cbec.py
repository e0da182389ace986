"""Numbers as Chinese readers expect them on the dashboards.

* The transaction volume (unit 美元) is shown in 亿美元 with two decimals: 300000000 -> "3.00亿美元".
* Counts carry their unit from ``Indicator.unit``: "50家", "1500人", "12,345家" (digits grouped by
  thousands only from five digits on, as Chinese statistical tables print them).
* Completion ratios are percentages with one decimal: Decimal("0.855") -> "85.5%".

The filters return text (never a localised number), so they are also safe inside attributes.

In English (``en``) the same filters follow the catalogue in ``locale/``: dollars in millions ("USD 300.00
million": the divisor itself is a translatable string), units as English words, and ``named`` shows the
records' ``name_en``/``title_en``. Chinese output is unchanged.
"""

import json
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.utils.translation import get_language, gettext, gettext_noop, pgettext

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
    return f"{(number / _usd_divisor()).quantize(CENT, ROUND_HALF_UP)}"


def _with_unit(digits: str, unit: str) -> str:
    fmt = UNIT_FORMATS.get(unit)
    return gettext(fmt) % {"n": digits} if fmt else f"{digits}{unit}"


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
def quantity(value, unit: str = "") -> str:
    """A value with its indicator's unit: dollars as 亿美元, counts as "50家" / "1500人"."""
    number = _decimal(value)
    if number is None:
        return ""
    if unit == USD:
        return yi_usd(number)
    return _with_unit(_digits(number), unit)


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
    unit = target.indicator.unit
    if unit != USD:
        return _with_unit(target.bound_label, unit)
    low = _usd(target.minimum)
    if target.is_range:
        return gettext("%(low)s~%(high)s亿美元") % {"low": low, "high": _usd(target.maximum)}
    return gettext("%(bound)s%(low)s亿美元") % {"bound": ">" if target.is_strict else "≥", "low": low}


@register.filter
def named(obj, field: str = "name") -> str:
    """A county's, indicator's or milestone's name: its ``<field>_en`` on English pages when it has one."""
    if obj is None:
        return ""
    english = getattr(obj, f"{field}_en", "") if (get_language() or "").startswith("en") else ""
    return english or getattr(obj, field, "")


@register.filter
def to_json(value) -> str:
    """A list of plain numbers as JSON for a ``data-`` attribute (autoescaping still applies)."""
    return json.dumps(value)


@register.filter
def cells(score, indicators) -> list:
    """A scorecard row's progress per indicator column (None where the county has no quota)."""
    return score.cell_list(indicators)
