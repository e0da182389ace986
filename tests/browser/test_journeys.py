"""The three user journeys of the portal, in a real Chromium against the live server.

1. A 梁园区 officer adds an enterprise (a wrong credit code first), then fills and submits a past quarter.
2. A city admin returns the quarter with a comment, the county resubmits, the admin approves, and the
   overview's headline figures change.
3. A leader reads the overview, switches year and language, opens an indicator and a county, and
   downloads the overview as xlsx.

Every page visited is saved as a screenshot under test-artifacts/screenshots/; the ``page`` fixture fails a
test on any console error.
"""

import datetime
import json
from decimal import Decimal

import openpyxl
import pytest
from playwright.sync_api import expect

from counties import services
from counties.models import QuarterlyReport, ReportStatus
from enterprises.models import Enterprise
from tests import builders
from tests.browser.conftest import ARTIFACTS, login, screenshot
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIANGYUAN = "411402"


# --- Helpers -------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """The journeys log in six times; a deliberately slow hasher would cost a third of their time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def logout(page) -> None:
    page.get_by_role("button", name="退出").click()
    expect(page).to_have_url(page.base_url + "/accounts/login/")


def go(page, path: str) -> None:
    page.goto(page.base_url + path)
    page.wait_for_load_state("networkidle")


def expect_chart_drawn(container) -> None:
    """ECharts (SVG renderer) drew into the container: an <svg> holding drawn paths, with a real size."""
    svg = container.locator("svg").first
    expect(svg).to_be_visible()
    assert svg.locator("path").count() > 0
    box = svg.bounding_box()
    assert box and box["width"] > 0 and box["height"] > 0


def headline(page, code: str):
    return page.locator(f"#headline-{code} .headline")


def spark_values(page, code: str) -> list[float]:
    """The quarterly values behind a target's sparkline on the overview, in the page's unit."""
    return json.loads(page.locator(f"#target-{code} .spark").get_attribute("data-spark"))["values"]


def chart_data(page, script_id: str) -> dict:
    """The data a drill-down chart is drawn from (its json_script block)."""
    return json.loads(page.locator(f"#{script_id}").text_content())


def expect_message(page, text: str) -> None:
    expect(page.locator("ul.messages")).to_contain_text(text)


def liangyuan_first_quarter_2016() -> QuarterlyReport:
    """梁园区 already reported 2016 Q1 (approved): 2000万美元, 10 people."""
    return builders.report(LIANGYUAN, 2016, 1, transaction_usd=Decimal("20000000"), employees=10)


# --- Journey 1: a county officer enters data --------------------------------------------------------


def test_a_liangyuan_officer_adds_an_enterprise_and_submits_a_quarter(page, liangyuan_officer):
    liangyuan_first_quarter_2016()
    # Given the officer logged in and opened the county workspace from the menu
    login(page, "liangyuan", PASSWORD)
    page.get_by_role("link", name="县区填报").click()
    expect(page.locator("h1")).to_have_text("梁园区 · 季度数据")
    screenshot(page, "j1-01-workspace")

    # When they add an enterprise whose credit code has a wrong check character
    page.locator(".toolbar").get_by_role("link", name="跨境电商企业").click()
    page.get_by_role("link", name="新增").click()
    good = builders.credit_code(7001, region="411402")
    wrong = good[:-1] + ("1" if good[-1] != "1" else "2")
    page.fill("#id_name", "商丘市梁园区测试跨境电商有限公司")
    page.fill("#id_credit_code", wrong)
    page.fill("#id_filed_on", "2016-05-20")
    page.select_option("#id_industry", "textiles")
    page.get_by_role("button", name="保存").click()

    # Then the form names the check character it expected and nothing is saved
    error = page.locator(".errorlist").first
    expect(error).to_contain_text(f"统一社会信用代码校验位错误：第18位应为“{good[-1]}”，实际为“{wrong[-1]}”。")
    screenshot(page, "j1-02-enterprise-wrong-code")
    assert not Enterprise.objects.exists()

    # When they correct the code (typed with a space, as people do) and save
    page.fill("#id_credit_code", f"{good[:9]} {good[9:]}")
    page.get_by_role("button", name="保存").click()

    # Then the enterprise is in the county's list with the normalised code
    expect_message(page, "已保存：商丘市梁园区测试跨境电商有限公司")
    expect(page.locator("table.data tbody")).to_contain_text(good)
    screenshot(page, "j1-03-enterprise-list")
    assert Enterprise.objects.get().county.code == LIANGYUAN

    # When they fill 2016 Q2 from the quarterly grid and submit it for review
    page.locator(".toolbar").get_by_role("link", name="季度数据").click()
    page.locator(f'a[href="/workspace/{LIANGYUAN}/reports/2016/2/"]').click()
    expect(page.locator("h1")).to_contain_text("2016年第2季度数据填报")
    expect(page.locator("main")).to_contain_text("上季度")  # the 2016 Q1 figures for comparison
    page.fill("#id_transaction_usd", "90000000")
    page.fill("#id_employees", "120")
    page.fill("#id_reporting_enterprises", "1")  # the one enterprise filed: no more (a high-importance rule)
    page.fill("#id_remark", "新增备案企业一家。")
    screenshot(page, "j1-04-report-form")
    page.get_by_role("button", name="提交审核").click()

    # Then the detail page shows the submitted figures, and the city has them to review
    expect_message(page, "已提交，等待市商务局审核。")
    expect(page.locator(".tag")).to_have_text("已提交")
    expect(page.locator("table.data").first).to_contain_text("90,000,000.00")
    screenshot(page, "j1-05-report-submitted")
    report = QuarterlyReport.objects.get(county__code=LIANGYUAN, year=2016, quarter=2)
    assert (report.status, report.transaction_usd, report.employees) == (
        ReportStatus.SUBMITTED,
        Decimal("90000000"),
        120,
    )


# --- Journey 2: the city reviews ---------------------------------------------------------------------


def _submitted_second_quarter(officer) -> QuarterlyReport:
    """梁园区's 2016 Q2 as the officer submitted it: 9000万美元, 120 people."""
    county = builders.county(LIANGYUAN)
    figures = {"transaction_usd": Decimal("90000000"), "employees": 120, "reporting_enterprises": 0, "remark": ""}
    draft = services.report_save_draft(county=county, year=2016, quarter=2, user=officer, version=None, figures=figures)
    return services.report_submit(report_id=draft.pk, user=officer, version=draft.version)


def test_the_city_returns_a_quarter_the_county_resubmits_and_the_approved_figures_reach_the_overview(
    page, city_admin, liangyuan_officer
):
    liangyuan_first_quarter_2016()
    _submitted_second_quarter(liangyuan_officer)

    # Given the city admin (who lands on the worklist) sees only the approved 2016 Q1 on the overview
    login(page, "cityadmin", PASSWORD)
    expect(page.locator("h1")).to_have_text("工作台")
    page.get_by_role("link", name="总览").click()
    expect(page.locator("h1")).to_contain_text("2016年全市目标完成情况")
    expect(headline(page, "transaction_usd")).to_have_text("0.20亿美元")
    expect(headline(page, "employees")).to_have_text("10人")
    expect_chart_drawn(page.locator("#target-transaction_usd .spark"))
    screenshot(page, "j2-01-overview-before")

    # When the admin returns the quarter from the review queue with a comment
    page.locator("#nav-review").click()
    row = page.locator("table.data tbody tr", has_text="梁园区")
    expect(row).to_contain_text("2016年第2季度")
    expect(row).to_contain_text("90,000,000.00")
    screenshot(page, "j2-02-review-queue")
    comment = "交易额与海关统计不符，请核实后重新提交。"
    row.get_by_placeholder("退回意见（必填）").fill(comment)
    row.get_by_role("button", name="退回").click()
    expect_message(page, "已退回县区修改。")
    expect(page.locator("main")).to_contain_text("没有待审核的数据。")
    screenshot(page, "j2-03-review-queue-returned")
    logout(page)

    # Then the officer finds the quarter returned, reads the comment, corrects the figure and resubmits
    login(page, "liangyuan", PASSWORD)
    page.get_by_role("link", name="县区填报").click()
    page.get_by_role("link", name="已退回").click()
    expect(page.locator("table.data").first).to_contain_text(comment)
    screenshot(page, "j2-04-report-returned")
    page.locator(".actions").get_by_role("link", name="修改").click()
    expect(page.locator("p.error")).to_have_text(f"审核意见：{comment}")
    page.fill("#id_transaction_usd", "100000000")
    screenshot(page, "j2-05-report-correcting")
    page.get_by_role("button", name="提交审核").click()
    expect_message(page, "已提交，等待市商务局审核。")
    expect(page.locator(".tag")).to_have_text("已提交")
    screenshot(page, "j2-06-report-resubmitted")
    logout(page)

    # When the admin approves it from the report page
    login(page, "cityadmin", PASSWORD)
    page.locator("#nav-review").click()
    page.get_by_role("link", name="2016年第2季度").click()
    expect(page.locator("table.data").first).to_contain_text("100,000,000.00")
    page.get_by_role("link", name="审核通过").click()
    # a confirmation step: the figures again, lateness, the previous quarter, what changed since the return
    expect(page.locator("h1")).to_contain_text("确认审核通过")
    expect(page.locator("#since-return")).to_contain_text("100,000,000.00")
    page.get_by_role("button", name="确认审核通过").click()
    expect_message(page, "已审核通过，数据已锁定。")
    expect(page.locator(".tag")).to_have_text("已审核")
    screenshot(page, "j2-07-report-approved")

    # Then the overview counts the approved quarter: 0.20 + 1.00 亿美元, and the latest 120 people
    page.get_by_role("link", name="总览").click()
    expect(headline(page, "transaction_usd")).to_have_text("1.20亿美元")
    expect(headline(page, "employees")).to_have_text("120人")
    expect(page.locator("#target-transaction_usd td.num").nth(1)).to_have_text("1.20亿美元")
    screenshot(page, "j2-08-overview-after")


# --- Journey 3: the leadership reads the dashboards --------------------------------------------------


def _a_year_and_a_half_of_data() -> None:
    """2016: 梁园区 reports all four quarters (2000万 each, 40 people at the end) and files three
    enterprises; 睢阳区 reports two quarters (500万 each, 15 people). 2017: 梁园区 reports Q1."""
    for quarter in (1, 2, 3, 4):
        builders.report(LIANGYUAN, 2016, quarter, transaction_usd=Decimal("20000000"), employees=10 * quarter)
    for quarter in (1, 2):
        builders.report("411403", 2016, quarter, transaction_usd=Decimal("5000000"), employees=15)
    builders.report(LIANGYUAN, 2017, 1, transaction_usd=Decimal("30000000"), employees=45)
    for month in (3, 6, 9):
        builders.enterprise(LIANGYUAN, filed_on=datetime.date(2016, month, 1))


def test_a_leader_switches_year_and_language_drills_down_and_downloads_the_overview(page, leader):
    _a_year_and_a_half_of_data()

    # Given the leader lands on the overview of the latest year with data
    login(page, "leader", PASSWORD)
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.locator("h1")).to_contain_text("2017年全市目标完成情况")
    expect(headline(page, "transaction_usd")).to_have_text("0.30亿美元")
    expect_chart_drawn(page.locator("#target-transaction_usd .spark"))
    screenshot(page, "j3-01-overview-2017")

    # When they choose 2016 in the year selector
    page.select_option("select[name=year]", "2016")
    page.get_by_role("button", name="查询").click()

    # Then the page shows 2016's figures: 0.80 + 0.10 亿美元, 40 + 15 people
    expect(page).to_have_url(f"{page.base_url}/?year=2016&quarter=4")
    expect(page.locator("h1")).to_contain_text("2016年全市目标完成情况")
    expect(headline(page, "transaction_usd")).to_have_text("0.90亿美元")
    expect(headline(page, "employees")).to_have_text("55人")
    expect(headline(page, "enterprises_filed")).to_have_text("3家")
    expect_chart_drawn(page.locator("#target-employees .spark"))
    screenshot(page, "j3-02-overview-2016")

    # When they switch the language to English in the header
    with page.expect_navigation():
        page.select_option("select[name=language]", "en")
    page.wait_for_load_state("networkidle")

    # Then the same page, same year and figures, is served in English
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(f"{page.base_url}/?year=2016&quarter=4")
    expect(page.locator("select[name=year]")).to_have_value("2016")
    assert spark_values(page, "transaction_usd") == [25.0, 50.0, 70.0, 90.0]  # USD million
    assert spark_values(page, "employees") == [25, 35, 45, 55]
    expect(page.locator("#target-transaction_usd")).to_have_attribute("data-state", "overdue")
    expect_chart_drawn(page.locator("#target-employees .spark"))
    screenshot(page, "j3-03-overview-2016-en")

    # When they open the indicator of filed enterprises from the overview's table
    page.locator("#target-enterprises_filed a").first.click()
    page.wait_for_load_state("networkidle")

    # Then the indicator page charts the city's count by quarter against the target of 50, and lists
    # 梁园区 (three filed, quota ten: overdue) with the three records behind the number
    expect(page).to_have_url(f"{page.base_url}/indicators/enterprises_filed/?year=2016&quarter=4")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect_chart_drawn(page.locator("[data-chart=trend]"))
    trend = chart_data(page, "trend-chart")
    assert (trend["values"], trend["line"]) == ([1, 2, 3, 3], 50)
    liangyuan_row = page.locator(f"#breakdown #county-{LIANGYUAN}")
    expect(liangyuan_row).to_have_attribute("data-state", "overdue")
    expect(page.locator("#records tbody tr")).to_have_count(3)
    screenshot(page, "j3-04-indicator-enterprises-filed")

    # When they open 梁园区 from the breakdown (its name; its number narrows the records to it)
    liangyuan_row.locator("td").first.get_by_role("link").click()
    page.wait_for_load_state("networkidle")

    # Then the county page shows its quotas, and its five approved quarters in the table and the chart
    expect(page).to_have_url(f"{page.base_url}/counties/{LIANGYUAN}/")
    expect(page.locator("h1")).to_contain_text(LIANGYUAN)
    expect(page.locator("#target-2016-enterprises_filed")).to_have_attribute("data-state", "overdue")
    expect(page.locator("#county-reports tbody tr")).to_have_count(5)
    expect_chart_drawn(page.locator("[data-chart=county]"))
    chart = chart_data(page, "county-chart")
    assert chart["labels"] == ["Q1 2016", "Q2 2016", "Q3 2016", "Q4 2016", "Q1 2017"]
    assert chart["employees"] == [10, 20, 30, 40, 45]
    screenshot(page, "j3-05-county-liangyuan")

    # When they go back to the 2016 overview and download it
    go(page, "/?year=2016&quarter=4")
    with page.expect_download() as info:
        page.locator("a.button[href*='export.xlsx']").click()
    download = info.value

    # Then the workbook is in English like the page, titled and dated, with the transaction volume in
    # USD million and the employees as numbers
    assert download.suggested_filename == "overview-2016Q4.xlsx"
    saved = ARTIFACTS.parent / "downloads" / download.suggested_filename
    download.save_as(saved)
    sheet = openpyxl.load_workbook(saved).active
    assert sheet.title == "City-wide 2016" and sheet["A1"].value == "City-wide targets 2016"
    assert sheet["A2"].value == "As of 2016-12-31 (end of Q4 2016)"
    top = next(r[0].row for r in sheet.iter_rows(max_col=1) if r[0].value == "Indicator")
    headers = [cell.value for cell in sheet[top]]
    assert {"Indicator", "Unit", "Actual", "Completion"} <= set(headers)
    rows = {row[0]: row for row in sheet.iter_rows(min_row=top + 1, values_only=True)}
    volume = rows["Annual cross-border e-commerce transaction volume"]
    assert volume[headers.index("Actual")] == 90.0 and volume[headers.index("Unit")] == "USD million"
    assert rows["Cross-border e-commerce employees"][headers.index("Actual")] == 55
