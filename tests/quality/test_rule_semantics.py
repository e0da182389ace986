"""Each operator, the condition, and each missing-value strategy, as DHIS2's validation engine defines them."""

from decimal import Decimal

import pytest

from quality.models import MissingValueStrategy, Operator, ValidationRule
from quality.rules import FAILED, PASSED, SKIPPED, CompiledRule, compare

D = Decimal


def rule(left, operator, right, *, condition="", left_missing=MissingValueStrategy.SKIP_IF_ANY, right_missing=None):
    return CompiledRule(
        ValidationRule(
            code="t",
            name="t",
            left_expression=left,
            operator=operator,
            right_expression=right,
            condition=condition,
            left_missing=left_missing,
            right_missing=right_missing or left_missing,
        )
    )


def values(**kw):
    return {k: (None if v is None else D(v)) for k, v in kw.items()}


@pytest.mark.parametrize(
    ("operator", "holds", "fails"),
    [
        (Operator.EQUAL, (5, 5), (5, 6)),
        (Operator.NOT_EQUAL, (5, 6), (5, 5)),
        (Operator.LESS, (4, 5), (5, 5)),
        (Operator.LESS_EQUAL, (5, 5), (6, 5)),
        (Operator.GREATER, (6, 5), (5, 5)),
        (Operator.GREATER_EQUAL, (5, 5), (4, 5)),
    ],
)
def test_each_comparison_operator_at_its_boundary(operator, holds, fails):
    check = rule("从业人员", operator, "填报企业数")
    assert check.check(values(employees=holds[0], reporting_enterprises=holds[1])).status == PASSED
    assert check.check(values(employees=fails[0], reporting_enterprises=fails[1])).status == FAILED


@pytest.mark.parametrize(
    ("left", "right", "status"),
    [(0, 0, PASSED), (3, 2, PASSED), (3, 0, FAILED), (0, 2, FAILED)],
)
def test_both_or_neither_means_both_sides_have_a_value_or_neither_has(left, right, status):
    check = rule("交易额", Operator.COMPULSORY_PAIR, "填报企业数", left_missing=MissingValueStrategy.NEVER_SKIP)
    assert check.check(values(transaction_usd=left, reporting_enterprises=right)).status == status


@pytest.mark.parametrize(
    ("left", "right", "status"),
    [(0, 0, PASSED), (3, 0, PASSED), (0, 2, PASSED), (3, 2, FAILED)],
)
def test_not_both_means_at_most_one_side_has_a_value(left, right, status):
    check = rule("交易额", Operator.EXCLUSIVE_PAIR, "填报企业数", left_missing=MissingValueStrategy.NEVER_SKIP)
    assert check.check(values(transaction_usd=left, reporting_enterprises=right)).status == status


def test_a_missing_value_on_a_pair_counts_as_no_value_when_never_skipped():
    check = rule("上季度交易额", Operator.COMPULSORY_PAIR, "交易额", left_missing=MissingValueStrategy.NEVER_SKIP)
    assert check.check(values(prev_transaction_usd=None, transaction_usd=5)).status == FAILED
    assert check.check(values(prev_transaction_usd=None, transaction_usd=0)).status == PASSED


def test_skip_if_any_value_is_missing():
    check = rule("从业人员 + 上季度从业人员", Operator.GREATER, "0", left_missing=MissingValueStrategy.SKIP_IF_ANY)
    assert check.check(values(employees=5, prev_employees=None)).status == SKIPPED


def test_skip_only_if_all_values_are_missing_counts_the_others_missing_as_zero():
    check = rule("从业人员 + 上季度从业人员", Operator.EQUAL, "5", left_missing=MissingValueStrategy.SKIP_IF_ALL)
    outcome = check.check(values(employees=5, prev_employees=None))
    assert (outcome.status, outcome.left) == (PASSED, 5)
    assert (
        rule("上季度从业人员", Operator.EQUAL, "5", left_missing=MissingValueStrategy.SKIP_IF_ALL)
        .check(values(prev_employees=None))
        .status
        == SKIPPED
    )


def test_never_skip_counts_missing_values_as_zero():
    check = rule("从业人员", Operator.GREATER_EQUAL, "上季度从业人员", left_missing=MissingValueStrategy.NEVER_SKIP)
    outcome = check.check(values(employees=0, prev_employees=None))
    assert (outcome.status, outcome.right) == (PASSED, 0)


def test_each_side_has_its_own_strategy():
    check = CompiledRule(
        ValidationRule(
            left_expression="填报企业数",
            operator=Operator.LESS_EQUAL,
            right_expression="系统填报企业数",
            left_missing=MissingValueStrategy.NEVER_SKIP,
            right_missing=MissingValueStrategy.SKIP_IF_ANY,
        )
    )
    assert check.check(values(reporting_enterprises=3, flagged_enterprises=None)).status == SKIPPED
    assert check.check(values(reporting_enterprises=3, flagged_enterprises=2)).status == FAILED


def test_a_rule_with_a_condition_applies_only_when_the_condition_holds():
    check = rule("交易额", Operator.GREATER, "0", condition="填报企业数 > 0")
    assert check.check(values(transaction_usd=0, reporting_enterprises=0)).status == SKIPPED
    assert check.check(values(transaction_usd=0, reporting_enterprises=2)).status == FAILED
    assert check.check(values(transaction_usd=9, reporting_enterprises=2)).status == PASSED


def test_a_condition_reading_a_missing_value_does_not_apply():
    check = rule("交易额", Operator.LESS, "上季度交易额 * 10", condition="上季度交易额 > 0")
    assert check.check(values(transaction_usd=5, prev_transaction_usd=None)).status == SKIPPED


def test_a_division_by_zero_skips_the_rule_instead_of_failing_it():
    check = rule("交易额 / 上季度交易额", Operator.LESS, "10")
    assert check.check(values(transaction_usd=5, prev_transaction_usd=0)).status == SKIPPED


def test_compare_is_exact_on_decimals():
    assert compare(Operator.EQUAL, D("0.10"), D("0.1"))
    assert not compare(Operator.LESS, D("900.00"), D(900))
