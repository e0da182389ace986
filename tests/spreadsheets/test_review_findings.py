"""County imports go through the workflow's rules and reveal nothing of other counties."""

from decimal import Decimal

import pytest

from counties import services
from counties.models import QuarterlyReport, ReportStatus
from tests import builders
from tests.spreadsheets.conftest import csv_bytes, run

HEADERS = ["县区", "年度", "季度", "跨境电商交易额（美元）", "从业人员（人）", "按时准确填报企业数（家）", "状态"]


def _import(user, *rows, dry_run=False):
    return run("quarterly_reports", "r.csv", csv_bytes(HEADERS, list(rows)), user=user, dry_run=dry_run)


def test_a_county_cannot_change_a_report_already_submitted_for_review(liangyuan_officer):
    report = builders.report("411402", 2016, 1, status=ReportStatus.SUBMITTED, transaction_usd=Decimal(100))
    result = _import(liangyuan_officer, ["梁园", 2016, 1, 999999999, 10, 1, "已提交"])
    assert not result.applied
    assert any("只有市商务局管理员可以修改" in str(p) for p in result.problems)
    report.refresh_from_db()
    assert report.transaction_usd == 100 and report.version == 1


def test_a_county_cannot_import_a_report_as_submitted(liangyuan_officer):
    result = _import(liangyuan_officer, ["梁园", 2016, 1, 5, 5, 5, "已提交"])
    assert not result.applied
    assert any("只能新建草稿" in str(p) for p in result.problems)
    assert not QuarterlyReport.objects.exists()


def test_a_county_may_import_a_draft(liangyuan_officer):
    result = _import(liangyuan_officer, ["梁园", 2016, 1, 5, 5, 0, "草稿"])
    assert result.applied, result.problems
    assert QuarterlyReport.objects.get().status == ReportStatus.DRAFT


def test_a_returned_report_corrected_by_import_is_a_newer_version_the_reviewer_cannot_approve_blind(
    liangyuan_officer, city_admin
):
    report = builders.report("411402", 2016, 1, status=ReportStatus.RETURNED, transaction_usd=Decimal(100))
    seen = report.version
    assert _import(liangyuan_officer, ["梁园", 2016, 1, 250, 10, 0, "已退回"]).applied
    report.refresh_from_db()
    assert report.transaction_usd == 250 and report.version == seen + 1
    services.report_resubmit(report_id=report.pk, user=liangyuan_officer, version=report.version)
    with pytest.raises(services.StaleVersion):
        services.report_approve(report_id=report.pk, user=city_admin, version=seen)


def test_a_warehouse_import_does_not_name_another_countys_enterprise(liangyuan_officer):
    other = builders.enterprise("411403", name="睢阳秘密企业")
    headers = ["海外仓名称", "县区", "运营企业统一社会信用代码", "国家", "设立日期"]
    result = run(
        "warehouses",
        "w.csv",
        csv_bytes(headers, [["仓", "梁园", other.credit_code, "美国", "2017-01-01"]]),
        user=liangyuan_officer,
        dry_run=True,
    )
    messages = " ".join(str(p) for p in result.problems)
    assert messages and "睢阳秘密企业" not in messages
