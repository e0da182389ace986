"""What an import found: problems by sheet, row and column, rows with their old → new values, skipped rows.

An ``ImportResult`` is shown at once for a small file and stored as JSON (``to_json``) for a file
checked in the background, to be shown when the user comes back; both pages render the same object.
Messages are kept as rendered in the language of the user who uploaded the file.
"""

from collections import Counter
from dataclasses import asdict, dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from openpyxl.utils import get_column_letter

MAX_PROBLEMS = 1000  # problems listed; more are only counted
MAX_ROWS_SHOWN = 500  # rows listed besides those with problems
MAX_SKIPPED_SHOWN = 1000

NEW, UPDATED, UNCHANGED, ERROR = "new", "updated", "unchanged", "error"
STATUS_LABELS = {
    NEW: gettext_lazy("新增"),
    UPDATED: gettext_lazy("更新"),
    UNCHANGED: gettext_lazy("未变"),
    ERROR: gettext_lazy("错误"),
}


@dataclass
class Problem:
    """What is wrong, and where: the sheet, a row (as numbered in the spreadsheet) and a column."""

    message: str
    line: int | None = None
    column: int | None = None  # 1-based
    header: str | None = None  # the file's own header text
    sheet: str = ""

    @property
    def column_letter(self) -> str:
        return get_column_letter(self.column) if self.column else ""

    @property
    def place(self) -> str:
        where = _("工作表“%(sheet)s”") % {"sheet": self.sheet} if self.sheet else ""
        where += _("第%(line)d行") % {"line": self.line} if self.line else ("" if self.sheet else _("文件"))
        if self.column:
            where += " " + _("%(letter)s列") % {"letter": self.column_letter}
        if self.header:
            where += f"“{self.header}”"
        return where

    @property
    def column_place(self) -> str:
        """The column within its row, as the row-by-row table shows it: D列“跨境电商交易额（万美元）”."""
        if not self.column:
            return ""
        where = _("%(letter)s列") % {"letter": self.column_letter}
        return where + (f"“{self.header}”" if self.header else "")

    def __str__(self):
        return _("%(place)s：%(message)s") % {"place": self.place, "message": self.message}


@dataclass
class Change:
    """One changed value of a stored record: the file's header, the old and the new value as shown."""

    header: str
    old: str
    new: str
    cleared: bool = False  # a blank cell empties a stored value


@dataclass
class RowOutcome:
    line: int
    status: str
    label: str = ""
    changes: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    flags: list = field(default_factory=list)  # e.g. "已审核 → 草稿"

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])


@dataclass
class Skipped:
    """Rows ``first``..``last`` skipped for one reason (a run of blank rows is one entry)."""

    first: int
    last: int
    reason: str

    @property
    def lines(self) -> str:
        return str(self.first) if self.first == self.last else f"{self.first}–{self.last}"

    @property
    def count(self) -> int:
        return self.last - self.first + 1


@dataclass
class ImportResult:
    """The outcome of a preview or an import: counts by status, problems, warnings to confirm, rows to show."""

    sheet_key: str
    title: str
    file_name: str
    dry_run: bool
    sheet_name: str = ""
    header_line: int | None = None
    counts: Counter = field(default_factory=Counter)
    problems: list = field(default_factory=list)
    problem_count: int = 0
    warnings: list = field(default_factory=list)  # problems the user must confirm before writing
    notices: list = field(default_factory=list)
    skipped: list = field(default_factory=list)
    skipped_count: int = 0
    rows: list = field(default_factory=list)
    rows_examined: int = 0
    stopped_at: int | None = None  # the checking stopped after too many problems, at this line
    cleared: int = 0  # stored values a blank cell would empty
    applied: bool = False
    needs_confirmation: bool = False  # not applied because the warnings were not confirmed

    @property
    def has_errors(self) -> bool:
        return self.problem_count > 0

    @property
    def warnings_digest(self) -> str:
        """Identifies the warnings shown, so a confirmation covers exactly those."""
        import hashlib

        text = "\n".join(f"{w.line}|{w.column}|{w.message}" for w in self.warnings)
        return hashlib.sha256(text.encode()).hexdigest()[:32]

    def add_problem(self, problem: Problem) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(problem)

    def add_row(self, outcome: RowOutcome) -> None:
        self.counts[outcome.status] += 1
        for problem in outcome.problems:
            self.add_problem(problem)
        wanted = outcome.status == ERROR or outcome.flags or len(self.rows) < MAX_ROWS_SHOWN
        if wanted and len(self.rows) < MAX_PROBLEMS + MAX_ROWS_SHOWN:
            self.rows.append(outcome)

    def skip(self, line: int, reason: str) -> None:
        self.skipped_count += 1
        last = self.skipped[-1] if self.skipped else None
        if last and last.reason == reason and last.last == line - 1:
            last.last = line
        elif len(self.skipped) < MAX_SKIPPED_SHOWN:
            self.skipped.append(Skipped(line, line, reason))

    def summary(self) -> str:
        parts = [
            _("%(label)s%(n)d行") % {"label": STATUS_LABELS[s], "n": self.counts[s]}
            for s in (NEW, UPDATED, UNCHANGED, ERROR)
        ]
        if self.skipped_count:
            parts.append(_("跳过%(n)d行") % {"n": self.skipped_count})
        return pgettext("list separator", "，").join(parts)

    # -- stored as JSON for background imports ------------------------------------------------------

    def to_json(self) -> dict:
        data = asdict(self)
        data["counts"] = dict(self.counts)
        return data

    @classmethod
    def from_json(cls, data: dict) -> "ImportResult":
        data = dict(data)
        data["counts"] = Counter(data.get("counts") or {})
        data["problems"] = [Problem(**p) for p in data.get("problems", ())]
        data["warnings"] = [Problem(**p) for p in data.get("warnings", ())]
        data["skipped"] = [Skipped(**s) for s in data.get("skipped", ())]
        data["rows"] = [
            RowOutcome(
                **{
                    **r,
                    "changes": [Change(**c) for c in r.get("changes", ())],
                    "problems": [Problem(**p) for p in r.get("problems", ())],
                }
            )
            for r in data.get("rows", ())
        ]
        return cls(**data)
