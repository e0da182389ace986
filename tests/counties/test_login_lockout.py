"""Failed logins are limited by django-axes, with a cool-off rather than a permanent lock."""

import datetime

from django.conf import settings
from django.urls import reverse

from tests.conftest import PASSWORD


def _login(client, password):
    return client.post(reverse("login"), {"username": "liangyuan", "password": password}, REMOTE_ADDR="10.0.0.9")


def test_after_the_failure_limit_even_the_right_password_is_locked_out(client, liangyuan_officer):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, "wrong").status_code == 200
    assert _login(client, "wrong").status_code == 429  # the failure that reaches the limit locks
    response = _login(client, PASSWORD)
    assert response.status_code == 429
    assert "registration/locked_out.html" in [t.name for t in response.templates]
    assert "登录失败次数过多" in response.content.decode()


def test_fewer_failures_than_the_limit_still_let_the_right_password_in(client, liangyuan_officer):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "wrong")
    response = _login(client, PASSWORD)
    assert response.status_code == 302


def test_the_lock_cools_off_rather_than_lasting_forever():
    from axes.helpers import get_cool_off

    cool_off = get_cool_off()
    assert isinstance(cool_off, datetime.timedelta)
    assert datetime.timedelta(0) < cool_off <= datetime.timedelta(days=1)


def test_anonymous_visitors_get_only_the_login_page(client):
    assert client.get(reverse("login")).status_code == 200
    response = client.get(reverse("my_county"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
