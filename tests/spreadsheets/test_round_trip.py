"""Export -> import -> every row unchanged, and the file exported again equals the first cell by cell."""

import datetime
from decimal import Decimal

import pytest

from counties.models import ReportStatus
from enterprises.models import Enterprise, EnterpriseReport, Industry, WarehouseMode
from spreadsheets.registry import all_sheets, get_sheet
from spreadsheets.services import export_file, template_file
from tests import builders
from tests.spreadsheets.conftest import csv_cells, run, snapshot, xlsx, xlsx_cells


@pytest.fixture
def registries(db):
    firm = builders.enterprise(
        "411402",
        name='=HYPERLINK("http://evil")有限公司',
        industry=Industry.FOOD,
        is_foreign_trade=True,
        city_demo_year=2017,
        deregistered_on=datetime.date(2018, 1, 5),
    )
    builders.enterprise("411403", name="+86 商丘企业", filed_on=datetime.date(2017, 3, 31))
    builders.park("411403", name="-园区", is_specialised=True, province_demo_year=2018)
    builders.warehouse("411402", enterprise=firm, mode=WarehouseMode.JOINT, city="@洛杉矶", is_public=True)
    builders.training_base("411481", operator="职业技术学院")
    EnterpriseReport.objects.create(enterprise=firm, year=2016, quarter=3, on_time=True, accurate=False)
    EnterpriseReport.objects.create(enterprise=firm, year=2016, quarter=4, on_time=False, accurate=True)
    builders.report(
        "411402", 2016, 2, transaction_usd=Decimal("1234567.89"), remark="=1+1", status=ReportStatus.APPROVED
    )


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize("key", [s.key for s in all_sheets()])
def test_export_imports_back_unchanged_and_re_exports_identically(registries, key, fmt):
    sheet = get_sheet(key)
    first = export_file(sheet, sheet.model.objects.all(), fmt)
    before = snapshot()
    result = run(key, f"{key}.{fmt}", first)
    assert result.applied, [str(p) for p in result.problems]
    assert result.counts["unchanged"] == sheet.model.objects.count() > 0
    assert result.counts["new"] == result.counts["updated"] == 0
    assert snapshot() == before
    second = export_file(sheet, sheet.model.objects.all(), fmt)
    cells = xlsx_cells if fmt == "xlsx" else csv_cells
    assert cells(second) == cells(first)


@pytest.mark.parametrize("key", [s.key for s in all_sheets()])
def test_template_example_row_is_valid_once_its_marker_is_removed(db, key):
    builders.enterprise("411402", credit_code="91411400MA44L6QX19")  # the warehouse example's operator
    sheet = get_sheet(key)
    rows = xlsx_cells(template_file(sheet, "xlsx"))
    headers, notes, example = rows
    assert headers == [c.header for c in sheet.columns]
    assert notes[0].startswith("【说明】") and example[0].startswith("【示例】")
    example[0] = example[0].removeprefix("【示例】")
    result = run(key, "t.xlsx", xlsx(headers, [notes, example]), dry_run=True)
    assert not result.has_errors, [str(p) for p in result.problems]
    assert sum(result.counts[s] for s in ("new", "updated", "unchanged")) == 1


def test_template_rows_are_skipped_so_a_filled_template_imports_only_the_filled_rows(db):
    sheet = get_sheet("enterprises")
    headers, notes, example = xlsx_cells(template_file(sheet, "xlsx"))
    filled = ["甲企业", builders.credit_code(5), "梁园", datetime.datetime(2017, 1, 3), None, "食品", "否", None, None]
    result = run("enterprises", "t.xlsx", xlsx(headers, [notes, example, filled]))
    assert result.applied and list(Enterprise.objects.values_list("name", flat=True)) == ["甲企业"]
