"""The county scorecard: mean of capped completion ratios over a county's own quotas, and the ranking."""

import datetime
from decimal import Decimal

import pytest

from counties.models import County
from dashboards.scorecard import SCORING_RULE, CountyScore, composite_score, rank
from targets.models import Target
from targets.progress import Period, Progress
from tests import builders
from tests.dashboards.dashboards import many_enterprises

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 25)


def quota(minimum, actual):
    return Progress(Target(minimum=Decimal(minimum)), Period(2016, 4), Decimal(actual), TODAY)


@pytest.fixture
def as_leader(client, leader):
    client.force_login(leader)
    return client


def card(client, year=2016, **query):
    response = client.get(f"/scorecard/{year}/", query)
    assert response.status_code == 200
    return response.context["card"]


def row_of(card, code):
    return next(r for r in card.rows if r.county.code == code)


# --- the rule ------------------------------------------------------------------------------------


def test_score_is_the_mean_of_completion_ratios():
    assert composite_score([quota(10, 5), quota(4, 3)]) == Decimal("0.625")


def test_exactly_the_quota_scores_100_percent():
    assert composite_score([quota(10, 10)]) == Decimal(1)


def test_over_fulfilling_one_quota_does_not_make_up_for_another():
    assert composite_score([quota(10, 30), quota(2, 0)]) == Decimal("0.5")


def test_a_county_without_quotas_has_no_score():
    assert composite_score([]) is None


def test_equal_scores_share_a_rank_and_the_next_rank_is_skipped():
    rows = [CountyScore(f"c{i}", {1: quota(10, n)}) for i, n in enumerate([5, 10, 20, 3])]
    assert [(r.county, r.rank) for r in rank(rows)] == [("c1", 1), ("c2", 1), ("c0", 3), ("c3", 4)]


# --- the page ------------------------------------------------------------------------------------


def test_liangyuan_2016_is_scored_on_its_ten_filed_enterprises(as_leader):
    for _ in range(7):
        builders.enterprise("411402", filed_on=datetime.date(2016, 3, 1))
    liangyuan = row_of(card(as_leader), "411402")
    assert [p.target.minimum for p in liangyuan.quotas] == [10]
    assert liangyuan.score == Decimal("0.7")


def test_suiyang_2016_averages_parks_enterprises_and_training_bases(as_leader):
    many_enterprises(8, ["411403"])  # filed over 2016-2018: 3 of them by the end of 2016
    builders.training_base("411403", established_on=datetime.date(2016, 4, 1))
    builders.training_base("411403", established_on=datetime.date(2016, 5, 1))
    suiyang = row_of(card(as_leader), "411403")
    # parks 0/1, enterprises 3/8, bases 2/1 capped to 1
    assert suiyang.score == (Decimal(0) + Decimal(3) / 8 + Decimal(1)) / 3


def test_exactly_100_and_200_percent_tie_at_the_top(as_leader):
    for _ in range(10):
        builders.enterprise("411402", filed_on=datetime.date(2016, 3, 1))
    for _ in range(16):
        builders.enterprise("411403", filed_on=datetime.date(2016, 3, 1))
    builders.park("411403", established_on=datetime.date(2016, 3, 1))
    builders.training_base("411403", established_on=datetime.date(2016, 3, 1))
    result = card(as_leader)
    assert row_of(result, "411402").score == row_of(result, "411403").score == 1
    assert row_of(result, "411402").rank == row_of(result, "411403").rank == 1
    assert result.ranked[2].rank == 3


def test_a_county_without_quotas_is_listed_apart_and_not_ranked(as_leader):
    for _ in range(30):
        builders.enterprise("411481", filed_on=datetime.date(2016, 3, 1))
    result = card(as_leader)
    yongcheng = row_of(result, "411481")
    assert yongcheng in result.unranked
    assert yongcheng.rank is None and yongcheng.score is None
    assert all(r.county.code != "411481" for r in result.ranked)


def test_the_rule_is_written_on_the_page(as_leader):
    html = as_leader.get("/scorecard/2016/").content.decode()
    assert SCORING_RULE in html
    assert "超过100%按100%计" in html


def test_the_matrix_has_a_column_per_indicator_with_county_quotas(as_leader):
    codes = [i.code for i in card(as_leader, 2017).indicators]
    assert codes == ["enterprises_filed", "demo_parks_new", "overseas_warehouses_public", "training_bases"]


def test_every_unit_appears_once(as_leader):
    assert len(card(as_leader).rows) == County.objects.units().count()


def test_scorecard_without_a_year_goes_to_the_default_year(as_leader):
    builders.report("411402", year=2017, quarter=1)
    response = as_leader.get("/scorecard/", {"quarter": 2})
    assert response.status_code == 302
    assert response.url == "/scorecard/2017/?quarter=2"


@pytest.mark.parametrize("url", ["/scorecard/2019/", "/scorecard/2015/", "/scorecard/2016/?quarter=5"])
def test_a_year_outside_the_plan_is_not_found(as_leader, url):
    assert as_leader.get(url).status_code == 404


def test_county_staff_see_the_ranking_but_link_only_their_own_county(client, liangyuan_officer):
    client.force_login(liangyuan_officer)
    html = client.get("/scorecard/2016/").content.decode()
    assert 'href="/counties/411402/"' in html
    assert 'href="/counties/411403/"' not in html
    assert "睢阳区" in html
