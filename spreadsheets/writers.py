"""Writing spreadsheets that open cleanly in Excel, WPS and LibreOffice and can never run a formula.

Text whose first visible character is ``=``, ``+``, ``-`` or ``@`` is *formula-like*: "visible" after
Unicode NFKC normalisation (full-width ``＝``, small ``﹦`` become ``=``) and skipping spaces and the
control, zero-width and direction characters a spreadsheet program may ignore (the same definition of
hidden characters as the portal's text rules, ``shangqiu_cbec.plaintext``). Such text is neutralised
(CSV/formula injection):

* in xlsx it is an explicit text cell (``t="inlineStr"``) with Excel's quote-prefix style, so Excel, WPS
  and LibreOffice show it as typed and keep it text when edited, and it reads back as the original;
* in CSV, which has no cell types, it gets a leading apostrophe, which the import takes off again
  (``spreadsheets.cells.text``).

Numbers stay numbers. CSV is written as UTF-8 with a byte-order mark, which Chinese Excel needs.
"""

import csv
import datetime
import io
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from shangqiu_cbec.plaintext import is_hidden

FORMULA_STARTS = frozenset("=+-@")
NUMBER_TYPES = (int, float, Decimal)


def first_visible(value: str) -> str:
    """The first character a spreadsheet program would act on: NFKC-normalised, hidden characters and spaces skipped."""
    shown = unicodedata.normalize("NFKC", "".join(c for c in value if not is_hidden(c))).lstrip()
    return shown[:1]


def needs_neutralising(value) -> bool:
    """Whether ``value`` is text a spreadsheet program could take for a formula."""
    return isinstance(value, str) and first_visible(value) in FORMULA_STARTS


def neutralise(value):
    """``value`` safe for a CSV cell: formula-like text gets a leading apostrophe, other values unchanged."""
    return "'" + value if needs_neutralising(value) else value


def cell_value(value):
    """A Python value as a spreadsheet cell: numbers as numbers, booleans as 是/否, None as empty, text as text.

    Text is not neutralised here: each writer does it the way its format allows."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (*NUMBER_TYPES, datetime.date)):
        return value
    return str(value)


def csv_text(headers: Sequence[str], rows: Iterable[Sequence]) -> str:
    """CSV text (without the byte-order mark), formula-like text neutralised with an apostrophe."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([neutralise(h) for h in headers])
    for row in rows:
        values = [neutralise(cell_value(v)) for v in row]
        writer.writerow(["" if v is None else v.isoformat() if isinstance(v, datetime.date) else v for v in values])
    return out.getvalue()


def csv_bytes(headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """CSV with a UTF-8 BOM, formula-like text neutralised."""
    return ("\ufeff" + csv_text(headers, rows)).encode("utf-8")


def _write_row(sheet, values: list) -> None:
    """Append ``values``; formula-like text becomes a quote-prefixed text cell holding the text unchanged."""
    sheet.append(values)
    for cell, value in zip(sheet[sheet.max_row], values, strict=False):
        if needs_neutralising(value):
            cell.value = value
            cell.data_type = "s"  # openpyxl would otherwise store text starting with "=" as a formula
            cell.quotePrefix = True


def xlsx_bytes(sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence]]]) -> bytes:
    """An xlsx workbook with one sheet per ``(title, headers, rows)``, bold frozen header row."""
    workbook = Workbook(write_only=False)
    workbook.remove(workbook.active)
    for title, headers, rows in sheets:
        sheet = workbook.create_sheet(title=title[:31])
        _write_row(sheet, [str(h) for h in headers])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        widths = [max(8, len(str(h)) * 2 + 2) for h in headers]
        for row in rows:
            values = [cell_value(v) for v in row]
            _write_row(sheet, values)
            for i, v in enumerate(values[: len(widths)]):
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
