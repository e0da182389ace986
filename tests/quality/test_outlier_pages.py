"""Outliers where people meet them: coloured on the form and in the review queue, listed on the outlier page;
normal ranges generated and changed by city admins on the bounds page."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from counties.models import ReportStatus
from quality import services
from quality.models import MinMaxBound, OutlierSettings
from tests import builders

pytestmark = pytest.mark.django_db
D = Decimal
PEERS = ["411403", "SQZ01", "411425", "411426", "411424", "411423"]


def input_tag(page: str, name: str) -> str:
    return re.search(rf'<input[^>]*name="{name}"[^>]*>', page).group()


def approved_history(code="411402", employees=(10, 12, 14, 16)):
    """Employees 10, 12, 14, 16 in 2016: mean 13, sample sd 2.582; with k = 2 the range is 7 to 19."""
    for quarter, people in enumerate(employees, 1):
        builders.report(code, 2016, quarter, employees=people, transaction_usd=D(1000 * quarter))


def peers_in_2017_q1(people=(10, 11, 11, 12, 12, 13)):
    for code, n in zip(PEERS, people, strict=True):
        builders.report(code, 2017, 1, employees=n, status=ReportStatus.SUBMITTED)


def test_a_figure_outside_the_countys_range_is_coloured_on_the_form(client, city_admin, liangyuan_officer):
    approved_history()
    services.bounds_generate(user=city_admin, k=D(2), min_history=4)
    builders.report("411402", 2017, 1, employees=25, transaction_usd=D(4000), status=ReportStatus.DRAFT)
    client.force_login(liangyuan_officer)
    page = client.get(reverse("report_form", args=["411402", 2017, 1])).content.decode()
    assert 'class="flag-outlier"' in input_tag(page, "employees")
    assert "flag-" not in input_tag(page, "transaction_usd")
    assert "从业人员（人）超出本县区正常范围" in page and "数值 25，正常范围 7～19" in page


def test_an_outlier_is_coloured_in_the_review_queue(client, city_admin):
    approved_history()
    services.bounds_generate(user=city_admin, k=D(2), min_history=4)
    builders.report("411402", 2017, 1, employees=25, transaction_usd=D(4000), status=ReportStatus.SUBMITTED)
    client.force_login(city_admin)
    page = client.get(reverse("review_queue")).content.decode()
    assert "num flag-outlier" in page
    assert "从业人员（人）超出本县区正常范围" in page


def test_the_outlier_page_lists_the_quarters_outliers_with_a_button_to_follow_up(client, city_admin):
    peers_in_2017_q1()
    builders.report("411402", 2017, 1, employees=50, status=ReportStatus.SUBMITTED)
    client.force_login(city_admin)
    response = client.get(reverse("quality:outliers"), {"year": 2017, "quarter": 1})
    rows = response.context["rows"]
    assert [(r.report.county.code, r.figure) for r in rows] == [("411402", "employees")]
    page = response.content.decode()
    assert "修正Z值 25.63（7个县区的中位数 12，阈值 3.5）" in page and "标记跟进" in page


def test_the_outlier_page_can_show_every_value_of_one_figure(client, city_admin):
    peers_in_2017_q1()
    builders.report("411402", 2017, 1, employees=50, status=ReportStatus.SUBMITTED)
    client.force_login(city_admin)
    response = client.get(reverse("quality:outliers"), {"year": 2017, "quarter": 1, "figure": "employees", "all": "1"})
    assert len(response.context["rows"]) == 7
    assert client.get(reverse("quality:outliers"), {"figure": "remark"}).status_code == 404
    assert client.get(reverse("quality:outliers"), {"year": 2017, "quarter": 7}).status_code == 404


def test_a_county_officer_sees_only_the_outliers_of_their_own_county(client, liangyuan_officer, suiyang_officer):
    peers_in_2017_q1(people=(10, 11, 11, 12, 12, 90))  # 宁陵县 stands out
    builders.report("411402", 2017, 1, employees=50, status=ReportStatus.SUBMITTED)
    client.force_login(liangyuan_officer)
    response = client.get(reverse("quality:outliers"), {"year": 2017, "quarter": 1})
    assert {r.report.county.code for r in response.context["rows"]} == {"411402"}
    assert "标记跟进" not in response.content.decode()
    client.force_login(suiyang_officer)
    assert client.get(reverse("quality:outliers"), {"year": 2017, "quarter": 1}).context["rows"] == []


def test_a_city_admin_generates_the_ranges_with_their_own_k_and_minimum_history(client, city_admin):
    approved_history()
    client.force_login(city_admin)
    response = client.post(reverse("quality:bounds"), {"k": "2", "min_history": "4"}, follow=True)
    assert "已根据已审核的历史数据生成3个正常范围" in response.content.decode()
    bound = MinMaxBound.objects.get(figure="employees")
    assert (bound.minimum, bound.maximum, bound.k) == (7, 19, 2)
    settings = OutlierSettings.current()
    assert (settings.k, settings.min_history) == (2, 4)


def test_a_k_out_of_range_is_refused_with_a_message(client, city_admin):
    client.force_login(city_admin)
    page = client.post(reverse("quality:bounds"), {"k": "0", "min_history": "1"}).content.decode()
    assert "k 应在0.5到10之间。" in page and "最少历史季度数应在2到40之间。" in page
    assert not MinMaxBound.objects.exists()


def test_a_city_admin_sets_a_range_by_hand(client, city_admin):
    approved_history()
    services.bounds_generate(user=city_admin, k=D(2), min_history=4)
    bound = MinMaxBound.objects.get(figure="employees")
    client.force_login(city_admin)
    url = reverse("quality:bound_edit", args=[bound.pk])
    assert "修改正常范围：梁园区 从业人员（人）" in client.get(url).content.decode()
    page = client.post(url, {"minimum": "20", "maximum": "5"}).content.decode()
    assert "上限不能小于下限。" in page
    response = client.post(url, {"minimum": "5", "maximum": "40"}, follow=True)
    assert "已保存：梁园区 从业人员（人）（手工设定，重新生成时保留）。" in response.content.decode()
    bound.refresh_from_db()
    assert (bound.minimum, bound.maximum, bound.is_generated) == (5, 40, False)
    assert bound.history.first().history_user == city_admin


def test_leaders_read_the_ranges_but_cannot_change_them(client, leader, city_admin):
    approved_history()
    services.bounds_generate(user=city_admin, k=D(2), min_history=4)
    bound = MinMaxBound.objects.get(figure="employees")
    client.force_login(leader)
    page = client.get(reverse("quality:bounds")).content.decode()
    assert "梁园区" in page and "根据历史数据重新生成" not in page
    assert client.post(reverse("quality:bounds"), {"k": "1", "min_history": "4"}).status_code == 403
    assert client.post(reverse("quality:bound_edit", args=[bound.pk]), {"minimum": 0, "maximum": 1}).status_code == 403


def test_county_staff_do_not_reach_the_ranges(client, liangyuan_officer):
    client.force_login(liangyuan_officer)
    assert client.get(reverse("quality:bounds")).status_code == 403


def test_the_command_generates_the_ranges_with_the_current_settings(capsys):
    from django.core.management import call_command

    approved_history()
    call_command("generate_bounds", "--k", "2")
    assert "已生成 3 个正常范围（k = 2，至少 4 个已审核季度）。" in capsys.readouterr().out
    assert MinMaxBound.objects.get(figure="employees").maximum == 19
    call_command("generate_bounds", "--min-history", "5")
    assert not MinMaxBound.objects.exists()


def test_the_command_refuses_a_k_that_is_not_a_number():
    from django.core.management import call_command
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="k 应为数字：三"):
        call_command("generate_bounds", "--k", "三")
