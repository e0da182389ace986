"""Year-end forecasts: run rate for flows, quarterly trend for stocks that grow every quarter, no linear
extrapolation of parks, warehouses, bases and titles; the page opens where there is something to forecast."""

import datetime
import re
from decimal import Decimal

import pytest

from dashboards.forecast import Method, method_for, project
from targets.models import Target
from tests import builders

pytestmark = pytest.mark.django_db
D = Decimal


def test_run_rate_extrapolates_the_sum_so_far_to_four_quarters():
    assert project([D(1), D(3)], Method.RUN_RATE) == D(6)
    assert project([D(1), D(2), D(3)], Method.RUN_RATE) == D(4)


def test_trend_adds_the_average_quarterly_increase_for_the_remaining_quarters():
    assert project([D(100), D(150)], Method.TREND) == D(250)
    assert project([D(100), D(130), D(160)], Method.TREND) == D(190)


def test_trend_needs_two_quarters():
    assert project([D(100)], Method.TREND) is None


def test_at_the_fourth_quarter_the_forecast_is_the_actual():
    assert project([D(1), D(2), D(3), D(7)], Method.RUN_RATE) == D(7)
    assert project([D(1), D(2), D(3), D(7)], Method.TREND) == D(7)


def test_recognitions_are_not_forecast():
    assert project([D(1), D(2)], Method.NONE) is None


@pytest.mark.parametrize(
    ("indicator", "counts", "method"),
    [
        ("transaction_usd", "new", Method.RUN_RATE),
        ("employees", "stock", Method.TREND),
        ("enterprises_reporting", "stock", Method.TREND),
        ("enterprises_filed", "stock", Method.TREND),
        ("parks_new", "new", Method.PROJECTS),
        ("parks_specialised", "stock", Method.PROJECTS),
        ("overseas_warehouses_public", "new", Method.PROJECTS),
        ("training_bases", "stock", Method.PROJECTS),
        ("training_bases", "new", Method.PROJECTS),
        ("demo_enterprises_city", "stock", Method.NONE),
        ("demo_bases_national", "stock", Method.NONE),
    ],
)
def test_method_follows_what_the_indicator_measures(plan, indicator, counts, method):
    target = Target.objects.filter(plan=plan, indicator__code=indicator, counts=counts).first()
    assert method_for(target) == method


@pytest.fixture
def as_leader(client, leader):
    client.force_login(leader)
    return client


def forecast_of(client, indicator, county="city", **query):
    response = client.get("/forecast/", query)
    assert response.status_code == 200
    rows = response.context["sections"][0][1] + response.context["sections"][1][1]
    for row in rows:
        code = row.target.county.code if row.target.county_id else "city"
        if row.target.indicator.code == indicator and code == county:
            return row.forecast, response.content.decode()
    raise LookupError(indicator)


def test_half_a_hundred_million_a_quarter_will_miss_three_hundred_million(as_leader):
    for quarter in (1, 2):
        builders.report("411402", year=2016, quarter=quarter, transaction_usd=D(50_000_000))
    forecast, html = forecast_of(as_leader, "transaction_usd", year=2016, quarter=2)
    assert forecast.value == D(200_000_000)
    assert forecast.will_miss
    assert re.search(r'id="forecast-transaction_usd-city"[^>]*data-will-miss="1"', html)
    assert "2.00亿美元" in html


def test_a_pace_reaching_exactly_the_aspirational_bound_is_on_track(as_leader):
    for quarter in (1, 2):
        builders.report("411402", year=2016, quarter=quarter, transaction_usd=D(75_000_000))
    forecast, _ = forecast_of(as_leader, "transaction_usd", year=2016, quarter=2)
    assert forecast.value == D(300_000_000)
    assert not forecast.will_miss


def test_employees_trending_to_exactly_1500_will_miss_more_than_1500(as_leader):
    builders.report("411402", year=2017, quarter=1, employees=900)
    builders.report("411402", year=2017, quarter=2, employees=1100)
    forecast, _ = forecast_of(as_leader, "employees", year=2017, quarter=2)
    assert forecast.value == D(1500)
    assert forecast.will_miss


def test_a_county_quota_is_forecast_too(as_leader):
    builders.enterprise("411402", filed_on=datetime.date(2017, 2, 1))
    builders.enterprise("411402", filed_on=datetime.date(2017, 5, 1))
    builders.enterprise("411402", filed_on=datetime.date(2017, 8, 1))
    forecast, _ = forecast_of(as_leader, "enterprises_filed", "411402", year=2017, quarter=3)
    assert forecast.value == D(4)  # 1, 2, 3 -> +1 a quarter
    assert forecast.will_miss  # quota 20


def test_at_year_end_nothing_is_flagged_the_state_says_overdue(as_leader):
    builders.report("411402", year=2016, quarter=4, transaction_usd=D(1))
    forecast, html = forecast_of(as_leader, "transaction_usd", year=2016, quarter=4)
    assert forecast.is_final and not forecast.will_miss
    assert "will-miss" not in html


def test_the_method_is_stated_once_per_indicator_not_in_every_row(as_leader):
    html = as_leader.get("/forecast/", {"year": 2018, "quarter": 2}).content.decode()
    assert html.count(Method.RUN_RATE.label) == 1  # the transaction volume only
    assert html.count('id="method-parks_specialised"') == 1  # eight county quotas, one method line
    table = html[html.index('id="forecast-counties"') :]
    assert Method.PROJECTS.label not in table and Method.TREND.label not in table


def test_one_specialised_park_at_the_second_quarter_is_not_extrapolated_to_three(as_leader):
    builders.park("411402", established_on=datetime.date(2018, 5, 1), is_specialised=True)
    forecast, html = forecast_of(as_leader, "parks_specialised", "411402", year=2018, quarter=2)
    assert forecast.method == Method.PROJECTS and forecast.value is None
    assert forecast.needed is None  # 梁园区's quota of one is reached
    forecast, html = forecast_of(as_leader, "parks_specialised", "411403", year=2018, quarter=2)
    assert forecast.value is None and forecast.needed == 1 and not forecast.will_miss
    row = html[html.index('id="forecast-parks_specialised-411403"') :]
    assert "尚差1个" in row[: row.index("</tr>")]


def test_demonstration_titles_say_how_many_are_still_needed(as_leader):
    forecast, _ = forecast_of(as_leader, "demo_enterprises_city", year=2018, quarter=2)
    assert forecast.method == Method.NONE and forecast.value is None and forecast.needed == 15


def test_more_than_1500_people_needs_1501(as_leader):
    from dashboards.forecast import still_needed

    target = Target.objects.get(indicator__code="employees", year=2017, county=None)
    assert still_needed(target, D(1400)) == 101 and still_needed(target, D(1501)) is None


def test_people_are_projected_in_whole_numbers(as_leader):
    for quarter, people in ((1, 100), (2, 101), (3, 103)):
        builders.report("411402", year=2016, quarter=quarter, employees=people)
    forecast, _ = forecast_of(as_leader, "employees", year=2016, quarter=3)
    assert forecast.value == D(105)  # 103 + 1.5, rounded


def test_a_past_year_opens_on_its_last_quarter_with_figures_before_the_fourth(as_leader):
    for quarter in (1, 2, 3, 4):
        builders.report("411402", year=2016, quarter=quarter)
    response = as_leader.get("/forecast/", {"year": 2016})
    assert response.context["choice"].quarter == 3
    assert 'id="final-quarter"' not in response.content.decode()


def test_a_past_year_whose_figures_stop_at_the_second_quarter_opens_there(as_leader):
    for quarter in (1, 2):
        builders.report("411402", year=2017, quarter=quarter)
    assert as_leader.get("/forecast/", {"year": 2017}).context["choice"].quarter == 2


def test_the_current_year_opens_on_the_last_quarter_that_has_ended(as_leader):
    from dashboards.selectors import forecast_quarter

    assert forecast_quarter(2017, datetime.date(2017, 8, 20)) == 2  # Q3 is running: Q2 has ended
    builders.report("411402", year=2017, quarter=1)
    assert forecast_quarter(2017, datetime.date(2017, 8, 20)) == 1  # Q2's figures are not in yet
    assert forecast_quarter(2017, datetime.date(2017, 2, 20)) == 1  # Q1 running


def test_the_fourth_quarter_asked_for_says_there_is_nothing_left_to_forecast(as_leader):
    html = as_leader.get("/forecast/", {"year": 2016, "quarter": 4}).content.decode()
    assert 'id="final-quarter"' in html


def test_the_overview_flags_targets_that_will_be_missed(as_leader):
    builders.report("411402", year=2016, quarter=1, transaction_usd=D(10_000_000))
    html = as_leader.get("/", {"year": 2016, "quarter": 1}).content.decode()
    row = html[html.index('id="target-transaction_usd"') :]
    assert "预计难以完成" in row[: row.index("</tr>")]
