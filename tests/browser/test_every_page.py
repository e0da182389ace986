"""Every page, as every role sees it, on a phone: nothing is wider than a 390 px screen.

Each role's pages (tests/pages.py: every URL pattern with real arguments, and the admin for city
admins) are opened in Chromium at 390 x 844 in Chinese and in English, on data like a real
installation's (the demo data, plus one enterprise with a 200-character name). A page wider than the
screen fails with its URL and width, and so does a script error or a refused inline style or script
(Content-Security-Policy). At 1366 px the navigation stays on one line in both languages.

With SCREENSHOTS=1 every page is also photographed at 390 and 1366 px into test-artifacts/screenshots/
pages/ (for looking at them, not for the test).
"""

import os

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from counties.models import QuarterlyReport
from tests import builders
from tests.browser.conftest import ARTIFACTS
from tests.pages import ROLES, html_pages, signed_in, world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESK = {"width": 1366, "height": 900}
LANGUAGES = ("zh-hans", "en")
SHOTS = ARTIFACTS / "pages"


@pytest.fixture
def realistic_data(db):
    """The demo data, and the enterprise whose name once made every registry column one character wide."""
    call_command("seed_demo", verbosity=0)
    # the permission table's records stand for 梁园区's first two quarters of 2016
    QuarterlyReport.objects.filter(county__code="411402", year=2016, quarter__in=(1, 2)).delete()
    builders.enterprise("411402", name="商丘市" + "跨境电子商务进出口贸易有限责任公司" * 11)


def _browser_context(browser, live_server, client, language, viewport):
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    session = client.cookies.get(settings.SESSION_COOKIE_NAME)
    if session is not None:
        cookies.append({"name": settings.SESSION_COOKIE_NAME, "value": session.value, "url": live_server.url})
    context.add_cookies(cookies)
    return context


def _slug(url: str) -> str:
    return url.strip("/").replace("/", "_").replace("?", "_").replace("&", "_").replace("=", "-") or "root"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("role", ROLES)
def test_no_page_is_wider_than_a_phone(browser, live_server, realistic_data, request, role, language):
    client = Client()
    signed_in(client, role, request)
    pages = html_pages(client, role, world())
    assert pages, role
    context = _browser_context(browser, live_server, client, language, PHONE)
    page = context.new_page()
    too_wide, errors = [], []
    page.on("pageerror", lambda exc: errors.append(f"{page.url}: {exc}"))
    page.on("console", lambda msg: msg.type == "error" and errors.append(f"{page.url}: {msg.text}"))
    shots = os.environ.get("SCREENSHOTS") == "1"
    for item in pages:
        page.goto(live_server.url + item.url, wait_until="load")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide.append(f"{item.url} ({item.name}): {width}px")
        if shots:
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / f"{role}-{language}-390-{_slug(item.url)}.png"), full_page=True)
            page.set_viewport_size(DESK)
            page.screenshot(path=str(SHOTS / f"{role}-{language}-1366-{_slug(item.url)}.png"), full_page=True)
            page.set_viewport_size(PHONE)
    context.close()
    assert too_wide == [], f"wider than {PHONE['width']}px as {role} in {language}:\n" + "\n".join(too_wide)
    assert errors == []


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("role", ["county_a", "city_admin", "leader"])
def test_the_navigation_is_on_one_line_at_1366(browser, live_server, realistic_data, request, role, language):
    client = Client()
    signed_in(client, role, request)
    context = _browser_context(browser, live_server, client, language, DESK)
    page = context.new_page()
    page.goto(live_server.url + "/overview/")
    tops = page.eval_on_selector_all(".mainnav a", "links => links.map(a => Math.round(a.getBoundingClientRect().top))")
    # the city admin's nav carries the waiting count (the demo data leave 2018 Q4 reports waiting)
    badges = page.locator("#nav-review .badge").count()
    context.close()
    assert badges == (1 if role == "city_admin" else 0)
    assert len(tops) >= 6 and len(set(tops)) == 1, tops


def test_on_a_phone_the_menu_button_opens_and_closes_the_navigation(browser, live_server, leader):
    client = Client()
    client.force_login(leader)
    context = _browser_context(browser, live_server, client, "zh-hans", PHONE)
    page = context.new_page()
    page.goto(live_server.url + "/overview/")
    nav = page.locator(".mainnav")
    assert not nav.is_visible()
    button = page.locator("[data-nav-toggle]")
    button.click()
    assert nav.is_visible() and button.get_attribute("aria-expanded") == "true"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    button.click()
    assert not nav.is_visible()
    context.close()
