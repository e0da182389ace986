"""Dashboards are cached per data version: a cache hit is cheap, and any change shows on the next request."""

import datetime

import pytest
from django.core.management import call_command

from counties.models import ReportStatus
from targets.freshness import data_version, note_change
from tests import builders
from tests.dashboards.test_dashboard_queries import count_queries

pytestmark = pytest.mark.django_db


def filed_2016(client):
    return client.get("/?year=2016").context["page"].rows[0].progress.actual


def test_a_second_request_is_served_from_the_cache_in_a_few_queries(client, leader, django_assert_max_num_queries):
    client.force_login(leader)
    builders.enterprise("411402", filed_on=datetime.date(2016, 3, 1))
    cold = count_queries(client, "/?year=2016")
    # session, user, data version, groups (menu and viewer), the header's unread notices — plans and
    # default year come from the cache
    with django_assert_max_num_queries(5):
        client.get("/?year=2016")
    assert cold > 6


def test_a_new_enterprise_shows_on_the_very_next_request(client, leader):
    client.force_login(leader)
    builders.enterprise("411402", filed_on=datetime.date(2016, 3, 1))
    assert filed_2016(client) == 1
    builders.enterprise("411403", filed_on=datetime.date(2016, 4, 1))
    assert filed_2016(client) == 2


def test_approving_a_report_changes_the_data_version():
    report = builders.report("411402", 2016, 1, status=ReportStatus.SUBMITTED)
    before = data_version()
    report.status = ReportStatus.APPROVED
    report.save(update_fields=["status"])
    assert data_version() != before


def test_deleting_a_record_changes_the_data_version():
    enterprise = builders.enterprise("411402")
    before = data_version()
    enterprise.delete()
    assert data_version() != before


def test_bulk_writers_note_their_change():
    before = data_version()
    call_command("seed_demo", verbosity=0)
    assert data_version() != before


def test_old_markers_are_pruned(monkeypatch):
    from targets import freshness
    from targets.models import DataChange

    monkeypatch.setattr(freshness, "PRUNE_EVERY", 10)
    for _ in range(25):
        note_change()
    assert DataChange.objects.count() <= 20
    newest = DataChange.objects.latest("pk").pk
    assert not DataChange.objects.filter(pk__lt=newest - 20).exists()


def test_a_change_committed_out_of_id_order_still_changes_the_version():
    from targets.models import DataChange

    lower = DataChange.objects.create()
    DataChange.objects.create()
    newest = DataChange.objects.latest("pk").pk
    lower_pk = lower.pk
    lower.delete()  # as if the transaction holding the lower id had not committed yet
    before = data_version()
    DataChange.objects.create(pk=lower_pk)  # it commits now, below the newest id
    assert DataChange.objects.latest("pk").pk == newest
    assert data_version() != before
