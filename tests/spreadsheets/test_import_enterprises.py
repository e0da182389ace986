"""Importing the enterprise registry: the forms Chinese users type, matching by credit code, history."""

import datetime
from decimal import Decimal

from counties.models import QuarterlyReport
from enterprises.models import Enterprise, Industry
from tests.builders import credit_code
from tests.spreadsheets.conftest import csv_bytes, run, xlsx

HEADERS = ["企业名称", "统一社会信用代码", "县区", "备案认定日期", "行业", "外贸企业"]


def test_county_is_read_from_name_short_name_or_code(db):
    rows = [
        ["甲企业", credit_code(1), "梁园区", "2017-03-31", "食品", "是"],
        ["乙企业", credit_code(2), "梁园", "2017/3/31", "纺织服装", "否"],
        ["丙企业", credit_code(3), "411402", "2017年3月31日", "food", ""],
    ]
    result = run("enterprises", "a.xlsx", xlsx(HEADERS, rows))
    assert result.applied, [str(p) for p in result.problems]
    assert set(Enterprise.objects.values_list("county__code", flat=True)) == {"411402"}
    assert set(Enterprise.objects.values_list("filed_on", flat=True)) == {datetime.date(2017, 3, 31)}
    assert Enterprise.objects.get(name="丙企业").industry == Industry.FOOD


def test_excel_date_cells_are_dates(db):
    result = run(
        "enterprises", "a.xlsx", xlsx(HEADERS, [["甲", credit_code(1), "梁园", datetime.datetime(2016, 5, 6)]])
    )
    assert result.applied
    assert Enterprise.objects.get().filed_on == datetime.date(2016, 5, 6)


def test_english_field_names_are_accepted_as_headers(db):
    headers = ["name", "credit_code", "county", "filed_on"]
    result = run("enterprises", "a.csv", csv_bytes(headers, [["甲", credit_code(1), "411403", "2016-01-02"]]))
    assert result.applied
    assert Enterprise.objects.get().county.name == "睢阳区"


def test_gbk_csv_from_chinese_excel_is_read(db):
    data = csv_bytes(HEADERS, [["商丘市甲企业", credit_code(1), "睢阳", "2016-01-02", "食品", "是"]], "gbk")
    result = run("enterprises", "a.csv", data)
    assert result.applied
    assert Enterprise.objects.get().name == "商丘市甲企业"


def test_utf8_csv_with_byte_order_mark_is_read(db):
    data = b"\xef\xbb\xbf" + csv_bytes(HEADERS, [["甲", credit_code(1), "睢阳", "2016-01-02"]])
    assert run("enterprises", "a.csv", data).applied


def test_second_import_of_the_same_credit_code_updates_never_duplicates(db):
    code = credit_code(7)
    run("enterprises", "a.xlsx", xlsx(HEADERS, [["旧名称", code, "梁园", "2016-01-02"]]))
    result = run("enterprises", "a.xlsx", xlsx(HEADERS, [["新名称", code.lower(), "梁园", "2016-01-02"]]))
    assert (result.counts["new"], result.counts["updated"]) == (0, 1)
    assert list(Enterprise.objects.values_list("name", flat=True)) == ["新名称"]


def test_import_keeps_the_audit_trail(db, city_admin):
    code = credit_code(7)
    run("enterprises", "a.xlsx", xlsx(HEADERS, [["旧名称", code, "梁园", "2016-01-02"]]), user=city_admin)
    run("enterprises", "a.xlsx", xlsx(HEADERS, [["新名称", code, "梁园", "2016-01-02"]]), user=city_admin)
    history = Enterprise.objects.get().history.order_by("history_date")
    assert [(h.history_type, h.name, h.history_user) for h in history] == [
        ("+", "旧名称", city_admin),
        ("~", "新名称", city_admin),
    ]


def test_preview_reports_new_updated_unchanged_and_writes_nothing(db):
    run(
        "enterprises",
        "a.xlsx",
        xlsx(HEADERS, [["甲", credit_code(1), "梁园", "2016-01-02"], ["乙", credit_code(2), "梁园", "2016-01-02"]]),
    )
    rows = [
        ["甲", credit_code(1), "梁园", "2016-01-02"],
        ["乙改", credit_code(2), "梁园", "2016-01-02"],
        ["丙", credit_code(3), "梁园", "2016-01-02"],
    ]
    result = run("enterprises", "a.xlsx", xlsx(HEADERS, rows), dry_run=True)
    assert [(r.line, r.status) for r in result.rows] == [(2, "unchanged"), (3, "updated"), (4, "new")]
    assert [(c.header, c.old, c.new) for c in result.rows[1].changes] == [("企业名称", "乙", "乙改")]
    assert Enterprise.objects.count() == 2


def test_one_bad_row_keeps_every_good_row_out(db):
    rows = [["甲", credit_code(1), "梁园", "2016-01-02"], ["乙", credit_code(2), "火星", "2016-01-02"]]
    result = run("enterprises", "a.xlsx", xlsx(HEADERS, rows))
    assert result.counts["new"] == 1 and result.counts["error"] == 1
    assert not result.applied and Enterprise.objects.count() == 0


def test_credit_code_stored_as_a_number_by_excel_is_explained(db):
    result = run("enterprises", "a.xlsx", xlsx(HEADERS, [["甲", 9.14114e17, "梁园", "2016-01-02"]]))
    assert "存成了数字" in str(result.problems[0])


def test_deregistration_before_filing_is_refused(db):
    headers = [*HEADERS[:4], "注销日期"]
    result = run(
        "enterprises", "a.csv", csv_bytes(headers, [["甲", credit_code(1), "梁园", "2017-01-02", "2016-01-01"]])
    )
    assert (result.problems[0].line, result.problems[0].column) == (2, 5)


REPORT_HEADERS = ["县区", "年度", "季度", "跨境电商交易额（万美元）", "从业人员（人）", "按时准确填报企业数（家）"]


def test_ten_thousand_dollar_header_scales_the_amount(db):
    result = run(
        "quarterly_reports", "r.csv", csv_bytes(REPORT_HEADERS, [["梁园区", 2017, "第一季度", "1,250.5", "1,200", 0]])
    )
    assert result.applied, [str(p) for p in result.problems]
    report = QuarterlyReport.objects.get()
    assert (report.transaction_usd, report.employees, report.quarter) == (Decimal("12505000.00"), 1200, 1)


def test_hundred_million_header_and_short_header_are_accepted(db):
    headers = ["县区", "年度", "季度", "交易额（亿美元）", "从业人员", "按时准确填报企业数"]
    assert run("quarterly_reports", "r.csv", csv_bytes(headers, [["睢阳", 2016, 4, "0.3", 10, 0]])).applied
    assert QuarterlyReport.objects.get().transaction_usd == Decimal("30000000")


def test_a_quarter_not_yet_begun_is_refused(db):
    result = run("quarterly_reports", "r.csv", csv_bytes(REPORT_HEADERS, [["梁园区", 2099, 1, 1, 1, 1]]))
    assert not result.applied
    assert result.problems[0].line == 2


def test_fast_credit_code_check_agrees_with_the_validator():
    import random

    from django.core.exceptions import ValidationError
    from stdnum.cn import uscc

    from enterprises.resources import is_valid_credit_code
    from enterprises.validators import validate_credit_code

    rng = random.Random(2016)
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    for _ in range(2000):
        body = "".join(rng.choice(alphabet) for _ in range(2)) + f"{rng.randrange(10**6):06d}"
        body += "".join(rng.choice(alphabet) for _ in range(9))
        for last in (uscc.calc_check_digit(body), rng.choice(alphabet)):
            code = body + last
            try:
                validate_credit_code(code)
                expected = True
            except ValidationError:
                expected = False
            assert is_valid_credit_code(code) == expected, code
