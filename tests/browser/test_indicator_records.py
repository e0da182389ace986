"""A leader traces a number to its records in Chromium: narrows them to a county from the breakdown, changes
the order, pages forward, to the end and back, and opens a record's history."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login, screenshot
from tests.conftest import PASSWORD
from tests.dashboards.dashboards import many_enterprises

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def rows(page) -> list[str]:
    return page.locator("#records tbody tr td:first-child").all_inner_texts()


def dates(page) -> list[datetime.date]:
    return [datetime.date.fromisoformat(d) for d in page.locator("#records tbody tr td:nth-child(3)").all_inner_texts()]


def test_a_leader_pages_through_the_records_of_one_county_oldest_first(page, leader):
    many_enterprises(130, ["411402", "411403"])  # 65 each; some deregistered by the end of 2018
    login(page, leader.username, PASSWORD)
    page.goto(page.base_url + "/indicators/enterprises_filed/?year=2018")
    total = int(page.locator("#records-total").get_attribute("data-total"))
    assert total > 100 and len(rows(page)) == 50
    assert dates(page) == sorted(dates(page), reverse=True)  # newest first

    # The county's number in the breakdown narrows the list to it
    page.locator("#breakdown #county-411403 td.num a").click()  # the actual, linked
    expect(page.locator("#records h2")).to_contain_text("睢阳区")
    county_total = int(page.locator("#records-total").get_attribute("data-total"))
    assert 50 < county_total < total
    expect(page.locator("#breakdown #county-411403 td.num a")).to_contain_text(str(county_total))

    # Oldest first, then the next page, the last page and back to the first
    page.select_option("#records select[name=order]", "date")
    page.get_by_role("button", name="显示").click()
    first = rows(page)
    assert dates(page) == sorted(dates(page)) and len(first) == 50
    page.get_by_role("link", name="下一页").click()
    second = rows(page)
    assert len(second) == county_total - 50 and not set(first) & set(second)
    expect(page.locator(".pager")).to_contain_text("末页")
    screenshot(page, "records-01-second-page")
    page.get_by_role("link", name="首页").click()
    assert rows(page) == first

    # Each record opens its own history
    name = rows(page)[0]
    page.locator("#records tbody tr td:first-child a").first.click()
    expect(page).to_have_url(re.compile(r"/workspace/411403/enterprises/\d+/history/$"))
    expect(page.locator("main, .content").first).to_contain_text(name)
