"""The rules run in the preview of a quarterly-figures import (shown beside each row), and the per-enterprise
reporting flags have a spreadsheet table of their own."""

import datetime

import pytest

from counties.models import QuarterlyReport, ReportStatus
from enterprises.models import EnterpriseReport
from spreadsheets.registry import get_sheet
from spreadsheets.services import export_file
from tests import builders
from tests.spreadsheets.conftest import csv_bytes, csv_cells, run

pytestmark = pytest.mark.django_db
REPORT = ["县区", "年度", "季度", "跨境电商交易额（美元）", "从业人员（人）", "按时准确填报企业数（家）"]
FLAGS = ["统一社会信用代码", "年度", "季度", "按时填报", "准确填报"]


def flags(result) -> dict[int, list[str]]:
    return {row.line: row.flags for row in result.rows if row.flags}


def test_a_quarterly_file_breaking_a_rule_shows_each_finding_beside_its_row(liangyuan_officer):
    data = csv_bytes(REPORT, [["梁园", 2016, 1, 1000, 5, 99999]])
    preview = run("quarterly_reports", "q.csv", data, user=liangyuan_officer, dry_run=True)
    shown = flags(preview)[2]
    assert any(m.startswith("【重要性高】按时准确填报企业数不超过季度末备案企业数：填报企业数 = 99,999") for m in shown)
    assert any(m.startswith("【重要性中】从业人员不少于按时准确填报企业数") for m in shown)
    assert preview.warnings == []  # nothing to confirm: the draft cannot be submitted unexplained anyway
    assert run("quarterly_reports", "q.csv", data, user=liangyuan_officer).applied
    assert QuarterlyReport.objects.get().status == ReportStatus.DRAFT


def test_rows_of_one_file_are_compared_with_each_other(liangyuan_officer):
    data = csv_bytes(REPORT, [["梁园", 2016, 1, 1000, 50, 0], ["梁园", 2016, 2, 1000, 40, 0]])
    preview = run("quarterly_reports", "q.csv", data, user=liangyuan_officer, dry_run=True)
    assert list(flags(preview)) == [3]
    assert flags(preview)[3][0].startswith("【重要性高】从业人员不少于上季度：从业人员 = 40；上季度从业人员 = 50")


def test_a_clean_quarterly_file_shows_nothing(liangyuan_officer):
    data = csv_bytes(REPORT, [["梁园", 2016, 1, 1000, 5, 0]])
    result = run("quarterly_reports", "q.csv", data, user=liangyuan_officer)
    assert result.applied and flags(result) == {}


def test_the_county_imports_its_reporting_flags(liangyuan_officer):
    firm = builders.enterprise("411402", filed_on=datetime.date(2016, 1, 5))
    data = csv_bytes(FLAGS, [[firm.credit_code, 2016, "第二季度", "是", "否"]])
    assert run("enterprise_reports", "f.csv", data, user=liangyuan_officer).applied
    flag = EnterpriseReport.objects.get()
    assert (flag.enterprise, flag.year, flag.quarter, flag.on_time, flag.accurate) == (firm, 2016, 2, True, False)
    again = run(
        "enterprise_reports",
        "f.csv",
        csv_bytes(FLAGS, [[firm.credit_code, 2016, 2, "是", "是"]]),
        user=liangyuan_officer,
    )
    assert again.applied and EnterpriseReport.objects.get().accurate is True


def test_another_countys_enterprise_is_not_found_and_its_name_is_not_shown(liangyuan_officer):
    other = builders.enterprise("411403", name="睢阳秘密企业", filed_on=datetime.date(2016, 1, 5))
    result = run(
        "enterprise_reports",
        "f.csv",
        csv_bytes(FLAGS, [[other.credit_code, 2016, 2, "是", "是"]]),
        user=liangyuan_officer,
    )
    assert result.has_errors and not EnterpriseReport.objects.exists()
    assert "睢阳秘密企业" not in " ".join(str(p) for p in result.problems)


def test_an_enterprise_cannot_be_flagged_for_a_quarter_before_it_was_filed(liangyuan_officer):
    firm = builders.enterprise("411402", filed_on=datetime.date(2016, 7, 1))
    result = run(
        "enterprise_reports",
        "f.csv",
        csv_bytes(FLAGS, [[firm.credit_code, 2016, 2, "是", "是"]]),
        user=liangyuan_officer,
    )
    assert "才备案认定" in " ".join(str(p) for p in result.problems)


def test_the_flags_behind_an_approved_quarter_cannot_be_imported_by_the_county(liangyuan_officer, city_admin):
    firm = builders.enterprise("411402", filed_on=datetime.date(2016, 1, 5))
    builders.report("411402", 2016, 2, status=ReportStatus.APPROVED)
    data = csv_bytes(FLAGS, [[firm.credit_code, 2016, 2, "是", "是"]])
    assert "已审核锁定" in " ".join(
        str(p) for p in run("enterprise_reports", "f.csv", data, user=liangyuan_officer).problems
    )
    assert run("enterprise_reports", "f.csv", data, user=city_admin).applied


def test_the_flags_export_names_each_enterprise_by_credit_code_and_is_scoped(liangyuan_officer):
    ours = builders.enterprise("411402", filed_on=datetime.date(2016, 1, 5))
    theirs = builders.enterprise("411403", filed_on=datetime.date(2016, 1, 5))
    EnterpriseReport.objects.create(enterprise=ours, year=2016, quarter=2, on_time=True, accurate=False)
    EnterpriseReport.objects.create(enterprise=theirs, year=2016, quarter=2)
    sheet = get_sheet("enterprise_reports")
    cells = csv_cells(export_file(sheet, sheet.visible_to(liangyuan_officer), "csv"))
    assert cells == [FLAGS, [ours.credit_code, "2016", "2", "是", "否"]]


def test_a_volume_ten_times_the_previous_quarter_is_asked_about_before_the_file_is_written(city_admin):
    builders.report("411402", 2016, 1, transaction_usd=100_000)
    data = csv_bytes(REPORT, [["梁园", 2016, 2, 1_000_000, 10, 0]])
    preview = run("quarterly_reports", "q.csv", data, user=city_admin, dry_run=True)
    assert [w.message.split("：")[0] for w in preview.warnings] == [
        "【重要性高】交易额环比增长不超过900%（不到上季度的10倍）"
    ]
    refused = run("quarterly_reports", "q.csv", data, user=city_admin)
    assert refused.needs_confirmation and not QuarterlyReport.objects.filter(quarter=2).exists()
    done = run("quarterly_reports", "q.csv", data, user=city_admin, confirmed=preview.warnings_digest)
    assert done.applied and QuarterlyReport.objects.get(quarter=2).transaction_usd == 1_000_000


def test_a_volume_of_a_tenth_is_asked_about_too_and_a_rule_not_marked_is_only_a_note(city_admin):
    builders.report("411402", 2016, 1, transaction_usd=1_000_000, employees=50)
    data = csv_bytes(REPORT, [["梁园", 2016, 2, 100, 40, 0]])  # 万美元 typed as 美元, and fewer employees
    preview = run("quarterly_reports", "q.csv", data, user=city_admin, dry_run=True)
    assert [w.message.split("：")[0] for w in preview.warnings] == [
        "【重要性高】交易额环比下降不超过90%（不到上季度的十分之一）"
    ]
    assert any("从业人员不少于上季度" in m for m in flags(preview)[2])


def test_whether_a_rule_asks_on_import_is_the_rules_own_setting(city_admin):
    from quality.models import ValidationRule

    ValidationRule.objects.filter(code="volume_jump").update(confirm_on_import=False)
    builders.report("411402", 2016, 1, transaction_usd=100_000)
    data = csv_bytes(REPORT, [["梁园", 2016, 2, 1_000_000, 10, 0]])
    assert run("quarterly_reports", "q.csv", data, user=city_admin, dry_run=True).warnings == []
