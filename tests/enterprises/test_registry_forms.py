"""The registry entry forms: credit code checked and normalised, no future dates, closing after opening."""

import datetime

import pytest
from django.utils import timezone

from enterprises.forms import EnterpriseForm, OverseasWarehouseForm, ParkForm, TrainingBaseForm
from enterprises.models import Enterprise, OverseasWarehouse, Park, TrainingBase
from tests import builders

pytestmark = pytest.mark.django_db


def enterprise_form(county, **data):
    base = {"name": "商丘跨境公司", "credit_code": builders.credit_code(), "filed_on": "2016-05-01", "industry": "food"}
    return EnterpriseForm({**base, **data}, instance=Enterprise(county=county))


def test_a_valid_enterprise_is_saved_to_the_county_of_the_page(liangyuan):
    form = enterprise_form(liangyuan)
    assert form.is_valid(), form.errors
    assert form.save().county == liangyuan


def test_a_wrong_check_character_is_refused_naming_the_right_one(liangyuan):
    good = builders.credit_code()
    wrong = good[:-1] + ("0" if good[-1] != "0" else "1")
    form = enterprise_form(liangyuan, credit_code=wrong)
    assert form.errors["credit_code"] == [f"统一社会信用代码校验位错误：第18位应为“{good[-1]}”，实际为“{wrong[-1]}”。"]


def test_a_code_typed_with_spaces_and_lower_case_is_normalised(liangyuan):
    good = builders.credit_code()
    typed = f"{good[:6]} {good[6:12]}-{good[12:]}".lower()
    form = enterprise_form(liangyuan, credit_code=typed)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["credit_code"] == good


def test_a_short_code_says_how_long_it_is(liangyuan):
    assert enterprise_form(liangyuan, credit_code="91411400").errors["credit_code"] == [
        "统一社会信用代码应为18位，当前为8位。"
    ]


def test_a_code_already_registered_is_refused_in_chinese(liangyuan, suiyang):
    existing = builders.enterprise("411403")
    form = enterprise_form(liangyuan, credit_code=existing.credit_code)
    assert form.errors["credit_code"] == ["该统一社会信用代码已登记，请勿重复添加。"]


def test_a_filing_date_in_the_future_is_refused(liangyuan):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert enterprise_form(liangyuan, filed_on=tomorrow.isoformat()).errors["filed_on"] == ["日期不能晚于今天。"]


def test_deregistration_before_filing_is_refused(liangyuan):
    form = enterprise_form(liangyuan, deregistered_on="2016-04-30")
    assert form.errors["deregistered_on"] == ["注销日期不能早于备案认定日期。"]


def test_a_recognition_year_after_this_year_is_refused(liangyuan):
    next_year = timezone.localdate().year + 1
    errors = enterprise_form(liangyuan, province_demo_year=str(next_year)).errors
    assert errors["province_demo_year"] == [f"认定年度应在2000年至{next_year - 1}年之间。"]


def test_a_park_closed_before_it_was_built_is_refused(suiyang):
    data = {"name": "园", "established_on": "2017-01-01", "closed_on": "2016-12-31", "status": "closed"}
    data["industry"] = "other"
    form = ParkForm(data, instance=Park(county=suiyang))
    assert form.errors["closed_on"] == ["关闭日期不能早于建成日期。"]


def test_a_warehouse_may_be_run_by_an_enterprise_of_its_own_county(liangyuan):
    own = builders.enterprise("411402")
    data = {"name": "洛杉矶仓", "enterprise": own.pk, "country": "美国", "mode": "leased", "opened_on": "2017-06-01"}
    form = OverseasWarehouseForm(data, instance=OverseasWarehouse(county=liangyuan))
    assert form.is_valid(), form.errors


def test_a_warehouse_cannot_pick_another_countys_enterprise(liangyuan):
    other = builders.enterprise("411403")
    data = {"name": "仓", "enterprise": other.pk, "country": "美国", "mode": "leased", "opened_on": "2017-06-01"}
    form = OverseasWarehouseForm(data, instance=OverseasWarehouse(county=liangyuan))
    assert form.errors["enterprise"] == ["请选择本县区的企业。"]


def test_a_training_base_needs_its_operator(suiyang):
    form = TrainingBaseForm({"name": "基地", "established_on": "2016-06-01"}, instance=TrainingBase(county=suiyang))
    assert "operator" in form.errors
