"""Two-factor authentication in a real browser (issue 9): a city admin enrols at the first login, keeps the
recovery codes, and signs in later with a code from the app and once with a recovery code."""

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.browser.conftest import enrol, give_code, screenshot
from tests.conftest import PASSWORD
from tests.twofactor import fresh_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def password_step(page, username):
    page.goto(page.base_url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def sign_out(page):
    page.goto(page.base_url + "/account/")
    page.click("header form[action='/accounts/logout/'] button")
    page.wait_for_load_state("networkidle")
    assert "/accounts/login/" in page.url


def test_a_city_admin_enrols_signs_in_with_a_code_and_with_a_recovery_code(page, city_admin):
    # The password alone leads to enrolment, with the QR code drawn and the key to type in
    password_step(page, "cityadmin")
    assert "/accounts/two-factor/setup/" in page.url
    assert "市商务局管理员的账号必须使用两步验证" in page.text_content("main")
    assert page.eval_on_selector(".qr img", "img => img.complete && img.naturalWidth > 0")
    assert page.locator(".mainnav a").count() == 0  # nothing else to reach yet
    screenshot(page, "two-factor-setup")

    # A wrong code is refused in Chinese; the code from the app (the key read off the page) is accepted
    page.fill("#id_code", "123456")
    page.click("form button[type=submit].primary")
    assert "验证码不正确或已过期" in page.text_content("main")
    page.wait_for_timeout(1100)  # after a wrong code the next is taken a second later (then 2, 4 ... s)
    enrol(page)
    assert "/accounts/two-factor/recovery-codes/" in page.url
    codes = page.locator("#recovery-codes code").all_text_contents()
    assert len(codes) == 10
    screenshot(page, "two-factor-recovery-codes")
    # They can be printed, or saved as a text file Notepad reads (UTF-8 with a BOM, Windows line ends)
    assert page.is_visible("button[data-print]")
    with page.expect_download() as saved:
        page.click("button[data-save-codes]")
    assert saved.value.suggested_filename == "recovery-codes-cityadmin.txt"
    raw = Path(saved.value.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    heading, blank, *lines = raw.decode("utf-8-sig").splitlines()
    assert "用户 cityadmin 的两步验证恢复码" in heading and blank == "" and lines == codes
    page.click("text=我已保存恢复码，继续")
    page.wait_for_load_state("networkidle")
    assert "/todo/" in page.url and "工作台" in page.text_content("main")
    sign_out(page)

    # Next time: the password, then a code; a wrong one first
    password_step(page, "cityadmin")
    assert "/accounts/two-factor/" in page.url
    give_code(page, "000000")
    assert "验证码不正确或已过期" in page.text_content("main")
    screenshot(page, "two-factor-wrong-code")
    page.wait_for_timeout(1100)
    give_code(page, fresh_code(TOTPDevice.objects.get(user=city_admin, confirmed=True)))
    assert "/todo/" in page.url
    page.goto(page.base_url + "/admin/")
    assert "数据管理" in page.text_content("body")  # the admin opens in a verified session
    sign_out(page)

    # Phone not at hand: a recovery code, once
    password_step(page, "cityadmin")
    give_code(page, codes[0])
    assert "/todo/" in page.url
    assert "还剩 9 个" in page.text_content(".messages")
    page.goto(page.base_url + "/account/two-factor/")
    assert "使用恢复码登录" in page.text_content("main")
    screenshot(page, "two-factor-settings")


def test_a_leader_turns_two_factor_on_in_english(page, leader):
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": page.base_url}])
    password_step(page, "leader")
    assert "/accounts/two-factor/" not in page.url  # not required for leaders
    page.goto(page.base_url + "/account/two-factor/")
    page.click("text=Turn on two-step verification")
    page.wait_for_load_state("networkidle")
    assert "Install an authenticator app" in page.text_content("main")
    screenshot(page, "two-factor-setup-en")
    enrol(page)
    page.click("text=I have saved the recovery codes, continue")
    page.wait_for_load_state("networkidle")
    assert "/account/two-factor/" in page.url and "Two-step verification turned on" in page.text_content("main")
    assert User.objects.get(username="leader").totpdevice_set.filter(confirmed=True).exists()


def test_without_javascript_the_recovery_codes_show_and_the_buttons_that_need_it_do_not(browser, live_server, leader):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN", java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/accounts/login/?next=/accounts/two-factor/setup/")
        page.fill("#id_username", "leader")
        page.fill("#id_password", PASSWORD)
        page.click("main button[type=submit]")  # without JavaScript the header's language form shows its button too
        enrol(page)
        assert page.locator("#recovery-codes code").count() == 10
        assert page.locator("button[data-print]").is_hidden()
        assert page.locator("button[data-save-codes]").is_hidden()
        assert page.locator("text=我已保存恢复码，继续").is_visible()
    finally:
        context.close()
