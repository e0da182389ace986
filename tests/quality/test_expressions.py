"""The rule language is parsed, never evaluated as Python: arithmetic on named figures, in Chinese or English."""

from decimal import Decimal

import pytest

from quality.expressions import BOOLEAN, ExpressionError, parse
from quality.variables import SPELLINGS

D = Decimal


def value(text, **values):
    return parse(text, SPELLINGS).evaluate({k: (None if v is None else D(v)) for k, v in values.items()})


def test_names_may_be_written_in_chinese_or_english():
    assert (
        parse("填报企业数", SPELLINGS).names
        == parse("按时准确填报企业数", SPELLINGS).names
        == {"reporting_enterprises"}
    )
    assert parse("reporting_enterprises + filed_enterprises", SPELLINGS).names == {
        "reporting_enterprises",
        "filed_enterprises",
    }


def test_the_quarter_on_quarter_change_in_percent():
    assert value("(交易额 - 上季度交易额) / 上季度交易额 * 100", transaction_usd=1000, prev_transaction_usd=100) == 900


def test_multiplication_binds_tighter_than_addition_and_minus_is_unary():
    assert value("2 + 3 * 4") == 14
    assert value("-(2 + 3) * 4") == -20
    assert value("10 - 2 - 3") == 5
    assert value("12 / 4 / 3") == 1


def test_full_width_brackets_and_signs_typed_with_a_chinese_input_method_are_read():
    assert value("（从业人员 － 1）×2", employees=5) == 8
    assert parse("从业人员 ≥ 1", SPELLINGS, kind=BOOLEAN).evaluate({"employees": D(1)}) is True


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("abs(0 - 5)", 5),
        ("min(3, 1, 2)", 1),
        ("max(3, 1, 2)", 3),
        ("round(2.345, 2)", D("2.35")),
        ("if(1 > 0, 7, 8)", 7),
    ],
)
def test_the_functions(text, expected):
    assert value(text) == expected


def test_a_missing_value_makes_the_expression_missing():
    assert value("上季度交易额 * 10", prev_transaction_usd=None) is None


def test_if_only_evaluates_the_branch_it_takes():
    assert value("if(从业人员 > 0, 从业人员, 上季度从业人员)", employees=3, prev_employees=None) == 3


def test_a_condition_is_false_as_soon_as_one_side_of_and_is_false_even_with_a_missing_value():
    condition = parse("填报企业数 > 0 and 上季度交易额 > 0", SPELLINGS, kind=BOOLEAN)
    assert condition.evaluate({"reporting_enterprises": D(0), "prev_transaction_usd": None}) is False
    assert condition.evaluate({"reporting_enterprises": D(2), "prev_transaction_usd": None}) is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "表达式不能为空。"),
        ("交易额度 + 1", "第1个字符处：未知的名称“交易额度”"),
        ("交易额 +", "表达式不完整"),
        ("交易额 = 1", "比较相等请用“==”"),
        ("open(1)", "未知的函数“open”"),
        ("__import__('os').system('ls')", "无法识别的字符"),
        ("交易额.real", "无法识别的字符“.”"),
        ("abs(1, 2)", "参数个数不对"),
        ("(交易额 + 1", "此处应为“)”"),
        ("交易额 > 1", "这里需要一个数值表达式"),
        ("1 < 2 < 3", "比较不能连写"),
        ("(" * 60 + "1" + ")" * 60, "嵌套过深"),
        ("1" * 501, "表达式过长"),
    ],
)
def test_a_bad_expression_is_refused_with_a_clear_message(text, message):
    with pytest.raises(ExpressionError) as error:
        parse(text, SPELLINGS)
    assert message in str(error.value)


def test_a_condition_must_compare_something():
    with pytest.raises(ExpressionError) as error:
        parse("填报企业数", SPELLINGS, kind=BOOLEAN)
    assert "这里需要一个条件" in str(error.value)


def test_a_comparison_cannot_be_added_to_a_number():
    with pytest.raises(ExpressionError) as error:
        parse("(1 < 2) + 1", SPELLINGS)
    assert "两边应为数值" in str(error.value)
