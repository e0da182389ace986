"""The records behind an indicator's number: paged by key, in an order the user picks, one county or all."""

import datetime
import re

import pytest

from counties.models import County
from enterprises.models import Enterprise
from tests import builders
from tests.dashboards.dashboards import many_enterprises, reports_for

pytestmark = pytest.mark.django_db

URL = "/indicators/enterprises_filed/"


@pytest.fixture
def as_leader(client, leader):
    client.force_login(leader)
    return client


def standing(year, county_code=None) -> int:
    """Enterprises filed and not deregistered at the end of ``year``, counted plainly."""
    end = datetime.date(year, 12, 31)
    firms = Enterprise.objects.filter(filed_on__lte=end).exclude(deregistered_on__lte=end)
    return firms.filter(county__code=county_code).count() if county_code else firms.count()


def walk(client, params, direction="after"):
    """Every page from the first (or, going back, from the last): the records listed and each page."""
    pages, cursor = [], None
    start = {} if direction == "after" else {"last": "1"}
    while True:
        response = client.get(URL, {**params, **({direction: cursor} if cursor else start)})
        assert response.status_code == 200
        page = response.context["records"]
        pages.append(page)
        cursor = page.next_cursor if direction == "after" else page.previous_cursor
        if cursor is None:
            break
    if direction == "before":
        pages.reverse()
    return [r for page in pages for r in page.records], pages


def test_paging_forward_lists_every_counted_record_once_newest_first(as_leader):
    many_enterprises(130, ["411402", "411403"])  # many share a filing date: the id breaks ties
    listed, pages = walk(as_leader, {"year": 2018})
    assert [len(p.records) for p in pages] == [50, 50, standing(2018) - 100]
    assert len({r.pk for r in listed}) == len(listed) == pages[0].total == standing(2018)
    keys = [(r.filed_on, r.pk) for r in listed]
    assert keys == sorted(keys, reverse=True)


def test_paging_back_from_the_last_page_lists_the_same_records(as_leader):
    many_enterprises(130, ["411402", "411403"])
    forward, _ = walk(as_leader, {"year": 2018})
    backward, pages = walk(as_leader, {"year": 2018}, direction="before")
    assert pages[-1].is_last and pages[0].is_first
    assert all(len(page.records) == 50 for page in pages)  # back at the start, a full first page
    assert list(dict.fromkeys(r.pk for r in backward)) == [r.pk for r in forward]


def test_oldest_first_is_offered_and_ordered(as_leader):
    many_enterprises(70, ["411402"])
    listed, _ = walk(as_leader, {"year": 2018, "order": "date"})
    keys = [(r.filed_on, r.pk) for r in listed]
    assert keys == sorted(keys) and len(keys) == standing(2018)


def test_going_back_to_the_start_shows_a_full_first_page(as_leader):
    many_enterprises(70, ["411402"])
    first = as_leader.get(URL, {"year": 2018}).context["records"]
    second = as_leader.get(URL, {"year": 2018, "after": first.next_cursor}).context["records"]
    back = as_leader.get(URL, {"year": 2018, "before": second.previous_cursor}).context["records"]
    assert [r.pk for r in back.records] == [r.pk for r in first.records] and back.is_first


def test_demonstration_enterprises_are_listed_by_the_year_recognised(as_leader):
    builders.enterprise("411402", name="2016年认定", filed_on=datetime.date(2016, 3, 1), city_demo_year=2016)
    builders.enterprise("411402", name="2017年认定", filed_on=datetime.date(2016, 2, 1), city_demo_year=2017)
    builders.enterprise("411402", name="未认定", filed_on=datetime.date(2016, 2, 1))
    response = as_leader.get("/indicators/demo_enterprises_city/", {"year": 2017})
    names = [r.name for r in response.context["records"].records]
    assert names == ["2017年认定", "2016年认定"]
    assert [o.key for o in response.context["records"].orders] == ["-year", "year"]


def test_one_county_chosen_lists_its_records_and_its_number(as_leader):
    many_enterprises(40, ["411402", "411403"])
    response = as_leader.get(URL, {"year": 2018, "county": "411403"})
    records = response.context["records"]
    breakdown = {row.county.code: row.actual for row in response.context["page"].breakdown}
    assert {r.county.code for r in records.records} == {"411403"}
    assert records.total == len(records.records) == breakdown["411403"]
    assert 'option value="411403" selected' in response.content.decode()


def test_the_breakdown_links_each_county_number_to_its_records(as_leader):
    builders.enterprise("411403", filed_on=datetime.date(2016, 3, 1))
    html = as_leader.get(URL, {"year": 2016}).content.decode()
    row = re.search(r'<tr id="county-411403".*?</tr>', html, re.S).group(0)
    assert "county=411403" in row and "#records" in row


def test_county_staff_list_only_their_own_countys_records(client, liangyuan_officer):
    many_enterprises(20, ["411402", "411403"])
    client.force_login(liangyuan_officer)
    response = client.get(URL, {"year": 2018})
    records = response.context["records"]
    assert {r.county.code for r in records.records} == {"411402"}
    assert records.total == len(records.records) == standing(2018, "411402")


def test_every_record_links_to_its_own_history(as_leader):
    firm = builders.enterprise("411402", name="可追溯企业")
    html = as_leader.get(URL, {"year": 2016}).content.decode()
    link = f'href="/workspace/411402/enterprises/{firm.pk}/history/"'
    assert link in html
    assert as_leader.get(f"/workspace/411402/enterprises/{firm.pk}/history/").status_code == 200


def test_quarterly_figures_are_listed_latest_quarter_first_and_link_to_the_report(as_leader):
    reports_for(["411402", "411403"], years=(2017,))
    response = as_leader.get("/indicators/employees/", {"year": 2017})
    records = response.context["records"]
    assert records.total == 8
    assert [(r.quarter, r.county.code) for r in records.records[:3]] == [(4, "411402"), (4, "411403"), (3, "411402")]
    assert f'href="/reports/{records.records[0].pk}/"' in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"after": "not-a-cursor"},
        {"after": "2017-02-30_5"},
        {"before": "2017-01-01_x"},
        {"after": "2017-01-01_1_2"},
        {"order": "name"},
    ],
)
def test_a_tampered_paging_or_order_parameter_is_not_found(as_leader, params):
    builders.enterprise("411402")
    assert as_leader.get(URL, {"year": 2016, **params}).status_code == 404


def test_the_pager_shows_only_where_there_is_somewhere_to_go(as_leader):
    many_enterprises(60, ["411402"])
    html = as_leader.get(URL, {"year": 2018}).content.decode()
    assert 'rel="next"' in html and 'rel="last"' in html and 'rel="prev"' not in html
    builders.county("411402")  # a single page has no pager at all
    assert "pager" not in as_leader.get(URL, {"year": 2016, "county": "411403"}).content.decode()
    assert County.objects.filter(code="411403").exists()
