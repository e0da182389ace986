"""Real-browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Chromium is taken from /usr/bin/chromium (never downloaded). Where it is missing the tests skip,
unless REQUIRE_BROWSER=1 (CI) makes that a failure. Screenshots go to test-artifacts/screenshots/.
"""

import os
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from signin.twofactor import authenticator_of
from tests.twofactor import code_for_key, fresh_code, key_from_secret

CHROMIUM = "/usr/bin/chromium"
# TEST_ARTIFACTS gives another folder (.ci/run runs the SQLite and the PostgreSQL suites side by side).
ARTIFACTS = (
    Path(os.environ.get("TEST_ARTIFACTS") or Path(__file__).resolve().parents[2] / "test-artifacts") / "screenshots"
)

# Playwright's sync API runs an event loop in this thread; the ORM calls made by fixtures here are
# ordinary synchronous calls, so Django's async-safety guard is lifted for browser tests only.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} is missing but REQUIRE_BROWSER is set")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--lang=zh-CN",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


# Every Content-Security-Policy violation becomes a console error (Chromium also logs most of them itself),
# so a journey fails on any inline script, inline handler or blocked resource it meets.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", function (e) {
  console.error("CSP violation: " + e.violatedDirective + " blocked " + (e.blockedURI || "inline") +
    " at " + e.sourceFile + ":" + e.lineNumber + " " + (e.sample || ""));
});
"""


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context (own cookies) at a 1366x900 office screen, failing on console errors and on
    any Content-Security-Policy violation."""
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN", accept_downloads=True)
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
    page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))
    page.base_url = live_server.url
    yield page
    context.close()
    assert page.console_errors == [], page.console_errors


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def login(page, username: str, password: str) -> None:
    """Sign in as a person does: the password, then the second factor where the user has or must have it
    (enrolling from the page's secret the first time, a fresh code from the authenticator after that)."""
    page.goto(page.base_url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    if "/accounts/two-factor/setup/" in page.url:
        enrol(page)
        page.click("text=我已保存恢复码，继续")
        page.wait_for_load_state("networkidle")
    elif "/accounts/two-factor/" in page.url:
        give_code(page, fresh_code(authenticator_of(User.objects.get(username=username))))


def switch_language(page, language: str) -> None:
    """Choose a language in the header as a person does, and wait until the page is served in it: the
    choice posts a form, so the next step must not start before that navigation has ended."""
    with page.expect_navigation():
        page.select_option("select[name=language]", language)
    page.wait_for_load_state("networkidle")
    expect(page.locator("html")).to_have_attribute("lang", language)


def enrol(page) -> bytes:
    """On the enrolment page: read the secret as a person types it into an app, confirm with the app's code."""
    key = key_from_secret(page.text_content("#totp-secret"))
    page.fill("#id_code", code_for_key(key))
    page.click("form button[type=submit].primary")
    page.wait_for_load_state("networkidle")
    return key


def give_code(page, code: str) -> None:
    page.fill("#id_code", code)
    page.click("form button[type=submit].primary")
    page.wait_for_load_state("networkidle")
