"""County staff import only rows of their own county; the row of another county is named and nothing is written."""

from counties.models import ReportStatus
from enterprises.models import Enterprise
from tests import builders
from tests.builders import credit_code
from tests.spreadsheets.conftest import csv_bytes, run, snapshot

HEADERS = ["企业名称", "统一社会信用代码", "县区", "备案认定日期"]


def test_liangyuan_officer_imports_liangyuan_rows(liangyuan_officer):
    result = run(
        "enterprises",
        "a.csv",
        csv_bytes(HEADERS, [["甲", credit_code(1), "梁园", "2016-01-02"]]),
        user=liangyuan_officer,
    )
    assert result.applied


def test_liangyuan_officer_cannot_import_a_suiyang_row(liangyuan_officer):
    rows = [["甲", credit_code(1), "梁园", "2016-01-02"], ["乙", credit_code(2), "睢阳区", "2016-01-02"]]
    before = snapshot()
    result = run("enterprises", "a.csv", csv_bytes(HEADERS, rows), user=liangyuan_officer)
    assert snapshot() == before
    problem = result.problems[0]
    assert (problem.line, problem.column) == (3, 3)
    assert "无权导入睢阳区的数据" in problem.message


def test_liangyuan_officer_cannot_move_a_suiyang_enterprise_by_its_credit_code(liangyuan_officer):
    other = builders.enterprise("411403")
    rows = [["改名", other.credit_code, "梁园", "2016-01-02"]]
    result = run("enterprises", "a.csv", csv_bytes(HEADERS, rows), user=liangyuan_officer)
    assert not result.applied and "其他县区" in str(result.problems[0])
    assert Enterprise.objects.get(pk=other.pk).county.code == "411403"


def test_command_line_county_option_scopes_rows(db, liangyuan):
    rows = [["乙", credit_code(2), "睢阳区", "2016-01-02"]]
    result = run("enterprises", "a.csv", csv_bytes(HEADERS, rows), county=liangyuan)
    assert not result.applied and result.problems[0].line == 2


def test_county_staff_cannot_change_an_approved_report(liangyuan_officer):
    builders.report("411402", 2016, 1, status=ReportStatus.APPROVED)
    headers = ["县区", "年度", "季度", "跨境电商交易额（美元）", "从业人员（人）", "按时准确填报企业数（家）"]
    result = run("quarterly_reports", "r.csv", csv_bytes(headers, [["梁园", 2016, 1, 5, 5, 5]]), user=liangyuan_officer)
    assert not result.applied and "已审核锁定" in str(result.problems[0])


def test_county_staff_cannot_import_approved_status(liangyuan_officer):
    headers = ["县区", "年度", "季度", "跨境电商交易额（美元）", "从业人员（人）", "按时准确填报企业数（家）", "状态"]
    result = run(
        "quarterly_reports", "r.csv", csv_bytes(headers, [["梁园", 2016, 1, 5, 5, 5, "已审核"]]), user=liangyuan_officer
    )
    assert not result.applied and result.problems[0].column == 7
