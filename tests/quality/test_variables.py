"""What a rule's names read: the report, the quarter before, and the county's registries at the quarter's end."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from quality import facts
from quality.variables import in_language
from tests import builders
from tests.quality.conftest import figures

pytestmark = pytest.mark.django_db
Q2_END = datetime.date(2016, 6, 30)


def values(**kw):
    return facts.values_for([figures(**kw)])[0]


def test_parks_warehouses_and_bases_count_as_a_stock_at_the_quarters_end():
    builders.park("411402", established_on=Q2_END)  # opened on the last day: counts
    builders.park("411402", established_on=datetime.date(2016, 7, 1))  # after the quarter
    builders.park("411402", established_on=datetime.date(2016, 1, 5), closed_on=Q2_END)  # closed by then
    builders.warehouse("411402", opened_on=datetime.date(2016, 3, 1), closed_on=datetime.date(2016, 7, 1))
    builders.training_base("411402", established_on=datetime.date(2016, 2, 1))
    builders.training_base("411403", established_on=datetime.date(2016, 2, 1))  # another county's
    found = values(quarter=2)
    assert (found["parks"], found["warehouses"], found["training_bases"]) == (1, 1, 1)


def test_the_previous_quarter_is_read_whatever_its_status_and_is_missing_when_there_is_none():
    assert values(quarter=2)["prev_employees"] is None
    builders.report("411402", 2016, 1, status="draft", employees=42, transaction_usd=Decimal(7))
    found = values(quarter=2)
    assert (found["prev_employees"], found["prev_transaction_usd"]) == (42, 7)


def test_a_rule_can_use_the_parks_in_chinese_or_english():
    from quality.models import Operator, ValidationRule
    from quality.rules import FAILED, PASSED, CompiledRule

    rule = CompiledRule(
        ValidationRule(left_expression="园区数 + parks", operator=Operator.GREATER_EQUAL, right_expression="2")
    )
    assert rule.check(values(quarter=2)).status == FAILED
    builders.park("411402", established_on=datetime.date(2016, 4, 1))
    assert rule.check(values(quarter=2)).status == PASSED


def test_an_expression_reads_in_the_pages_language():
    text = "(交易额 - 上季度交易额) / 上季度交易额 * 100"
    assert in_language(text, english=True) == "(transaction_usd - prev_transaction_usd) / prev_transaction_usd * 100"
    assert in_language("按时准确填报企业数 <= filed_enterprises", english=False) == "填报企业数 <= 备案企业数"
    with translation.override("en"):
        from quality.templatetags.quality_tags import expression

        assert expression("填报企业数 <= 备案企业数") == "reporting_enterprises <= filed_enterprises"
