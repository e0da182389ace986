"""Downloads: the overview and the scorecard as xlsx, and the target catalogue as csv/xlsx."""

import datetime
import io
from decimal import Decimal

import pytest
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


def rows_by(sheet, key_header):
    headers = [c.value for c in sheet[1]]
    rows = [dict(zip(headers, [c.value for c in r], strict=True)) for r in sheet.iter_rows(min_row=2)]
    return headers, {r[key_header]: r for r in rows}


def test_overview_xlsx_has_chinese_headers_and_numbers_as_numbers(as_leader):
    builders.report("411402", year=2016, quarter=2, transaction_usd=Decimal(123_456_789), employees=760)
    book = workbook(as_leader.get("/overview/export.xlsx", {"year": 2016}))
    assert book.sheetnames == ["2016年全市总览"]
    headers, rows = rows_by(book.active, "指标代码")
    assert headers[:4] == ["年度", "截至季度", "指标代码", "指标"]
    assert rows["transaction_usd"]["实际值"] == 123456789
    assert rows["employees"]["实际值"] == 760 and isinstance(rows["employees"]["实际值"], int)
    assert rows["employees"]["完成率（%）"] == pytest.approx(101.3)
    assert rows["employees"]["状态"] == "已完成"
    assert rows["transaction_usd"]["争创/力争"] == "是"
    assert rows["transaction_usd"]["目标下限"] == 300000000


def test_overview_xlsx_follows_the_quarter_selector(as_leader):
    builders.report("411402", year=2017, quarter=1, employees=100)
    builders.report("411402", year=2017, quarter=2, employees=300)
    book = workbook(as_leader.get("/overview/export.xlsx", {"year": 2017, "quarter": 1}))
    _, rows = rows_by(book.active, "指标代码")
    assert rows["employees"]["截至季度"] == 1
    assert rows["employees"]["实际值"] == 100


def test_scorecard_xlsx_ranks_counties_with_numeric_scores(as_leader):
    for _ in range(5):
        builders.enterprise("411402", filed_on=datetime.date(2016, 3, 1))
    book = workbook(as_leader.get("/scorecard/2016/export.xlsx"))
    assert book.sheetnames == ["2016年县区考核排名"]
    headers, rows = rows_by(book.active, "县区代码")
    assert headers[:3] == ["排名", "县区代码", "县区"]
    assert headers[-1] == "综合得分（%）"
    liangyuan = rows["411402"]
    assert liangyuan["备案认定跨境电商企业（实际，家）"] == 5
    assert liangyuan["备案认定跨境电商企业（任务，家）"] == 10
    assert liangyuan["综合得分（%）"] == 50
    assert liangyuan["排名"] == 1
    assert rows["411481"]["排名"] is None  # no quota, not ranked


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
