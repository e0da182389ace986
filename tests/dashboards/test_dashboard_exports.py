"""Downloads: the overview and the scorecard as xlsx, and the target catalogue as csv/xlsx."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.conf import settings
from openpyxl import load_workbook

from tests import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_leader(client, leader):
    client.force_login(leader)
    return client


def workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content))


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def header_row(sheet, first_header):
    """The row number of the table's header (below the title and notes)."""
    for row in sheet.iter_rows(min_col=1, max_col=1):
        if row[0].value == first_header:
            return row[0].row
    raise AssertionError(f"no header row starting {first_header!r}")


def table(sheet, first_header, header_rows=1):
    """Headers and the data rows (as dicts of cells) by their first column."""
    top = header_row(sheet, first_header)
    headers = [c.value for c in sheet[top + header_rows - 1]]
    rows = {}
    for row in sheet.iter_rows(min_row=top + header_rows):
        cells = dict(zip(headers, row, strict=True))
        rows[row[0].value] = cells
    return headers, rows


def notes(sheet) -> list[str]:
    return [sheet.cell(row=r, column=1).value for r in range(1, 6)]


OVERVIEW_HEADERS = [
    "指标",
    "单位",
    "目标",
    "目标下限",
    "目标上限",
    "争创/力争",
    "实际",
    "完成率",
    "状态",
    "年末预计",
    "预计",
]
OVERVIEW_HEADERS_EN = [
    "Indicator",
    "Unit",
    "Target",
    "Target minimum",
    "Target maximum",
    "Aspirational",
    "Actual",
    "Completion",
    "Status",
    "Year-end forecast",
    "Outlook",
]


def test_overview_xlsx_has_a_title_the_as_of_date_and_the_basis_of_the_figures(as_leader):
    book = workbook(as_leader.get("/overview/export.xlsx", {"year": 2016, "quarter": 2}))
    assert book.sheetnames == ["2016年全市总览"]
    sheet = book.active
    assert notes(sheet)[:3] == [
        "2016年全市目标完成情况",
        "截至2016-06-30（2016年第2季度末）",
        "数据口径：仅计已审核数据",
    ]
    assert notes(sheet)[3].startswith("导出时间：")
    assert sheet.freeze_panes == f"C{header_row(sheet, '指标') + 1}"


def test_overview_xlsx_says_when_pending_figures_are_included(client, city_admin):
    client.force_login(city_admin)
    book = workbook(client.get("/overview/export.xlsx", {"year": 2016, "pending": "1"}))
    assert notes(book.active)[2] == "数据口径：含待审核数据"


def test_overview_xlsx_headers_are_those_of_the_page_without_internal_codes(as_leader):
    sheet = workbook(as_leader.get("/overview/export.xlsx", {"year": 2016})).active
    headers, rows = table(sheet, "指标")
    assert headers == OVERVIEW_HEADERS
    assert "transaction_usd" not in str([[c.value for c in r] for r in sheet.iter_rows()])


def test_overview_xlsx_numbers_are_in_the_pages_units_and_formats(as_leader):
    builders.report("411402", year=2016, quarter=2, transaction_usd=Decimal(123_456_789), employees=760)
    _, rows = table(workbook(as_leader.get("/overview/export.xlsx", {"year": 2016})).active, "指标")
    volume = rows["跨境电商年交易额"]
    assert (volume["单位"].value, volume["目标"].value) == ("亿美元", "≥3.00亿美元")
    assert (volume["实际"].value, volume["实际"].number_format) == (1.23, "#,##0.00")
    assert (volume["目标下限"].value, volume["争创/力争"].value) == (3.0, "是")
    assert (volume["完成率"].value, volume["完成率"].number_format) == (0.412, "0.0%")
    people = rows["跨境电商从业人员"]
    assert (people["实际"].value, people["单位"].value, people["状态"].value) == (760, "人", "已完成")
    assert people["实际"].number_format == "[>=10000]#,##0;0"  # 12,345 grouped, 9999 not, as on screen
    assert people["完成率"].value == pytest.approx(1.013)


def test_overview_xlsx_reads_a_range_as_the_page_does(as_leader):
    for month in (3, 5):
        builders.park("411402", established_on=datetime.date(2016, month, 1))
    _, rows = table(workbook(as_leader.get("/overview/export.xlsx", {"year": 2016})).active, "指标")
    parks = rows["新建跨境电商园区"]
    assert (parks["目标"].value, parks["完成率"].value, parks["状态"].value) == ("1~2家", 1.0, "达到区间上限")


def test_overview_xlsx_follows_the_quarter_selector(as_leader):
    builders.report("411402", year=2017, quarter=1, employees=100)
    builders.report("411402", year=2017, quarter=2, employees=300)
    _, rows = table(workbook(as_leader.get("/overview/export.xlsx", {"year": 2017, "quarter": 1})).active, "指标")
    assert rows["跨境电商从业人员"]["实际"].value == 100


def test_overview_xlsx_from_an_english_page_is_in_english(as_leader):
    builders.report("411402", year=2016, quarter=2, transaction_usd=Decimal(123_456_789))
    book = workbook(english(as_leader).get("/overview/export.xlsx", {"year": 2016, "quarter": 2}))
    sheet = book.active
    assert book.sheetnames == ["City-wide 2016"]
    assert notes(sheet)[:3] == ["City-wide targets 2016", "As of 2016-06-30 (end of Q2 2016)", "Figures: approved only"]
    headers, rows = table(sheet, "Indicator")
    assert headers == OVERVIEW_HEADERS_EN
    volume = rows["Annual cross-border e-commerce transaction volume"]
    assert (volume["Unit"].value, volume["Actual"].value) == ("USD million", 123.46)
    assert rows["Filed cross-border e-commerce enterprises"]["Unit"].value == "enterprises"
    cjk = [
        c.value
        for r in sheet.iter_rows()
        for c in r
        if isinstance(c.value, str) and re.search("[\u4e00-\u9fff]", c.value)
    ]
    assert cjk == []


def test_scorecard_xlsx_ranks_counties_with_scores_as_percentages(as_leader):
    for _ in range(5):
        builders.enterprise("411402", filed_on=datetime.date(2016, 3, 1))
    book = workbook(as_leader.get("/scorecard/2016/export.xlsx"))
    assert book.sheetnames == ["2016年县区考核排名"]
    sheet = book.active
    assert notes(sheet)[:3] == [
        "2016年县区目标任务考核排名",
        "截至2016-12-31（2016年第4季度末）",
        "数据口径：仅计已审核数据",
    ]
    assert notes(sheet)[4].startswith("计分规则：综合得分＝")
    top = header_row(sheet, "排名")
    groups = [c.value for c in sheet[top]]
    assert groups[:3] == ["排名", "县区", "备案认定跨境电商企业"] and groups[-2:] == ["考核任务数", "综合得分"]
    assert [c.value for c in sheet[top + 1]][2:6] == ["实际（家）", "任务", "得分", "状态"]
    rows = {r[1].value: r for r in sheet.iter_rows(min_row=top + 2)}
    liangyuan = rows["梁园区"]
    assert [c.value for c in liangyuan[:6]] == [1, "梁园区", 5, "≥10家", 0.5, "逾期未完成"]
    assert liangyuan[4].number_format == "0.0%" and liangyuan[-1].number_format == "0.0%"
    assert rows["永城市"][0].value is None and rows["永城市"][-1].value == "不参与排名"
    assert "411402" not in str([[c.value for c in r] for r in sheet.iter_rows()])  # no internal codes


def test_scorecard_xlsx_from_an_english_page_is_in_english(as_leader):
    sheet = workbook(english(as_leader).get("/scorecard/2016/export.xlsx")).active
    top = header_row(sheet, "Rank")
    assert [c.value for c in sheet[top]][:3] == ["Rank", "County/district", "Filed cross-border e-commerce enterprises"]
    assert [c.value for c in sheet[top + 1]][2:6] == ["Actual (enterprises)", "Quota", "Score", "Status"]
    names = [r[1].value for r in sheet.iter_rows(min_row=top + 2)]
    assert "Liangyuan District" in names


def test_exports_need_a_login(client):
    assert client.get("/overview/export.xlsx").status_code == 302
    assert client.get("/scorecard/2016/export.xlsx").status_code == 302


def test_export_of_a_year_outside_the_plan_is_not_found(as_leader):
    assert as_leader.get("/scorecard/2020/export.xlsx").status_code == 404
    assert as_leader.get("/overview/export.xlsx", {"quarter": 5}).status_code == 404


# --- the target catalogue ------------------------------------------------------------------------


def test_catalogue_csv_has_chinese_headers_by_default(as_leader):
    response = as_leader.get("/targets/export/csv/")
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("行动计划,年度,指标代码")
    assert "attachment" in response["Content-Disposition"]


def test_catalogue_csv_in_english_for_machines(as_leader):
    text = as_leader.get("/targets/export/csv/", {"headers": "en"}).content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("plan,year,indicator")


def test_catalogue_xlsx_lists_every_target(as_leader, plan):
    book = workbook(as_leader.get("/targets/export/xlsx/"))
    sheet = book["目标清单"]
    assert sheet.max_row - 1 == plan.targets.count()
    assert isinstance(sheet["B2"].value, int)


def test_catalogue_in_an_unknown_format_is_not_found(as_leader):
    assert as_leader.get("/targets/export/pdf/").status_code == 404
