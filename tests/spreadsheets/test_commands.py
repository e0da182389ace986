"""``import_data`` and ``export_data`` on the command line."""

import pytest
from django.core.management import CommandError, call_command

from enterprises.models import Enterprise
from tests import builders
from tests.builders import credit_code
from tests.spreadsheets.conftest import FILES, csv_bytes, snapshot, xlsx_cells

HEADERS = ["企业名称", "统一社会信用代码", "县区", "备案认定日期"]


@pytest.fixture
def good_csv(tmp_path):
    path = tmp_path / "firms.csv"
    path.write_bytes(csv_bytes(HEADERS, [["甲", credit_code(1), "梁园", "2016-01-02"]], "gb18030"))
    return path


def test_dry_run_writes_nothing(db, good_csv, capsys):
    call_command("import_data", "enterprises", str(good_csv), "--dry-run")
    assert "新增1行" in capsys.readouterr().out
    assert Enterprise.objects.count() == 0


def test_import_writes_the_rows(db, good_csv):
    call_command("import_data", "enterprise", str(good_csv))
    assert Enterprise.objects.count() == 1


def test_bad_file_fails_with_row_and_column_and_writes_nothing(db, capsys):
    before = snapshot()
    with pytest.raises(CommandError):
        call_command("import_data", "enterprises", str(FILES / "bad_check_character.xlsx"))
    assert "第3行 B列“统一社会信用代码”" in capsys.readouterr().err
    assert snapshot() == before


def test_county_option_refuses_rows_of_other_counties(db, good_csv):
    with pytest.raises(CommandError):
        call_command("import_data", "enterprises", str(good_csv), "--county", "411403")
    assert Enterprise.objects.count() == 0


def test_export_data_writes_xlsx(db, tmp_path):
    builders.enterprise("411402", name="甲")
    out = tmp_path / "firms.xlsx"
    call_command("export_data", "enterprises", str(out))
    assert xlsx_cells(out.read_bytes())[1][0] == "甲"


def test_a_file_with_warnings_is_written_on_the_command_line_only_with_accept_warnings(db, tmp_path):
    from decimal import Decimal

    from counties.models import QuarterlyReport

    builders.report("411402", 2017, 1, transaction_usd=Decimal(100_000))
    headers = ["县区", "年度", "季度", "跨境电商交易额（万美元）", "从业人员（人）", "按时准确填报企业数（家）"]
    path = tmp_path / "q.csv"
    path.write_bytes(csv_bytes(headers, [["梁园区", 2017, 2, 12500, 300, 10]]))
    with pytest.raises(CommandError, match="--accept-warnings"):
        call_command("import_data", "quarterly_reports", str(path))
    assert not QuarterlyReport.objects.filter(quarter=2).exists()
    call_command("import_data", "quarterly_reports", str(path), "--accept-warnings")
    assert QuarterlyReport.objects.get(quarter=2).transaction_usd == Decimal(125_000_000)
