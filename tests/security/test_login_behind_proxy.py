"""Finding 2: behind the office's proxy, a lockout belongs to the address that failed, not to the user everywhere.

The client address comes from the ``X-Forwarded-For`` entry that the one trusted proxy appended
(``TRUSTED_PROXY_COUNT``), never from anything a client can set. Five failures lock that username at that
address only. Many addresses spraying one username trip a username-wide limit, which refuses new
browsers but still lets the real user in from a browser where they signed in before.
"""

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse

from signin.address import client_address
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.1"
ATTACKER = "203.0.113.66"
REAL_USER = "198.51.100.7"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def behind_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


def _request(remote=PROXY, forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def _login(client, username, password, address, **extra):
    """A login POST arriving through the proxy from ``address`` (the proxy appends it to X-Forwarded-For)."""
    forwarded = ", ".join([*extra.pop("claimed", []), address])
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
        **extra,
    )


# --- The client address ----------------------------------------------------------------------------


def test_without_a_proxy_the_address_is_the_connections_and_a_forwarded_header_is_ignored():
    assert client_address(_request(remote=REAL_USER, forwarded="1.2.3.4")) == REAL_USER


def test_behind_one_proxy_the_address_is_the_one_the_proxy_appended(behind_one_proxy):
    assert client_address(_request(forwarded=REAL_USER)) == REAL_USER


def test_an_address_the_client_put_in_front_of_the_header_is_not_believed(behind_one_proxy):
    assert client_address(_request(forwarded=f"1.2.3.4, {ATTACKER}")) == ATTACKER


def test_behind_two_proxies_the_address_is_the_one_the_outer_proxy_appended(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_address(_request(forwarded=f"1.2.3.4, {REAL_USER}, 10.0.0.2")) == REAL_USER


def test_a_request_that_bypassed_the_proxy_or_carries_garbage_is_known_by_its_connection(behind_one_proxy):
    assert client_address(_request(remote=REAL_USER)) == REAL_USER
    assert client_address(_request(forwarded="not-an-address")) == PROXY


# --- Lockout per username and address ----------------------------------------------------------------


def test_an_anonymous_visitor_cannot_lock_the_city_admin_out_of_another_office(client, city_admin, behind_one_proxy):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "cityadmin", "guess", ATTACKER)
    assert _login(client, "cityadmin", PASSWORD, ATTACKER).status_code == 429
    response = _login(client, "cityadmin", PASSWORD, REAL_USER)
    assert response.status_code == 302


def test_forging_the_forwarded_header_does_not_escape_the_lockout(client, liangyuan_officer, behind_one_proxy):
    for n in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "liangyuan", "guess", ATTACKER, claimed=[f"192.0.2.{n}"])
    assert _login(client, "liangyuan", PASSWORD, ATTACKER, claimed=["192.0.2.99"]).status_code == 429


# --- Many addresses spraying one username ------------------------------------------------------------


def _spray(client, username, addresses):
    for n in range(addresses):
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):  # stays under each address's lockout
            _login(client, username, "guess", f"203.0.113.{n + 1}")


def test_spraying_one_username_from_many_addresses_stops_new_browsers(client, liangyuan_officer, behind_one_proxy):
    _spray(client, "liangyuan", settings.LOGIN_USERNAME_FAILURE_LIMIT // (settings.AXES_FAILURE_LIMIT - 1) + 1)
    response = _login(client, "liangyuan", PASSWORD, "192.0.2.200")
    assert response.status_code == 429
    assert "只能在此前成功登录过的电脑上登录" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_real_user_still_signs_in_from_a_browser_they_used_before(
    client, liangyuan_officer, behind_one_proxy, django_user_model
):
    assert _login(client, "liangyuan", PASSWORD, REAL_USER).status_code == 302  # the office PC, before the attack
    client.post(reverse("logout"))
    attacker = client.__class__()
    _spray(attacker, "liangyuan", settings.LOGIN_USERNAME_FAILURE_LIMIT // (settings.AXES_FAILURE_LIMIT - 1) + 1)
    assert _login(client, "liangyuan", PASSWORD, REAL_USER).status_code == 302


def test_the_spray_limit_counts_only_the_recent_window(client, liangyuan_officer, behind_one_proxy):
    import datetime

    import time_machine

    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)):
        _spray(client, "liangyuan", settings.LOGIN_USERNAME_FAILURE_LIMIT // (settings.AXES_FAILURE_LIMIT - 1) + 1)
    later = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC) + datetime.timedelta(
        minutes=settings.AXES_COOLOFF_TIME * 60 + 1
    )
    with time_machine.travel(later):
        assert _login(client, "liangyuan", PASSWORD, "192.0.2.200").status_code == 302


def test_a_city_admin_lifts_a_usernames_limit_by_deleting_its_failures(client, liangyuan_officer, behind_one_proxy):
    from signin import throttle
    from signin.models import LoginFailure

    _spray(client, "liangyuan", settings.LOGIN_USERNAME_FAILURE_LIMIT // (settings.AXES_FAILURE_LIMIT - 1) + 1)
    assert throttle.is_under_attack("liangyuan")
    LoginFailure.objects.filter(username="liangyuan").delete()  # the admin's delete action on 登录失败记录
    assert _login(client, "liangyuan", PASSWORD, "192.0.2.200").status_code == 302


def test_the_admins_own_login_form_sends_people_to_the_portals_login(client):
    response = client.get("/admin/login/", {"next": "/admin/counties/"})
    assert response.status_code == 302
    assert response.url == reverse("login") + "?next=/admin/counties/"
    response = client.get("/admin/login/", {"next": "https://evil.example/"})
    assert response.url == reverse("login") + "?next=/admin/"
