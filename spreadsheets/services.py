"""Importing a spreadsheet into one model, and the files that go out (exports and templates).

The import reads the whole file first (streaming), checks every row in Python, looks up the records
already stored in one query per 900 keys, and only when not a single problem was found writes the
new rows with ``bulk_create`` and the changed ones with ``bulk_update`` — both with their history
(simple-history's bulk helpers) and inside one ``transaction.atomic``: the file is applied whole or
not at all.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db import DatabaseError, IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from openpyxl.utils import get_column_letter
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from counties import roles
from counties.models import County
from counties.signals import bulk_data_changed
from spreadsheets import cells, writers
from spreadsheets.cells import CellError
from spreadsheets.columns import Column, ParseContext, Sheet, normalise_header
from spreadsheets.readers import FileProblem, Table, max_rows, open_table

NOTE_MARK = "【说明】"
EXAMPLE_MARK = "【示例】"
MAX_PROBLEMS = 1000  # more than this many and the rest are only counted
MAX_ROWS_SHOWN = 500
BATCH = 500
CHUNK = 5000  # rows turned into model and history instances at a time

NEW, UPDATED, UNCHANGED, ERROR = "new", "updated", "unchanged", "error"
STATUS_LABELS = {
    NEW: gettext_lazy("新增"),
    UPDATED: gettext_lazy("更新"),
    UNCHANGED: gettext_lazy("未变"),
    ERROR: gettext_lazy("错误"),
}


@dataclass
class Problem:
    """What is wrong, and where: a row (as numbered in the spreadsheet) and a column, when there is one."""

    message: str
    line: int | None = None
    column: int | None = None  # 1-based
    header: str | None = None

    @property
    def column_letter(self) -> str:
        return get_column_letter(self.column) if self.column else ""

    @property
    def place(self) -> str:
        where = f"第{self.line}行" if self.line else "文件"
        if self.column:
            where += f" {self.column_letter}列"
        if self.header:
            where += f"“{self.header}”"
        return where

    def __str__(self):
        return f"{self.place}：{self.message}"


@dataclass(slots=True)
class RowOutcome:
    line: int
    status: str
    label: str = ""
    changed: list = field(default_factory=list)
    problems: list = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])


@dataclass
class ImportResult:
    """The outcome of a preview or an import: counts by status, the problems, and rows to show."""

    sheet: Sheet
    file_name: str
    dry_run: bool
    counts: Counter = field(default_factory=Counter)
    problems: list = field(default_factory=list)
    problem_count: int = 0
    rows: list = field(default_factory=list)
    applied: bool = False

    @property
    def has_errors(self) -> bool:
        return self.problem_count > 0

    def add_problem(self, problem: Problem) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(problem)

    def add_row(self, outcome: RowOutcome) -> None:
        self.counts[outcome.status] += 1
        for problem in outcome.problems:
            self.add_problem(problem)
        wanted = outcome.status == ERROR or len(self.rows) < MAX_ROWS_SHOWN
        if wanted and len(self.rows) < MAX_PROBLEMS + MAX_ROWS_SHOWN:
            self.rows.append(outcome)

    def summary(self) -> str:
        parts = [
            _("%(label)s%(n)d行") % {"label": STATUS_LABELS[s], "n": self.counts[s]}
            for s in (NEW, UPDATED, UNCHANGED, ERROR)
        ]
        return pgettext("list separator", "，").join(parts)


@dataclass
class _Mapped:
    index: int  # 0-based position in the row
    column: Column
    scale: object


@dataclass(slots=True)
class _Pending:
    """A checked row waiting to be written. Values are a tuple in the order of the file's columns
    (not a dict, nor a model instance yet): 100,000 rows must fit in little memory."""

    line: int
    values: tuple
    key: tuple
    label: str

    def as_dict(self, fields: tuple) -> dict:
        return dict(zip(fields, self.values, strict=True))


def allowed_county_ids(user, county: County | None = None) -> set | None:
    """The counties whose rows this import may touch: one county if asked, a county officer's own, or any."""
    if county is not None:
        return {county.pk}
    if user is None or roles.is_city_admin(user):
        return None
    return set(County.objects.visible_to(user).values_list("pk", flat=True))


def spreadsheet_import(
    *, sheet: Sheet, file_name: str, data: bytes, user=None, dry_run: bool = True, county: County | None = None
) -> ImportResult:
    """Check a whole file and, unless ``dry_run`` or a problem was found, apply it in one transaction.

    ``county`` limits the rows to that county (as for county staff, whose own county is always the limit).
    """
    result = ImportResult(sheet=sheet, file_name=file_name, dry_run=dry_run)
    ctx = ParseContext(user=user, allowed_county_ids=allowed_county_ids(user, county))
    try:
        table = open_table(file_name, data)
        mapped = _map_headers(sheet, table, result)
        if result.has_errors:
            return result
        pending = _parse_rows(sheet, table, mapped, ctx, result)
    except FileProblem as exc:
        result.add_problem(Problem(str(exc)))
        return result
    if not pending and not result.has_errors:
        result.add_problem(Problem("文件中没有数据行（表头以下为空）。"))
        return result
    if dry_run or result.has_errors:
        _match(sheet, pending, mapped, ctx, result, lock=False)
        return result
    try:
        with transaction.atomic():
            to_create, to_update, fields = _match(sheet, pending, mapped, ctx, result, lock=True)
            if result.has_errors:
                return result
            _write(sheet, to_create, to_update, fields, mapped, ctx)
    except (IntegrityError, DatabaseError) as exc:
        result.add_problem(Problem(f"数据库拒绝了这次导入，未写入任何数据：{exc}"))
        return result
    result.applied = True
    return result


def _map_headers(sheet: Sheet, table: Table, result: ImportResult) -> list[_Mapped]:
    """Which file column feeds which model column; every unknown, duplicate or missing header is a problem."""
    for ref in table.merged:
        min_col, min_row, _, _ = _bounds(ref)
        what = "表头含合并单元格" if min_row == 1 else "含合并单元格"
        result.add_problem(Problem(f"{what}{ref}，请取消合并，每个单元格单独填写。", line=min_row, column=min_col))
    if not any(not cells.is_blank(h) for h in table.headers):
        result.add_problem(Problem("文件没有表头行（第1行为空），请使用下载的模板。", line=1))
        return []
    names = {}
    for column in sheet.columns:
        for name, scale in column.headers().items():
            names[normalise_header(name)] = (column, scale)
    mapped, seen = [], {}
    for index, raw in enumerate(table.headers):
        if cells.is_blank(raw):
            result.add_problem(Problem("缺少列标题。", line=1, column=index + 1))
            continue
        found = names.get(normalise_header(raw))
        if found is None:
            allowed = "、".join(c.header for c in sheet.columns)
            result.add_problem(
                Problem(f"无法识别的列标题“{raw}”。可用的列：{allowed}。", line=1, column=index + 1, header=str(raw))
            )
            continue
        column, scale = found
        if column.field in seen:
            result.add_problem(
                Problem(
                    f"列“{column.header}”重复（与{get_column_letter(seen[column.field] + 1)}列相同）。",
                    line=1,
                    column=index + 1,
                    header=str(raw),
                )
            )
            continue
        seen[column.field] = index
        mapped.append(_Mapped(index, column, scale))
    for column in sheet.columns:
        if column.required and column.field not in seen:
            result.add_problem(Problem(f"缺少必填列“{column.header}”。", line=1))
    return mapped


def _bounds(ref: str) -> tuple[int, int, int, int]:
    from openpyxl.utils.cell import range_boundaries

    try:
        return range_boundaries(ref.replace("$", "").upper())
    except ValueError:
        return (1, 1, 1, 1)


def _parse_rows(sheet: Sheet, table: Table, mapped: list[_Mapped], ctx: ParseContext, result) -> list[_Pending]:
    """Every data row parsed and checked on its own and against the rows above it (duplicates)."""
    pending: list[_Pending] = []
    seen_keys: dict[tuple, int] = {}
    key_column = {m.column.field: m for m in mapped}
    fields = tuple(m.column.field for m in mapped)
    limit, count = max_rows(), 0
    for line, values in table.rows:
        if not values or all(cells.is_blank(v) for v in values):
            continue
        first = values[0]
        if isinstance(first, str) and first.lstrip().startswith((NOTE_MARK, EXAMPLE_MARK)):
            continue
        count += 1
        if count > limit:
            raise FileProblem(f"数据行超过上限{limit}行，请分成几个文件导入。")
        row = _parse_row(sheet, line, values, mapped, ctx)
        if not row.problems:
            key = sheet.key_of_values(row.values)
            if key in seen_keys:
                where = key_column[sheet.natural_key[0]]
                names = "、".join(sheet.column(f).header for f in sheet.natural_key)
                row.problems.append(_cell_problem(f"与第{seen_keys[key]}行重复（{names}相同）。", line, where))
            else:
                seen_keys[key] = line
        if row.problems:
            result.add_row(RowOutcome(line, ERROR, row.label, problems=row.problems))
        else:
            values = tuple(row.values[f] for f in fields)
            pending.append(_Pending(line, values, sheet.key_of_values(row.values), row.label))
    return pending


@dataclass
class _Row:
    values: dict
    problems: list
    label: str


def _cell_problem(message: str, line: int, mapped: _Mapped | None) -> Problem:
    if mapped is None:
        return Problem(message, line=line)
    return Problem(message, line=line, column=mapped.index + 1, header=mapped.column.header)


def _parse_row(sheet: Sheet, line: int, values: tuple, mapped: list[_Mapped], ctx: ParseContext) -> _Row:
    parsed, problems = {}, []
    by_field = {}
    for m in mapped:
        by_field[m.column.field] = m
        raw = values[m.index] if m.index < len(values) else None
        if cells.is_formula(raw):
            problems.append(_cell_problem(f"单元格含公式“{raw}”，请复制后“粘贴为数值”再导入。", line, m))
            continue
        try:
            value = m.column.parse(raw, ctx, m.scale)
        except CellError as exc:
            problems.append(_cell_problem(str(exc), line, m))
            continue
        if value is None or value == "":
            if m.column.required:
                problems.append(_cell_problem("必填，不能为空。", line, m))
                continue
            value = m.column.default
        parsed[m.column.field] = value
    label = str(parsed.get(sheet.columns[0].field) or "")
    if problems:
        return _Row(parsed, problems, label)
    for name, message in sheet.row_problems(parsed, ctx):
        problems.append(_cell_problem(message, line, by_field.get(name)))
    if sheet.county_field and ctx.allowed_county_ids is not None:
        county = parsed.get(sheet.county_field)
        if county is None or county.pk not in ctx.allowed_county_ids:
            where = "全市" if county is None else county.name
            problems.append(
                _cell_problem(f"无权导入{where}的数据：只能导入本县区的行。", line, by_field.get(sheet.county_field))
            )
    return _Row(parsed, problems, label)


def _match(sheet: Sheet, pending: list[_Pending], mapped, ctx: ParseContext, result: ImportResult, *, lock: bool):
    """Sort the checked rows into new / updated / unchanged against what is stored."""
    by_field = {m.column.field: m for m in mapped}
    names = tuple(by_field)
    existing = sheet.existing({p.key for p in pending}, lock=lock)
    to_create, to_update, fields = [], [], set()
    for p in pending:
        obj = existing.get(p.key)
        if obj is None:
            new_problems = sheet.new_problems(p.as_dict(names), ctx)
            if new_problems:
                problems = [_cell_problem(msg, p.line, by_field.get(name)) for name, msg in new_problems]
                result.add_row(RowOutcome(p.line, ERROR, p.label, problems=problems))
                continue
            to_create.append(p)
            result.add_row(RowOutcome(p.line, NEW, p.label))
            continue
        values = p.as_dict(names)
        guard = _guard(sheet, obj, values, ctx)
        problems = [_cell_problem(msg, p.line, by_field.get(name)) for name, msg in guard]
        if problems:
            result.add_row(RowOutcome(p.line, ERROR, p.label, problems=problems))
            continue
        changed = sheet.changed_fields(obj, values)
        if not changed:
            result.add_row(RowOutcome(p.line, UNCHANGED, p.label))
            continue
        for name in changed:
            setattr(obj, name, values[name])
        fields.update(changed)
        fields.update(sheet.updated_fields(obj, changed))
        to_update.append(obj)
        result.add_row(RowOutcome(p.line, UPDATED, p.label, changed=[_header(sheet, n) for n in changed]))
    return to_create, to_update, sorted(fields)


def _guard(sheet: Sheet, obj, values: dict, ctx: ParseContext) -> list[tuple[str, str]]:
    problems = list(sheet.existing_problems(obj, values, ctx))
    if sheet.county_field and ctx.allowed_county_ids is not None:
        county_id = getattr(obj, f"{sheet.county_field}_id")
        if county_id not in ctx.allowed_county_ids:
            problems.append((sheet.county_field, "该记录已登记在其他县区，无权修改。"))
    return problems


def _header(sheet: Sheet, name: str) -> str:
    return sheet.column(name).header


def _write(sheet: Sheet, to_create: list[_Pending], to_update: list, fields: list[str], mapped, ctx) -> None:
    """Insert and update with history; new instances are built a chunk at a time to bound memory."""
    history_user = ctx.user if getattr(ctx.user, "is_authenticated", False) else None
    names = tuple(m.column.field for m in mapped)
    for start in range(0, len(to_create), CHUNK):
        objs = [sheet.new_instance(p.as_dict(names), ctx) for p in to_create[start : start + CHUNK]]
        bulk_create_with_history(objs, sheet.model, batch_size=BATCH, default_user=history_user)
    if to_update:
        bulk_update_with_history(to_update, sheet.model, fields, batch_size=BATCH, default_user=history_user)
    if to_create or to_update:
        bulk_data_changed.send(sender=sheet.model)  # bulk writes send no model signals


# -- files going out ---------------------------------------------------------------------------


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
