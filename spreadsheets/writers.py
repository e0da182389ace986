"""Writing spreadsheets that open cleanly in Excel and WPS and can never run a formula.

Text cells that begin with ``=``, ``+``, ``-`` or ``@`` (or a tab/carriage return) are prefixed with
an apostrophe so a spreadsheet program shows them as text (CSV/formula injection); numbers stay
numbers. CSV is written as UTF-8 with a byte-order mark, which Chinese Excel needs to read UTF-8.
"""

import csv
import datetime
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
NUMBER_TYPES = (int, float, Decimal)


def neutralise(value):
    """Return ``value`` safe to put in a cell: formula-like text is quoted, other values unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def cell_value(value):
    """A Python value as a spreadsheet cell: numbers as numbers, booleans as 是/否, None as empty."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (*NUMBER_TYPES, datetime.date)):
        return value
    return neutralise(str(value))


def csv_bytes(headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """CSV with a UTF-8 BOM, formula-like text neutralised."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([neutralise(h) for h in headers])
    for row in rows:
        values = [cell_value(v) for v in row]
        writer.writerow(["" if v is None else v.isoformat() if isinstance(v, datetime.date) else v for v in values])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence]]]) -> bytes:
    """An xlsx workbook with one sheet per ``(title, headers, rows)``, bold frozen header row."""
    workbook = Workbook(write_only=False)
    workbook.remove(workbook.active)
    for title, headers, rows in sheets:
        sheet = workbook.create_sheet(title=title[:31])
        sheet.append([neutralise(h) for h in headers])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        widths = [max(8, len(str(h)) * 2 + 2) for h in headers]
        for row in rows:
            values = [cell_value(v) for v in row]
            sheet.append(values)
            for i, v in enumerate(values):
                if isinstance(v, str):
                    widths[i] = min(60, max(widths[i], len(v) * 2))
                elif isinstance(v, datetime.date):
                    widths[i] = max(widths[i], 12)
        for i, width in enumerate(widths, 1):
            sheet.column_dimensions[get_column_letter(i)].width = width
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, datetime.date):
                    cell.number_format = "yyyy-mm-dd"
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
