"""In a real browser the policy is in force: a script slipped into a page does not run, and is reported."""

import pytest

from tests.browser.conftest import login
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_an_injected_inline_script_is_blocked_and_reported(page, leader):
    login(page, "leader", PASSWORD)
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.injected = true";
            document.body.appendChild(script);
            const img = document.createElement("img");
            img.setAttribute("onerror", "window.handler = true");
            img.src = "/no-such-image.png";
            document.body.appendChild(img);
        }"""
    )
    page.wait_for_timeout(300)
    assert page.evaluate("() => [window.injected === true, window.handler === true]") == [False, False]
    violations = [e for e in page.console_errors if "script-src" in e]
    assert violations, page.console_errors
    page.console_errors.clear()  # the violations were the point of this test


def test_the_language_switch_works_without_an_inline_handler(page, leader):
    login(page, "leader", PASSWORD)
    with page.expect_navigation():
        page.select_option("select[name=language]", "en")
    assert page.locator("html").get_attribute("lang") == "en"


def test_chart_tooltips_draw_under_the_policy(page, leader):
    """ECharts styles its tooltips through the CSSOM, which the policy allows; inline style attributes it does not."""
    from decimal import Decimal

    from tests import builders

    for quarter in (1, 2, 3, 4):
        builders.report("411402", 2016, quarter, transaction_usd=Decimal(20_000_000), employees=10 * quarter)
    login(page, "leader", PASSWORD)
    page.goto(page.base_url + "/counties/411402/")
    page.wait_for_load_state("networkidle")
    chart = page.locator("[data-chart=county]")
    box = chart.bounding_box()
    for step in range(1, 8):
        page.mouse.move(box["x"] + box["width"] * step / 8, box["y"] + box["height"] / 2)
        page.wait_for_timeout(100)
    page.goto(page.base_url + "/?year=2016&quarter=4")
    page.wait_for_load_state("networkidle")
    spark = page.locator("#target-employees .spark")
    spark.hover()
    page.wait_for_timeout(300)
