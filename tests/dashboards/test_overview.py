"""The overview at "/": every city-wide target of a year, its state colour, headlines, selectors."""

import datetime
from decimal import Decimal

import pytest

from counties.models import ReportStatus
from targets.models import Milestone, MilestoneStatus, Target
from tests import builders
from tests.dashboards.dashboards import data_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_leader(client, leader):
    client.force_login(leader)
    return client


def page(client, **query):
    response = client.get("/", query)
    assert response.status_code == 200
    return response.content.decode()


def test_anonymous_is_sent_to_the_login_page(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_county_staff_may_see_the_city_overview(client, liangyuan_officer):
    client.force_login(liangyuan_officer)
    assert client.get("/overview/", {"year": 2016}).status_code == 200
    # "/?year=…" (old links) still opens the overview; "/" alone is their to-do
    assert client.get("/", {"year": 2016}).status_code == 200
    assert client.get("/").url == "/todo/"


def test_default_year_is_the_latest_with_data(as_leader):
    builders.report("411402", year=2017, quarter=3)
    response = as_leader.get("/")
    assert response.context["choice"].year == 2017
    assert response.context["choice"].quarter == 4  # 2017 is over


def test_default_year_without_any_data_is_the_latest_plan_year_so_far(as_leader):
    assert as_leader.get("/").context["choice"].year == 2018


def test_quarter_selector_takes_actuals_at_that_quarters_end(as_leader):
    builders.report("411402", year=2016, quarter=1, employees=100)
    builders.report("411402", year=2016, quarter=3, employees=400)
    q2 = as_leader.get("/", {"year": 2016, "quarter": 2}).context["page"]
    employees = next(r for r in q2.rows if r.target.indicator.code == "employees")
    assert employees.progress.actual == 100
    assert [p.actual for p in employees.trend] == [100, 100]


@pytest.mark.parametrize("query", [{"year": 2015}, {"year": 2019}, {"quarter": 5}, {"quarter": 0}, {"year": "x"}])
def test_a_year_or_quarter_outside_the_plan_is_not_found(as_leader, query):
    assert as_leader.get("/", query).status_code == 404


def test_every_city_wide_target_of_the_year_is_listed(as_leader, plan):
    rows = as_leader.get("/", {"year": 2017}).context["page"].rows
    assert len(rows) == Target.objects.of_year(plan, 2017).city_wide().count() == 11
    assert all(r.target.county_id is None and r.target.year == 2017 for r in rows)


def test_headline_numbers_come_first_in_chinese_units(as_leader):
    builders.report("411402", year=2016, quarter=1, transaction_usd=Decimal(300_000_000), employees=751)
    html = page(as_leader, year=2016)
    assert html.index('id="headline-enterprises_filed"') < html.index('id="overview-table"')
    assert "3.00亿美元" in html
    assert "751人" in html


# --- state colours at the boundaries --------------------------------------------------------------


@pytest.mark.parametrize(("parks", "state"), [(0, "overdue"), (1, "in_range"), (2, "met")])
def test_new_parks_range_1_to_2_in_2016(as_leader, parks, state):
    for _ in range(parks):
        builders.park("411403", established_on=datetime.date(2016, 6, 1))
    assert data_state(page(as_leader, year=2016), "target-parks_new") == state


def test_a_park_built_in_2015_is_not_new_in_2016(as_leader):
    builders.park("411403", established_on=datetime.date(2015, 6, 1))
    assert data_state(page(as_leader, year=2016), "target-parks_new") == "overdue"


@pytest.mark.parametrize(("employees", "state"), [(1500, "overdue"), (1501, "met")])
def test_strict_bound_more_than_1500_employees_in_2017(as_leader, employees, state):
    builders.report("411402", year=2017, quarter=4, employees=employees - 1)
    builders.report("411403", year=2017, quarter=4, employees=1)
    assert data_state(page(as_leader, year=2017), "target-employees") == state


def test_behind_before_the_year_is_over_is_not_overdue(as_leader):
    builders.report("411402", year=2017, quarter=2, employees=10)
    assert data_state(page(as_leader, year=2017, quarter=2), "target-employees") == "behind"


@pytest.mark.parametrize(("usd", "state"), [(299_999_999, "overdue"), (300_000_000, "met")])
def test_aspirational_300_million_dollars_in_2016_counts_like_any_target(as_leader, usd, state):
    builders.report("411402", year=2016, quarter=2, transaction_usd=Decimal(usd))
    html = page(as_leader, year=2016)
    assert data_state(html, "target-transaction_usd") == state
    row = html[html.index('id="target-transaction_usd"') :]
    assert "争创/力争" in row[: row.index("</tr>")]


def test_pending_figures_count_only_when_asked(as_leader):
    builders.report("411402", year=2016, quarter=1, employees=800, status=ReportStatus.SUBMITTED)
    assert data_state(page(as_leader, year=2016), "target-employees") == "overdue"
    assert data_state(page(as_leader, year=2016, pending=1), "target-employees") == "met"


def test_the_years_milestones_are_listed_with_their_status(as_leader, plan):
    Milestone.objects.filter(plan=plan, code="bonded_logistics_centre").update(
        status=MilestoneStatus.DONE, reached_on=datetime.date(2016, 11, 1)
    )
    html = page(as_leader, year=2016)
    assert data_state(html, "milestone-bonded_logistics_centre") == "met"
    assert data_state(html, "milestone-second_stage_demo_city") == "overdue"
    assert "milestone-customs_upgrade" not in html  # due 2017


def test_the_page_has_a_print_button_and_local_echarts(as_leader):
    html = page(as_leader, year=2016)
    assert "data-print" in html
    assert "/static/vendor/echarts/echarts.min.js" in html
    assert "cdn" not in html.lower()
