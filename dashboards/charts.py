"""The data behind the dashboards' charts, in the page's language and the headline's unit and precision.

A chart says what the numbers beside it say: the transaction volume in 亿美元 with two decimals (USD
million in English), counts as whole numbers with their unit; every point carries the same text the
page prints (``quantity``), so a chart label can never read 11.0182 where the headline reads 11.02亿美元.
Every trend carries its target: a line for a single bound, a band from the lower to the upper bound for a
range ("3~5个"), and the y-axis reaches the target even when the actuals are far below it.

The JavaScript (static/js/dashboard.js) only draws what it is given: no unit, label or rounding is
decided there. Data reaches it through ``json_script`` or a ``data-`` attribute.
"""

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext, pgettext

from targets.templatetags.cbec import USD, _usd_divisor, is_english, quantity, target_label

CENT = Decimal("0.01")


def scale_of(indicator) -> Decimal:
    """What one unit on the chart's axis is worth: 1 for counts, 亿 (or a million in English) for dollars."""
    return _usd_divisor() if indicator.unit == USD else Decimal(1)


def axis_unit(indicator) -> str:
    """The axis name: "亿美元" / "USD million" for dollars, the unit (or its English noun) for counts."""
    if indicator.unit == USD:
        return gettext("亿美元")
    if indicator.unit_en and is_english():
        return indicator.unit_en
    return indicator.unit


def scaled(value: Decimal | None, indicator) -> float | None:
    """``value`` in the axis unit, rounded as the page prints it (dollars to the cent of 亿, counts whole)."""
    if value is None:
        return None
    number = Decimal(value) / scale_of(indicator)
    places = CENT if indicator.unit == USD else Decimal(1)
    return float(number.quantize(places, ROUND_HALF_UP))


def quarter_labels(quarters: int) -> list[str]:
    return [gettext("第%(q)s季度") % {"q": q} for q in range(1, quarters + 1)]


def target_marks(target, indicator, *, total: bool = False) -> dict:
    """The target as the chart draws it: a line at a single bound, a band for a range, with its label
    (``total``: the counties' quotas added up, where the plan sets no city-wide target)."""
    if target is None:
        return {"line": None, "band": None, "target_text": ""}
    words = gettext("各县区任务合计 %(target)s") if total else gettext("目标 %(target)s")
    text = words % {"target": target_label(target)}
    if target.is_range:
        band = [scaled(target.minimum, indicator), scaled(target.maximum, indicator)]
        return {"line": None, "band": band, "target_text": text}
    return {"line": scaled(target.minimum, indicator), "band": None, "target_text": text}


def trend_chart(values: Sequence[Decimal], indicator, target=None, *, total: bool = False) -> dict:
    """A quarterly trend of ``indicator`` (actuals at the end of Q1, Q2, …) against ``target``."""
    return {
        "labels": quarter_labels(len(values)),
        "values": [scaled(v, indicator) for v in values],
        "texts": [quantity(v, indicator) for v in values],
        "unit": axis_unit(indicator),
        "decimals": 2 if indicator.unit == USD else 0,
        "series": gettext("实际（截至各季度末）"),
        **target_marks(target, indicator, total=total),
    }


def spark(trend) -> dict:
    """A sparkline of a target's progress at each quarter so far (a list of ``Progress``)."""
    target = trend[-1].target
    return trend_chart([p.actual for p in trend], target.indicator, target)


def county_chart(reports, people) -> dict:
    """A county's quarterly figures: the volume within each quarter and the employees at its end.

    ``people`` is the employees' unit (``unit``/``unit_en``). The plan gives counties no quota for
    either figure, so this chart has no target line; the page says so.
    """
    divisor = _usd_divisor()
    people_unit = people.unit_en if is_english() else people.unit
    return {
        "labels": [gettext("%(year)s年第%(quarter)s季度") % {"year": r.year, "quarter": r.quarter} for r in reports],
        "transaction": [float((r.transaction_usd / divisor).quantize(CENT, ROUND_HALF_UP)) for r in reports],
        "transaction_texts": [quantity(r.transaction_usd, USD) for r in reports],
        "employees": [r.employees for r in reports],
        "employees_texts": [quantity(r.employees, people) for r in reports],
        "transaction_name": gettext("季度交易额（%(unit)s）") % {"unit": gettext("亿美元")},
        "employees_name": gettext("从业人员（%(unit)s）") % {"unit": people_unit},
        "separator": pgettext("label separator", "："),
        "transaction_unit": gettext("亿美元"),
        "employees_unit": people_unit,
    }
