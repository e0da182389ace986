"""Exports have Chinese headers, numbers stay numbers, and no cell can run a formula."""

import datetime
from decimal import Decimal

from spreadsheets.registry import get_sheet
from spreadsheets.services import export_file
from tests import builders
from tests.spreadsheets.conftest import csv_cells, xlsx_cells


def _reports_with_formula_text(db):
    builders.report("411402", 2016, 1, transaction_usd=Decimal("1500000.50"), remark="=cmd|' /C calc'!A0")
    builders.report("411403", 2016, 1, transaction_usd=Decimal("20"), remark="@SUM(A1)")
    builders.report("411425", 2016, 1, transaction_usd=Decimal("30"), remark="+1")
    builders.report("411426", 2016, 1, transaction_usd=Decimal("40"), remark="-1")


def test_xlsx_export_neutralises_formula_text_and_keeps_numbers(db):
    _reports_with_formula_text(db)
    sheet = get_sheet("quarterly_reports")
    rows = xlsx_cells(export_file(sheet, sheet.model.objects.order_by("transaction_usd"), "xlsx"))
    assert rows[0][:4] == ["县区", "年度", "季度", "跨境电商交易额（美元）"]
    remarks = [r[6] for r in rows[1:]]
    assert remarks == ["@SUM(A1)", "+1", "-1", "=cmd|' /C calc'!A0"]  # quote-prefixed text cells, as typed
    assert rows[-1][3] == 1500000.5 and isinstance(rows[1][3], int)


def test_xlsx_export_has_no_formula_cells(db):
    _reports_with_formula_text(db)
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = get_sheet("quarterly_reports")
    book = load_workbook(BytesIO(export_file(sheet, sheet.model.objects.all(), "xlsx")))
    assert all(cell.data_type != "f" for row in book.active.iter_rows() for cell in row)


def test_csv_export_neutralises_formula_text(db):
    _reports_with_formula_text(db)
    sheet = get_sheet("quarterly_reports")
    data = export_file(sheet, sheet.model.objects.all(), "csv")
    assert data.startswith(b"\xef\xbb\xbf")
    cells = [c for row in csv_cells(data)[1:] for c in row]
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells)
    assert "'=cmd|' /C calc'!A0" in cells


def test_enterprise_export_has_chinese_headers_and_dates(db):
    builders.enterprise("411402", filed_on=datetime.date(2016, 5, 1))
    sheet = get_sheet("enterprises")
    rows = xlsx_cells(export_file(sheet, sheet.model.objects.all(), "xlsx"))
    assert rows[0][:4] == ["企业名称", "统一社会信用代码", "县区", "备案认定日期"]
    assert rows[1][2] == "梁园区" and rows[1][3] == datetime.datetime(2016, 5, 1)
