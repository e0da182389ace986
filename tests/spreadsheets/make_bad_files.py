"""Writes the small bad spreadsheets under ``tests/spreadsheets/files/`` (run again to regenerate them).

    .venv/bin/python tests/spreadsheets/make_bad_files.py

Each file holds exactly one kind of bad input; ``test_bad_files.py`` imports each for real and
checks that the message names the row and column and that nothing was written.
"""

import csv
import datetime
import io
import re
import struct
import zipfile
from pathlib import Path

from openpyxl import Workbook
from stdnum.cn import uscc

HERE = Path(__file__).resolve().parent / "files"
SAVED = Path(__file__).resolve().parent / "saved_by_libreoffice"
ENTERPRISE_HEADERS = ["企业名称", "统一社会信用代码", "县区", "备案认定日期", "行业"]
REPORT_HEADERS = ["县区", "年度", "季度", "跨境电商交易额（万美元）", "从业人员（人）", "按时准确填报企业数（家）"]


def code(n: int) -> str:
    body = f"91411400{n:09d}"
    return body + uscc.calc_check_digit(body)


def enterprise_row(n: int, county="梁园区", filed="2017-03-31"):
    return [f"坏文件测试企业{n}", code(n), county, filed, "食品"]


def xlsx(headers, rows, edit=None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    if edit:
        edit(sheet)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_file(headers, rows, encoding="utf-8-sig") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def patch_zip(data: bytes, replace: dict[str, bytes]) -> bytes:
    """The same xlsx with some parts replaced (or added)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename not in replace:
                dst.writestr(info, src.read(info.filename))
        for name, content in replace.items():
            if content is not None:  # None: the part is left out
                dst.writestr(name, content)
    return out.getvalue()


def bad_check_character() -> bytes:
    good = code(2)
    wrong = good[:-1] + ("1" if good[-1] != "1" else "2")
    return xlsx(ENTERPRISE_HEADERS, [enterprise_row(1), ["校验位错误企业", wrong, "梁园区", "2017-03-31", "食品"]])


def shared_strings_bomb() -> bytes:
    huge = b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>'
    huge += b"A" * (40 * 1024 * 1024) + b"</t></si></sst>"
    return patch_zip(xlsx(ENTERPRISE_HEADERS, [enterprise_row(1)]), {"xl/sharedStrings.xml": huge})


def dimension_bomb() -> bytes:
    data = xlsx(ENTERPRISE_HEADERS, [enterprise_row(1)])
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    start = sheet.index(b"<dimension")
    end = sheet.index(b"/>", start) + 2
    sheet = sheet[:start] + b'<dimension ref="A1:XFD1048576"/>' + sheet[end:]
    return patch_zip(data, {"xl/worksheets/sheet1.xml": sheet})


def far_cell_xlsx() -> bytes:
    """One cell at XFD1048576 under a dimension that claims A1:E2: calamine would allocate the rectangle."""
    data = xlsx(ENTERPRISE_HEADERS, [enterprise_row(1)])
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    sheet = sheet.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576" t="n"><v>1</v></c></row></sheetData>')
    sheet = re.sub(rb'<dimension ref="[^"]+"/>', b'<dimension ref="A1:E2"/>', sheet)
    return patch_zip(data, {"xl/worksheets/sheet1.xml": sheet})


def far_cell_xls() -> bytes:
    """LibreOffice's xls with its first number cell moved to row 65,536, column 256."""
    import olefile

    data = bytearray((SAVED / "企业名册.xls").read_bytes())
    ole = olefile.OleFileIO(bytes(data))
    stream = bytearray(ole.openstream("Workbook").read())
    pos = 0
    while pos + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, pos)
        if kind in (0x0203, 0x027E, 0x00FD):  # NUMBER, RK, LABELSST
            struct.pack_into("<HH", stream, pos + 4, 0xFFFF, 0x00FF)
            break
        pos += 4 + length
    out = io.BytesIO(bytes(data))
    with olefile.OleFileIO(out, write_mode=True) as writable:
        writable.write_stream("Workbook", bytes(stream))
    return out.getvalue()


def repeated_rows_ods() -> bytes:
    """LibreOffice's ods with a data row repeated a million times (a few bytes; gigabytes once expanded)."""
    data = (SAVED / "企业名册.ods").read_bytes()
    content = zipfile.ZipFile(io.BytesIO(data)).read("content.xml").decode()
    row = content.rindex("<table:table-row", 0, content.index("商丘市测试8号"))
    end = content.index(">", row)
    content = content[:end] + ' table:number-rows-repeated="1000000"' + content[end:]
    return patch_zip(data, {"content.xml": content.encode()})


def merged_header(sheet):
    sheet.merge_cells("A1:B1")


def formula(sheet):
    sheet["A3"] = '=CONCATENATE("公式","企业")'


def files() -> dict[str, bytes]:
    good = xlsx(ENTERPRISE_HEADERS, [enterprise_row(1), enterprise_row(2)])
    return {
        "wrong_header.xlsx": xlsx(["企业名字", *ENTERPRISE_HEADERS[1:]], [enterprise_row(1)]),
        "missing_header.csv": csv_file(["企业名称", "县区", "备案认定日期"], [["缺列企业", "梁园区", "2017-03-31"]]),
        "bad_check_character.xlsx": bad_check_character(),
        "unknown_county.csv": csv_file(ENTERPRISE_HEADERS, [enterprise_row(1), enterprise_row(2, county="梁园县")]),
        "negative_number.xlsx": xlsx(REPORT_HEADERS, [["梁园区", 2017, 1, -5, 100, 3]]),
        "not_a_number.csv": csv_file(REPORT_HEADERS, [["梁园区", 2017, 1, "12.5", "三百", 3]], encoding="gb18030"),
        "duplicate_rows.xlsx": xlsx(ENTERPRISE_HEADERS, [enterprise_row(1), enterprise_row(2), enterprise_row(1)]),
        "future_date.csv": csv_file(ENTERPRISE_HEADERS, [enterprise_row(1, filed="2099年1月1日")]),
        "empty.csv": b"",
        "empty.xlsx": b"",
        "headers_only.xlsx": xlsx(ENTERPRISE_HEADERS, []),
        "too_many_rows.csv": csv_file(ENTERPRISE_HEADERS, [enterprise_row(n) for n in range(1, 13)]),
        "renamed_binary.xlsx": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
        "renamed_binary.csv": b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 4,
        "xlsx_renamed.csv": good,
        "corrupt_zip.xlsx": good[: len(good) // 2],
        "shared_strings_bomb.xlsx": shared_strings_bomb(),
        "dimension_bomb.xlsx": dimension_bomb(),
        "formula.xlsx": xlsx(ENTERPRISE_HEADERS, [enterprise_row(1), enterprise_row(2)], edit=formula),
        "merged_header.xlsx": xlsx(ENTERPRISE_HEADERS, [enterprise_row(1)], edit=merged_header),
        "far_cell.xlsx": far_cell_xlsx(),
        "far_cell.xls": far_cell_xls(),
        "repeated_rows.ods": repeated_rows_ods(),
        "web_page.xls": b"<html><body><table><tr><td>\xe4\xbc\x81\xe4\xb8\x9a</td></tr></table></body></html>",
        "word_document.xlsx": patch_zip(good, {"word/document.xml": b"<w/>", "xl/workbook.xml": None}),
    }


def main() -> None:
    HERE.mkdir(exist_ok=True)
    for name, data in files().items():
        (HERE / name).write_bytes(data)
        print(f"{name}: {len(data)} bytes")


if __name__ == "__main__":
    assert datetime.date.today().year < 2099  # the future-date file relies on it
    main()
