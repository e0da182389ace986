"""The parts of an ods that calamine does not report or guard: extent, hidden rows, merged cells, sums.

An ods stores repeated rows and cells once with a repeat count (``table:number-rows-repeated``), and
calamine expands them: one row of text repeated a million times, a few bytes in the file, becomes a
million rows in memory. So before calamine opens the file (it reads every sheet at once), the tags of
``content.xml`` are walked as a byte stream — never built as a tree — to find how far each sheet's
non-empty cells really reach, which rows are hidden (``table:visibility="collapsed"`` or ``"filter"``),
which cells span others, and which rows hold a SUM formula.
"""

import re
import zipfile
import zlib

from django.utils.translation import gettext as _

from spreadsheets import readers, xlsx_parts
from spreadsheets.readers import FileProblem, SheetData

CHUNK = 1024 * 1024
MAX_TAIL = 64 * 1024
_TOKEN = re.compile(
    rb"<table:table\s([^>]*)>|(</table:table>)"
    rb"|<table:table-row(?=[\s/>])([^>]*?)/?>"
    rb"|<table:(?:covered-)?table-cell(?=[\s/>])([^>]*?)(/?)>"
)
_NAME = re.compile(rb'table:name="([^"]*)"')
_ROWS_REPEATED = re.compile(rb'table:number-rows-repeated="(\d+)"')
_COLUMNS_REPEATED = re.compile(rb'table:number-columns-repeated="(\d+)"')
_COLUMNS_SPANNED = re.compile(rb'table:number-columns-spanned="(\d+)"')
_ROWS_SPANNED = re.compile(rb'table:number-rows-spanned="(\d+)"')
_HIDDEN = re.compile(rb'table:visibility="(?:collapsed|filter)"')
_SUM = re.compile(rb'table:formula="[^"]*\b(?:SUM|SUBTOTAL)\(', re.IGNORECASE)


def sheets(data: bytes) -> list[SheetData]:
    archive = xlsx_parts.open_zip(data)
    xlsx_parts.check_inflated_sizes(archive)
    scanned = _scan(archive)
    workbook = readers.calamine_workbook(data)
    shown = readers.calamine_visibility(workbook)
    result = []
    for name in workbook.sheet_names:
        scan = scanned.get(name) or _Table(name)
        result.append(
            SheetData(
                name=name,
                visible=shown.get(name, True),
                rows=readers.calamine_rows(workbook, name),
                hidden_rows=frozenset(scan.hidden),
                merged=scan.merged,
                sum_rows=frozenset(scan.sums),
            )
        )
    return result


class _Table:
    """What the walk finds in one ``table:table``."""

    def __init__(self, name: str):
        self.name = name
        self.row = 0  # rows before the current one
        self.column = 0
        self.row_repeat = 1
        self.row_hidden = False
        self.row_has_content = False
        self.max_row = self.max_column = 0
        self.hidden, self.merged, self.sums = set(), [], set()

    def start_row(self, attributes: bytes) -> None:
        self.end_row()
        m = _ROWS_REPEATED.search(attributes)
        self.row_repeat = int(m.group(1)) if m else 1
        self.row_hidden = bool(_HIDDEN.search(attributes))
        self.row_has_content = False
        self.column = 0
        self._open = True

    def end_row(self) -> None:
        if not getattr(self, "_open", False):
            return
        first, last = self.row + 1, self.row + self.row_repeat
        if self.row_has_content:
            self.max_row = max(self.max_row, last)
            if self.row_hidden:
                self.hidden.update(range(first, min(last, readers.row_limit()) + 1))
        self.row = last
        self._open = False
        readers.check_extent(self.name, self.max_row, self.max_column)

    def cell(self, attributes: bytes, closed: bool) -> None:
        m = _COLUMNS_REPEATED.search(attributes)
        repeat = int(m.group(1)) if m else 1
        first = self.column + 1
        self.column += repeat
        if closed and b"office:value-type" not in attributes:
            return  # an empty cell, however often repeated
        self.row_has_content = True
        self.max_column = max(self.max_column, self.column)
        if self.max_column > readers.MAX_COLUMNS:
            readers.check_extent(self.name, self.row + 1, self.max_column)
        spanned_cols = _COLUMNS_SPANNED.search(attributes)
        spanned_rows = _ROWS_SPANNED.search(attributes)
        if spanned_cols or spanned_rows:
            width = int(spanned_cols.group(1)) if spanned_cols else 1
            height = int(spanned_rows.group(1)) if spanned_rows else 1
            if width > 1 or height > 1:
                self.merged.append((self.row + 1, first, self.row + height, first + width - 1))
        if _SUM.search(attributes):
            self.sums.add(self.row + 1)


def _scan(archive: zipfile.ZipFile) -> dict[str, _Table]:
    tables, stack = {}, []
    try:
        with archive.open("content.xml") as stream:
            tail = b""
            while chunk := stream.read(CHUNK):
                buffer, done = tail + chunk, 0
                for m in _TOKEN.finditer(buffer):
                    _token(m, tables, stack)
                    done = m.end()
                tail = buffer[done:] if len(buffer) - done <= MAX_TAIL else buffer[-MAX_TAIL:]
    except KeyError:
        raise FileProblem(_("文件已损坏：找不到表格内容（content.xml）。")) from None
    except (zipfile.BadZipFile, zlib.error, EOFError):
        raise FileProblem(_("文件已损坏：表格内容无法解压。")) from None
    for table in stack:
        table.end_row()
    return tables


def _token(m, tables: dict, stack: list) -> None:
    table_attributes, table_end, row_attributes, cell_attributes, closed = m.groups()
    if table_attributes is not None:
        name = _NAME.search(table_attributes)
        table = _Table(name.group(1).decode("utf-8", "replace") if name else "")
        if not stack:  # a table nested in a cell is part of its cell, not a sheet
            tables.setdefault(table.name, table)
        stack.append(table)
    elif table_end is not None:
        if stack:
            stack.pop().end_row()
    elif not stack:
        return
    elif row_attributes is not None:
        stack[-1].start_row(row_attributes)
    elif cell_attributes is not None:
        stack[-1].cell(cell_attributes, closed == b"/")
