"""Validation messages name the field and say what to type: no Django default text reaches a clerk.

Django's own messages ("确保该变量包含不超过 200 字符", "确认总共不超过 18 个数字。", "输入整数。") say
neither which box is wrong nor what to write. Every form a county officer or a city admin fills in —
the registries, the quarterly report, the profile, the admin's user and registry forms — uses
``shangqiu_cbec.form_messages`` instead.
"""

import pytest
from django.conf import settings
from django.urls import reverse

from tests import builders

pytestmark = pytest.mark.django_db

DJANGO_DEFAULTS = ("确保该变量", "确认总共不超过", "输入整数", "输入一个数字", "这个字段是必填项", "输入一个有效的日期")


def errors_of(response) -> list[str]:
    assert response.status_code == 200, response.status_code
    form = response.context["adminform"].form if "adminform" in response.context else response.context["form"]
    return [str(message) for messages in form.errors.values() for message in messages]


def assert_plain(messages):
    assert messages
    for text in messages:
        assert not any(default in text for default in DJANGO_DEFAULTS), text


def test_a_200_character_enterprise_name_is_refused_naming_the_field(client, liangyuan_officer):
    client.force_login(liangyuan_officer)
    url = reverse("registry_add", args=["411402", "enterprises"])
    messages = errors_of(
        client.post(
            url,
            {
                "name": "甲" * 201,
                "credit_code": builders.credit_code(1),
                "filed_on": "2016-05-01",
                "city_demo_year": "2016.5",
            },
        )
    )
    assert_plain(messages)
    assert "企业名称最多200个字，现有201个字。" in messages
    assert "市级示范企业认定年度应为整数，例如 120。" in messages


def test_report_figures_too_long_or_not_whole_say_which_figure(client, liangyuan_officer):
    client.force_login(liangyuan_officer)
    url = reverse("report_form", args=["411402", 2016, 3])
    data = {"transaction_usd": "1" * 20, "employees": "1.5", "reporting_enterprises": "", "remark": "", "save": "1"}
    messages = errors_of(client.post(url, data))
    assert_plain(messages)
    assert "跨境电商交易额（美元）的数字太长：最多18位数字。" in messages
    assert "从业人员（人）应为整数，例如 120。" in messages
    assert "请填写按时准确填报企业数（家）。" in messages


def test_the_same_messages_in_english(client, liangyuan_officer):
    client.force_login(liangyuan_officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("report_form", args=["411402", 2016, 3])
    data = {"transaction_usd": "1" * 20, "employees": "1.5", "reporting_enterprises": "3", "remark": "", "save": "1"}
    messages = errors_of(client.post(url, data))
    assert "Employees (people) must be a whole number, e.g. 120." in messages


def test_the_park_form_names_a_wrong_date(client, liangyuan_officer):
    client.force_login(liangyuan_officer)
    url = reverse("registry_add", args=["411402", "parks"])
    messages = errors_of(
        client.post(url, {"name": "乙园区", "established_on": "", "status": "operating", "industry": "other"})
    )
    assert_plain(messages)
    assert "请填写建成日期。" in messages


def test_the_admin_user_form_names_the_field(client, city_admin, liangyuan_officer):
    client.force_login(city_admin)
    url = reverse("admin:auth_user_change", args=[liangyuan_officer.pk])
    data = {"username": "u" * 151, "first_name": "", "last_name": "", "email": "x", "is_active": "on"}
    data |= {"membership-TOTAL_FORMS": "0", "membership-INITIAL_FORMS": "0"}
    messages = errors_of(client.post(url, data))
    assert_plain(messages)
    assert any(m.startswith("用户名最多150个字") for m in messages), messages


def test_the_admin_enterprise_form_names_the_field(client, city_admin):
    client.force_login(city_admin)
    url = reverse("admin:enterprises_enterprise_add")
    data = {
        "name": "甲" * 201,
        "credit_code": builders.credit_code(2),
        "county": builders.county("411402").pk,
        "filed_on": "x",
    }
    data |= {"reports-TOTAL_FORMS": "0", "reports-INITIAL_FORMS": "0"}
    messages = errors_of(client.post(url, data))
    assert_plain(messages)
    assert "企业名称最多200个字，现有201个字。" in messages
    assert "备案认定日期应为有效日期，例如 2017-03-31。" in messages


def test_the_admin_target_form_names_the_field(client, city_admin, plan):
    client.force_login(city_admin)
    url = reverse("admin:targets_target_add")
    indicator = plan.targets.first().indicator
    data = {"plan": plan.pk, "indicator": indicator.pk, "year": "x", "minimum": "1" * 20, "counts": "stock"}
    messages = errors_of(client.post(url, data))
    assert_plain(messages)
    assert "年度应为整数，例如 120。" in messages
    assert any(m.startswith("下限的数字太长") for m in messages), messages
