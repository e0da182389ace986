"""Files as county clerks send them, saved by LibreOffice in each format, read as the clerk meant.

Every class of issue #12 is here with a file that went through ``soffice --convert-to`` (see
``office.py``): layouts (titles, blank rows and columns, extra columns, totals, hidden sheets and rows,
merged cells, header variants, the template's example row), formats and encodings (xls, et, ods, csv
with commas, tabs or semicolons, UTF-16, GB18030), values, and messages. Each refused file writes nothing.
"""

import datetime
from decimal import Decimal

import pytest

from counties.models import QuarterlyReport
from enterprises.models import Enterprise
from tests import builders
from tests.spreadsheets.conftest import run, snapshot
from tests.spreadsheets.office import SOURCES, TARGETS

ENTERPRISES, REPORTS = "enterprises", "quarterly_reports"
WORKBOOKS = ("xlsx", "xls", "ods")


def _name(source, target):
    return f"{source}.{TARGETS[target][1]}"


def _import(office_files, source, target, key, **kw):
    return run(key, _name(source, target), office_files[(source, target)], **kw)


def _cases(source):
    return [pytest.param(target, id=target) for target in SOURCES[source][1]]


def _skipped(result):
    return {(s.lines, s.reason) for s in result.skipped}


# -- layout -------------------------------------------------------------------------------------


@pytest.mark.parametrize("target", _cases("layout_enterprises"))
def test_a_table_under_a_title_with_extra_columns_a_total_and_a_note_imports_its_two_rows(
    db,
    office_files,
    target,
):
    result = _import(office_files, "layout_enterprises", target, ENTERPRISES)
    assert result.applied, [str(p) for p in result.problems]
    assert result.header_line == 4
    assert set(Enterprise.objects.values_list("name", "is_foreign_trade")) == {
        ("商丘市测试1号跨境电商有限公司", True),
        ("商丘市测试2号跨境电商有限公司", False),
    }
    assert Enterprise.objects.get(name__startswith="商丘市测试1号").filed_on == datetime.date(2017, 3, 5)
    assert {("1", "空行"), ("2–3", "表头上方的标题行"), ("7", "空行"), ("8", "合计行"), ("9", "说明行")} <= _skipped(
        result
    )
    ignored = next(n for n in result.notices if n.startswith("已忽略本表没有的列"))
    assert "B列“序号”" in ignored and "H列“联系人”" in ignored and "I列“联系电话”" in ignored


@pytest.mark.parametrize("target", _cases("quarterly_totals"))
def test_subtotal_and_total_rows_are_skipped_and_wan_in_the_header_scales_the_amounts(
    db,
    office_files,
    target,
):
    result = _import(office_files, "quarterly_totals", target, REPORTS)
    assert result.applied, [str(p) for p in result.problems]
    volumes = {(r.county.short_name, r.quarter): r.transaction_usd for r in QuarterlyReport.objects.all()}
    assert volumes == {("梁园", 1): Decimal(1_250_000), ("梁园", 2): Decimal(1_305_000), ("睢阳", 1): Decimal(800_000)}
    assert {("5", "合计行"), ("7", "合计行"), ("1", "表头上方的标题行")} <= _skipped(result)
    assert "“跨境电商交易额（万美元）”列按标题中的单位读取（每个数乘以10,000）。" in result.notices


@pytest.mark.parametrize("target", _cases("hidden_first_sheet"))
def test_the_first_visible_sheet_with_the_header_is_read_and_named(db, office_files, target):
    result = _import(office_files, "hidden_first_sheet", target, ENTERPRISES)
    assert result.applied, [str(p) for p in result.problems]
    assert result.sheet_name == "企业" and result.counts["new"] == 2
    assert "读取的工作表：“企业”。" in result.notices
    assert "已跳过隐藏的工作表：“下拉选项”。" in result.notices
    assert "以下工作表中没有找到表头，未读取：“填表说明”。" in result.notices


@pytest.mark.parametrize("target", _cases("filtered_rows"))
def test_a_row_hidden_by_a_filter_is_not_imported_and_does_not_block_a_county_officer(
    db,
    office_files,
    target,
    liangyuan_officer,
):
    result = _import(office_files, "filtered_rows", target, ENTERPRISES, user=liangyuan_officer)
    assert result.applied, [str(p) for p in result.problems]
    assert set(Enterprise.objects.values_list("county__short_name", flat=True)) == {"梁园"}
    assert Enterprise.objects.count() == 2
    assert ("3", "隐藏行（被筛选或隐藏，看不见的行不导入）") in _skipped(result)


@pytest.mark.parametrize("target", _cases("merged_county"))
def test_a_county_merged_down_over_its_quarters_applies_to_each_quarter(db, office_files, target):
    result = _import(office_files, "merged_county", target, REPORTS)
    assert result.applied, [str(p) for p in result.problems]
    assert sorted(QuarterlyReport.objects.values_list("county__short_name", "quarter")) == [("梁园", 1), ("梁园", 2)]
    assert any(n.startswith("合并单元格A2:A3的内容已用于其中每一行") for n in result.notices)


@pytest.mark.parametrize("target", _cases("template_kept"))
def test_the_templates_notes_and_example_rows_are_skipped_and_listed(db, office_files, target):
    result = _import(office_files, "template_kept", target, REPORTS)
    assert result.applied, [str(p) for p in result.problems]
    assert list(QuarterlyReport.objects.values_list("county__short_name", "quarter")) == [("睢阳", 3)]
    assert {("2", "说明行"), ("3", "模板的示例行")} <= _skipped(result)


@pytest.mark.parametrize("target", _cases("template_typed_over"))
def test_the_example_row_typed_over_with_real_figures_is_refused_not_dropped(db, office_files, target):
    before = snapshot()
    result = _import(office_files, "template_typed_over", target, REPORTS)
    assert not result.applied and snapshot() == before
    problem = result.problems[0]
    assert problem.line == 3 and "内容与模板示例不同，像是填写了实际数据" in problem.message


# -- formats and encodings ------------------------------------------------------------------------


@pytest.mark.parametrize("target", _cases("plain_enterprises"))
def test_every_format_and_encoding_libreoffice_writes_is_read(db, office_files, target):
    result = _import(office_files, "plain_enterprises", target, ENTERPRISES)
    assert result.applied, [str(p) for p in result.problems]
    assert sorted(Enterprise.objects.values_list("name", flat=True)) == [
        "商丘市测试8号跨境电商有限公司",
        "商丘市测试9号跨境电商有限公司",
    ]


def test_a_wps_et_file_is_read_as_the_xls_it_is(db, office_files):
    result = run(ENTERPRISES, "企业名册.et", office_files[("plain_enterprises", "xls")])
    assert result.applied and result.counts["new"] == 2
    assert not result.notices or all("扩展名" not in n for n in result.notices)


# -- values ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("target", _cases("csv_values"))
def test_dates_with_a_midnight_time_or_hao_and_full_width_codes_are_read(db, office_files, target):
    data = office_files[("csv_values", target)]
    assert b"2017/3/5 0:00" in data or "2017/3/5 0:00".encode("gb18030") in data
    result = _import(office_files, "csv_values", target, ENTERPRISES)
    assert result.applied, [str(p) for p in result.problems]
    assert set(Enterprise.objects.values_list("filed_on", flat=True)) == {datetime.date(2017, 3, 5)}
    assert Enterprise.objects.filter(credit_code=builders.credit_code(13)).exists()


@pytest.mark.parametrize("target", _cases("scientific_credit_code"))
def test_a_credit_code_excel_turned_into_a_number_is_refused_saying_so(db, office_files, target):
    before = snapshot()
    result = _import(office_files, "scientific_credit_code", target, ENTERPRISES)
    assert not result.applied and snapshot() == before
    problem = result.problems[0]
    assert (problem.line, problem.column_letter, problem.header) == (2, "B", "统一社会信用代码")
    if target == "csv":
        assert "被Excel显示成了科学计数法" in problem.message and "9.14114E+17" in problem.message
    else:
        assert "被存成了数字" in problem.message


@pytest.mark.parametrize("target", _cases("quarterly_values"))
def test_2016_nian_is_a_year_and_300_ren_a_count(db, office_files, target, settings):
    result = _import(office_files, "quarterly_values", target, REPORTS)
    assert result.applied, [str(p) for p in result.problems]
    report = QuarterlyReport.objects.get()
    assert (report.year, report.quarter, report.transaction_usd, report.employees) == (2016, 1, Decimal(125_000), 300)


@pytest.mark.parametrize("target", _cases("quarterly_bad_comma"))
def test_a_misplaced_thousands_separator_is_refused_not_read_as_1234(db, office_files, target):
    before = snapshot()
    result = _import(office_files, "quarterly_bad_comma", target, REPORTS)
    assert not result.applied and snapshot() == before
    assert "“12,34”中的逗号位置不对" in result.problems[0].message


@pytest.mark.parametrize("target", _cases("quarterly_wan_twice"))
def test_wan_in_the_header_and_in_the_cell_is_refused_naming_the_files_header_and_sheet(
    db,
    office_files,
    target,
):
    before = snapshot()
    result = _import(office_files, "quarterly_wan_twice", target, REPORTS)
    assert not result.applied and snapshot() == before
    problem = result.problems[0]
    assert problem.header == "跨境电商交易额（万美元）" and problem.sheet == "季度数据"
    assert str(problem).startswith("工作表“季度数据”第2行 D列“跨境电商交易额（万美元）”：")
    assert "又写了“125万”" in problem.message


def test_an_amount_implausible_against_the_previous_quarter_is_written_only_once_confirmed(db, office_files):
    builders.report("411402", 2017, 1, transaction_usd=Decimal(100_000))
    preview = _import(office_files, "quarterly_jump", "xlsx", REPORTS, dry_run=True)
    assert [w.line for w in preview.warnings] == [2]
    assert preview.warnings[0].message.startswith("【重要性高】交易额环比增长不超过900%")
    refused = _import(office_files, "quarterly_jump", "xlsx", REPORTS)
    assert refused.needs_confirmation and not refused.applied
    assert not QuarterlyReport.objects.filter(quarter=2).exists()
    done = _import(office_files, "quarterly_jump", "xlsx", REPORTS, confirmed=preview.warnings_digest)
    assert done.applied
    assert QuarterlyReport.objects.get(quarter=2).transaction_usd == Decimal(125_000_000)
