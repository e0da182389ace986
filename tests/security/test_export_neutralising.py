"""Finding 6: an exported cell can never run as a formula, and an xlsx export imports back to the same text.

A cell is neutralised when its first visible character, after NFKC normalisation and with control,
zero-width and direction characters and spaces skipped, is ``= + - @`` (so full-width ``＝``, small
``﹦`` and a zero-width space before ``=`` are caught). In xlsx such text is written as an explicit text
cell with Excel's quote-prefix style: it shows and reads back as typed, without an apostrophe. CSV has no
cell types, so there it gets a leading apostrophe, which the import takes off again.
"""

import io
import os
import shutil
import subprocess

import openpyxl
import pytest

from spreadsheets.registry import get_sheet
from spreadsheets.services import export_file
from spreadsheets.writers import csv_bytes, needs_neutralising, xlsx_bytes
from tests import builders
from tests.spreadsheets.conftest import csv_cells, run

FORMULA_LIKE = [
    "=1+1",
    "＝1+1",  # full-width equals sign
    "﹦1+1",  # small equals sign
    "\u200b=1+1",  # zero-width space first
    "\u202e=1+1",  # right-to-left override first
    "\ufeff@SUM(A1)",  # byte-order mark first
    " =1+1",
    "\u3000=1+1",  # ideographic space
    "\t=1",
    "\r=1",
    "+1",
    "＋1",
    "-1",
    "－1",
    "@SUM(A1)",
    "＠SUM(A1)",
]
PLAIN = ["商丘", "1+1", "a=b", "（=）", "2017-03-31", "", "'quoted"]


@pytest.mark.parametrize("value", FORMULA_LIKE)
def test_formula_like_text_is_recognised_by_its_first_visible_character(value):
    assert needs_neutralising(value)


@pytest.mark.parametrize("value", PLAIN)
def test_ordinary_text_is_left_alone(value):
    assert not needs_neutralising(value)


def _book(value):
    return openpyxl.load_workbook(io.BytesIO(xlsx_bytes([("表", ["文本"], [[value]])]))).active


@pytest.mark.parametrize("value", FORMULA_LIKE)
def test_xlsx_writes_formula_like_text_as_a_quoted_text_cell_holding_the_original(value):
    cell = _book(value)["A2"]
    assert cell.data_type == "s"
    assert cell.quotePrefix is True
    assert cell.value == value


def test_xlsx_writes_ordinary_text_without_the_quote_style():
    cell = _book("商丘")["A2"]
    assert (cell.value, cell.quotePrefix) == ("商丘", False)


@pytest.mark.parametrize("value", FORMULA_LIKE)
def test_csv_puts_an_apostrophe_before_formula_like_text(value):
    assert csv_cells(csv_bytes(["文本"], [[value]]))[1][0] == "'" + value


@pytest.mark.django_db
def test_an_xlsx_export_imports_back_to_the_original_text_without_an_apostrophe():
    builders.report("411402", 2016, 1, remark="=1+1 与海关统计一致")
    builders.report("411403", 2016, 1, remark="＝SUM(A1)")
    sheet = get_sheet("quarterly_reports")
    data = export_file(sheet, sheet.model.objects.all(), "xlsx")
    remarks = sorted(
        row[6] for row in openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows(min_row=2, values_only=True)
    )
    assert remarks == ["=1+1 与海关统计一致", "＝SUM(A1)"]
    result = run("quarterly_reports", "q.xlsx", data)
    assert result.applied, [str(p) for p in result.problems]
    assert result.counts["unchanged"] == 2


@pytest.mark.django_db
def test_a_real_formula_cell_in_an_uploaded_file_is_still_refused():
    workbook = openpyxl.Workbook()
    workbook.active.append(["企业名称", "统一社会信用代码", "县区", "备案认定日期"])
    workbook.active.append(["=A1", builders.credit_code(), "梁园", "2016-01-02"])
    out = io.BytesIO()
    workbook.save(out)
    result = run("enterprises", "f.xlsx", out.getvalue())
    assert not result.applied
    assert "公式" in str(result.problems[0])


def test_libreoffice_shows_the_exported_text_and_never_computes_it(tmp_path):
    """Opened in LibreOffice (as county staff do), each cell shows its text: "=1+1", not 2."""
    soffice = shutil.which("soffice")
    if not soffice:
        if os.environ.get("REQUIRE_OFFICE"):
            pytest.fail("soffice is missing but REQUIRE_OFFICE is set")
        pytest.skip("LibreOffice not installed")
    values = ["=1+1", "＝1+1", "+1+1", "-1+1", "@SUM(1)"]
    (tmp_path / "export.xlsx").write_bytes(xlsx_bytes([("表", ["文本"], [[v] for v in values])]))
    profile = tmp_path / "profile"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",
            "--outdir",
            str(tmp_path),
            str(tmp_path / "export.xlsx"),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    shown = (tmp_path / "export.csv").read_text(encoding="utf-8").splitlines()[1:]
    assert shown == values
