"""The indicator page: every county's actual against its quota, the trend, and the records behind the number."""

import datetime
from decimal import Decimal

import pytest

from tests import builders
from tests.dashboards.dashboards import data_state, many_enterprises

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_leader(client, leader):
    client.force_login(leader)
    return client


def test_breakdown_shows_each_county_against_its_own_quota(as_leader):
    for _ in range(8):
        builders.enterprise("411403", filed_on=datetime.date(2016, 3, 1))
    builders.enterprise("411481", filed_on=datetime.date(2016, 3, 1))
    response = as_leader.get("/indicators/enterprises_filed/", {"year": 2016})
    rows = {r.county.code: r for r in response.context["page"].breakdown}
    assert rows["411403"].actual == 8 and rows["411403"].progress.target.minimum == 8
    assert rows["411481"].actual == 1 and rows["411481"].progress is None  # counted, no quota
    html = response.content.decode()
    assert data_state(html, "county-411403") == "met"
    assert data_state(html, "county-411402") == "overdue"


def test_city_wide_actual_is_the_sum_over_all_units(as_leader):
    builders.enterprise("411403", filed_on=datetime.date(2016, 3, 1))
    builders.enterprise("411481", filed_on=datetime.date(2016, 3, 1))
    page = as_leader.get("/indicators/enterprises_filed/", {"year": 2016}).context["page"]
    assert page.city.progress.actual == 2


def test_trend_is_the_running_total_by_quarter_with_the_target_line(as_leader):
    for quarter in (1, 2, 3):
        builders.report("411402", year=2016, quarter=quarter, transaction_usd=Decimal(50_000_000))
    response = as_leader.get("/indicators/transaction_usd/", {"year": 2016, "quarter": 3})
    chart = response.context["trend_chart"]
    assert chart["values"] == [0.5, 1.0, 1.5]
    assert chart["line"] == 3.0 and chart["unit"] == "亿美元"
    assert data_state(response.content.decode(), "city-target") == "behind"


def test_records_behind_the_number_are_listed_fifty_at_a_time(as_leader):
    many_enterprises(60, ["411402"])
    response = as_leader.get("/indicators/enterprises_filed/", {"year": 2018})
    records = response.context["records"]
    assert records.total == 60 - 3  # three deregistered by the end of 2018
    assert len(records.records) == 50 and records.is_first and not records.is_last
    second = as_leader.get("/indicators/enterprises_filed/", {"year": 2018, "after": records.next_cursor})
    assert len(second.context["records"].records) == 7 and second.context["records"].is_last


def test_records_can_be_narrowed_to_one_county(as_leader):
    builders.enterprise("411402", name="梁园一号")
    builders.enterprise("411403", name="睢阳一号")
    html = as_leader.get("/indicators/enterprises_filed/", {"year": 2016, "county": "411403"}).content.decode()
    assert "睢阳一号" in html and "梁园一号" not in html


def test_county_staff_see_only_their_own_countys_records(client, liangyuan_officer):
    builders.enterprise("411402", name="梁园一号")
    builders.enterprise("411403", name="睢阳一号")
    client.force_login(liangyuan_officer)
    html = client.get("/indicators/enterprises_filed/", {"year": 2016}).content.decode()
    assert "梁园一号" in html and "睢阳一号" not in html
    assert client.get("/indicators/enterprises_filed/", {"year": 2016, "county": "411403"}).status_code == 404


def test_quarterly_indicators_list_the_counted_reports(as_leader):
    builders.report("411402", year=2016, quarter=1, employees=321)
    html = as_leader.get("/indicators/employees/", {"year": 2016}).content.decode()
    assert "梁园区" in html and "321" in html and "第1季度" in html


def test_an_indicator_with_only_county_quotas_has_no_city_target(as_leader):
    builders.park("411402", is_specialised=True, established_on=datetime.date(2018, 3, 1))
    response = as_leader.get("/indicators/parks_specialised/", {"year": 2018})
    assert response.status_code == 200
    assert response.context["page"].city is None
    assert data_state(response.content.decode(), "county-411402") == "met"


@pytest.mark.parametrize(
    "url",
    [
        "/indicators/nonexistent/",
        "/indicators/employees/?year=2019",
        "/indicators/employees/?quarter=5",
        "/indicators/employees/?quarter=-1",
        "/indicators/employees/?county=999999",
    ],
)
def test_bad_input_is_not_found(as_leader, url):
    assert as_leader.get(url).status_code == 404


def test_an_old_page_number_link_shows_the_first_page(as_leader):
    builders.enterprise("411402")
    response = as_leader.get("/indicators/enterprises_filed/", {"year": 2016, "page": 99})
    assert response.status_code == 200 and len(response.context["records"].records) == 1
