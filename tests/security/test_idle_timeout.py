"""Shared office PCs: a session left idle for SESSION_IDLE_TIMEOUT_MINUTES (default 120) is signed out.

Any request within the timeout keeps the session alive; the first request after it signs the user out
and sends them to the login page with a message saying why, and back to the page they asked for.
"""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _signed_in(client, user):
    assert client.post(reverse("login"), {"username": user.username, "password": PASSWORD}).status_code == 302


def test_the_default_idle_timeout_is_two_hours():
    assert settings.SESSION_IDLE_TIMEOUT_MINUTES == 120


def test_a_session_idle_longer_than_the_timeout_is_signed_out_with_a_message(client, leader):
    with time_machine.travel(START, tick=False) as clock:
        _signed_in(client, leader)
        assert client.get("/milestones/").status_code == 200
        clock.shift(datetime.timedelta(minutes=121))
        response = client.get("/milestones/")
        assert response.status_code == 302
        assert response.url == reverse("login") + "?next=/milestones/"
        page = client.get(response.url).content.decode()
        assert "长时间未操作" in page
        assert "_auth_user_id" not in client.session


def test_activity_within_the_timeout_keeps_the_session(client, leader):
    with time_machine.travel(START, tick=False) as clock:
        _signed_in(client, leader)
        for _ in range(4):  # six hours of work, a page every 90 minutes
            clock.shift(datetime.timedelta(minutes=90))
            assert client.get("/milestones/").status_code == 200


def test_the_timeout_is_configurable(client, leader, settings):
    settings.SESSION_IDLE_TIMEOUT_MINUTES = 15
    with time_machine.travel(START, tick=False) as clock:
        _signed_in(client, leader)
        clock.shift(datetime.timedelta(minutes=16))
        assert client.get("/milestones/").status_code == 302


def test_signing_in_again_after_a_timeout_starts_a_fresh_session(client, leader):
    with time_machine.travel(START, tick=False) as clock:
        _signed_in(client, leader)
        clock.shift(datetime.timedelta(hours=3))
        client.get("/milestones/")
        _signed_in(client, leader)
        assert client.get("/milestones/").status_code == 200


def test_an_idle_session_cannot_post_either(client, liangyuan_officer):
    with time_machine.travel(START, tick=False) as clock:
        _signed_in(client, liangyuan_officer)
        clock.shift(datetime.timedelta(hours=3))
        url = reverse("report_form", args=["411402", 2016, 1])
        response = client.post(url, {"transaction_usd": "1", "employees": "1", "reporting_enterprises": "0"})
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    from counties.models import QuarterlyReport

    assert not QuarterlyReport.objects.exists()
