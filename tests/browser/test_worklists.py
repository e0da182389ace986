"""Issue 10's journeys in Chromium: nobody misses a quarter.

1. On 8 April 2017 the reminder job reminds 梁园区's officer of 2017 Q1 (due 15 April); the officer logs in,
   lands on the to-do, sees the unread notice, opens it, lands on the due quarter's form and submits.
2. The city admin's badge counts the waiting report; the admin returns it; the return reaches the officer's
   inbox and email with the comment.
3. A leader sees the overview's banner naming the units whose quarters are pending or missing.
Pages are also saved in English.
"""

import datetime

import pytest
import time_machine
from django.core import mail
from playwright.sync_api import expect

from counties.models import County, QuarterlyReport, ReportStatus
from notifications.reminders import reminders_send
from tests import builders
from tests.browser.conftest import login, screenshot
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
APRIL_8 = datetime.datetime(2017, 4, 8, 8, 0, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def _browser_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The clock is set to 2017: cookies must not carry dates the browser (in real time) finds expired.
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    settings.CSRF_COOKIE_AGE = None
    settings.SITE_URL = "https://cbec.example.gov.cn"


def logout(page) -> None:
    page.get_by_role("button", name="退出").click()
    page.wait_for_url("**/accounts/login/")


def english(page) -> None:
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": page.base_url}])


def test_an_officer_is_reminded_submits_and_gets_the_return_in_inbox_and_email(page, liangyuan_officer, city_admin):
    liangyuan_officer.email = "liangyuan@example.gov.cn"
    liangyuan_officer.save()
    for quarter in (1, 2, 3, 4):
        builders.report("411402", 2016, quarter)
    with time_machine.travel(APRIL_8, tick=True):
        # Given the daily job ran this morning
        reminders_send(today=APRIL_8.date())
        assert [m.to for m in mail.outbox] == [["liangyuan@example.gov.cn"]]

        # When the officer logs in, they land on their to-do with one unread notice
        login(page, "liangyuan", PASSWORD)
        expect(page.locator("h1")).to_have_text("梁园区 · 我的待办")
        expect(page.locator("#nav-inbox .badge")).to_have_text("1")
        expect(page.locator("#todo-due-now")).to_contain_text("2017年第1季度")
        expect(page.locator("#todo-due-now")).to_contain_text("截止2017-04-15，还剩7天")
        screenshot(page, "n1-01-county-todo")

        # and the reminder in the inbox takes them to the due quarter's form
        page.locator("#nav-inbox").click()
        expect(page.locator(".notice").first).to_contain_text("梁园区2017年第1季度数据将于2017-04-15截止")
        screenshot(page, "n1-02-inbox")
        page.locator(".notice a").first.click()
        expect(page.locator("h1")).to_contain_text("2017年第1季度数据填报")
        expect(page.locator("#nav-inbox .badge")).to_have_count(0)
        page.fill("#id_transaction_usd", "2500000")
        page.fill("#id_employees", "60")
        page.fill("#id_reporting_enterprises", "0")
        page.get_by_role("button", name="提交审核").click()
        expect(page.locator("ul.messages")).to_contain_text("已提交，等待市商务局审核。")
        page.get_by_role("link", name="待办").click()
        expect(page.locator("#todo-due-now")).to_contain_text("已提交")
        screenshot(page, "n1-03-county-todo-submitted")
        logout(page)

        # The city admin's badge counts the waiting report on every page
        login(page, "cityadmin", PASSWORD)
        expect(page.locator("h1")).to_have_text("工作台")
        expect(page.locator("#nav-review .badge")).to_have_text("1")
        expect(page.locator("#waiting")).to_contain_text("梁园区")
        screenshot(page, "n1-04-admin-worklist")
        page.get_by_role("link", name="总览").click()
        expect(page.locator("#nav-review .badge")).to_have_text("1")
        page.locator("#nav-review").click()
        row = page.locator("table.data tbody tr", has_text="梁园区")
        expect(row).to_contain_text("按时提交")
        expect(row).to_contain_text("交易额较上季度")
        screenshot(page, "n1-05-review-queue")
        comment = "交易额与海关统计不符，请核实后重新提交。"
        row.get_by_placeholder("退回意见（必填）").fill(comment)
        row.get_by_role("button", name="退回").click()
        expect(page.locator("ul.messages")).to_contain_text("已退回县区修改。")
        expect(page.locator("#nav-review .badge")).to_have_count(0)
        logout(page)

        # The return reaches the officer's inbox and email, with the comment
        returned = [m for m in mail.outbox if "被退回" in m.subject]
        assert len(returned) == 1 and comment in returned[0].body
        assert "https://cbec.example.gov.cn/reports/" in returned[0].body
        login(page, "liangyuan", PASSWORD)
        expect(page.locator("#nav-inbox .badge")).to_have_text("1")
        expect(page.locator(".todo-returned")).to_contain_text(comment)
        screenshot(page, "n1-06-county-todo-returned")
        page.locator("#nav-inbox").click()
        expect(page.locator(".notice.unread")).to_contain_text(comment)
        screenshot(page, "n1-07-inbox-returned")

        # The same pages in English
        english(page)
        page.goto(page.base_url + "/todo/")
        expect(page.locator("h1")).to_contain_text("My to-do")
        screenshot(page, "n1-08-county-todo-en")
        page.goto(page.base_url + "/inbox/")
        expect(page.locator(".notice.unread")).to_contain_text("figures for Q1 2017 returned")
        screenshot(page, "n1-09-inbox-en")
        page.goto(page.base_url + "/account/notifications/")
        screenshot(page, "n1-10-notification-settings-en")


def test_a_leader_sees_which_units_are_pending_or_missing(page, leader):
    liangyuan_report = None
    for county in County.objects.units():
        if county.code == "411481":
            continue  # 永城市 has not reported 2018 Q4
        status = ReportStatus.SUBMITTED if county.code in ("411402", "411403") else ReportStatus.APPROVED
        report = builders.report(county.code, 2018, 4, status=status)
        liangyuan_report = report if county.code == "411402" else liangyuan_report
    for county in County.objects.units():
        for quarter in (1, 2, 3):
            builders.report(county.code, 2018, quarter)
    assert QuarterlyReport.objects.filter(year=2018, quarter=4).count() == County.objects.units().count() - 1

    login(page, "leader", PASSWORD)
    page.goto(page.base_url + "/?year=2018&quarter=4")
    banner = page.locator("#pending-banner")
    expect(banner).to_contain_text("梁园区：第4季度 待审核")
    expect(banner).to_contain_text("睢阳区：第4季度 待审核")
    expect(banner).to_contain_text("永城市：第4季度 未报送或未提交")
    expect(banner.locator("li")).to_have_count(3)
    screenshot(page, "n2-01-overview-pending-banner")
    page.locator("#pending-link").click()
    expect(page.locator("#pending-banner li")).to_have_count(1)  # with pending figures, only 永城市 is left out
    english(page)
    page.reload()
    expect(page.locator("#pending-banner")).to_contain_text("Yongcheng")
    screenshot(page, "n2-02-overview-pending-banner-en")


def test_account_and_error_pages_in_both_languages(page, liangyuan_officer, suiyang_officer):
    login(page, "suiyang", PASSWORD)
    for lang in ("zh", "en"):
        if lang == "en":
            english(page)
        page.goto(page.base_url + "/workspace/411402/")
        expect(page.locator(".error-page h1")).to_be_visible()
        screenshot(page, f"n3-01-404-{lang}")
        page.goto(page.base_url + "/review/")
        screenshot(page, f"n3-02-403-{lang}")
        page.goto(page.base_url + "/admin/")
        screenshot(page, f"n3-03-admin-no-access-{lang}")
        page.goto(page.base_url + "/account/")
        screenshot(page, f"n3-04-profile-{lang}")
        page.goto(page.base_url + "/accounts/password_change/")
        screenshot(page, f"n3-05-password-{lang}")
        page.goto(page.base_url + "/workspace/411403/")
        screenshot(page, f"n3-06-workspace-{lang}")
    # the 403 and 404 documents themselves are reported by Chromium as failed loads: expected here, nothing else
    expected = ("status of 404 (Not Found)", "status of 403 (Forbidden)")
    assert all(e.endswith(expected) for e in page.console_errors), page.console_errors
    page.console_errors.clear()
