"""The progress page of a background job, in Chromium: it follows a running job without a reload and
ends on the result link (or the error), in Chinese and in English."""

import pytest
from playwright.sync_api import expect

from jobs import queue
from jobs.models import Job
from tests.browser.conftest import login, screenshot, switch_language
from tests.conftest import PASSWORD
from tests.jobs import handlers

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def a_running_import(owner) -> Job:
    job = Job.objects.create(kind=handlers.count_rows.kind, label="表格导入导出", owner=owner, status="running")
    queue.put_progress(job.pk, {"done": 1200, "total": 4000, "message": "已检查 1200 行"})
    return job


def test_the_page_follows_a_running_job_to_its_result(page, liangyuan_officer):
    job = a_running_import(liangyuan_officer)
    login(page, "liangyuan", PASSWORD)

    # Given the officer watches their import at 30%
    page.goto(page.base_url + job.get_absolute_url())
    bar = page.locator("progress.job-progress")
    expect(bar).to_have_attribute("value", "30")
    expect(page.locator("[data-job-field=counts]")).to_have_text("1,200 / 4,000")
    expect(page.locator("[data-job-field=result]")).to_be_hidden()
    screenshot(page, "jobs-01-running-zh")

    # When the worker gets further, then finishes
    queue.put_progress(job.pk, {"done": 3000, "total": 4000, "message": "已检查 3000 行"})
    expect(bar).to_have_attribute("value", "75")
    expect(page.locator("[data-job-field=message]")).to_have_text("已检查 3000 行")
    expect(page.locator("[data-job-field=counts]")).to_have_text("3,000 / 4,000")
    Job.objects.filter(pk=job.pk).update(
        status="succeeded", done=4000, total=4000, result={"url": "/workspace/411402/", "message": "新增 4000 家企业"}
    )

    # Then the page shows the result and its link without being reloaded
    result = page.locator("[data-job-field=result]")
    expect(result).to_be_visible(timeout=10_000)
    expect(result).to_contain_text("新增 4000 家企业")
    expect(page.locator(".job-badge")).to_have_text("已完成")
    expect(page.locator("[data-job-field=hint]")).to_be_hidden()
    screenshot(page, "jobs-02-done-zh")
    page.get_by_role("link", name="查看结果").click()
    expect(page).to_have_url(page.base_url + "/workspace/411402/")


def test_a_failed_job_in_english_and_the_list_of_my_jobs(page, liangyuan_officer):
    login(page, "liangyuan", PASSWORD)
    switch_language(page, "en")
    running = a_running_import(liangyuan_officer)
    from django.utils import translation

    with translation.override("en"):
        failed = handlers.flaky.start(owner=liangyuan_officer, fail_times=9)

    page.goto(page.base_url + failed.get_absolute_url())
    expect(page.locator("[data-job-field=error]")).to_contain_text("failed with an error after 3 attempts")
    expect(page.locator(".job-badge")).to_have_text("Failed")
    screenshot(page, "jobs-03-failed-en")

    page.get_by_role("link", name="My jobs").first.click()
    rows = page.locator("table.data tbody tr")
    expect(rows).to_have_count(2)
    expect(page.locator("table.data")).to_contain_text("Running")
    screenshot(page, "jobs-04-list-en")
    page.locator(f'a[href="/jobs/{running.pk}/"]').click()
    expect(page.locator("progress.job-progress")).to_have_attribute("value", "30")
    screenshot(page, "jobs-05-running-en")
