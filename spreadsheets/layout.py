"""Where the table is in a sheet, as county clerks lay it out, and which rows are not data.

Clerks put a title above the header (merged across the columns or not), blank rows and a blank
leading column, extra columns (序号, 联系人, 联系电话), notes and signatures below the table, a total row,
and keep the template's hidden sheet of dropdown options in front. The header is looked for within the
first rows of each visible sheet, in tab order; the first sheet with a row naming at least two of the
table's columns is read, and the preview says which. Rows that are not data are skipped and listed:
title rows above the header, blank rows, hidden rows (filtered or hidden by hand: the clerk cannot see
them, so they are not imported), notes, total rows and the template's example row.
"""

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from openpyxl.utils import get_column_letter

from shangqiu_cbec.language import join_list
from spreadsheets import cells
from spreadsheets.columns import Column, HeaderMatcher, Sheet
from spreadsheets.readers import HEADER_SCAN_ROWS, FileProblem, SheetData, Workbook

NOTE_MARK = "【说明】"
EXAMPLE_MARK = "【示例】"
NOTE_PREFIXES = (
    NOTE_MARK, "注：", "注:", "说明：", "说明:", "备注：", "备注:", "填表说明", "填报说明", "填表人", "填报人",
    "制表人", "制表：", "审核人", "审核：", "负责人", "单位负责人", "填报单位", "填报日期", "制表日期",
)  # fmt: skip
TOTAL_WORDS = ("合计", "总计", "小计", "共计", "总和", "全市合计", "全县合计", "合计数")
_PUNCTUATION = str.maketrans("", "", " \u3000:：()（）")
_UNIT_STATEMENT = re.compile(r"单位\s*[:：]\s*((?:千|万|亿)?(?:美元|元|人民币|人|家|个))")

# Why a row was skipped (msgids; translated when shown).
BLANK = gettext_noop("空行")
TITLE = gettext_noop("表头上方的标题行")
HIDDEN = gettext_noop("隐藏行（被筛选或隐藏，看不见的行不导入）")
NOTE = gettext_noop("说明行")
TOTAL = gettext_noop("合计行")
EXAMPLE = gettext_noop("模板的示例行")


@dataclass
class Mapped:
    """One file column feeding one model column."""

    index: int  # 0-based position in the row
    column: Column
    scale: Decimal
    header: str  # the file's own header text, as shown in messages

    @property
    def letter(self) -> str:
        return get_column_letter(self.index + 1)


@dataclass
class Located:
    """The sheet read, its header row, the column mapping and what was found about the layout."""

    sheet: SheetData
    header_line: int
    headers: tuple
    mapped: list[Mapped] = field(default_factory=list)
    rows: Iterator = iter(())
    titles: list = field(default_factory=list)  # (line, values) above the header
    ignored: list[str] = field(default_factory=list)  # "F列“联系人”"
    unnamed: list[int] = field(default_factory=list)  # 0-based indexes of columns without a header
    problems: list = field(default_factory=list)  # (line, index or None, header or None, message)
    notices: list[str] = field(default_factory=list)


def locate(workbook: Workbook, sheet: Sheet) -> Located:
    """The first visible sheet whose first rows hold a header naming at least two of ``sheet``'s columns."""
    matcher = HeaderMatcher(sheet.columns)
    hidden, examined = [], []
    for data in workbook.sheets:
        if not data.visible:
            hidden.append(data.name)
            continue
        found = _find_header(data, matcher)
        if found is not None:
            found.notices[:0] = _sheet_notices(workbook, data, hidden, examined)
            _map(found, matcher, sheet)
            return found
        examined.append(data.name)
    raise FileProblem(_no_header_message(workbook, sheet, examined))


def _find_header(data: SheetData, matcher: HeaderMatcher) -> Located | None:
    rows = data.rows()
    head = list(itertools.islice(rows, HEADER_SCAN_ROWS))
    best, best_count = None, 1
    for position, (_line, values) in enumerate(head):
        count = len({m.column.field for m in map(matcher.match, values) if m is not None})
        if count > best_count:
            best, best_count = position, count
    if best is None:
        return None
    line, headers = head[best]
    return Located(
        sheet=data,
        header_line=line,
        headers=headers,
        rows=itertools.chain(head[best + 1 :], rows),
        titles=head[:best],
    )


def _sheet_notices(workbook: Workbook, data: SheetData, hidden: list, examined: list) -> list[str]:
    notices = list(workbook.notices)
    if data.name and len(workbook.sheets) > 1:
        notices.append(_("读取的工作表：“%(sheet)s”。") % {"sheet": data.name})
    if hidden:
        notices.append(_("已跳过隐藏的工作表：%(names)s。") % {"names": join_list(f"“{n}”" for n in hidden)})
    if examined:
        notices.append(
            _("以下工作表中没有找到表头，未读取：%(names)s。") % {"names": join_list(f"“{n}”" for n in examined)}
        )
    return notices


def _no_header_message(workbook: Workbook, sheet: Sheet, examined: list) -> str:
    expected = join_list(c.header for c in sheet.columns if c.required)
    if not examined:
        return _("文件中没有可见的工作表。")
    if workbook.kind == "text":
        return _("文件前%(n)d行中没有找到表头。表头应包含这些列：%(expected)s。") % {
            "n": HEADER_SCAN_ROWS,
            "expected": expected,
        }
    return _("在工作表%(names)s的前%(n)d行中都没有找到表头。表头应包含这些列：%(expected)s。") % {
        "names": join_list(f"“{n}”" for n in examined),
        "n": HEADER_SCAN_ROWS,
        "expected": expected,
    }


def header_text(raw) -> str:
    """A header cell as messages quote it: on one line, trimmed."""
    return " ".join(str(raw).split())


def _map(found: Located, matcher: HeaderMatcher, sheet: Sheet) -> None:
    """Which file column feeds which model column; unknown and empty columns are ignored with a notice."""
    seen = {}
    for index, raw in enumerate(found.headers):
        if cells.is_blank(raw):
            found.unnamed.append(index)
            continue
        text = header_text(raw)
        match = matcher.match(raw)
        if match is None:
            found.ignored.append(
                _("%(letter)s列“%(header)s”") % {"letter": get_column_letter(index + 1), "header": text}
            )
            continue
        if match.problem:
            found.problems.append((found.header_line, index, text, match.problem))
            continue
        field_name = match.column.field
        if field_name in seen:
            found.problems.append(
                (
                    found.header_line,
                    index,
                    text,
                    _("与%(letter)s列“%(other)s”是同一列。")
                    % {"letter": seen[field_name].letter, "other": seen[field_name].header},
                )
            )
            continue
        seen[field_name] = Mapped(index, match.column, match.scale, text)
        found.mapped.append(seen[field_name])
        if match.scale != 1:
            found.notices.append(
                _("“%(header)s”列按标题中的单位读取（每个数乘以%(factor)s）。")
                % {"header": text, "factor": f"{match.scale:,.0f}"}
            )
    if found.ignored:
        found.notices.append(_("已忽略本表没有的列：%(columns)s。") % {"columns": join_list(found.ignored)})
    _check_required(found, sheet, seen)
    _check_merged_header(found)
    _check_unit_statements(found)


def _check_required(found: Located, sheet: Sheet, seen: dict) -> None:
    for column in sheet.columns:
        if column.required and column.field not in seen:
            message = _("缺少必填列“%(header)s”。") % {"header": column.header}
            if found.ignored:
                message += _("（未识别的列：%(columns)s。）") % {"columns": join_list(found.ignored)}
            found.problems.append((found.header_line, None, None, message))


def _check_merged_header(found: Located) -> None:
    line = found.header_line
    for first_row, first_col, last_row, last_col in found.sheet.merged:
        if first_row <= line <= last_row and (last_col > first_col or last_row > line):
            ref = _ref(first_row, first_col, last_row, last_col)
            found.problems.append(
                (line, first_col - 1, None, _("表头含合并单元格%(ref)s，请取消合并，每列单独填写标题。") % {"ref": ref})
            )


def _check_unit_statements(found: Located) -> None:
    """ "单位：万美元" written above the table applies to columns whose header states no unit: ask for it there."""
    stated = {
        m.group(1)
        for _line, values in found.titles
        for value in values
        if isinstance(value, str)
        for m in _UNIT_STATEMENT.finditer(value)
    }
    if not stated:
        return
    for mapped in found.mapped:
        column = mapped.column
        if column.unit and column.unit not in mapped.header and any(column.unit in s or "元" in s for s in stated):
            found.problems.append(
                (
                    found.header_line,
                    mapped.index,
                    mapped.header,
                    _(
                        "表头上方写着“单位：%(unit)s”，但本列标题没有写单位；请把标题改为“%(label)s（%(unit)s）”，以免按%(base)s写入。"
                    )
                    % {"unit": join_list(sorted(stated)), "label": column.label, "base": column.unit},
                )
            )


def _ref(first_row, first_col, last_row, last_col) -> str:
    return f"{get_column_letter(first_col)}{first_row}:{get_column_letter(last_col)}{last_row}"


# -- rows below the header ---------------------------------------------------------------------


class RowKinds:
    """Classifies the rows below the header and fills merged cells down (built once per file)."""

    def __init__(self, found: Located, sheet: Sheet):
        self.hidden = found.sheet.hidden_rows
        self.sums = found.sheet.sum_rows
        # A row of sums without a label is a total row when the cells that name a record are empty.
        self.key_indexes = [m.index for m in found.mapped if m.column.field in sheet.natural_key]
        self.sources, self.covering, self.merged_refs = _merged_fills(found)
        self.fills = {}

    def kind(self, line: int, values: tuple) -> str | None:
        """Why the row is skipped (a msgid above), or ``None`` for a data row (the example is data)."""
        if not any(v is not None and v != "" for v in values):
            return BLANK
        if line in self.hidden:
            return HIDDEN
        first = next(v for v in values if v is not None and v != "")
        if isinstance(first, str) and first.lstrip().startswith(NOTE_PREFIXES):
            return NOTE
        if self._is_total(line, values):
            return TOTAL
        return None

    def _is_total(self, line: int, values: tuple) -> bool:
        for value in values:
            if isinstance(value, str) and "计" in value and len(value) <= 12:
                word = value.translate(_PUNCTUATION)
                if word in TOTAL_WORDS or (len(word) <= 6 and word.endswith(TOTAL_WORDS)):
                    return True
        if line in self.sums:
            return all(i >= len(values) or cells.is_blank(values[i]) for i in self.key_indexes)
        return False

    def fill(self, line: int, values: tuple) -> tuple:
        """Cells covered by a merged range take the value of its top-left cell, as the clerk sees them."""
        for index, source in self.sources.get(line, ()):
            self.fills[source] = values[index] if index < len(values) else None
        covered = self.covering.get(line)
        if not covered:
            return values
        row = list(values) + [None] * (max(i for i, _s in covered) + 1 - len(values))
        for index, source in covered:
            row[index] = self.fills.get(source)
        return tuple(row)

    def is_example(self, values: tuple) -> bool:
        first = next((v for v in values if v is not None and v != ""), None)
        return isinstance(first, str) and first.lstrip().startswith(EXAMPLE_MARK)


def _merged_fills(found: Located):
    """Per line, the merged ranges below the header that start there and the mapped cells they cover."""
    mapped = {m.index for m in found.mapped}
    sources, covering, refs = {}, {}, []
    for first_row, first_col, last_row, last_col in found.sheet.merged:
        if first_row <= found.header_line:
            continue
        indexes = [c - 1 for c in range(first_col, last_col + 1) if c - 1 in mapped]
        if not indexes:
            continue
        source = (first_row, first_col)
        sources.setdefault(first_row, []).append((first_col - 1, source))
        for row in range(first_row, last_row + 1):
            for index in indexes:
                if (row, index + 1) != source:
                    covering.setdefault(row, []).append((index, source))
        refs.append(_ref(first_row, first_col, last_row, last_col))
    return sources, covering, refs
