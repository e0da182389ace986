"""Issue 9, point 7: two-factor authentication (TOTP + recovery codes), required for city admins and superusers,
opt-in for everyone else. These tests use a plain ``Client``: a password login, then the code step as a person
goes through it (``tests/twofactor.py`` computes the authenticator's codes)."""

import re

import pytest
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import Client, RequestFactory
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import profile_of
from signin import throttle, twofactor
from signin.models import TwoFactorEvent, TwoFactorEventKind
from tests.conftest import PASSWORD
from tests.twofactor import authenticator, code_for_key, fresh_code, key_from_secret

SETUP = reverse("signin:setup")
VERIFY = reverse("signin:verify")


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def password_login(client, username, next_url=""):
    data = {"username": username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("login"), data)


def secret_on(response) -> str:
    return re.search(r'id="totp-secret"[^>]*>([A-Z2-7 ]+)<', response.content.decode()).group(1)


def enrol(client) -> tuple[bytes, list[str]]:
    """Open the enrolment page, type its secret into an "app", confirm; return the key and the recovery codes."""
    key = key_from_secret(secret_on(client.get(SETUP)))
    response = client.post(SETUP, {"code": code_for_key(key)})
    assert response.status_code == 302 and response.url.startswith(reverse("signin:recovery_codes"))
    page = client.get(response.url).content.decode()
    return key, re.findall(r"<li><code>([a-z2-7]{8})</code></li>", page)


@pytest.fixture
def enrolled_leader(leader):
    """A leader who turned two-factor on (and a recovery device with codes)."""
    client = Client()
    password_login(client, "leader")
    _, codes = enrol(client)
    leader.recovery_codes = codes
    return leader


# --- required for city admins: enrolment right after the password -------------------------------------------


def test_a_city_admin_without_two_factor_is_led_to_enrolment_right_after_the_password(city_admin):
    client = Client()
    response = password_login(client, "cityadmin", next_url="/review/")
    assert response.status_code == 302
    assert response.url == f"{SETUP}?next=%2Freview%2F"


@pytest.mark.parametrize("url", ["/review/", "/todo/", "/admin/", "/account/", "/accounts/password_change/", "/jobs/"])
def test_until_enrolled_a_city_admin_reaches_no_other_page(city_admin, url):
    client = Client()
    password_login(client, "cityadmin")
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith(SETUP), url


def test_a_superuser_must_enrol_too(django_user_model):
    django_user_model.objects.create_superuser("root", password=PASSWORD)
    client = Client()
    assert password_login(client, "root").url.startswith(SETUP)


def test_the_enrolment_page_shows_a_qr_image_and_the_secret_without_inline_script_or_style(city_admin):
    client = Client()
    password_login(client, "cityadmin")
    html = client.get(SETUP).content.decode()
    assert '<img src="data:image/svg+xml;base64,' in html  # allowed by img-src 'self' data:
    assert len(secret_on(client.get(SETUP)).replace(" ", "")) == 32
    assert "<script>" not in html and "style=" not in html
    assert "市商务局管理员的账号必须使用两步验证" in html


def test_the_secret_stays_the_same_until_confirmed(city_admin):
    client = Client()
    password_login(client, "cityadmin")
    assert secret_on(client.get(SETUP)) == secret_on(client.get(SETUP))
    assert TOTPDevice.objects.filter(user=city_admin).count() == 1


def test_a_wrong_enrolment_code_is_refused_with_a_chinese_message(city_admin):
    client = Client()
    password_login(client, "cityadmin")
    client.get(SETUP)
    response = client.post(SETUP, {"code": "000000"})
    assert response.status_code == 200
    assert "验证码不正确或已过期" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=city_admin, confirmed=True).exists()


def test_a_malformed_code_says_what_a_code_looks_like(city_admin):
    client = Client()
    password_login(client, "cityadmin")
    response = client.post(SETUP, {"code": "12ab"})
    assert "验证码是验证器应用中显示的6位数字" in response.content.decode()


def test_enrolment_gives_ten_recovery_codes_shown_once_and_then_the_page_asked_for(city_admin):
    client = Client()
    password_login(client, "cityadmin", next_url="/review/")
    key = key_from_secret(secret_on(client.get(SETUP)))
    response = client.post(SETUP + "?next=/review/", {"code": code_for_key(key), "next": "/review/"})
    shown = client.get(response.url).content.decode()
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", shown)
    assert len(set(codes)) == 10
    assert 'href="/review/"' in shown
    again = client.get(response.url).content.decode()
    assert not any(code in again for code in codes)  # only once
    assert client.get("/review/").status_code == 200
    assert TwoFactorEvent.objects.filter(user=city_admin, kind=TwoFactorEventKind.ENROLLED).count() == 1


# --- signing in with a code, or a recovery code ----------------------------------------------------------------


def test_an_enrolled_user_gives_a_code_after_the_password(enrolled_leader):
    client = Client()
    response = password_login(client, "leader", next_url="/scorecard/2016/")
    assert response.url == f"{VERIFY}?next=%2Fscorecard%2F2016%2F"
    assert client.get("/scorecard/2016/").url.startswith(VERIFY)  # nothing else before the code
    device = TOTPDevice.objects.get(user=enrolled_leader)
    response = client.post(VERIFY, {"code": fresh_code(device), "next": "/scorecard/2016/"})
    assert response.status_code == 302 and response.url == "/scorecard/2016/"
    assert client.get("/scorecard/2016/").status_code == 200


def test_a_code_is_good_only_once(enrolled_leader):
    device = TOTPDevice.objects.get(user=enrolled_leader)
    code = fresh_code(device)
    first, second = Client(), Client()
    password_login(first, "leader")
    assert first.post(VERIFY, {"code": code}).status_code == 302
    password_login(second, "leader")
    response = second.post(VERIFY, {"code": code})
    assert response.status_code == 200 and "验证码不正确或已过期" in response.content.decode()


def test_a_recovery_code_signs_in_once_and_is_recorded(enrolled_leader):
    code = enrolled_leader.recovery_codes[0]
    client = Client()
    password_login(client, "leader")
    response = client.post(VERIFY, {"code": code.upper()[:4] + " " + code.upper()[4:]}, follow=True)
    assert "您使用了一个恢复码登录，还剩 9 个" in response.content.decode()
    assert TwoFactorEvent.objects.filter(user=enrolled_leader, kind=TwoFactorEventKind.RECOVERY_USED).exists()
    other = Client()
    password_login(other, "leader")
    assert "验证码不正确或已过期" in other.post(VERIFY, {"code": code}).content.decode()


def test_wrong_codes_lock_the_username_at_that_address_like_wrong_passwords(enrolled_leader, settings):
    client = Client()
    password_login(client, "leader")
    for n in range(settings.AXES_FAILURE_LIMIT):
        TOTPDevice.objects.filter(user=enrolled_leader).update(throttling_failure_count=0)  # no wait in between
        response = client.post(VERIFY, {"code": f"00000{n}"})
    assert response.status_code == 429
    assert "账号已暂时锁定" in response.content.decode()
    assert AccessAttempt.objects.get(username="leader").failures_since_start == settings.AXES_FAILURE_LIMIT
    # the unverified session is over: the password step starts again, and is locked too
    assert client.get("/").url.startswith(reverse("login"))
    assert password_login(client, "leader").status_code == 429


def test_each_wrong_code_makes_the_device_wait_longer(enrolled_leader):
    client = Client()
    password_login(client, "leader")
    client.post(VERIFY, {"code": "000000"})
    device = TOTPDevice.objects.get(user=enrolled_leader)
    response = client.post(VERIFY, {"code": fresh_code(device)})  # the right code, but too soon
    assert response.status_code == 200
    assert "验证码错误次数过多，请在" in response.content.decode()


def test_a_wrong_code_counts_towards_the_username_wide_limit(enrolled_leader):
    client = Client()
    password_login(client, "leader")
    client.post(VERIFY, {"code": "000000"})
    assert throttle.LoginFailure.objects.filter(username="leader").count() == 1


def test_only_the_second_factor_makes_the_browser_known_for_the_username(enrolled_leader):
    client = Client()
    password_login(client, "leader")
    assert throttle.DEVICE_COOKIE not in client.cookies
    client.post(VERIFY, {"code": fresh_code(TOTPDevice.objects.get(user=enrolled_leader))})
    assert throttle.DEVICE_COOKIE in client.cookies


def test_the_code_page_in_english(enrolled_leader):
    client = Client()
    client.cookies["django_language"] = "en"
    password_login(client, "leader")
    html = client.post(VERIFY, {"code": "000000"}).content.decode()
    assert "Two-step verification" in html
    assert "The code is wrong or has expired" in html


# --- the Django admin, the password gate, leaders and county staff ---------------------------------------------


def test_the_admin_requires_a_verified_session(city_admin):
    authenticator(city_admin)
    request = RequestFactory().get("/admin/")
    request.user = city_admin
    city_admin.is_verified = lambda: False
    assert not admin.site.has_permission(request)
    city_admin.is_verified = lambda: True
    assert admin.site.has_permission(request)


def test_a_city_admin_signed_in_with_the_password_only_is_sent_to_the_code_step_from_the_admin(city_admin):
    authenticator(city_admin)
    client = Client()
    password_login(client, "cityadmin")
    response = client.get("/admin/counties/county/")
    assert response.status_code == 302 and response.url.startswith(VERIFY)


def test_a_forced_password_change_comes_after_the_second_factor(city_admin):
    account = profile_of(city_admin)
    account.must_change_password = True
    account.save()
    client = Client()
    password_login(client, "cityadmin")
    assert client.get("/accounts/password_change/").url.startswith(SETUP)
    enrol(client)
    assert client.get("/review/").url == reverse("password_change")


def test_leaders_and_county_staff_sign_in_with_the_password_alone(leader, liangyuan_officer):
    for username in ("leader", "liangyuan"):
        client = Client()
        assert password_login(client, username).url == reverse("home")
        assert client.get("/account/").status_code == 200


def test_a_session_without_two_factor_costs_no_query_at_the_gate(leader, rf, django_assert_num_queries):
    client = Client()
    password_login(client, "leader")
    request = rf.get("/")
    request.user = leader
    request.session = client.session
    assert request.session[twofactor.SESSION_KEY] == twofactor.NOTHING  # decided at login
    with django_assert_num_queries(0):
        assert twofactor.pending_step(request) is None


def test_a_leader_turns_two_factor_on_from_the_account_page_and_is_asked_for_a_code_next_time(leader):
    client = Client()
    password_login(client, "leader")
    page = client.get(reverse("signin:two_factor")).content.decode()
    assert "未启用" in page and reverse("signin:setup") in page
    enrol(client)
    assert "已启用" in client.get(reverse("signin:two_factor")).content.decode()
    assert password_login(Client(), "leader").url.startswith(VERIFY)


def test_a_leader_may_turn_it_off_a_city_admin_may_not(enrolled_leader, city_admin):
    client = Client()
    password_login(client, "leader")
    client.post(VERIFY, {"code": enrolled_leader.recovery_codes[0]})
    client.post(reverse("signin:disable"))
    assert not TOTPDevice.objects.filter(user=enrolled_leader).exists()
    assert TwoFactorEvent.objects.filter(user=enrolled_leader, kind=TwoFactorEventKind.DISABLED).exists()

    admin_client = Client()
    password_login(admin_client, "cityadmin")
    enrol(admin_client)
    response = admin_client.post(reverse("signin:disable"), follow=True)
    assert "市商务局管理员必须使用两步验证，不能关闭" in response.content.decode()
    assert TOTPDevice.objects.filter(user=city_admin, confirmed=True).exists()


def test_new_recovery_codes_replace_the_old_ones(city_admin):
    client = Client()
    password_login(client, "cityadmin")
    _, old = enrol(client)
    response = client.post(reverse("signin:regenerate"))
    page = client.get(response.url).content.decode()
    new = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", page)
    assert len(new) == 10 and not set(new) & set(old)
    assert set(StaticToken.objects.filter(device__user=city_admin).values_list("token", flat=True)) == set(new)
    assert TwoFactorEvent.objects.filter(kind=TwoFactorEventKind.CODES_REGENERATED, user=city_admin).exists()


def test_the_enrolment_page_does_not_replace_an_authenticator_without_its_code(enrolled_leader):
    client = Client()
    password_login(client, "leader")
    response = client.get(SETUP)
    assert response.status_code == 302 and response.url.startswith(VERIFY)


# --- a lost phone: a city admin resets it from the user list ---------------------------------------------------


def test_a_city_admin_resets_a_lost_phone_from_the_user_list(client, city_admin, enrolled_leader):
    client.force_login(city_admin)
    response = client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "reset_two_factor", "_selected_action": [enrolled_leader.pk]},
        follow=True,
    )
    assert "已重置 1 个用户的两步验证：leader" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=enrolled_leader).exists()
    assert not StaticToken.objects.filter(device__user=enrolled_leader).exists()
    event = TwoFactorEvent.objects.get(user=enrolled_leader, kind=TwoFactorEventKind.RESET)
    assert event.by == city_admin
    assert password_login(Client(), "leader").url == reverse("home")  # a leader may sign in without it again


def test_a_reset_city_admin_enrols_again_at_the_next_page(client, city_admin):
    other = User.objects.create_superuser("root", password=PASSWORD)
    client.force_login(city_admin)  # a verified session (tests/twofactor.py)
    assert client.get("/review/").status_code == 200
    twofactor.two_factor_remove(user=city_admin, by=other)
    assert client.get("/review/").url.startswith(SETUP)


def test_the_user_list_shows_who_has_two_factor(client, city_admin, enrolled_leader):
    client.force_login(city_admin)
    html = client.get(reverse("admin:auth_user_changelist")).content.decode()
    assert "两步验证" in html and html.count("icon-yes.svg") >= 2  # the admin and the leader


def test_the_two_factor_page_lists_events_in_english(client, enrolled_leader):
    client.force_login(enrolled_leader)
    client.cookies["django_language"] = "en"
    html = client.get(reverse("signin:two_factor")).content.decode()
    assert "Two-step verification turned on" in html and "Recovery codes left: 10" in html


def test_the_enrolment_form_sent_twice_does_not_fail(city_admin):
    client = Client()
    password_login(client, "cityadmin")
    key = key_from_secret(secret_on(client.get(SETUP)))
    device = TOTPDevice.objects.get(user=city_admin)
    request = RequestFactory().post(SETUP)
    request.user, request.session = city_admin, client.session
    TOTPDevice.objects.filter(pk=device.pk).update(confirmed=True)  # the first of the two requests won
    with pytest.raises(twofactor.AlreadyConfirmed):
        twofactor.enrolment_confirm(request=request, device=device, code=code_for_key(key))


def test_a_city_admins_session_from_before_two_factor_existed_is_sent_to_enrolment(city_admin):
    client = Client()
    client.force_login(city_admin)
    session = client.session
    del session[twofactor.SESSION_KEY]  # a session opened before this release noted nothing
    session.save()
    response = client.get("/review/")
    assert response.status_code == 302 and response.url.startswith(SETUP)
