"""The parts of an xls (Excel 97-2003, and WPS's .et, the same format) that calamine does not report.

An xls is a compound file (read with olefile) whose "Workbook" stream is a list of BIFF8 records. One
pass over those records, before calamine reads the file (it reads every sheet at once), finds each
sheet's real extent — calamine allocates the whole rectangle up to the farthest cell, and a 10 MB file
can hold a cell at row 65,536 and column 256 — its hidden rows (the ROW record's ``fDyZero`` flag, set
by filters and by "hide"), its merged cells (MERGECELLS) and the rows holding a SUM formula.
"""

import io
import struct

import olefile
from django.utils.translation import gettext as _

from spreadsheets import readers
from spreadsheets.readers import FileProblem, SheetData

BOF, EOF, BOUNDSHEET, ROW, MERGECELLS, FORMULA = 0x0809, 0x000A, 0x0085, 0x0208, 0x00E5, 0x0006
CELLS = {0x0203, 0x027E, 0x00FD, 0x0204, 0x0006, 0x0205, 0x0201, 0x00D6}  # number, rk, sst, label, ...
MULTI_CELLS = {0x00BD, 0x00BE}  # MULRK, MULBLANK: a run of cells in one row
ROW_HIDDEN = 0x20
SUM_FUNCTIONS = {4, 344}  # SUM, SUBTOTAL in tFuncVar


def check_not_encrypted(data: bytes) -> None:
    """An xlsx with an opening password is a compound file holding an ``EncryptedPackage``."""
    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            if ole.exists("EncryptedPackage"):
                raise FileProblem(_("文件设置了打开密码，请在Excel或WPS中取消密码后再导入。"))
    except FileProblem:
        raise
    except Exception:  # noqa: BLE001 — olefile raises many kinds on broken containers
        raise FileProblem(_("文件已损坏：Excel 97-2003文件结构无法读取。请在Excel或WPS中重新保存后再导入。")) from None


def sheets(data: bytes) -> list[SheetData]:
    scans = _scan(_workbook_stream(data))
    workbook = readers.calamine_workbook(data)
    shown = readers.calamine_visibility(workbook)
    result = []
    for index, name in enumerate(workbook.sheet_names):
        scan = scans[index] if index < len(scans) else _Sheet()
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


def _workbook_stream(data: bytes) -> bytes:
    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            for name in ("Workbook", "Book"):
                if ole.exists(name):
                    return ole.openstream(name).read()
    except Exception:  # noqa: BLE001
        raise FileProblem(_("文件已损坏：Excel 97-2003文件结构无法读取。请在Excel或WPS中重新保存后再导入。")) from None
    raise FileProblem(_("文件是Office复合文档，但里面没有Excel工作簿（可能是Word或PowerPoint文件）。"))


class _Sheet:
    def __init__(self, name: str = ""):
        self.name = name
        self.max_row = self.max_column = 0
        self.hidden, self.merged, self.sums = set(), [], set()

    def cell(self, row: int, first_col: int, last_col: int) -> None:
        self.max_row = max(self.max_row, row + 1)
        self.max_column = max(self.max_column, last_col + 1)


def _records(stream: bytes, start: int):
    """``(type, data)`` of the records from ``start`` to the substream's EOF."""
    pos, end = start, len(stream)
    while pos + 4 <= end:
        kind, length = struct.unpack_from("<HH", stream, pos)
        body = stream[pos + 4 : pos + 4 + length]
        pos += 4 + length
        yield kind, body
        if kind == EOF:
            return


def _scan(stream: bytes) -> list[_Sheet]:
    """One ``_Sheet`` per BOUNDSHEET record of the workbook globals, in tab order."""
    bound = [body for kind, body in _records(stream, 0) if kind == BOUNDSHEET and len(body) >= 4]
    result = []
    for body in bound:
        (offset,) = struct.unpack_from("<I", body)
        sheet = _Sheet(_sheet_name(body))
        if offset < len(stream):
            _scan_sheet(stream, offset, sheet)
        result.append(sheet)
    return result


def _scan_sheet(stream: bytes, offset: int, sheet: _Sheet) -> None:
    for kind, body in _records(stream, offset):
        if kind in CELLS and len(body) >= 4:
            row, col = struct.unpack_from("<HH", body)
            sheet.cell(row, col, col)
            if kind == FORMULA and _is_sum(body):
                sheet.sums.add(row + 1)
        elif kind in MULTI_CELLS and len(body) >= 6:
            row, first = struct.unpack_from("<HH", body)
            (last,) = struct.unpack_from("<H", body, len(body) - 2)
            sheet.cell(row, first, last)
        elif kind == ROW and len(body) >= 14:
            (row,) = struct.unpack_from("<H", body)
            (flags,) = struct.unpack_from("<H", body, 12)
            if flags & ROW_HIDDEN:
                sheet.hidden.add(row + 1)
        elif kind == MERGECELLS and len(body) >= 2:
            (count,) = struct.unpack_from("<H", body)
            for i in range(min(count, (len(body) - 2) // 8)):
                first_row, last_row, first_col, last_col = struct.unpack_from("<HHHH", body, 2 + 8 * i)
                sheet.merged.append((first_row + 1, first_col + 1, last_row + 1, last_col + 1))
    readers.check_extent(sheet.name, sheet.max_row, sheet.max_column)


def _sheet_name(body: bytes) -> str:
    """The name in a BIFF8 BOUNDSHEET record (a short string, compressed Latin-1 or UTF-16)."""
    if len(body) < 8:
        return ""
    count, flags = body[6], body[7]
    raw = body[8 : 8 + count * (2 if flags & 1 else 1)]
    return raw.decode("utf-16-le" if flags & 1 else "latin-1", "replace")


def _is_sum(body: bytes) -> bool:
    """A SUM or SUBTOTAL in the formula's parsed tokens: tAttrSum, or tFuncVar with function 4 or 344."""
    if len(body) < 22:
        return False
    (size,) = struct.unpack_from("<H", body, 20)
    tokens = body[22 : 22 + size]
    for i, token in enumerate(tokens):
        if token == 0x19 and i + 1 < len(tokens) and tokens[i + 1] & 0x10:
            return True
        if token in (0x22, 0x42, 0x62) and i + 3 < len(tokens):
            function = struct.unpack_from("<H", tokens, i + 2)[0] & 0x7FFF
            if function in SUM_FUNCTIONS:
                return True
    return False
