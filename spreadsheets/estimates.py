"""Cheap estimates of a file's row count, to decide before reading it whether it runs in the background."""

from pathlib import PurePath

from openpyxl.utils.cell import range_boundaries

from spreadsheets import readers, xlsx_parts

XLS_BYTES_PER_ROW = 100
ODS_BYTES_PER_ROW = 400
XLSX_BYTES_PER_ROW = 300


def rows(name: str, data: bytes) -> int:
    kind = readers.sniff(data, PurePath(name or "").suffix.lower())
    if kind == "text":
        return data.count(b"\n") + 1
    if kind == "xls":
        return len(data) // XLS_BYTES_PER_ROW
    archive = xlsx_parts.open_zip(data)
    if kind == "ods":
        return archive.getinfo("content.xml").file_size // ODS_BYTES_PER_ROW
    return max((_xlsx_sheet_rows(archive, info) for info in archive.infolist()), default=0)


def _xlsx_sheet_rows(archive, info) -> int:
    if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
        return 0
    with archive.open(info) as stream:
        head = stream.read(64 * 1024)
    m = xlsx_parts.DIMENSION.search(head)
    if m:
        try:
            return range_boundaries(m.group(1).decode().replace("$", "").upper())[3] or 0
        except (ValueError, TypeError):
            pass
    return info.file_size // XLSX_BYTES_PER_ROW
