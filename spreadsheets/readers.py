"""Opening an uploaded spreadsheet safely: what it really is, whether it is safe to read, and its sheets.

Formats: xlsx; xls (Excel 97-2003) and WPS's .et, which is the same format; ods; and delimited text
(.csv, .txt, .tsv — comma, tab or semicolon, in UTF-8, UTF-16 or GB18030). A file is read by what its
bytes are, not by its name: a workbook saved as .xls but named .xlsx (or the reverse) is read all the same
and the preview says so; bytes that are no spreadsheet at all are refused with a message saying what
they look like.

Cell values come from python-calamine (Rust; several times faster than openpyxl). Calamine does not
report hidden rows, and it allocates the whole rectangle between the first and the last cell it finds,
so a tiny file with one cell at XFD1048576 would ask for hundreds of gigabytes. Before calamine sees a
sheet, the format's own module (``xlsx_parts``, ``xls_parts``, ``ods_parts``) reads the sheet's raw
structure — without building it — to check its real extent against the limits and to collect hidden
rows, merged cells and formulas without a stored result. Everything that can be judged before the rows
are read is judged before any large allocation.
"""

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePath

from django.conf import settings
from django.utils.translation import gettext as _

MAX_COLUMNS = 100
HEADER_SCAN_ROWS = 30  # the header is looked for within this many rows at the top of each sheet
SUFFIXES = {".xlsx": "xlsx", ".xls": "xls", ".et": "xls", ".ods": "ods", ".csv": "text", ".txt": "text", ".tsv": "text"}
ACCEPT = ",".join(SUFFIXES)  # for <input type="file" accept=...>
ZIP_MAGIC = b"PK\x03\x04"
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE2 compound file: xls, et (and encrypted xlsx)


class FileProblem(Exception):
    """The file as a whole cannot be imported; ``str(exc)`` is the message for the user."""


@dataclass
class SheetData:
    """One sheet: its name, whether it is shown, its rows and what calamine cannot tell about them.

    ``rows()`` yields ``(line, values)`` with ``line`` counted from 1 as the spreadsheet numbers its rows
    and ``values`` starting at column A. ``merged`` holds ``(first_row, first_col, last_row, last_col)``,
    1-based; ``uncomputed`` the formulas (by ``(row, col)``) whose result the file does not store;
    ``sum_rows`` the rows holding a SUM/SUBTOTAL formula (total rows).
    """

    name: str
    visible: bool
    rows: Callable[[], Iterator[tuple[int, tuple]]]
    hidden_rows: frozenset = frozenset()
    merged: list = field(default_factory=list)
    uncomputed: dict = field(default_factory=dict)
    sum_rows: frozenset = frozenset()


@dataclass
class Workbook:
    """The sheets of a file in their order, and what the reader noticed about the file as a whole."""

    kind: str  # xlsx, xls, ods, text
    sheets: list[SheetData]
    notices: list[str] = field(default_factory=list)


def max_bytes() -> int:
    return getattr(settings, "IMPORT_MAX_BYTES", 10 * 1024 * 1024)


def max_rows() -> int:
    return getattr(settings, "IMPORT_MAX_ROWS", 100_000)


def max_uncompressed_bytes() -> int:
    return getattr(settings, "IMPORT_MAX_UNCOMPRESSED_BYTES", 30 * max_bytes())


def row_limit() -> int:
    """The highest row number a sheet may use: the data limit plus room for titles, notes and blank rows."""
    return max_rows() + 1000


KIND_NAMES = {
    "xlsx": "Excel工作簿（.xlsx）",
    "xls": "Excel 97-2003或WPS表格（.xls/.et）",
    "ods": "OpenDocument表格（.ods）",
    "text": "文本表格（.csv/.txt）",
}


def open_workbook(name: str, data: bytes) -> Workbook:
    """Check ``data`` (the bytes of a file called ``name``) and return its sheets, unread."""
    suffix = PurePath(name or "").suffix.lower()
    if suffix not in SUFFIXES:
        raise FileProblem(
            _("不能导入“%(name)s”：只能导入.xlsx、.xls、.et、.ods、.csv或.txt文件。") % {"name": name or "?"}
        )
    if not data:
        raise FileProblem(_("文件为空（0字节）。"))
    if len(data) > max_bytes():
        raise FileProblem(
            _("文件过大：%(size).1f MB，上限为%(limit).1f MB。")
            % {"size": len(data) / 1048576, "limit": max_bytes() / 1048576}
        )
    named, kind = SUFFIXES[suffix], sniff(data, suffix)
    workbook = _READERS[kind](data)
    if kind != named:
        workbook.notices.append(
            _("文件扩展名是%(suffix)s，但内容是%(kind)s，已按实际格式读取。")
            % {"suffix": suffix, "kind": _(KIND_NAMES[kind])}
        )
    return workbook


def sniff(data: bytes, suffix: str) -> str:
    """What the bytes are: ``xlsx``, ``ods``, ``xls`` or ``text``; anything else is refused here."""
    from spreadsheets import text_files, xls_parts, xlsx_parts

    if data.startswith(ZIP_MAGIC):
        return xlsx_parts.zip_kind(data, suffix)
    if data.startswith(CFB_MAGIC):
        xls_parts.check_not_encrypted(data)
        return "xls"
    if text_files.looks_like_text(data):
        if suffix in (".xls", ".et") and text_files.looks_like_html(data):
            raise FileProblem(
                _(
                    "文件扩展名是%(suffix)s，但内容是网页（HTML）表格，常见于从网站系统导出的“Excel”文件。"
                    "请在Excel或WPS中打开它，另存为.xlsx后再导入。"
                )
                % {"suffix": suffix}
            )
        return "text"
    if suffix in (".csv", ".txt", ".tsv"):
        raise FileProblem(_("文件扩展名是%(suffix)s，但内容是二进制数据，不是文本表格。") % {"suffix": suffix})
    raise FileProblem(
        _("文件扩展名是%(suffix)s，但内容不是Excel、WPS或OpenDocument表格，而是其他格式的二进制文件。")
        % {"suffix": suffix}
    )


def _read_text(data: bytes) -> Workbook:
    from spreadsheets import text_files

    return Workbook("text", [text_files.sheet(data)])


def _read_xlsx(data: bytes) -> Workbook:
    from spreadsheets import xlsx_parts

    return Workbook("xlsx", xlsx_parts.sheets(data))


def _read_xls(data: bytes) -> Workbook:
    from spreadsheets import xls_parts

    return Workbook("xls", xls_parts.sheets(data))


def _read_ods(data: bytes) -> Workbook:
    from spreadsheets import ods_parts

    return Workbook("ods", ods_parts.sheets(data))


_READERS = {"text": _read_text, "xlsx": _read_xlsx, "xls": _read_xls, "ods": _read_ods}


# -- calamine, shared by xlsx, xls and ods ------------------------------------------------------


def calamine_workbook(data: bytes):
    """The calamine workbook of ``data``; a file calamine cannot open is a ``FileProblem``."""
    import python_calamine

    try:
        return python_calamine.load_workbook(io.BytesIO(data))
    except BaseException as exc:  # noqa: BLE001 — Rust panics arrive as BaseException
        _reraise_fatal(exc)
        if isinstance(exc, python_calamine.PasswordError):
            raise FileProblem(_("文件设置了打开密码，请在Excel或WPS中取消密码后再导入。")) from None
        raise FileProblem(
            _("文件已损坏，无法读取（%(error)s）。请在Excel或WPS中重新保存后再导入。") % {"error": type(exc).__name__}
        ) from None


def calamine_rows(workbook, name: str) -> Callable[[], Iterator[tuple[int, tuple]]]:
    """A factory of ``(line, values)`` for the sheet ``name`` of a calamine workbook, values from column A.

    Calamine's ``iter_rows`` starts at the sheet's first row (row 1) but at the first *used* column, so
    the values are shifted right by that column to keep letters in messages true.
    """

    def rows():
        try:
            sheet = workbook.get_sheet_by_name(name)
            lead = (None,) * sheet.start[1] if sheet.start else ()
            for index, values in enumerate(sheet.iter_rows()):
                yield index + 1, trim(lead + tuple(None if v == "" else v for v in values))
        except FileProblem:
            raise
        except BaseException as exc:  # noqa: BLE001 — Rust panics arrive as BaseException
            _reraise_fatal(exc)
            raise FileProblem(
                _("工作表“%(sheet)s”已损坏，读取中断（%(error)s）。") % {"sheet": name, "error": type(exc).__name__}
            ) from None

    return rows


def calamine_visibility(workbook) -> dict[str, bool]:
    """Sheet name -> shown (neither hidden nor "very hidden")."""
    return {meta.name: str(meta.visible).endswith("Visible") for meta in workbook.sheets_metadata}


def _reraise_fatal(exc: BaseException) -> None:
    if isinstance(exc, (KeyboardInterrupt, SystemExit, GeneratorExit)):
        raise exc


def trim(values) -> tuple:
    """Values without the empty cells at the end of the row."""
    end = len(values)
    while end and (values[end - 1] is None or values[end - 1] == ""):
        end -= 1
    return tuple(values[:end])


def check_extent(sheet: str, rows: int, columns: int) -> None:
    """Refuse a sheet whose cells reach beyond the limits (before anything allocates its rectangle)."""
    if rows > row_limit() or columns > MAX_COLUMNS:
        raise FileProblem(
            _(
                "表格尺寸异常：工作表“%(sheet)s”的单元格延伸到第%(rows)d行、第%(columns)d列，"
                "超过上限%(max_rows)d行、%(max_columns)d列，已拒绝。"
            )
            % {"sheet": sheet, "rows": rows, "columns": columns, "max_rows": max_rows(), "max_columns": MAX_COLUMNS}
        )


def estimate_rows(name: str, data: bytes) -> int:
    """About how many rows the file holds, judged cheaply before reading it (to choose the background).

    Text: its line count. xlsx: the largest dimension its sheets declare at the top of their XML.
    xls and ods: from the size (about 100 bytes a row in xls, 400 bytes of ``content.xml`` in ods).
    A file that cannot be judged counts as small; reading it will say what is wrong.
    """
    from spreadsheets import estimates

    try:
        return estimates.rows(name, data)
    except Exception:  # noqa: BLE001 — a broken file is judged when it is read
        return 0
