"""The files that go out: exports of a table and the empty import templates.

Exports write the same columns and values the import reads back (so a file exported here imports back
unchanged), with formula-like text neutralised by ``spreadsheets.writers``.
"""

from spreadsheets import writers
from spreadsheets.columns import Sheet
from spreadsheets.layout import EXAMPLE_MARK, NOTE_MARK


def export_rows(sheet: Sheet, queryset) -> tuple[list[str], list[list]]:
    """Chinese headers and one row per record, values as the import reads them back."""
    columns = sheet.columns
    rows = [[c.value_of(obj) for c in columns] for obj in sheet.export_queryset(queryset)]
    return [c.header for c in columns], rows


def export_file(sheet: Sheet, queryset, fmt: str) -> bytes:
    """The records as an xlsx or csv file; formula-like text is neutralised by ``spreadsheets.writers``."""
    headers, rows = export_rows(sheet, queryset)
    if fmt == "csv":
        return writers.csv_bytes(headers, rows)
    return writers.xlsx_bytes([(sheet.title, headers, rows)])


def template_file(sheet: Sheet, fmt: str) -> bytes:
    """An empty import template: headers, a notes row explaining each column, an example row."""
    headers = [c.header for c in sheet.columns]
    notes = [("必填。" if c.required else "选填。") + c.note for c in sheet.columns]
    notes[0] = NOTE_MARK + notes[0] + f"（以“{NOTE_MARK}”“{EXAMPLE_MARK}”开头的行不会导入，可删除。）"
    example = [c.example for c in sheet.columns]
    example[0] = EXAMPLE_MARK + str(example[0] or "")
    if fmt == "csv":
        return writers.csv_bytes(headers, [notes, example])
    return writers.xlsx_bytes([(sheet.title, headers, [notes, example])])
