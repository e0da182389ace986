"""Numbers in Chinese conventions (targets/templatetags/cbec.py)."""

from decimal import Decimal

import pytest

from targets.models import Indicator, Target
from targets.templatetags.cbec import bar_width, percent, quantity, target_label, yi_usd


def test_three_hundred_million_dollars_is_3_00_yi_usd():
    assert yi_usd(300_000_000) == "3.00亿美元"


def test_yi_usd_rounds_to_two_decimals():
    assert yi_usd(Decimal("123456789")) == "1.23亿美元"
    assert yi_usd(Decimal("125000000")) == "1.25亿美元"
    assert yi_usd(0) == "0.00亿美元"


def test_counts_carry_their_unit():
    assert quantity(Decimal("50.00"), "家") == "50家"
    assert quantity(1500, "人") == "1500人"
    assert quantity(3, "个") == "3个"


def test_large_counts_are_grouped_by_thousands():
    assert quantity(12345, "家") == "12,345家"
    assert quantity(9999, "家") == "9999家"


def test_dollar_quantities_use_yi_usd():
    assert quantity(Decimal("1500000000"), "美元") == "15.00亿美元"


def test_empty_values_render_empty():
    assert quantity(None, "家") == "" and yi_usd(None) == "" and percent(None) == ""


@pytest.mark.parametrize(
    ("ratio", "text"), [(Decimal("0.855"), "85.5%"), (Decimal(1), "100.0%"), (Decimal(2), "200.0%"), (0, "0.0%")]
)
def test_percent_has_one_decimal(ratio, text):
    assert percent(ratio) == text


@pytest.mark.parametrize(("ratio", "width"), [(Decimal("-1"), "0.0"), (Decimal("0.5"), "50.0"), (Decimal(3), "100.0")])
def test_bar_width_stays_between_0_and_100(ratio, width):
    assert bar_width(ratio) == width


def label(unit, minimum, maximum=None, strict=False):
    indicator = Indicator(unit=unit)
    target = Target(indicator=indicator, minimum=Decimal(minimum), is_strict=strict)
    target.maximum = None if maximum is None else Decimal(maximum)
    return target_label(target)


def test_target_labels_as_the_plan_writes_them():
    assert label("家", 1, 2) == "1~2家"
    assert label("人", 1500, strict=True) == ">1500人"
    assert label("个", 10) == "≥10个"
    assert label("美元", 300_000_000) == "≥3.00亿美元"
    assert label("美元", 100_000_000, 250_000_000) == "1.00~2.50亿美元"
