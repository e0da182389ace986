"""City admins keep the rules in the admin: a bad expression is refused when the rule is saved, with the place."""

import pytest
from django.urls import reverse

from quality.forms import ValidationRuleForm
from quality.models import ValidationRule

pytestmark = pytest.mark.django_db

GOOD = {
    "code": "volume_per_enterprise",
    "name": "每家填报企业的交易额不超过1亿美元",
    "importance": "medium",
    "is_active": "on",
    "order": "80",
    "left_expression": "交易额 / 填报企业数",
    "operator": "<=",
    "right_expression": "100000000",
    "condition": "填报企业数 > 0",
    "left_missing": "skip_if_any_missing",
    "right_missing": "skip_if_any_missing",
}


def test_a_rule_with_good_expressions_is_saved():
    form = ValidationRuleForm(GOOD)
    assert form.is_valid(), form.errors
    form.save()
    assert ValidationRule.objects.get(code="volume_per_enterprise").condition == "填报企业数 > 0"


@pytest.mark.parametrize(
    ("field", "text", "message"),
    [
        ("left_expression", "交易额度 / 填报企业数", "第1个字符处：未知的名称“交易额度”"),
        ("right_expression", "1亿", "第2个字符处：多余的内容“亿”"),
        ("right_expression", "__import__('os')", "无法识别的字符"),
        ("condition", "填报企业数", "这里需要一个条件"),
        ("left_expression", "交易额 > 0", "这里需要一个数值表达式"),
    ],
)
def test_a_bad_expression_is_refused_when_the_rule_is_saved(field, text, message):
    form = ValidationRuleForm({**GOOD, field: text})
    assert not form.is_valid()
    assert message in form.errors[field][0]


def test_the_admin_page_refuses_it_too_and_lists_the_names_to_use(client, city_admin):
    client.force_login(city_admin)
    url = reverse("admin:quality_validationrule_add")
    assert "备案企业数（filed_enterprises）" in client.get(url).content.decode()
    response = client.post(url, {**GOOD, "left_expression": "交易额 +"})
    assert response.status_code == 200 and "表达式不完整" in response.content.decode()
    assert not ValidationRule.objects.filter(code="volume_per_enterprise").exists()


def test_a_starting_rule_cannot_be_deleted_only_switched_off(client, city_admin):
    client.force_login(city_admin)
    rule = ValidationRule.objects.get(code="employees_fall")
    assert client.get(reverse("admin:quality_validationrule_delete", args=[rule.pk])).status_code == 403
    custom = ValidationRuleForm(GOOD)
    custom.is_valid()
    custom = custom.save()
    assert client.get(reverse("admin:quality_validationrule_delete", args=[custom.pk])).status_code == 200


def test_a_new_rule_takes_effect_at_once():
    from tests.quality.conftest import codes

    form = ValidationRuleForm(GOOD)
    form.is_valid()
    form.save()
    from tests import builders

    builders.enterprise("411402")
    assert "volume_per_enterprise" in codes(usd=200_000_000, reporting=1)
