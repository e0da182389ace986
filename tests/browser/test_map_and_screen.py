"""The county map and the meeting-room screen in a real Chromium.

A leader hovers a county on the overview's map and reads its figure, clicks it and lands on the county's
page; the English page names the counties in English; the meeting-room screen at 1920x1080 opens with a
display token, and stops showing figures at its next refresh once the token is revoked. Screenshots go to
test-artifacts/screenshots/ (map-zh.png, map-en.png, screen-1920x1080.png, screen-revoked.png).
"""

import datetime

import pytest
from django.conf import settings as django_settings
from playwright.sync_api import expect

from dashboards import display_tokens, geo
from dashboards.models import DisplayToken
from tests import builders
from tests.browser.conftest import ARTIFACTS, login, screenshot
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def liangyuan_filed_ten_in_2016():
    for _ in range(10):
        builders.enterprise("411402", filed_on=datetime.date(2016, 3, 1))
    for _ in range(4):
        builders.enterprise("411403", filed_on=datetime.date(2016, 3, 1))


def go(page, path: str) -> None:
    page.goto(page.base_url + path)
    page.wait_for_load_state("networkidle")


def map_drawn(page):
    canvas = page.locator("[data-county-map]")
    expect(canvas.locator("svg path").first).to_be_attached()
    expect(page.locator("[data-map-legend] li").first).to_be_visible()
    return canvas


def point_of(page, canvas, county_name: str) -> tuple[float, float]:
    """Where on the page a county's label point is, asked of the chart itself."""
    lng, lat = next(shape.centre for shape in geo.shapes() if shape.name == county_name)
    canvas.scroll_into_view_if_needed()
    x, y = page.evaluate(
        "([lng, lat]) => echarts.getInstanceByDom(document.querySelector('[data-county-map]'))"
        ".convertToPixel({seriesIndex: 0}, [lng, lat])",
        [lng, lat],
    )
    box = canvas.bounding_box()
    return box["x"] + x, box["y"] + y


def test_a_leader_hovers_a_county_reads_its_figure_and_clicks_through(page, leader, liangyuan_filed_ten_in_2016):
    login(page, "leader", PASSWORD)
    go(page, "/?year=2016&quarter=4")
    canvas = map_drawn(page)
    expect(canvas).to_have_attribute("data-mode", "ratio")
    x, y = point_of(page, canvas, "睢阳区")
    page.mouse.move(x, y)
    tooltip = canvas.locator("div", has_text="睢阳区").last
    expect(tooltip).to_contain_text("4家，任务≥8家，完成50.0%")
    zone = page.locator("#map-zone-SQZ01")
    expect(zone).to_contain_text("城乡一体化示范区")
    expect(zone).to_have_attribute("data-band", "low")  # 0 of its quota of 2
    swatch = page.locator('[data-map-legend] li[data-band="low"] .swatch')
    assert zone.locator(".swatch").evaluate("e => e.style.backgroundColor") == swatch.evaluate(
        "e => e.style.backgroundColor"
    )
    page.locator("#county-map").screenshot(path=str(ARTIFACTS / "map-zh.png"))
    x, y = point_of(page, canvas, "梁园区")
    page.mouse.click(x, y)
    page.wait_for_url(page.base_url + "/counties/411402/")


def test_the_map_switches_indicator_without_a_reload(page, leader, liangyuan_filed_ten_in_2016):
    login(page, "leader", PASSWORD)
    go(page, "/?year=2018&quarter=2")
    canvas = map_drawn(page)
    expect(canvas).to_have_attribute("data-subject", "enterprises_filed")
    expect(canvas).to_have_attribute("data-mode", "value")  # 2018 gives the counties no filing quota
    page.select_option("[data-map-subject]", "parks_specialised")
    expect(canvas).to_have_attribute("data-subject", "parks_specialised")
    expect(canvas).to_have_attribute("data-mode", "ratio")
    assert "map=parks_specialised" in page.url


def test_the_english_map_names_the_counties_in_english(page, leader, liangyuan_filed_ten_in_2016):
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": page.base_url}])
    login(page, "leader", PASSWORD)
    go(page, "/scorecard/2016/")
    canvas = map_drawn(page)
    expect(canvas).to_have_attribute("data-subject", "score")
    expect(page.locator("#map-zone-SQZ01")).to_contain_text("Urban-Rural Integration Demonstration Zone")
    x, y = point_of(page, canvas, "梁园区")
    page.mouse.move(x, y)
    expect(canvas.locator("div", has_text="Liangyuan District").last).to_contain_text("Composite score 100.0%")
    assert "梁园" not in canvas.inner_text()
    page.locator("#county-map").screenshot(path=str(ARTIFACTS / "map-en.png"))


def test_the_meeting_room_screen_runs_on_a_token_until_it_is_revoked(browser, live_server, city_admin, settings):
    settings.SCREEN_REFRESH_SECONDS = 1
    for _ in range(10):
        builders.enterprise("411402", filed_on=datetime.date(2016, 3, 1))
    _, key = display_tokens.display_token_issue(name="三楼会议室", by=city_admin)
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{live_server.url}/screen/#key={key}")
    expect(page.locator("#screen-headline-enterprises_filed .s-card-value")).to_have_text("10家")
    expect(page.locator("#screen-rank-411402")).to_have_attribute("data-rank", "1")
    expect(page.locator('[data-s="map"] svg path').first).to_be_attached()
    page.wait_for_timeout(500)
    screenshot(page, "screen-1920x1080")
    scroll = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
    assert scroll == [1920, 1080]  # one screen, nothing scrolls
    builders.enterprise("411402", filed_on=datetime.date(2016, 3, 2))
    expect(page.locator("#screen-headline-enterprises_filed .s-card-value")).to_have_text("11家")  # refreshed
    display_tokens.display_token_revoke(token_id=DisplayToken.objects.get().pk, by=city_admin)
    expect(page.locator('[data-s="overlay"]')).to_be_visible(timeout=5000)
    expect(page.locator('[data-s="overlay-text"]')).to_contain_text("已被撤销")
    assert page.locator("#screen-headline-enterprises_filed").count() == 0
    screenshot(page, "screen-revoked")
    assert errors == []
    assert django_settings.SCREEN_REFRESH_SECONDS == 1
    context.close()


def test_a_leader_downloads_the_quarters_bulletin_from_the_overview(page, leader, liangyuan_filed_ten_in_2016):
    login(page, "leader", PASSWORD)
    go(page, "/overview/?year=2016&quarter=4")
    page.click("#bulletin-link")
    page.wait_for_url("**/bulletins/?year=2016&quarter=4")
    expect(page.locator('select[name="quarter"]')).to_have_value("4")
    page.click("#bulletin-docx")
    page.wait_for_url("**/jobs/**")
    result = page.get_by_role("link", name="查看结果")
    expect(result).to_be_visible(timeout=60_000)
    with page.expect_download() as download:
        result.click()
    assert download.value.suggested_filename == "商丘市跨境电商三年行动计划推进情况通报-2016年第4季度.docx"
    path = download.value.path()
    from docx import Document

    body = "\n".join(p.text for p in Document(path).paragraphs)
    assert "2016年第4季度" in body and "商政〔2016〕26号" in body
    screenshot(page, "bulletin-job-done")


def test_the_screen_without_a_token_or_a_login_says_how_to_open_it(page):
    go(page, "/screen/")
    expect(page.locator('[data-s="overlay-text"]')).to_have_text("请用市商务局管理员签发的大屏地址打开本页，或先登录。")
    assert page.locator(".s-card").count() == 0
