"""The data-quality journey in Chromium: an officer meets a high-importance violation, explains it and
submits; the city admin sees the flag in the review queue and marks a figure for follow-up; the officer
answers in the report's thread, and the city reads the answer. Also: a batch run from its page, and the
per-enterprise flags prefilling and checking a quarter's figure. Screenshots under test-artifacts/screenshots/q-*.png."""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from counties.models import QuarterlyReport, ReportStatus
from quality.models import Comment, Explanation, FollowUp, RuleRun
from tests import builders
from tests.browser.conftest import login, screenshot
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIANGYUAN = "411402"
EXPLANATION = "两家企业外迁至郑州，从业人员随之减少。"
REASON = "交易额比上季度增长50%，请提供海关数据佐证。"
ANSWER = "已上传海关出口报关单汇总，增长来自新投产的纺织企业。"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def logout(page) -> None:
    page.get_by_role("button", name="退出").click()
    expect(page).to_have_url(page.base_url + "/accounts/login/")


def go(page, path: str) -> None:
    page.goto(page.base_url + path)
    page.wait_for_load_state("networkidle")


def expect_message(page, text: str) -> None:
    expect(page.locator("ul.messages")).to_contain_text(text)


def test_an_officer_explains_a_violation_the_city_follows_up_and_the_officer_answers(
    page, liangyuan_officer, city_admin
):
    # Given 梁园区 reported 120 people in 2016 Q1 and has two filed enterprises
    builders.report(LIANGYUAN, 2016, 1, transaction_usd=Decimal("20000000"), employees=120)
    for day in (3, 9):
        builders.enterprise(LIANGYUAN, filed_on=datetime.date(2016, 1, day))

    # When the officer enters 2016 Q2 with fewer employees and submits
    login(page, "liangyuan", PASSWORD)
    go(page, f"/workspace/{LIANGYUAN}/reports/2016/2/")
    expect(page.locator(".form-panel")).to_contain_text("季度末备案认定企业 2 家")
    page.fill("#id_transaction_usd", "30000000")
    page.fill("#id_employees", "100")
    page.fill("#id_reporting_enterprises", "2")
    page.get_by_role("button", name="提交审核").click()

    # Then the submission is refused, the draft kept, and the rule is shown with a box for an explanation
    expect_message(page, "草稿已保存，但未提交。")
    expect_message(page, "“从业人员不少于上季度”")
    finding = page.locator("li.finding-rule", has_text="从业人员不少于上季度")
    expect(finding).to_contain_text("重要性高")
    expect(finding).to_contain_text("从业人员 = 100；上季度从业人员 = 120")
    expect(page.locator("#id_employees")).to_have_class("flag-rule")
    screenshot(page, "q-01-form-refused")
    assert QuarterlyReport.objects.get(year=2016, quarter=2).status == ReportStatus.DRAFT

    # When they explain it and submit again
    page.fill("#explain-employees_fall", EXPLANATION)
    page.get_by_role("button", name="提交审核").click()

    # Then the figures are submitted with the explanation, which the report page shows
    expect_message(page, "已提交，等待市商务局审核。")
    expect(page.locator("#quality")).to_contain_text(EXPLANATION)
    screenshot(page, "q-02-submitted-with-explanation")
    report = QuarterlyReport.objects.get(year=2016, quarter=2)
    assert report.status == ReportStatus.SUBMITTED
    assert Explanation.objects.get(report=report).text == EXPLANATION
    logout(page)

    # When the city admin opens the review queue
    login(page, "cityadmin", PASSWORD)
    go(page, "/review/")
    row = page.locator("table.data tbody tr", has_text="梁园区")
    # Then the report carries the flag with the county's explanation
    expect(row.locator(".report-flags")).to_contain_text("从业人员不少于上季度")
    expect(row.locator(".report-flags")).to_contain_text(EXPLANATION)
    screenshot(page, "q-03-review-queue-flag")

    # When the admin opens the report and marks the volume for follow-up
    row.get_by_role("link", name="2016年第2季度").click()
    page.select_option("#follow-up-figure", "transaction_usd")
    page.fill("#follow-up-reason", REASON)
    page.get_by_role("button", name="标记跟进").click()

    # Then the follow-up is open, and the thread records it
    expect_message(page, "已标记跟进")
    expect(page.locator("#follow-ups")).to_contain_text("1项待跟进")
    expect(page.locator("#thread")).to_contain_text(REASON)
    screenshot(page, "q-04-follow-up-marked")
    go(page, "/review/")
    expect(page.locator("table.data tbody tr", has_text="梁园区").locator("td.flag-follow_up")).to_have_count(1)
    logout(page)

    # When the officer finds the follow-up in the county's list and answers it in the thread
    login(page, "liangyuan", PASSWORD)
    go(page, "/quality/follow-ups/")
    expect(page.locator("table.follow-ups")).to_contain_text(REASON)
    page.locator("table.follow-ups").get_by_role("link", name="2016年第2季度").click()
    page.fill("#comment-text", ANSWER)
    expect(page.locator("#comment-follow-up")).to_contain_text("交易额（美元）")
    page.select_option("#comment-follow-up", str(FollowUp.objects.get().pk))
    page.get_by_role("button", name="发送").click()

    # Then the answer is in the thread for both sides, tied to the follow-up
    expect_message(page, "留言已发送。")
    expect(page.locator("#thread li").last).to_contain_text(ANSWER)
    screenshot(page, "q-05-officer-answers")
    answer = Comment.objects.latest("pk")
    assert (answer.author, answer.follow_up) == (liangyuan_officer, FollowUp.objects.get())
    logout(page)

    # When the city admin comes back to the follow-up list
    login(page, "cityadmin", PASSWORD)
    go(page, "/quality/follow-ups/")
    # Then the officer's answer is beside the open follow-up, and the report's thread shows it too
    expect(page.locator("table.follow-ups")).to_contain_text(ANSWER)
    page.locator("table.follow-ups").get_by_role("link", name="2016年第2季度").click()
    expect(page.locator("#thread")).to_contain_text(REASON)
    expect(page.locator("#thread li").last).to_contain_text(ANSWER)
    expect(page.locator("#thread li").last).to_contain_text("梁园区")
    screenshot(page, "q-06-city-reads-the-answer")


def test_a_city_admin_runs_the_rules_over_a_year_and_reads_the_results_in_english(page, city_admin):
    # Given 梁园区 reported more enterprises than it has filed in 2016 Q1, and 睢阳区 clean figures
    builders.report(LIANGYUAN, 2016, 1, reporting_enterprises=2, status=ReportStatus.SUBMITTED)
    builders.report("411403", 2016, 1, status=ReportStatus.APPROVED)
    login(page, "cityadmin", PASSWORD)
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": page.base_url}])

    # When the admin starts a batch run over 2016 for every county
    go(page, "/quality/runs/")
    for year in page.locator("input[name=years]").all():
        if year.get_attribute("value") != "2016":
            year.uncheck()
    page.get_by_role("button", name="Start").click()

    # Then the job page follows the run to its end and links to the results
    expect(page.locator("main")).to_contain_text("2 quarterly reports")
    page.get_by_role("link", name="See the result").click()

    # And the results name the broken rule, the county and both sides' values in English
    failures = page.locator("#failures table.data")
    expect(failures).to_contain_text("Liangyuan District")
    expect(failures).to_contain_text("cannot exceed the enterprises filed at the quarter's end")
    expect(failures).to_contain_text("reporting_enterprises = 2; filed_enterprises = 0")
    expect(page.locator("table.summary-table")).to_contain_text("2016 · Q1, Q2, Q3, Q4 · All counties")
    screenshot(page, "q-07-batch-run-results-en")
    run = RuleRun.objects.get()
    assert (run.started_by, run.reports_checked, run.failed) == (city_admin, 2, 1)


def test_an_officer_ticks_who_reported_and_the_quarters_figure_starts_from_it(page, liangyuan_officer):
    # Given 梁园区 has three enterprises filed before 2016 Q3
    firms = [builders.enterprise(LIANGYUAN, filed_on=datetime.date(2016, 2, day)) for day in (3, 9, 15)]
    login(page, "liangyuan", PASSWORD)

    # When the officer ticks two of them on time and accurate, and the third only on time
    go(page, f"/workspace/{LIANGYUAN}/enterprise-reports/2016/3/")
    for firm in firms:
        page.check(f"input[name=on_time][value='{firm.pk}']")
    for firm in firms[:2]:
        page.check(f"input[name=accurate][value='{firm.pk}']")
    page.get_by_role("button", name="保存本页标记").click()
    page.wait_for_load_state("networkidle")

    # Then the quarter's form starts from the two and says what it is checked against
    go(page, f"/workspace/{LIANGYUAN}/reports/2016/3/")
    expect(page.locator("#id_reporting_enterprises")).to_have_value("2")
    expect(page.locator(".form-panel")).to_contain_text("季度末备案认定企业 3 家")
    expect(page.locator(".form-panel")).to_contain_text("其中按时且准确 2 家")

    # And a figure above the ticked count breaks the rule when saved
    page.fill("#id_transaction_usd", "1000000")
    page.fill("#id_employees", "30")
    page.fill("#id_reporting_enterprises", "3")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.locator("li.finding-rule", has_text="不超过企业填报标记中勾选的企业数")).to_contain_text(
        "填报企业数 = 3；系统填报企业数 = 2"
    )
    screenshot(page, "q-08-flags-prefill-and-check")
