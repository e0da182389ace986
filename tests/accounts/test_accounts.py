"""Account pages: a password set by an admin must be changed at first login; profile, error pages and the
admin's "no access" page are in the portal's look, in Chinese and English."""

import pytest
from django.contrib.auth.models import User
from django.test import override_settings
from django.urls import reverse

from accounts.models import profile_of
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Shangqiu-new-2017"
NO_MEMBERSHIP = {
    "membership-TOTAL_FORMS": "0",
    "membership-INITIAL_FORMS": "0",
    "membership-MIN_NUM_FORMS": "0",
    "membership-MAX_NUM_FORMS": "1",
}


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def login(client, username, password=PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password}, follow=True)


def test_a_user_created_by_a_city_admin_must_change_the_password_at_first_login(client, city_admin):
    client.force_login(city_admin)
    response = client.post(
        "/admin/auth/user/add/",
        {
            "username": "xiayi-new",
            "password1": "Initial-pass-2016",
            "password2": "Initial-pass-2016",
            "usable_password": "true",
            **NO_MEMBERSHIP,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    user = User.objects.get(username="xiayi-new")
    assert profile_of(user).must_change_password
    client.logout()

    # Given the new user logs in, every page sends them to the password page
    response = login(client, "xiayi-new", "Initial-pass-2016")
    assert response.redirect_chain[-1][0] == reverse("password_change")
    assert "您的密码由管理员设置" in response.content.decode()
    assert client.get(reverse("overview")).url == reverse("password_change")

    # When they choose their own password, the portal opens
    response = client.post(
        reverse("password_change"),
        {"old_password": "Initial-pass-2016", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.url == reverse("password_change_done")
    assert not profile_of(User.objects.get(pk=user.pk)).must_change_password
    assert client.get(reverse("overview")).status_code == 200


def test_a_password_reset_by_an_admin_must_be_changed_too(client, city_admin, liangyuan_officer):
    client.force_login(city_admin)
    url = reverse("admin:auth_user_password_change", args=[liangyuan_officer.pk])
    response = client.post(
        url, {"password1": "Reset-pass-2016x", "password2": "Reset-pass-2016x", "usable_password": "true"}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert profile_of(liangyuan_officer).must_change_password


def test_the_demo_logins_are_not_forced_to_change_their_password(client):
    import io

    from django.core.management import call_command

    call_command("create_demo_users", stdout=io.StringIO())
    response = login(client, "liangyuan", "Shangqiu-2016")
    assert response.redirect_chain[-1][0] == reverse("todo")


def test_an_officer_changes_email_and_language_on_the_profile_page(client, liangyuan_officer):
    client.force_login(liangyuan_officer)
    response = client.post(
        reverse("accounts:profile"), {"first_name": "梁园区填报员", "email": "ly@example.gov.cn", "language": "en"}
    )
    assert response.status_code == 302
    liangyuan_officer.refresh_from_db()
    assert (liangyuan_officer.email, profile_of(liangyuan_officer).language) == ("ly@example.gov.cn", "en")
    assert response.cookies["django_language"].value == "en"


def test_a_bad_email_address_is_refused_in_plain_chinese(client, liangyuan_officer):
    client.force_login(liangyuan_officer)
    response = client.post(reverse("accounts:profile"), {"first_name": "", "email": "ly@", "language": "zh-hans"})
    assert "请输入有效的电子邮箱地址，例如 name@example.com。" in response.content.decode()


def test_the_header_links_the_password_change_and_the_profile(client, leader):
    client.force_login(leader)
    html = client.get(reverse("overview")).content.decode()
    assert f'href="{reverse("password_change")}"' in html
    assert f'href="{reverse("accounts:profile")}"' in html


def test_a_county_officer_opening_the_admin_is_told_it_is_for_city_admins(client, liangyuan_officer):
    client.force_login(liangyuan_officer)
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
    html = response.content.decode()
    assert "无权进入数据管理" in html and 'name="password"' not in html


def test_403_and_404_pages_have_the_header_and_a_way_back(client, suiyang_officer, liangyuan):
    client.force_login(suiyang_officer)
    response = client.get(reverse("workspace", args=["411402"]), HTTP_REFERER="http://testserver/todo/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "页面不存在（404）" in html and 'class="topbar' in html and 'href="http://testserver/todo/"' in html
    response = client.get(reverse("review_queue"))
    assert response.status_code == 403
    assert "无权访问（403）" in response.content.decode()


def test_error_pages_in_english(client, suiyang_officer):
    client.force_login(suiyang_officer)
    client.cookies["django_language"] = "en"
    assert "Page not found (404)" in client.get("/workspace/411402/").content.decode()
    assert "Access denied (403)" in client.get(reverse("review_queue")).content.decode()


def test_the_500_page_renders_without_a_database():
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override("zh-hans"):
        html = render_to_string("500.html")  # no request, no context processors: nothing touches the database
    assert "系统出错（500）" in html and 'href="/"' in html
    with translation.override("en"):
        assert "Server error (500)" in render_to_string("500.html")


@override_settings(DEBUG=False)
def test_an_unhandled_error_shows_the_500_page(client, leader, monkeypatch):
    from dashboards.views import dashboards

    client.raise_request_exception = False
    client.force_login(leader)
    monkeypatch.setattr(dashboards, "choice_from", lambda *a, **k: 1 / 0)
    response = client.get(reverse("overview"))
    assert response.status_code == 500 and "系统出错（500）" in response.content.decode()
