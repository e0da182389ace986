"""The workspace pages cost the same number of queries with few and with many records."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from counties.models import ReportStatus
from tests import builders

KINDS = {
    "enterprises": lambda: builders.enterprise("411402"),
    "parks": lambda: builders.park("411402"),
    "warehouses": lambda: builders.warehouse("411402", enterprise=builders.enterprise("411402")),
    "training-bases": lambda: builders.training_base("411402"),
}


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("kind", KINDS)
def test_a_registry_list_costs_the_same_with_2_and_30_records(client, liangyuan_officer, kind):
    client.force_login(liangyuan_officer)
    url = reverse("registry_list", args=["411402", kind])
    client.get(url)  # a first page fills what a shared cache keeps (the unread count), as for any user
    counts = []
    for n in (2, 28):
        for _ in range(n):
            KINDS[kind]()
        counts.append(_count_queries(client, url))
    assert counts[0] == counts[1]


def test_the_workspace_and_review_queue_cost_the_same_with_few_and_many_reports(client, city_admin):
    client.force_login(city_admin)
    pages = [reverse("workspace", args=["411402"]), reverse("review_queue")]
    for url in pages:
        client.get(url)  # a first page fills what a shared cache keeps (the unread count), as for any user
    builders.report(year=2016, quarter=1, status=ReportStatus.SUBMITTED, entered_by=city_admin)
    few = [_count_queries(client, url) for url in pages]
    for year in (2017, 2018):
        for q in (1, 2, 3, 4):
            builders.report(year=year, quarter=q, status=ReportStatus.SUBMITTED, entered_by=city_admin)
    many = [_count_queries(client, url) for url in pages]
    assert few == many
