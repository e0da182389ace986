"""Every bad file is refused with a message naming where the problem is, and nothing is written."""

import pytest

from tests.spreadsheets.conftest import FILES, run, snapshot

ENTERPRISES, REPORTS = "enterprises", "quarterly_reports"

# file, table, row, column (1-based), words of the message
ROW_PROBLEMS = [
    ("bad_check_character.xlsx", ENTERPRISES, 3, 2, "校验位错误"),
    ("unknown_county.csv", ENTERPRISES, 3, 3, "未知的县区“梁园县”"),
    ("negative_number.xlsx", REPORTS, 2, 4, "不能为负数"),
    ("not_a_number.csv", REPORTS, 2, 5, "“三百”不是数字"),
    ("duplicate_rows.xlsx", ENTERPRISES, 4, 2, "与第2行重复"),
    ("future_date.csv", ENTERPRISES, 2, 4, "晚于今天"),
    ("formula.xlsx", ENTERPRISES, 3, 1, "公式"),
    ("merged_header.xlsx", ENTERPRISES, 1, 1, "表头含合并单元格A1:B1"),
]

FILE_PROBLEMS = [
    ("missing_header.csv", ENTERPRISES, "缺少必填列“统一社会信用代码”"),
    ("wrong_header.xlsx", ENTERPRISES, "缺少必填列“企业名称”。（未识别的列：A列“企业名字”。）"),
    ("empty.csv", ENTERPRISES, "文件为空"),
    ("empty.xlsx", ENTERPRISES, "文件为空"),
    ("headers_only.xlsx", ENTERPRISES, "没有数据行"),
    ("renamed_binary.xlsx", ENTERPRISES, "内容不是Excel、WPS或OpenDocument表格"),
    ("renamed_binary.csv", ENTERPRISES, "二进制"),
    ("corrupt_zip.xlsx", ENTERPRISES, "已损坏"),
    ("shared_strings_bomb.xlsx", ENTERPRISES, "压缩炸弹"),
    ("dimension_bomb.xlsx", ENTERPRISES, "A1:XFD1048576"),
    ("far_cell.xlsx", ENTERPRISES, "单元格延伸到第1048576行、第16384列"),
    ("far_cell.xls", ENTERPRISES, "单元格延伸到第65536行、第256列"),
    ("repeated_rows.ods", ENTERPRISES, "单元格延伸到第1000001行"),
    ("web_page.xls", ENTERPRISES, "内容是网页（HTML）表格"),
    ("word_document.xlsx", ENTERPRISES, "文字处理文档"),
]


def _import(name, key):
    return run(key, name, (FILES / name).read_bytes(), dry_run=False)


@pytest.mark.parametrize(("name", "key", "line", "column", "words"), ROW_PROBLEMS)
def test_bad_cell_is_named_by_row_and_column_and_nothing_is_written(db, name, key, line, column, words):
    before = snapshot()
    result = _import(name, key)
    assert not result.applied
    assert snapshot() == before
    problem = next(p for p in result.problems if words in p.message)
    assert (problem.line, problem.column) == (line, column)
    assert f"第{line}行" in str(problem)


@pytest.mark.parametrize(("name", "key", "words"), FILE_PROBLEMS)
def test_bad_file_is_refused_whole_and_nothing_is_written(db, name, key, words):
    before = snapshot()
    result = _import(name, key)
    assert not result.applied
    assert snapshot() == before
    assert any(words in p.message for p in result.problems), [str(p) for p in result.problems]


def test_more_rows_than_the_limit_are_refused(db, settings):
    settings.IMPORT_MAX_ROWS = 10
    before = snapshot()
    result = _import("too_many_rows.csv", ENTERPRISES)
    assert snapshot() == before
    assert "超过上限10行" in str(result.problems[0])


def test_a_file_over_the_byte_limit_is_refused(db, settings):
    settings.IMPORT_MAX_BYTES = 500
    before = snapshot()
    result = _import("too_many_rows.csv", ENTERPRISES)
    assert snapshot() == before
    assert "文件过大" in str(result.problems[0])


def test_the_same_rows_within_the_limits_import(db):
    result = _import("too_many_rows.csv", ENTERPRISES)
    assert result.applied and result.counts["new"] == 12


def test_a_workbook_named_csv_is_read_as_the_workbook_it_is_and_the_preview_says_so(db):
    result = _import("xlsx_renamed.csv", ENTERPRISES)
    assert result.applied and result.counts["new"] == 2
    assert "文件扩展名是.csv，但内容是Excel工作簿（.xlsx），已按实际格式读取。" in result.notices


def test_every_committed_bad_file_is_made_by_the_script_and_tested():
    from tests.spreadsheets.make_bad_files import files

    committed = {p.name for p in FILES.iterdir()}
    tested = {row[0] for row in ROW_PROBLEMS + FILE_PROBLEMS} | {"too_many_rows.csv", "xlsx_renamed.csv"}
    assert committed == set(files()) == tested
