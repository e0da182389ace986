"""Logging in through a real browser."""

import pytest

from tests.browser.conftest import login, screenshot
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_wrong_password_is_refused_in_chinese(page, leader):
    login(page, "leader", "not-the-password")
    assert "用户名或密码错误" in page.text_content("main")
    screenshot(page, "login-error")


def test_a_leader_logs_in_and_lands_on_the_portal(page, leader):
    login(page, "leader", PASSWORD)
    assert "/accounts/login/" not in page.url
    assert "退出" in page.text_content("header")
