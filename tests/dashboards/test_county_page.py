"""The county page: its quotas across the plan's years, registries and quarterly figures; who may open it."""

import datetime
from decimal import Decimal

import pytest

from counties.models import ReportStatus
from tests import builders
from tests.dashboards.dashboards import data_state

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_the_login_page(client):
    response = client.get("/counties/411402/")
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_liangyuan_officer_sees_liangyuan(client, liangyuan_officer):
    client.force_login(liangyuan_officer)
    assert client.get("/counties/411402/").status_code == 200


def test_liangyuan_officer_cannot_see_suiyang(client, liangyuan_officer):
    client.force_login(liangyuan_officer)
    assert client.get("/counties/411403/").status_code == 404


@pytest.mark.parametrize("user", ["leader", "city_admin"])
def test_leaders_and_city_admins_see_every_county(client, request, user):
    client.force_login(request.getfixturevalue(user))
    assert client.get("/counties/411403/").status_code == 200


@pytest.mark.parametrize("code", ["999999", "411400", "<script>"])
def test_unknown_codes_and_the_city_itself_are_not_found(client, leader, code):
    client.force_login(leader)
    assert client.get(f"/counties/{code}/").status_code == 404


def test_liangyuan_quotas_of_each_year_with_state(client, leader):
    for _ in range(10):
        builders.enterprise("411402", filed_on=datetime.date(2016, 2, 1))
    client.force_login(leader)
    response = client.get("/counties/411402/")
    years = {y.year: [p.target.indicator.code for p in y.progress] for y in response.context["page"].years}
    assert years[2016] == ["enterprises_filed"]
    assert "parks_specialised" in years[2018]
    html = response.content.decode()
    assert data_state(html, "target-2016-enterprises_filed") == "met"
    assert data_state(html, "target-2017-enterprises_filed") == "overdue"  # 10 of 20
    assert "≥10家" in html


def test_registry_counts_leave_out_deregistered_enterprises(client, leader):
    builders.enterprise("411402")
    builders.enterprise("411402", deregistered_on=datetime.date(2017, 1, 1))
    builders.enterprise("411403")
    client.force_login(leader)
    registries = {r.model: r.count for r in client.get("/counties/411402/").context["page"].registries}
    assert registries["enterprise"] == 1


def test_city_admins_get_links_to_the_admin_lists_filtered_by_county(client, city_admin, liangyuan):
    client.force_login(city_admin)
    html = client.get("/counties/411402/").content.decode()
    assert f"/admin/enterprises/enterprise/?county__id__exact={liangyuan.pk}" in html


def test_leaders_get_links_to_the_counted_records_instead(client, leader):
    client.force_login(leader)
    html = client.get("/counties/411402/").content.decode()
    assert "/admin/" not in html
    assert "/indicators/enterprises_filed/?county=411402" in html


def test_quarterly_figures_in_chinese_units_without_drafts(client, leader):
    builders.report("411402", year=2016, quarter=1, transaction_usd=Decimal(12_345_678), employees=42)
    builders.report("411402", year=2016, quarter=2, status=ReportStatus.DRAFT, employees=99)
    client.force_login(leader)
    response = client.get("/counties/411402/")
    html = response.content.decode()
    assert "0.12亿美元" in html and "42人" in html
    assert "99人" not in html
    assert response.context["page"].chart()["employees"] == [42]


def test_the_county_chart_counts_only_approved_figures_unless_pending_are_asked_for(client, leader):
    from counties.models import ReportStatus

    builders.report("411402", 2016, 1, status=ReportStatus.APPROVED, employees=40)
    builders.report("411402", 2016, 2, status=ReportStatus.SUBMITTED, employees=55)
    client.force_login(leader)
    assert client.get("/counties/411402/").context["page"].chart()["employees"] == [40]
    pending = client.get("/counties/411402/", {"pending": "1"}).context["page"].chart()
    assert pending["employees"] == [40, 55]
