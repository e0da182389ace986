"""Delimited text tables: .csv as Excel, WPS and LibreOffice save it, and Excel's "Unicode text" (.txt).

Encodings: UTF-8 with or without a byte-order mark, UTF-16 with a byte-order mark (Excel's "Unicode
text", tab-separated), and GB18030 — a superset of GBK, which Chinese Excel uses for "CSV (逗号分隔)".
The separator (comma, tab or semicolon) is sniffed from the first lines: the one that splits most
lines into the same number of columns wins.
"""

import codecs
import csv
import io
from collections import Counter

from django.utils.translation import gettext as _

from spreadsheets.readers import MAX_COLUMNS, FileProblem, SheetData, trim

SEPARATORS = (",", "\t", ";")
SAMPLE_LINES = 50
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def looks_like_text(data: bytes) -> bool:
    """Text in one of the encodings read here (UTF-16 has NUL bytes, but starts with its mark)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    return b"\x00" not in data[:8192]


def looks_like_html(data: bytes) -> bool:
    head = data[:2048].lstrip(codecs.BOM_UTF8).lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml"))


def decode(data: bytes) -> str:
    """The text of ``data``, or a ``FileProblem`` that says which encodings were tried."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError:
                raise FileProblem(
                    _("文件开头标明是%(encoding)s编码，但其中含有无效字符。") % {"encoding": encoding.upper()}
                ) from None
    if b"\x00" in data:
        raise FileProblem(_("文件含有二进制数据，不是文本表格（如是“Unicode文本”，请用Excel重新保存）。"))
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileProblem(_("无法识别文本表格的文字编码，请另存为“CSV UTF-8”或GBK编码后再导入。"))


def separator(text: str) -> str:
    """The separator that gives the most lines of one same width (of at least two columns)."""
    sample = text[: 64 * 1024].splitlines()[:SAMPLE_LINES]
    best, best_score = ",", (0, 0)
    for candidate in SEPARATORS:
        try:
            widths = [len(trim(row)) for row in csv.reader(sample, delimiter=candidate)]
        except csv.Error:
            continue
        common = Counter(w for w in widths if w >= 2).most_common(1)
        score = (common[0][1], common[0][0]) if common else (0, 0)
        if score > best_score:
            best, best_score = candidate, score
    return best


def sheet(data: bytes) -> SheetData:
    """The one "sheet" of a text table."""
    text = decode(data)
    if not text.strip():
        raise FileProblem(_("文件为空（没有任何内容）。"))
    delimiter = separator(text)

    def rows():
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        try:
            for line, values in enumerate(reader, start=1):
                values = trim([v if v.strip() else None for v in values])
                if len(values) > MAX_COLUMNS:
                    raise FileProblem(_("第%(line)d行超过%(n)d列，已拒绝。") % {"line": line, "n": MAX_COLUMNS})
                yield line, values
        except csv.Error as exc:
            raise FileProblem(
                _("第%(line)d行文本格式错误：%(error)s。") % {"line": reader.line_num, "error": exc}
            ) from None

    return SheetData(name="", visible=True, rows=rows)
