"""Opening an uploaded spreadsheet safely and streaming its rows.

Everything that can be judged about a file before its rows are read is judged here, cheaply and
before any large allocation: its size, whether its content is what its name says, whether an xlsx's
zip would inflate to something huge (a "zip bomb": gigantic shared strings or sheets), whether the
sheet claims absurd dimensions, merged cells. xlsx is then read with openpyxl in read-only mode
(streaming, and parsed with defusedxml, which openpyxl uses when it is installed); csv is decoded as
UTF-8 (with or without BOM) or GB18030 (a superset of GBK, what Chinese Excel writes).
"""

import codecs
import csv
import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import PurePath

from django.conf import settings
from openpyxl import load_workbook
from openpyxl.utils.cell import range_boundaries

MAX_COLUMNS = 100
MAX_COMPRESSION_RATIO = 100  # real xlsx parts compress 5-20 times; bombs 1,000 times and more
RATIO_CHECKED_FROM = 1024 * 1024  # small parts may compress well without harm
MAX_SHARED_STRINGS_BYTES = 64 * 1024 * 1024
_DIMENSION_RE = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Za-z0-9:$]+)"')
_MERGE_RE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Za-z0-9:$]+)"')
_SCAN_CHUNK = 1024 * 1024


class FileProblem(Exception):
    """The file as a whole cannot be imported; ``str(exc)`` is the message for the user."""


@dataclass
class Table:
    """The header row and a stream of ``(line_number, values)`` of one sheet."""

    headers: list
    rows: Iterator[tuple[int, tuple]]
    merged: list[str] = field(default_factory=list)


def max_bytes() -> int:
    return getattr(settings, "IMPORT_MAX_BYTES", 10 * 1024 * 1024)


def max_rows() -> int:
    return getattr(settings, "IMPORT_MAX_ROWS", 100_000)


def max_uncompressed_bytes() -> int:
    return getattr(settings, "IMPORT_MAX_UNCOMPRESSED_BYTES", 30 * max_bytes())


def open_table(name: str, data: bytes) -> Table:
    """Check ``data`` (the bytes of a file called ``name``) and return its first sheet as a ``Table``."""
    suffix = PurePath(name or "").suffix.lower()
    if suffix == ".xls":
        raise FileProblem("不支持旧版Excel（.xls）文件，请在Excel或WPS中另存为.xlsx后再导入。")
    if suffix not in (".xlsx", ".csv"):
        raise FileProblem(f"只能导入.xlsx或.csv文件，“{name}”不是。")
    if not data:
        raise FileProblem("文件为空（0字节）。")
    if len(data) > max_bytes():
        raise FileProblem(f"文件过大：{len(data) / 1048576:.1f} MB，上限为{max_bytes() / 1048576:.1f} MB。")
    return _open_xlsx(data) if suffix == ".xlsx" else _open_csv(data)


# -- xlsx ---------------------------------------------------------------------------------------


def _open_xlsx(data: bytes) -> Table:
    if not data.startswith(b"PK\x03\x04"):
        kind = "文本（可能是改了扩展名的CSV）" if _looks_like_text(data) else "其他格式的二进制文件"
        raise FileProblem(f"文件扩展名是.xlsx，但内容不是Excel文件，而是{kind}。")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError):
        raise FileProblem("xlsx文件已损坏：压缩包无法打开。请在Excel或WPS中重新保存后再导入。") from None
    if "xl/workbook.xml" not in names:
        raise FileProblem("文件是压缩包，但里面没有Excel工作簿，不是xlsx文件。")
    _check_inflated_sizes(archive)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        sheet = workbook.worksheets[0]
        sheet_path = sheet._worksheet_path
    except FileProblem:
        raise
    except Exception as exc:  # openpyxl raises many kinds on broken parts
        raise FileProblem(f"xlsx文件已损坏，无法读取（{type(exc).__name__}）。") from None
    dimension, merged = _scan_sheet(archive, sheet_path)
    if dimension:
        _check_dimension(dimension)
    rows = _xlsx_rows(sheet)
    try:
        first = next(rows, None)
    except FileProblem:
        raise
    headers = list(first[1]) if first else []
    return Table(headers=headers, rows=rows, merged=merged)


def _check_inflated_sizes(archive: zipfile.ZipFile) -> None:
    total = 0
    for info in archive.infolist():
        total += info.file_size
        if info.file_size >= RATIO_CHECKED_FROM and info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1):
            raise FileProblem(
                f"文件可疑（压缩炸弹）：部件{info.filename}解压后{info.file_size / 1048576:.0f} MB，"
                f"压缩比超过{MAX_COMPRESSION_RATIO}倍，已拒绝。"
            )
        if info.filename.endswith("sharedStrings.xml") and info.file_size > MAX_SHARED_STRINGS_BYTES:
            raise FileProblem(f"文件可疑：共享字符串表解压后{info.file_size / 1048576:.0f} MB，超过上限，已拒绝。")
    if total > max_uncompressed_bytes():
        raise FileProblem(
            f"文件解压后共{total / 1048576:.0f} MB，超过上限{max_uncompressed_bytes() / 1048576:.0f} MB，已拒绝。"
        )


def _scan_sheet(archive: zipfile.ZipFile, path: str) -> tuple[str | None, list[str]]:
    """The sheet's declared dimension and its merged ranges, read from the XML stream without parsing it."""
    dimension, merged, tail = None, [], b""
    try:
        with archive.open(path) as stream:
            while chunk := stream.read(_SCAN_CHUNK):
                window = tail + chunk
                if dimension is None and (m := _DIMENSION_RE.search(window)):
                    dimension = m.group(1).decode()
                merged.extend(m.group(1).decode() for m in _MERGE_RE.finditer(window) if m.end() > len(tail))
                tail = window[-200:]
    except (zipfile.BadZipFile, zlib.error, EOFError, KeyError):
        raise FileProblem("xlsx文件已损坏：工作表数据无法解压。") from None
    return dimension, merged


def _check_dimension(ref: str) -> None:
    try:
        _, _, max_col, max_row = range_boundaries(ref.replace("$", "").upper())
    except (ValueError, TypeError):
        return
    if (max_row or 0) > max_rows() + 10 or (max_col or 0) > MAX_COLUMNS:
        raise FileProblem(
            f"表格尺寸异常：工作表声明的范围为{ref}（{max_row or 0}行×{max_col or 0}列），"
            f"超过上限{max_rows()}行、{MAX_COLUMNS}列，已拒绝。"
        )


def _xlsx_rows(sheet) -> Iterator[tuple[int, tuple]]:
    try:
        for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            if len(values) > MAX_COLUMNS:
                raise FileProblem(f"第{line}行超过{MAX_COLUMNS}列，已拒绝。")
            yield line, _trim(values)
    except FileProblem:
        raise
    except Exception as exc:
        raise FileProblem(f"xlsx文件已损坏，读取中断（{type(exc).__name__}）。") from None


def _trim(values) -> tuple:
    end = len(values)
    while end and (values[end - 1] is None or values[end - 1] == ""):
        end -= 1
    return tuple(values[:end])


# -- csv ----------------------------------------------------------------------------------------


def _looks_like_text(data: bytes) -> bool:
    return b"\x00" not in data[:8192]


def _decode(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8")
        except UnicodeDecodeError:
            raise FileProblem("文件声明为UTF-8编码，但含有无效字符。") from None
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileProblem("无法识别CSV文件的文字编码，请另存为“CSV UTF-8”或GBK编码后再导入。")


def _open_csv(data: bytes) -> Table:
    if data.startswith(b"PK\x03\x04"):
        raise FileProblem("文件扩展名是.csv，但内容是压缩包（可能是改了扩展名的xlsx文件）。")
    if not _looks_like_text(data) or b"\x00" in data:
        raise FileProblem("文件扩展名是.csv，但内容是二进制数据，不是文本表格。")
    text = _decode(data)
    if not text.strip():
        raise FileProblem("文件为空（没有任何内容）。")
    reader = csv.reader(io.StringIO(text, newline=""))

    def rows():
        try:
            for line, values in enumerate(reader, start=1):
                if len(values) > MAX_COLUMNS:
                    raise FileProblem(f"第{line}行超过{MAX_COLUMNS}列，已拒绝。")
                yield line, _trim([v if v.strip() else None for v in values])
        except csv.Error as exc:
            raise FileProblem(f"第{reader.line_num}行CSV格式错误：{exc}。") from None

    stream = rows()
    first = next(stream, None)
    return Table(headers=list(first[1]) if first else [], rows=stream)
