"""The parts of an xlsx (and the zip checks shared with ods) that calamine does not report or guard.

Before calamine reads a sheet: the zip's parts may not inflate to something huge (a "zip bomb"), the
sheet's declared dimension and the cells it really holds must lie within the limits (calamine builds
the whole rectangle up to the farthest cell), and the sheet's hidden rows, merged cells and formulas
without a stored result are collected for the import to skip, fill or name.

The sheet XML is scanned as a byte stream with regular expressions over its tags, in 1 MB chunks,
never built as a tree: a tag cannot contain ``<`` and text cannot contain an unescaped ``<``, so a
tag pattern cannot match inside text. The small ``workbook.xml`` and its relationships are parsed with
defusedxml (no entities, no DTDs). openpyxl is not used: it parses every cell again, about ten
times slower than calamine reads them.
"""

import io
import posixpath
import re
import zipfile
import zlib

from defusedxml import ElementTree
from django.utils.translation import gettext as _
from openpyxl.utils.cell import column_index_from_string, range_boundaries

from spreadsheets import readers
from spreadsheets.readers import FileProblem, SheetData

MAX_COMPRESSION_RATIO = 100  # real parts compress 5-20 times; bombs 1,000 times and more
RATIO_CHECKED_FROM = 1024 * 1024  # small parts may compress well without harm
MAX_SHARED_STRINGS_BYTES = 64 * 1024 * 1024
MAX_SMALL_PART = 8 * 1024 * 1024  # workbook.xml and relationships are a few KB
MAX_UNCOMPUTED = 10_000
CHUNK = 1024 * 1024
TAIL = 64 * 1024  # a tag straddling two chunks is seen whole in the second window

DIMENSION = re.compile(  # a sheet's declared used range, e.g. A1:H200
    rb'<(?:\w+:)?dimension\s+ref="([A-Za-z0-9:$]+)"'
)
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Za-z0-9:$]+)"')
_ROW = re.compile(rb"<(?:\w+:)?row\b([^>]*)>")
_ROW_NUMBER = re.compile(rb'\br="(\d+)"')
_HIDDEN = re.compile(rb'\bhidden="(?:1|true)"')
_FAR_COLUMN = re.compile(rb'\br="([A-Z]{3,}|[D-Z][A-Z]|C[W-Z])\d+"')  # beyond column CV (100)
_FAR_ROW = re.compile(rb'\br="[A-Z]{1,3}(\d{6,})"')  # cell references at row 100000 and below
_CELL = re.compile(rb"<(?:\w+:)?c[\s>/]")
_CELL_WITH_REF = re.compile(rb'<(?:\w+:)?c\s[^>]*?\br="')
_FORMULA = re.compile(
    rb"<(?:\w+:)?c\b([^>]*)>\s*<(?:\w+:)?f\b[^>]*?(?:/>|>([^<]*)</(?:\w+:)?f>)"
    rb"\s*(?:<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>)?"
)
_REF = re.compile(rb'\br="([A-Z]{1,3})(\d+)"')
_SUM = re.compile(r"\b(?:SUM|SUBTOTAL)\s*\(", re.IGNORECASE)
NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "p": "http://schemas.openxmlformats.org/package/2006/relationships",
}


def open_zip(data: bytes) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        archive.namelist()
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError):
        raise FileProblem(_("文件已损坏：压缩包无法打开。请在Excel或WPS中重新保存后再导入。")) from None
    return archive


def zip_kind(data: bytes, suffix: str) -> str:
    """``xlsx`` or ``ods`` for a zip holding a workbook; any other zip is refused, saying what it is."""
    archive = open_zip(data)
    names = set(archive.namelist())
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "content.xml" in names and _mimetype(archive).endswith("opendocument.spreadsheet"):
        return "ods"
    if suffix in (".csv", ".txt", ".tsv"):
        raise FileProblem(_("文件扩展名是%(suffix)s，但内容是压缩包，不是文本表格。") % {"suffix": suffix})
    if "word/document.xml" in names or _mimetype(archive).endswith("opendocument.text"):
        raise FileProblem(
            _("这是一个文字处理文档（Word/WPS文字），不是表格。请把表格复制到Excel或WPS表格中保存后再导入。")
        )
    raise FileProblem(_("文件是压缩包，但里面没有Excel或OpenDocument工作簿。"))


def _mimetype(archive: zipfile.ZipFile) -> str:
    try:
        info = archive.getinfo("mimetype")
    except KeyError:
        return ""
    return archive.read(info).decode("ascii", "replace").strip() if info.file_size < 200 else ""


def check_inflated_sizes(archive: zipfile.ZipFile) -> None:
    """Refuse a zip whose parts inflate suspiciously (ratio, shared strings, total)."""
    total = 0
    for info in archive.infolist():
        total += info.file_size
        if info.file_size >= RATIO_CHECKED_FROM and info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1):
            raise FileProblem(
                _("文件可疑（压缩炸弹）：部件%(part)s解压后%(mb).0f MB，压缩比超过%(ratio)d倍，已拒绝。")
                % {"part": info.filename, "mb": info.file_size / 1048576, "ratio": MAX_COMPRESSION_RATIO}
            )
        if info.filename.endswith("sharedStrings.xml") and info.file_size > MAX_SHARED_STRINGS_BYTES:
            raise FileProblem(
                _("文件可疑：共享字符串表解压后%(mb).0f MB，超过上限，已拒绝。") % {"mb": info.file_size / 1048576}
            )
    if total > readers.max_uncompressed_bytes():
        raise FileProblem(
            _("文件解压后共%(mb).0f MB，超过上限%(limit).0f MB，已拒绝。")
            % {"mb": total / 1048576, "limit": readers.max_uncompressed_bytes() / 1048576}
        )


def read_small_part(archive: zipfile.ZipFile, name: str) -> bytes:
    try:
        info = archive.getinfo(name)
        if info.file_size > MAX_SMALL_PART:
            raise FileProblem(_("文件可疑：部件%(part)s过大，已拒绝。") % {"part": name})
        return archive.read(info)
    except KeyError:
        return b""
    except (zipfile.BadZipFile, zlib.error, EOFError):
        raise FileProblem(_("文件已损坏：部件%(part)s无法解压。") % {"part": name}) from None


def sheets(data: bytes) -> list[SheetData]:
    """Every sheet of an xlsx in tab order; visible ones scanned and checked, rows read by calamine."""
    archive = open_zip(data)
    check_inflated_sizes(archive)
    listed = _workbook_sheets(archive)
    workbook = readers.calamine_workbook(data)
    shown = readers.calamine_visibility(workbook)
    result = []
    for name in workbook.sheet_names:
        path = listed.get(name)
        visible = shown.get(name, True)
        sheet = SheetData(name=name, visible=visible, rows=readers.calamine_rows(workbook, name))
        if visible and path:
            _scan(archive, path, sheet)
        elif visible:
            raise FileProblem(_("文件已损坏：找不到工作表“%(sheet)s”的数据。") % {"sheet": name})
        result.append(sheet)
    return result


def _workbook_sheets(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> the path of its XML part, from workbook.xml and its relationships."""
    try:
        book = ElementTree.fromstring(read_small_part(archive, "xl/workbook.xml"))
        rels = ElementTree.fromstring(read_small_part(archive, "xl/_rels/workbook.xml.rels"))
    except Exception:  # noqa: BLE001 — defusedxml refusals and malformed XML alike
        raise FileProblem(_("文件已损坏：工作簿目录（workbook.xml）无法读取。")) from None
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.findall("p:Relationship", NS)}
    paths = {}
    for sheet in book.iterfind("m:sheets/m:sheet", NS):
        target = targets.get(sheet.get(f"{{{NS['r']}}}id"), "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        paths[sheet.get("name")] = path
    return paths


def _scan(archive: zipfile.ZipFile, path: str, sheet: SheetData) -> None:
    """Check the sheet's extent and collect hidden rows, merged cells and formulas, streaming its XML."""
    scan = _Scan()
    try:
        with archive.open(path) as stream:
            tail = b""
            while chunk := stream.read(CHUNK):
                window = tail + chunk
                scan.feed(window, len(tail))
                tail = window[-TAIL:]
    except KeyError:
        raise FileProblem(_("文件已损坏：找不到工作表“%(sheet)s”的数据。") % {"sheet": sheet.name}) from None
    except (zipfile.BadZipFile, zlib.error, EOFError):
        raise FileProblem(_("文件已损坏：工作表数据无法解压。")) from None
    if scan.dimension:
        _check_dimension(sheet.name, scan.dimension)
    readers.check_extent(sheet.name, scan.max_row, scan.max_column)
    sheet.hidden_rows = frozenset(scan.hidden)
    sheet.merged = scan.merged
    sheet.uncomputed = scan.uncomputed
    sheet.sum_rows = frozenset(scan.sums)


class _Scan:
    """What one pass over a sheet's XML finds. ``feed`` sees overlapping windows and counts a match
    only if it ends in the new part (after ``seen`` bytes of the window)."""

    def __init__(self):
        self.dimension = None
        self.row = 0
        self.max_row = self.max_column = 0
        self.hidden, self.merged, self.sums = set(), [], set()
        self.uncomputed = {}

    def feed(self, window: bytes, seen: int) -> None:
        if self.dimension is None and (m := DIMENSION.search(window)):
            self.dimension = m.group(1).decode()
        for m in _ROW.finditer(window):
            if m.end() > seen:
                self._row(m.group(1))
        for m in _FAR_COLUMN.finditer(window, max(seen - 32, 0)):
            letters = m.group(1).decode()
            column = column_index_from_string(letters) if len(letters) <= 3 else 10**6
            self.max_column = max(self.max_column, column)
        for m in _FAR_ROW.finditer(window, max(seen - 32, 0)):
            self.max_row = max(self.max_row, int(m.group(1)))
        new = window[seen:]
        maybe_unreferenced = b"<c>" in new or b":c " in new or new.count(b"<c ") != new.count(b'<c r="')
        if maybe_unreferenced and len(_CELL.findall(new)) != len(_CELL_WITH_REF.findall(new)):
            self._cells_without_reference(new)
        for m in _MERGE.finditer(window):
            if m.end() > seen:
                self._merge(m.group(1).decode())
        if b"f>" in window or b"<f " in window or b":f " in window:
            for m in _FORMULA.finditer(window):
                if m.end() > seen:
                    self._formula(m)

    def _row(self, attributes: bytes) -> None:
        number = _ROW_NUMBER.search(attributes)
        self.row = int(number.group(1)) if number else self.row + 1
        self.max_row = max(self.max_row, self.row)
        if _HIDDEN.search(attributes):
            self.hidden.add(self.row)

    def _cells_without_reference(self, part: bytes) -> None:
        """Cells without an ``r`` take the next column: count them row by row (rare writers only)."""
        for row in re.split(rb"<(?:\w+:)?row\b", part):
            self.max_column = max(self.max_column, len(_CELL.findall(row)))

    def _merge(self, ref: str) -> None:
        try:
            first_col, first_row, last_col, last_row = range_boundaries(ref.replace("$", "").upper())
        except (ValueError, TypeError):
            return
        self.merged.append((first_row, first_col, last_row, last_col))

    def _formula(self, m) -> None:
        ref = _REF.search(m.group(1))
        if ref is None:
            return
        row, col = int(ref.group(2)), column_index_from_string(ref.group(1).decode())
        text = (m.group(2) or b"").decode("utf-8", "replace")
        if _SUM.search(text):
            self.sums.add(row)
        if not (m.group(3) or b"").strip() and len(self.uncomputed) < MAX_UNCOMPUTED:
            self.uncomputed[(row, col)] = "=" + text if text else "="


def _check_dimension(sheet: str, ref: str) -> None:
    try:
        _first_col, _first_row, max_col, max_row = range_boundaries(ref.replace("$", "").upper())
    except (ValueError, TypeError):
        return
    if (max_row or 0) > readers.row_limit() or (max_col or 0) > readers.MAX_COLUMNS:
        raise FileProblem(
            _(
                "表格尺寸异常：工作表“%(sheet)s”声明的范围为%(ref)s（%(rows)d行×%(columns)d列），"
                "超过上限%(max_rows)d行、%(max_columns)d列，已拒绝。"
            )
            % {
                "sheet": sheet,
                "ref": ref,
                "rows": max_row or 0,
                "columns": max_col or 0,
                "max_rows": readers.max_rows(),
                "max_columns": readers.MAX_COLUMNS,
            }
        )
