"""Spreadsheets saved by LibreOffice, made once per test session.

Each source below is a workbook (written with openpyxl) shaped the way county clerks send their files;
``saved_by_libreoffice`` passes every source through ``soffice --headless --convert-to`` into each
format it is tested in — xlsx, xls, ods and csv/txt in several separators and encodings — so the tests
read what an office suite really writes (styles, shared strings, computed formulas, filter flags), not
only what openpyxl writes. One soffice call per target format converts all its files; the calls run
two at a time, each with its own profile.
"""

import datetime
import io
import os
import queue
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from openpyxl import Workbook

from tests.builders import credit_code

SOFFICE = shutil.which("soffice") or "/usr/bin/soffice"
# target name -> (--convert-to argument, output extension)
TARGETS = {
    "xlsx": ("xlsx:Calc MS Excel 2007 XML", "xlsx"),
    "xls": ("xls:MS Excel 97", "xls"),
    "ods": ("ods:calc8", "ods"),
    "csv": ("csv:Text - txt - csv (StarCalc):44,34,76,1", "csv"),  # comma, UTF-8
    "csv-tab": ("csv:Text - txt - csv (StarCalc):9,34,76,1", "csv"),
    "csv-semicolon": ("csv:Text - txt - csv (StarCalc):59,34,76,1", "csv"),
    "csv-gb18030": ("csv:Text - txt - csv (StarCalc):44,34,85,1", "csv"),  # 85 = GB 18030
    "txt-utf16": ("txt:Text - txt - csv (StarCalc):9,34,65535,1", "txt"),  # Excel's "Unicode text"
}
DAY = datetime.datetime(2017, 3, 5)
QUARTER_HEADERS = ["县区", "年度", "季度", "跨境电商交易额（万美元）", "从业人员（人）", "按时准确填报企业数（家）"]


def _book(*sheets):
    """A workbook of ``(title, rows, edit)`` sheets; ``edit(sheet)`` adds merges, hidden rows, formats."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows, edit in sheets:
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
        if edit:
            edit(sheet)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def enterprise(n, county="梁园区", filed=DAY):
    return [f"商丘市测试{n}号跨境电商有限公司", credit_code(n), county, filed, "食品"]


def layout_enterprises():
    """Blank row, merged title and a unit line above the header, a blank leading column, extra and empty
    columns, header variants, a blank row, a total row and a note below."""
    header = [
        None,
        "序号",
        "*企业名称",
        "统一社会信用代码\n（18位，文本格式）",
        "县（区）",
        "备案认定日期\n(yyyy-mm-dd)",
    ]
    header += ["是否外贸企业", "联系人", "联系电话", None, "行业【选填】"]
    rows = [
        [],
        [None, "商丘市梁园区跨境电商企业名册"],
        [None, "填报单位：梁园区商务局"],
        header,
        [
            None,
            1,
            "商丘市测试1号跨境电商有限公司",
            credit_code(1),
            "梁园区",
            DAY,
            "是",
            "张三",
            "13900000001",
            None,
            "食品",
        ],
        [None, 2, "商丘市测试2号跨境电商有限公司", credit_code(2), "梁园", DAY, "否", "李四", "13900000002", None, ""],
        [],
        [None, "合计", "2家"],
        [None, "注：本表由县区商务局填报，联系电话为办公电话。"],
    ]

    def edit(sheet):
        sheet.merge_cells("B2:K2")
        for row in (5, 6):
            sheet.cell(row, 4).number_format = "@"

    return _book(("企业名册", rows, edit))


def quarterly_totals():
    """Two counties' quarters with a 小计 row of =SUM and a total row of =SUM without a label."""
    rows = [
        ["2017年跨境电商季度数据", None, None, None, None, None],
        QUARTER_HEADERS,
        ["梁园区", 2017, 1, 125, 300, 10],
        ["梁园区", 2017, 2, 130.5, 310, 11],
        ["小计", None, None, "=SUM(D3:D4)", "=SUM(E3:E4)", "=SUM(F3:F4)"],
        ["睢阳区", 2017, 1, 80, 200, 6],
        [None, None, None, "=D5+D6", "=SUM(E5:E6)", "=SUM(F5:F6)"],
    ]
    return _book(("季度数据", rows, lambda s: s.merge_cells("A1:F1")))


def hidden_first_sheet():
    """The template's hidden sheet of dropdown options first, then an instructions sheet, then the data."""
    return _book(
        ("下拉选项", [["梁园区"], ["睢阳区"], ["食品"]], lambda s: setattr(s, "sheet_state", "hidden")),
        ("填表说明", [["1. 每个企业一行。"], ["2. 统一社会信用代码为18位。"]], None),
        (
            "企业",
            [["企业名称", "统一社会信用代码", "县区", "备案认定日期", "行业"], enterprise(3), enterprise(4)],
            None,
        ),
    )


def filtered_rows():
    """A filter hides 睢阳区's row: the 梁园区 officer's file imports the rows they can see."""

    def edit(sheet):
        sheet.auto_filter.ref = "A1:E4"
        sheet.row_dimensions[3].hidden = True

    rows = [["企业名称", "统一社会信用代码", "县区", "备案认定日期", "行业"], enterprise(5), enterprise(6, "睢阳区")]
    return _book(("企业", [*rows, enterprise(7)], edit))


def merged_county():
    """The county typed once and merged down over its quarters."""
    rows = [QUARTER_HEADERS, ["梁园区", 2017, 1, 125, 300, 10], [None, 2017, 2, 130, 310, 11]]
    return _book(("季度数据", rows, lambda s: s.merge_cells("A2:A3")))


def plain_enterprises():
    return _book(
        ("企业", [["企业名称", "统一社会信用代码", "县区", "备案认定日期", "行业"], enterprise(8), enterprise(9)], None)
    )


def csv_values():
    """Dates as Chinese Excel writes them into csv (with a midnight time, or 号), a full-width credit code."""
    full_width = credit_code(13).translate(
        str.maketrans(
            "0123456789ABCDEFGHJKLMNPQRTUWXY", "０１２３４５６７８９ＡＢＣＤＥＦＧＨＪＫＬＭＮＰＱＲＴＵＷＸＹ"
        )
    )
    rows = [
        ["企业名称", "统一社会信用代码", "县区", "备案认定日期", "行业"],
        enterprise(10),
        enterprise(11),
        [*enterprise(12)[:3], "2017年3月5号", "食品"],
        [enterprise(13)[0], full_width, "梁园区", DAY, "食品"],
    ]

    def edit(sheet):
        sheet["D2"].number_format = "yyyy/m/d h:mm"
        sheet["D3"].number_format = "yyyy-mm-dd hh:mm:ss"
        sheet["D5"].number_format = "yyyy/m/d h:mm"

    return _book(("企业", rows, edit))


def scientific_credit_code():
    """A credit code typed as a number: Excel shows it, and writes it into csv, as 9.14114E+17."""
    rows = [
        ["企业名称", "统一社会信用代码", "县区", "备案认定日期"],
        ["商丘市科学计数法公司", 914114000000000000, "梁园区", DAY],
    ]
    return _book(("企业", rows, lambda s: setattr(s["B2"], "number_format", "0.00000E+00")))


def quarterly_values():
    """年度 written 2016年 (accepted; a year the plan does not cover is refused by its own rule)."""
    return _book(("季度数据", [QUARTER_HEADERS, ["梁园区", "2016年", "第一季度", "12.5", "300人", 10]], None))


def quarterly_bad_comma():
    """ "12,34" in a count: a misplaced thousands separator (or a decimal comma), refused."""
    return _book(("季度数据", [QUARTER_HEADERS, ["梁园区", 2016, 1, "12.5", "12,34", 10]], None))


def quarterly_wan_twice():
    """125万 under a header that already says 万美元: refused, never written as 12,500,000,000."""
    return _book(("季度数据", [QUARTER_HEADERS, ["梁园区", 2016, 2, "125万", 300, 10]], None))


def quarterly_jump():
    """A quarter 1,250 times the one before (stored): asked about, written only once confirmed."""
    return _book(("季度数据", [QUARTER_HEADERS, ["梁园区", 2017, 2, 12500, 300, 10]], None))


def _template(edit):
    """The portal's own quarterly template, as downloaded, edited by the clerk."""
    from openpyxl import load_workbook

    from spreadsheets.exports import template_file
    from spreadsheets.registry import get_sheet

    workbook = load_workbook(io.BytesIO(template_file(get_sheet("quarterly_reports"), "xlsx")))
    edit(workbook.worksheets[0])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def template_kept():
    """Notes and example rows left as they were, one real row added: the two are skipped."""
    return _template(lambda sheet: sheet.append(["睢阳区", 2016, 3, 5000, 20, 2, "", "草稿"]))


def template_typed_over():
    """The clerk typed their figures over the example row, leaving its 【示例】 mark."""

    def edit(sheet):
        for column, value in zip("BCDEF", [2016, 4, 880000, 41, 5], strict=True):
            sheet[f"{column}3"] = value

    return _template(edit)


# source name -> (builder, formats it is tested in)
SOURCES = {
    "layout_enterprises": (layout_enterprises, ("xlsx", "xls", "ods")),
    "quarterly_totals": (quarterly_totals, ("xlsx", "xls", "ods")),
    "hidden_first_sheet": (hidden_first_sheet, ("xlsx", "xls", "ods")),
    "filtered_rows": (filtered_rows, ("xlsx", "xls", "ods")),
    "merged_county": (merged_county, ("xlsx", "xls", "ods")),
    "plain_enterprises": (plain_enterprises, tuple(TARGETS)),
    "csv_values": (csv_values, ("csv", "csv-gb18030")),
    "scientific_credit_code": (scientific_credit_code, ("csv", "xlsx")),
    "quarterly_values": (quarterly_values, ("xlsx", "csv")),
    "quarterly_bad_comma": (quarterly_bad_comma, ("xlsx", "csv-semicolon")),
    "quarterly_wan_twice": (quarterly_wan_twice, ("xlsx", "ods")),
    "quarterly_jump": (quarterly_jump, ("xlsx",)),
    "template_kept": (template_kept, ("xlsx", "csv")),
    "template_typed_over": (template_typed_over, ("xlsx", "xls")),
}


def _convert(target: str, sources: dict[str, bytes], profiles: queue.Queue) -> dict[str, bytes]:
    spec, extension = TARGETS[target]
    profile = profiles.get()  # two soffice processes may not share a profile
    try:
        return _soffice(spec, extension, sources, profile)
    finally:
        profiles.put(profile)


def _soffice(spec: str, extension: str, sources: dict[str, bytes], profile: Path) -> dict[str, bytes]:
    with tempfile.TemporaryDirectory(prefix="cbec-office-") as tmp:
        src, out = Path(tmp) / "src", Path(tmp) / "out"
        src.mkdir()
        for name, data in sources.items():
            (src / f"{name}.xlsx").write_bytes(data)
        command = [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", spec]
        command += ["--outdir", str(out), *sorted(str(p) for p in src.iterdir())]
        subprocess.run(command, check=True, capture_output=True, timeout=300)  # noqa: S603
        return {name: (out / f"{name}.{extension}").read_bytes() for name in sources}


def build() -> dict[tuple[str, str], bytes]:
    """``(source, target) -> bytes`` of every file as LibreOffice saved it."""
    made = {name: builder() for name, (builder, _targets) in SOURCES.items()}
    jobs = {t: {n: made[n] for n, (_b, targets) in SOURCES.items() if t in targets} for t in TARGETS}
    with tempfile.TemporaryDirectory(prefix="cbec-lo-profiles-") as tmp, ThreadPoolExecutor(2) as pool:
        profiles = queue.Queue()
        for i in range(2):
            profiles.put(Path(tmp) / f"p{i}")
        futures = {target: pool.submit(_convert, target, sources, profiles) for target, sources in jobs.items()}
        return {(name, target): data for target, f in futures.items() for name, data in f.result().items()}


@pytest.fixture(scope="session")
def office_files():
    """Files saved by LibreOffice; skipped where soffice is missing, unless REQUIRE_OFFICE=1 (CI)."""
    if not Path(SOFFICE).exists():
        if os.environ.get("REQUIRE_OFFICE"):
            pytest.fail(f"{SOFFICE} is missing but REQUIRE_OFFICE is set")
        pytest.skip("LibreOffice (soffice) is not installed")
    return build()
