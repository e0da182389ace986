"""The starting rules, read as the plan's sentences: figures of a county against its own registries."""

import datetime

import pytest

from counties import checks
from enterprises.models import EnterpriseReport
from quality.models import ValidationRule
from tests import builders
from tests.quality.conftest import codes, figures

pytestmark = pytest.mark.django_db


def file_enterprises(n, county="411402", filed_on=datetime.date(2016, 1, 10), **kw):
    return [builders.enterprise(county, filed_on=filed_on, **kw) for _ in range(n)]


def tick(enterprises, year=2016, quarter=2, on_time=True, accurate=True):
    for e in enterprises:
        EnterpriseReport.objects.create(enterprise=e, year=year, quarter=quarter, on_time=on_time, accurate=accurate)


def test_the_starting_rules_are_loaded_after_migrate():
    assert set(ValidationRule.objects.values_list("code", flat=True)) >= {
        "reporting_le_filed",
        "reporting_le_flagged",
        "employees_ge_reporting",
        "volume_when_reporting",
        "volume_jump",
        "volume_drop",
        "employees_fall",
        "reporting_matches_flagged",
    }


def test_loading_the_rules_again_keeps_what_a_city_admin_changed():
    from quality.loading import load_rules

    ValidationRule.objects.filter(code="employees_fall").update(importance="low", name="改过的名称")
    ValidationRule.objects.filter(code="volume_jump").delete()
    assert load_rules() == (1, 0)
    assert ValidationRule.objects.get(code="employees_fall").importance == "low"
    assert ValidationRule.objects.get(code="volume_jump").importance == "high"
    load_rules(reset=True)
    assert ValidationRule.objects.get(code="employees_fall").name == "从业人员不少于上季度"


def test_a_county_cannot_report_more_enterprises_reporting_on_time_than_it_has_filed():
    file_enterprises(44)
    assert "reporting_le_filed" in codes(reporting=99999)
    assert "reporting_le_filed" in codes(reporting=45)
    assert "reporting_le_filed" not in codes(reporting=44)


def test_an_enterprise_filed_after_the_quarter_or_deregistered_by_its_end_does_not_count():
    file_enterprises(2)
    file_enterprises(1, filed_on=datetime.date(2016, 7, 1))  # after 2016 Q2
    file_enterprises(1, deregistered_on=datetime.date(2016, 6, 30))  # gone on the quarter's last day
    file_enterprises(1, deregistered_on=datetime.date(2016, 7, 1))  # still there at the end of Q2
    assert "reporting_le_filed" not in codes(reporting=3)
    assert "reporting_le_filed" in codes(reporting=4)


def test_another_countys_enterprises_do_not_count():
    file_enterprises(5, county="411403")
    assert "reporting_le_filed" in codes(reporting=1)


def test_reporting_enterprises_cannot_exceed_those_ticked_on_time_and_accurate_once_flags_exist():
    firms = file_enterprises(10)
    assert "reporting_le_flagged" not in codes(reporting=8)  # no flags yet: the rule does not apply
    tick(firms[:5])
    tick(firms[5:7], on_time=False)  # late: not counted
    assert "reporting_le_flagged" in codes(reporting=6)
    assert "reporting_le_flagged" not in codes(reporting=5)


def test_flags_of_another_quarter_do_not_count():
    firms = file_enterprises(4)
    tick(firms, quarter=1)
    assert "reporting_le_flagged" not in codes(quarter=2, reporting=4)


def test_the_figure_should_match_the_flags_a_low_importance_hint():
    firms = file_enterprises(4)
    tick(firms[:3])
    assert "reporting_matches_flagged" in codes(reporting=2)
    assert "reporting_matches_flagged" not in codes(reporting=3)


def test_employees_are_at_least_as_many_as_the_enterprises_reporting():
    file_enterprises(5)
    assert "employees_ge_reporting" in codes(employees=4, reporting=5)
    assert "employees_ge_reporting" not in codes(employees=5, reporting=5)


def test_the_volume_is_above_zero_when_enterprises_report():
    file_enterprises(2)
    assert "volume_when_reporting" in codes(usd=0, reporting=2)
    assert "volume_when_reporting" not in codes(usd=0, reporting=0)
    assert "volume_when_reporting" not in codes(usd=1, reporting=2)


def test_ten_times_the_previous_quarters_volume_breaks_the_jump_rule_just_under_does_not():
    builders.report(year=2016, quarter=1, transaction_usd=100_000)
    assert "volume_jump" in codes(usd=1_000_000)
    assert "volume_jump" not in codes(usd="999999.99")


def test_a_volume_of_a_tenth_of_the_previous_quarters_or_less_breaks_the_drop_rule():
    builders.report(year=2016, quarter=1, transaction_usd=1_000_000)
    assert "volume_drop" in codes(usd="99999.99")  # 万美元 typed where 美元 was meant looks like this
    assert "volume_drop" not in codes(usd=100_001)
    assert "volume_drop" in codes(usd=100_000)  # exactly a tenth is a fall of 90%: not less than 90%


def test_the_jump_rule_needs_a_previous_quarter_with_a_volume():
    assert "volume_jump" not in codes(usd=10**9)  # no previous quarter
    builders.report(year=2016, quarter=1, transaction_usd=0)
    assert "volume_jump" not in codes(usd=10**9)


def test_the_previous_quarter_of_a_first_quarter_is_the_last_of_the_year_before():
    builders.report(year=2016, quarter=4, transaction_usd=100, employees=50)
    assert {"volume_jump", "employees_fall"} <= codes(year=2017, quarter=1, usd=1000, employees=49)


def test_employees_falling_below_the_previous_quarter_ask_for_an_explanation():
    builders.report(year=2016, quarter=1, employees=120)
    assert "employees_fall" in codes(employees=100)
    assert "employees_fall" not in codes(employees=120)


def test_a_switched_off_rule_is_not_checked():
    file_enterprises(1)
    ValidationRule.objects.filter(code="reporting_le_filed").update(is_active=False)
    assert "reporting_le_filed" not in codes(reporting=5)


def test_high_importance_rules_block_and_others_only_warn():
    found = {f.code: f for f in checks.findings([figures(employees=1, reporting=3)])[0]}
    assert found["reporting_le_filed"].blocking and found["reporting_le_filed"].severity == "high"
    assert not found["employees_ge_reporting"].blocking
    assert "填报企业数 = 3；备案企业数 = 0" in found["reporting_le_filed"].detail
