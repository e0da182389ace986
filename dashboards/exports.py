"""The overview and the scorecard as xlsx workbooks that read like the pages they come from.

A leader forwards the file, prints it or pastes it into a report, so it carries what the page carries:
a title row, the as-of date, whether only approved figures count or pending ones too, and the time it was
exported; headers and units in the page's language; numbers in the page's units (the transaction volume
in 亿美元, or USD million in English) stored as real numbers rounded as the page rounds them, with number
formats that show them as the page does (thousands separators, two decimals for dollars, percentages as
percentages). No internal codes: people read indicator and county names.
"""

import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from dashboards.charts import axis_unit, scaled
from dashboards.forecast import Method
from dashboards.scorecard import SCORING_RULE
from spreadsheets.writers import neutralise
from targets.templatetags.cbec import USD, named, quantity, target_label

# Counts group thousands from five digits on, as the pages print them (9999家, 12,345家).
COUNT_FORMAT = "[>=10000]#,##0;0"
MONEY_FORMAT = "#,##0.00"
PERCENT_FORMAT = "0.0%"
TEXT = None

THIN = Side(style="thin", color="D1D5DB")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="F3F4F6")


@dataclass(frozen=True)
class Cell:
    """A value and the number format that shows it as the page does (None: text or a plain integer)."""

    value: object
    number_format: str | None = TEXT


def number_format(indicator) -> str:
    return MONEY_FORMAT if indicator.unit == USD else COUNT_FORMAT


def amount(value, indicator) -> Cell:
    """``value`` in the page's unit for ``indicator``, rounded as the page rounds it."""
    return Cell(scaled(value, indicator), number_format(indicator))


def share(ratio: Decimal | None) -> Cell:
    """A ratio as a percentage with one decimal, stored as the fraction it shows (0.995 → 99.5%)."""
    if ratio is None:
        return Cell(None)
    return Cell(float(Decimal(ratio).quantize(Decimal("0.001"), ROUND_HALF_UP)), PERCENT_FORMAT)


def basis(choice) -> str:
    return _("数据口径：含待审核数据") if choice.include_pending else _("数据口径：仅计已审核数据")


def as_of(choice) -> str:
    period = choice.period
    return _("截至%(date)s（%(year)s年第%(quarter)s季度末）") % {
        "date": period.as_of.isoformat(),
        "year": period.year,
        "quarter": period.quarter,
    }


def exported_at() -> str:
    return _("导出时间：%(time)s") % {"time": date_format(timezone.localtime(), "Y-m-d H:i")}


# --- Overview ------------------------------------------------------------------------------------


def overview_headers() -> list[str]:
    return [
        _("指标"),
        _("单位"),
        _("目标"),
        _("目标下限"),
        _("目标上限"),
        _("争创/力争"),
        _("实际"),
        _("完成率"),
        _("状态"),
        _("年末预计"),
        _("预计"),
    ]


def outlook(progress, forecast) -> str:
    """The forecast's verdict in words, as the forecast page gives it (empty where the state says it all)."""
    if forecast.will_miss:
        return _("按当前进度将无法完成")
    if progress.is_fulfilled or forecast.is_final:
        return ""
    if forecast.value is not None:
        return _("按当前进度可以完成")
    if forecast.needed:
        return _("尚差%(n)s") % {"n": quantity(forecast.needed, progress.target.indicator)}
    if forecast.method in (Method.TREND, Method.RUN_RATE):
        return _("仅有第1季度数据，暂不预测")
    return ""


def overview_rows(page) -> list[list[Cell]]:
    rows = []
    for row in page.rows:
        target, progress, forecast = row.target, row.progress, row.forecast
        indicator = target.indicator
        rows.append(
            [
                Cell(named(indicator)),
                Cell(axis_unit(indicator)),
                Cell(target_label(target)),
                amount(target.minimum, indicator),
                amount(target.maximum, indicator),
                Cell(_("是") if target.is_aspirational else ""),
                amount(progress.actual, indicator),
                share(progress.ratio),
                Cell(progress.state_label),
                amount(forecast.value, indicator),
                Cell(outlook(progress, forecast)),
            ]
        )
    return rows


def overview_xlsx(page) -> bytes:
    choice = page.choice
    title = _("%(year)s年全市目标完成情况") % {"year": choice.year}
    sheet = Sheet(_("%(year)s年全市总览") % {"year": choice.year}, title, [as_of(choice), basis(choice), exported_at()])
    sheet.header([overview_headers()])
    sheet.rows(overview_rows(page))
    sheet.fit()
    return sheet.save()


# --- Scorecard -----------------------------------------------------------------------------------

QUOTA_COLUMNS = 4  # actual, quota, score, state


def scorecard_headers(card) -> tuple[list[str], list[str]]:
    """Two header rows: each indicator's name over its four columns, then what each column holds."""
    top, sub = [_("排名"), _("县区")], ["", ""]
    for indicator in card.indicators:
        top += [named(indicator)] + [""] * (QUOTA_COLUMNS - 1)
        sub += [_("实际（%(unit)s）") % {"unit": axis_unit(indicator)}, _("任务"), _("得分"), _("状态")]
    top += [_("考核任务数"), _("综合得分")]
    sub += ["", ""]
    return top, sub


def scorecard_rows(card) -> list[list[Cell]]:
    rows = []
    for score in card.rows:
        row = [Cell(score.rank), Cell(named(score.county))]
        for progress in score.cell_list(card.indicators):
            if progress is None:
                row += [Cell(None)] * QUOTA_COLUMNS
                continue
            indicator = progress.target.indicator
            row += [
                amount(progress.actual, indicator),
                Cell(target_label(progress.target)),
                share(progress.capped_ratio),
                Cell(progress.state_label),
            ]
        ranked = score.rank is not None
        row += [Cell(len(score.quotas) if ranked else None), share(score.score) if ranked else Cell(_("不参与排名"))]
        rows.append(row)
    return rows


def scorecard_xlsx(card, choice) -> bytes:
    title = _("%(year)s年县区目标任务考核排名") % {"year": choice.year}
    notes = [as_of(choice), basis(choice), exported_at(), _("计分规则：") + _(SCORING_RULE)]
    sheet = Sheet(_("%(year)s年县区考核排名") % {"year": choice.year}, title, notes)
    top, sub = scorecard_headers(card)
    sheet.header([top, sub])
    for first in range(3, 3 + QUOTA_COLUMNS * len(card.indicators), QUOTA_COLUMNS):
        sheet.merge_header(first, first + QUOTA_COLUMNS - 1)
    for column in (1, 2, len(top) - 1, len(top)):
        sheet.merge_header_down(column)
    sheet.rows(scorecard_rows(card))
    sheet.fit(widest=24)
    return sheet.save()


# --- Writing -------------------------------------------------------------------------------------


def display_width(text: str) -> int:
    """Roughly how many character widths ``text`` takes in a spreadsheet (CJK characters are two)."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text or "")


def format_hint(cell) -> str:
    """A number as wide as it shows (grouping, decimals, percent sign)."""
    if cell.value is None:
        return ""
    if cell.number_format == PERCENT_FORMAT:
        return "100.0%"
    if cell.number_format == MONEY_FORMAT:
        return f"{cell.value:,.2f}"
    return f"{cell.value:,}" if isinstance(cell.value, int | float) else str(cell.value)


class Sheet:
    """One worksheet: a title row, note rows, header rows (bold, frozen), data rows with number formats."""

    def __init__(self, name: str, title: str, notes: Sequence[str]):
        self.book = Workbook()
        self.ws = self.book.active
        self.ws.title = name[:31]
        self.ws.append([neutralise(title)])
        self.ws["A1"].font = Font(bold=True, size=14)
        for note in notes:
            self.ws.append([neutralise(note)])
        self.first_header = len(notes) + 3  # the title, the notes, one empty row
        self.header_count = 0
        self.columns = 1

    def _put(self, row: int, values: Sequence) -> list:
        return [self.ws.cell(row=row, column=i, value=neutralise(v)) for i, v in enumerate(values, 1)]

    def header(self, rows: Sequence[Sequence[str]]) -> None:
        for offset, row in enumerate(rows):
            for cell in self._put(self.first_header + offset, row):
                cell.font = Font(bold=True)
                cell.fill = HEADER_FILL
                cell.border = BOX
                cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            self.ws.row_dimensions[self.first_header + offset].height = 32
        self.header_count = len(rows)
        self.columns = max(len(r) for r in rows)
        self.ws.freeze_panes = self.ws.cell(row=self.first_header + self.header_count, column=3)
        for row in range(1, self.first_header - 1):  # the title and the notes span the table's width
            self.ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=self.columns)
            self.ws.cell(row=row, column=1).alignment = Alignment(wrap_text=True, vertical="top")

    def merge_header(self, first: int, last: int) -> None:
        self.ws.merge_cells(start_row=self.first_header, start_column=first, end_row=self.first_header, end_column=last)

    def merge_header_down(self, column: int) -> None:
        last = self.first_header + self.header_count - 1
        self.ws.merge_cells(start_row=self.first_header, start_column=column, end_row=last, end_column=column)

    def rows(self, rows: Sequence[Sequence[Cell]]) -> None:
        first = self.first_header + self.header_count
        for offset, row in enumerate(rows):
            for cell, spec in zip(self._put(first + offset, [c.value for c in row]), row, strict=True):
                cell.border = BOX
                if spec.number_format:
                    cell.number_format = spec.number_format

    def fit(self, narrowest: int = 8, widest: int = 36) -> None:
        """Column widths from their contents (a CJK character is two wide), long text wrapped; note rows
        as tall as their text needs across the table."""
        first = self.first_header
        widths = [narrowest] * self.columns
        for row in self.ws.iter_rows(min_row=first, max_row=self.ws.max_row, max_col=self.columns):
            for index, cell in enumerate(row):
                text = cell.value if isinstance(cell.value, str) else format_hint(cell)
                widths[index] = max(widths[index], min(widest, display_width(text) + 2))
        for index, width in enumerate(widths, 1):
            self.ws.column_dimensions[get_column_letter(index)].width = width
        # Wrapped text needs a row height: spreadsheet programs do not all grow rows on opening.
        for row in self.ws.iter_rows(min_row=first + self.header_count, max_row=self.ws.max_row, max_col=self.columns):
            lines = 1
            for index, cell in enumerate(row):
                cell.alignment = Alignment(wrap_text=isinstance(cell.value, str), vertical="top")
                if isinstance(cell.value, str):
                    lines = max(lines, -(-display_width(cell.value) // max(1, widths[index] + 2)))
            if lines > 1:
                self.ws.row_dimensions[row[0].row].height = 15 * lines
        line = sum(widths)
        for row in range(2, first - 1):
            lines = -(-display_width(str(self.ws.cell(row=row, column=1).value or "")) // line)
            if lines > 1:
                self.ws.row_dimensions[row].height = 15 * lines

    def save(self) -> bytes:
        self.ws.page_setup.orientation = "landscape"
        self.ws.page_setup.paperSize = self.ws.PAPERSIZE_A4
        self.ws.page_setup.fitToWidth = 1
        self.ws.page_setup.fitToHeight = 0
        self.ws.sheet_properties.pageSetUpPr.fitToPage = True
        self.ws.print_title_rows = f"{self.first_header}:{self.first_header + self.header_count - 1}"
        out = io.BytesIO()
        self.book.save(out)
        return out.getvalue()
