"""A city admin records a key project's progress with a file; a leader reads it and downloads the file.

In Chromium against the live server, at an office screen and on a phone, in Chinese and in English. The
``page`` fixture fails the test on any console error or Content-Security-Policy violation.
"""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from milestones.models import ProgressEntry
from targets.models import Milestone
from tests.browser.conftest import login, screenshot, switch_language
from tests.conftest import PASSWORD
from tests.milestones.files import PDF_BYTES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _fast_passwords_and_own_media(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"


def go(page, path: str) -> None:
    page.goto(page.base_url + path)
    page.wait_for_load_state("networkidle")


def test_a_city_admin_records_progress_with_a_file_and_a_leader_downloads_it(page, city_admin, leader, tmp_path):
    letter = tmp_path / "海关总署批复.pdf"
    letter.write_bytes(PDF_BYTES)
    customs = Milestone.objects.get(code="customs_upgrade")

    # Given a city admin on the key projects' timeline
    login(page, "cityadmin", PASSWORD)
    go(page, "/milestones/")
    page.locator("#milestone-customs_upgrade a", has_text="郑州海关驻商丘办事处升格为商丘海关").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("#progress-history")).to_contain_text("尚未登记进展")
    page.click("#record-progress")
    page.wait_for_load_state("networkidle")

    # When they say it is done but give no date, they are told what is missing and where
    page.select_option("#id_status", "done")
    page.fill("#id_note", "海关总署批复同意升格为商丘海关。")
    page.set_input_files("#id_uploads", str(letter))
    page.get_by_role("button", name="保存进展").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("#field-reached_on .errorlist")).to_have_text("状态为“已完成”时必须填写完成日期。")
    expect(page.locator(".errornote")).to_contain_text("没有保存")
    screenshot(page, "milestone-record-refused-1366")
    assert not ProgressEntry.objects.exists()

    # Then with the date (the file chosen again) the entry is kept with its file
    page.fill("#id_reached_on", "2017-11-20")
    page.set_input_files("#id_uploads", str(letter))
    page.get_by_role("button", name="保存进展").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("ul.messages")).to_contain_text("已登记“郑州海关驻商丘办事处升格为商丘海关”的进展。")
    expect(page.locator("#milestone-state")).to_contain_text("按期完成")
    expect(page.locator(".progress-entry").first).to_contain_text("海关总署批复.pdf")
    screenshot(page, "milestone-detail-city-admin-1366")
    page.get_by_role("button", name="退出").click()

    # When a leader opens the timeline, the project shows done on time, the note and the file
    login(page, "leader", PASSWORD)
    go(page, "/milestones/")
    row = page.locator("#milestone-customs_upgrade")
    expect(row).to_have_attribute("data-state", "met")
    expect(row).to_contain_text("2017-11-20")
    expect(row).to_contain_text("海关总署批复同意升格为商丘海关。")
    expect(row).to_contain_text("共1条进展")
    screenshot(page, "milestones-leader-1366")
    with page.expect_download() as download_info:
        row.get_by_role("link", name="海关总署批复.pdf").click()
    download = download_info.value
    assert download.suggested_filename == "海关总署批复.pdf"
    assert Path(download.path()).read_bytes() == PDF_BYTES

    # And on a phone, and in English, the same page fits the screen
    page.set_viewport_size({"width": 390, "height": 844})
    go(page, "/milestones/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "milestones-leader-390")
    go(page, f"/milestones/{customs.pk}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "milestone-detail-leader-390")
    page.set_viewport_size({"width": 1366, "height": 900})
    switch_language(page, "en")
    expect(page.locator("#milestone-state")).to_contain_text("Completed on time")
    expect(page.locator("#progress-history")).to_contain_text("Progress history")
    screenshot(page, "milestone-detail-leader-en-1366")
