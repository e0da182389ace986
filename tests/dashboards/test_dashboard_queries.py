"""Each dashboard runs the same number of queries with 10 and with 200 enterprises (and more counties' data)."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from counties.models import County
from tests import builders
from tests.dashboards.dashboards import COUNTIES, many_enterprises, reports_for

pytestmark = pytest.mark.django_db

PAGES = [
    "/?year=2017",
    "/?year=2017&quarter=2&pending=1",
    "/scorecard/2017/",
    "/counties/411402/",
    "/indicators/enterprises_filed/?year=2018",
    "/indicators/employees/?year=2017",
    "/indicators/parks_new/?year=2016&county=411403",
    "/indicators/enterprises_filed/?year=2018&county=411402&order=date",
    "/indicators/demo_enterprises_city/?year=2018&last=1",
    "/counties/411403/?pending=1",
    "/forecast/?year=2018&quarter=3",
    "/milestones/",
    "/overview/export.xlsx?year=2018",
    "/scorecard/2018/export.xlsx",
]


def small_data():
    many_enterprises(10, COUNTIES[:2])
    reports_for(COUNTIES[:2], years=(2017,))
    builders.park("411403", established_on=datetime.date(2016, 5, 1))  # a list page with one record


def large_data():
    many_enterprises(200, COUNTIES, start=200_000)
    reports_for(COUNTIES[2:])
    reports_for(COUNTIES[:2], years=(2016, 2018))
    for code in COUNTIES:
        builders.park(code, established_on=datetime.date(2016, 5, 1), is_specialised=True)
        builders.training_base(code, established_on=datetime.date(2017, 5, 1))
        builders.warehouse(code, is_public=True, province_public_year=2018)


def count_queries(client, url) -> int:
    cache.clear()  # measure the computation, not a cache hit
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", PAGES)
def test_query_count_does_not_grow_with_data(client, leader, django_assert_num_queries, url):
    client.force_login(leader)
    small_data()
    client.get(url)  # warm caches that do not depend on data (content types, sessions)
    queries = count_queries(client, url)
    large_data()
    assert County.objects.count() > 0
    cache.clear()
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


SOURCES = {
    "enterprise tally": '"enterprises_enterprisetally"',
    "parks": 'FROM "enterprises_park"',
    "warehouses": 'FROM "enterprises_overseaswarehouse"',
    "training bases": 'FROM "enterprises_trainingbase"',
    # the figures themselves (the overview's banner also reads which reports are missing or pending)
    "quarterly figures": '"counties_quarterlyreport"."employees"',
}


@pytest.mark.parametrize("url", ["/?year=2018", "/forecast/?year=2018&quarter=3", "/scorecard/2017/"])
def test_each_source_is_read_once_for_every_measure_and_quarter_a_page_shows(client, leader, url):
    client.force_login(leader)
    large_data()
    client.get(url)
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    reads = {name: sum(table in q["sql"] for q in captured.captured_queries) for name, table in SOURCES.items()}
    assert set(reads.values()) <= {0, 1}, reads
    assert reads["enterprise tally"] == 1
    assert not any('FROM "enterprises_enterprise"' in q["sql"] for q in captured.captured_queries)
