"""Importing a spreadsheet into one model: check every row, then write the whole file or nothing.

The file is opened (``readers``), its table found (``layout``), and every data row parsed and checked
in Python; the records already stored are looked up in one query per 900 keys. Only when not a single
problem was found — and the user confirmed every warning (an amount implausible against earlier
quarters, an approved report set back to draft) — are the new rows written with ``bulk_create`` and the
changed ones with ``bulk_update``, both with their history and inside one ``transaction.atomic``.

The work per file is bounded: at most ``IMPORT_MAX_ROWS`` data rows, and the checking stops after a
number of problems (``problem_limit``: 200 for county staff, whose files are the ones most often sent
in the wrong shape; 1,000 for others), so a bad 100,000-row file costs a few hundred rows of work.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from counties import roles
from counties.models import County
from counties.signals import bulk_data_changed
from shangqiu_cbec.language import join_list
from spreadsheets import cells, layout
from spreadsheets.cells import CellError
from spreadsheets.columns import CONFIRM, NOTE, ParseContext, RowToWrite, Sheet, key_value
from spreadsheets.exports import export_file, export_rows, template_file  # noqa: F401 — the public API
from spreadsheets.history import records_create_with_history
from spreadsheets.layout import EXAMPLE_MARK, Located, Mapped
from spreadsheets.readers import FileProblem, max_rows, open_workbook
from spreadsheets.results import ERROR, NEW, UNCHANGED, UPDATED, Change, ImportResult, Problem, RowOutcome

BATCH = 500
CHUNK = 5000  # rows turned into model and history instances at a time
PROGRESS_EVERY = 1000
COUNTY_PROBLEM_LIMIT = 200
PROBLEM_LIMIT = 1000

Progress = Callable[[int, int | None, str], None]  # (done, total, message)


def allowed_county_ids(user, county: County | None = None) -> set | None:
    """The counties whose rows this import may touch: one county if asked, a county officer's own, or any."""
    if county is not None:
        return {county.pk}
    if user is None or roles.is_city_admin(user):
        return None
    return set(County.objects.visible_to(user).values_list("pk", flat=True))


def problem_limit(user) -> int:
    """After this many problems a file is no longer checked: county staff get fewer (see the module doc)."""
    if user is not None and roles.is_county_staff(user):
        return getattr(settings, "IMPORT_COUNTY_PROBLEM_LIMIT", COUNTY_PROBLEM_LIMIT)
    return getattr(settings, "IMPORT_PROBLEM_LIMIT", PROBLEM_LIMIT)


def spreadsheet_import(
    *,
    sheet: Sheet,
    file_name: str,
    data: bytes,
    user=None,
    dry_run: bool = True,
    county: County | None = None,
    confirmed: str = "",
    progress: Progress | None = None,
    finish: Callable[[ImportResult], None] | None = None,
) -> ImportResult:
    """Check a whole file and, unless ``dry_run`` or a problem was found, apply it in one transaction.

    ``county`` limits the rows to that county (as for county staff, whose own county is always the
    limit). ``confirmed`` is the ``warnings_digest`` of the preview the user confirmed: a file with
    warnings is written only if they are the same warnings. ``finish(result)`` runs inside the
    transaction once the rows are written, to record the outcome atomically with them.
    """
    result = ImportResult(sheet_key=sheet.key, title=str(sheet.title), file_name=file_name, dry_run=dry_run)
    ctx = ParseContext(user=user, allowed_county_ids=allowed_county_ids(user, county))
    try:
        found = layout.locate(open_workbook(file_name, data), sheet)
        _record_layout(found, result)
        if result.has_errors:
            return result
        pending = _Parser(sheet, found, ctx, result, problem_limit(user), progress).run()
    except FileProblem as exc:
        result.add_problem(Problem(str(exc), sheet=result.sheet_name))
        return result
    if not pending and not result.has_errors:
        result.add_problem(Problem(_("表头以下没有数据行。"), sheet=result.sheet_name))
        return result
    if dry_run or result.has_errors:
        _match(sheet, pending, found, ctx, result, lock=False)
        return result
    if progress:
        progress(result.rows_examined, result.rows_examined, _("正在写入数据库……"))
    try:
        with transaction.atomic():
            to_create, to_update, fields = _match(sheet, pending, found, ctx, result, lock=True)
            if result.has_errors:
                return result
            if result.warnings and confirmed != result.warnings_digest:
                result.needs_confirmation = True
                return result
            _write(sheet, to_create, to_update, fields, found.mapped, ctx)
            result.applied = True
            if finish:
                finish(result)
    except (IntegrityError, DatabaseError) as exc:
        result.applied = False
        result.add_problem(Problem(_("数据库拒绝了这次导入，未写入任何数据：%(error)s") % {"error": exc}))
    return result


def _record_layout(found: Located, result: ImportResult) -> None:
    result.sheet_name = found.sheet.name
    result.header_line = found.header_line
    result.notices.extend(found.notices)
    for line, values in found.titles:
        result.skip(line, layout.TITLE if any(not cells.is_blank(v) for v in values) else layout.BLANK)
    for line, index, header, message in found.problems:
        column = index + 1 if index is not None else None
        result.add_problem(Problem(message, line=line, column=column, header=header, sheet=found.sheet.name))


@dataclass(slots=True)
class _Pending:
    """A checked row waiting to be written. Values are a tuple in the order of the file's columns
    (not a dict, nor a model instance yet): 100,000 rows must fit in little memory. ``blanks`` has
    bit ``i`` set when the file's cell for column ``i`` was empty."""

    line: int
    values: tuple
    key: tuple
    label: str
    blanks: int = 0

    def as_dict(self, fields: tuple) -> dict:
        return dict(zip(fields, self.values, strict=True))


class _Parser:
    """Parses and checks the data rows of one located table, skipping what is not data."""

    def __init__(self, sheet, found: Located, ctx, result: ImportResult, limit: int, progress: Progress | None):
        self.sheet, self.found, self.ctx, self.result = sheet, found, ctx, result
        self.limit, self.progress = limit, progress
        self.mapped = found.mapped
        self.by_field = {m.column.field: m for m in self.mapped}
        self.fields = tuple(m.column.field for m in self.mapped)
        self.kinds = layout.RowKinds(found, sheet)
        self.uncomputed = found.sheet.uncomputed
        self.seen_keys: dict[tuple, int] = {}
        self.unnamed_with_data: set[int] = set()

    def run(self) -> list[_Pending]:
        pending, result, row_limit = [], self.result, max_rows()
        for line, raw_values in self.found.rows:
            values = self.kinds.fill(line, raw_values)
            why = self.kinds.kind(line, values)
            if why is not None:
                result.skip(line, why)
                continue
            result.rows_examined += 1
            if result.rows_examined > row_limit:
                raise FileProblem(_("数据行超过上限%(n)d行，请分成几个文件导入。") % {"n": row_limit})
            self._note_unnamed(values)
            row = self._row(line, values)
            if row is not None:
                pending.append(row)
            if result.problem_count >= self.limit:
                result.stopped_at = line
                break
            if self.progress and result.rows_examined % PROGRESS_EVERY == 0:
                self.progress(result.rows_examined, None, _("已检查%(n)d行") % {"n": result.rows_examined})
        self._finish()
        return pending

    def _finish(self) -> None:
        if self.kinds.merged_refs:
            self.result.notices.append(
                _("合并单元格%(refs)s的内容已用于其中每一行。") % {"refs": join_list(self.kinds.merged_refs[:20])}
            )
        if self.unnamed_with_data:
            letters = join_list(layout.get_column_letter(i + 1) for i in sorted(self.unnamed_with_data))
            self.result.notices.append(_("%(letters)s列没有列标题，其中的内容未导入。") % {"letters": letters})
        if self.result.stopped_at:
            self.result.notices.append(
                _("问题已达%(n)d个，第%(line)d行以下未再检查。请先改正这些问题再上传。")
                % {"n": self.limit, "line": self.result.stopped_at}
            )

    def _note_unnamed(self, values: tuple) -> None:
        for index in self.found.unnamed:
            if index < len(values) and not cells.is_blank(values[index]):
                self.unnamed_with_data.add(index)

    def _row(self, line: int, values: tuple) -> "_Pending | None":
        if self.kinds.is_example(values):
            return self._example(line, values)
        parsed, problems, blanks = self._parse(line, values)
        label = self.sheet.label_of(parsed)
        if not problems:
            problems = self._rules(line, parsed)
        if not problems:
            key = self.sheet.key_of_values(parsed)
            if key in self.seen_keys:
                names = join_list(self._header(f) for f in self.sheet.natural_key)
                message = _("与第%(line)d行重复（%(names)s相同）。") % {"line": self.seen_keys[key], "names": names}
                problems.append(self._problem(message, line, self.by_field.get(self.sheet.natural_key[0])))
            else:
                self.seen_keys[key] = line
        if problems:
            self.result.add_row(RowOutcome(line, ERROR, label, problems=problems))
            return None
        key = self.sheet.key_of_values(parsed)
        return _Pending(line, tuple(parsed[f] for f in self.fields), key, label, blanks)

    def _parse(self, line: int, values: tuple) -> tuple[dict, list, int]:
        parsed, problems, blanks = {}, [], 0
        for position, m in enumerate(self.mapped):
            raw = values[m.index] if m.index < len(values) else None
            formula = self.uncomputed.get((line, m.index + 1)) if self.uncomputed else None
            if formula is not None or cells.is_formula(raw):
                problems.append(self._problem(_formula_message(formula or raw, stored=formula is None), line, m))
                continue
            try:
                value = m.column.parse(raw, self.ctx, m.scale)
            except CellError as exc:
                problems.append(self._problem(str(exc), line, m))
                continue
            if value is None or value == "":
                if m.column.required:
                    problems.append(self._problem(_("必填，不能为空。"), line, m))
                    continue
                value, blanks = m.column.default, blanks | (1 << position)
            parsed[m.column.field] = value
        return parsed, problems, blanks

    def _rules(self, line: int, parsed: dict) -> list[Problem]:
        problems = [
            self._problem(message, line, self.by_field.get(name))
            for name, message in self.sheet.row_problems(parsed, self.ctx)
        ]
        field_name, allowed = self.sheet.county_field, self.ctx.allowed_county_ids
        if field_name and allowed is not None:
            county = parsed.get(field_name)
            if county is None or county.pk not in allowed:
                where = _("全市") if county is None else county.name
                message = _("无权导入%(where)s的数据：只能导入本县区的行。") % {"where": where}
                problems.append(self._problem(message, line, self.by_field.get(field_name)))
        return problems

    def _example(self, line: int, values: tuple) -> None:
        """The template's example row is skipped if unchanged; typed over with real data, it is refused
        (neither dropped without a word nor written with the mark in it)."""
        stripped = tuple(_strip_mark(v) for v in values)
        parsed, problems, _blanks = self._parse(line, stripped)
        example = {c.field: c.example for c in self.sheet.columns}
        same = not problems and all(
            _same_example(parsed.get(m.column.field), example.get(m.column.field), m, self.ctx) for m in self.mapped
        )
        if same:
            self.result.skip(line, layout.EXAMPLE)
            return None
        message = _(
            "这一行以“%(mark)s”开头，但内容与模板示例不同，像是填写了实际数据。"
            "如要导入，请删去“%(mark)s”字样；如不导入，请删除这一行。"
        ) % {"mark": EXAMPLE_MARK}
        self.result.add_row(RowOutcome(line, ERROR, "", problems=[self._problem(message, line, None)]))
        return None

    def _header(self, field_name: str) -> str:
        mapped = self.by_field.get(field_name)
        return mapped.header if mapped else self.sheet.column(field_name).header

    def _problem(self, message: str, line: int, mapped: Mapped | None) -> Problem:
        return _cell_problem(message, line, mapped, self.found)


def _strip_mark(value):
    if isinstance(value, str) and value.lstrip().startswith(EXAMPLE_MARK):
        return value.lstrip()[len(EXAMPLE_MARK) :] or None
    return value


def _same_example(value, example, mapped: Mapped, ctx) -> bool:
    if example is None or example == "":
        return value in (None, "", mapped.column.default)
    try:
        expected = mapped.column.parse(example, ctx, 1)
    except CellError:
        return False
    return key_value(value) == key_value(expected)


def _formula_message(formula, *, stored: bool) -> str:
    if stored:
        return _("单元格含公式“%(formula)s”，请复制后“粘贴为数值”再导入。") % {"formula": formula}
    return _(
        "单元格含公式“%(formula)s”，但文件中没有保存它的计算结果（文件可能由程序生成，未在Excel或WPS中保存过）。"
        "请在Excel或WPS中打开并保存后再导入，或把公式粘贴为数值。"
    ) % {"formula": formula}


# -- matching against what is stored -------------------------------------------------------------


def _match(sheet: Sheet, pending: list[_Pending], found: Located, ctx, result: ImportResult, *, lock: bool):
    """Sort the checked rows into new / updated / unchanged against what is stored, and run the row checks."""
    mapped = found.mapped
    by_field = {m.column.field: m for m in mapped}
    names = tuple(by_field)
    existing = sheet.existing({p.key for p in pending}, lock=lock)
    sorted_rows = []  # (pending, stored instance or None, values, changed field names)
    for p in pending:
        obj, values = existing.get(p.key), p.as_dict(names)
        guard = sheet.new_problems(values, ctx) if obj is None else _guard(sheet, obj, values, ctx)
        if guard:
            problems = [_cell_problem(msg, p.line, by_field.get(name), found) for name, msg in guard]
            result.add_row(RowOutcome(p.line, ERROR, p.label, problems=problems))
            continue
        sorted_rows.append((p, obj, values, None if obj is None else sheet.changed_fields(obj, values)))
    findings = _row_checks(sheet, sorted_rows, ctx)
    to_create, to_update, fields = [], [], set()
    for p, obj, values, changed in sorted_rows:
        errors, warnings, notes = _findings_of(findings.get(p.line, ()), by_field, found, p.line)
        if errors:
            result.add_row(RowOutcome(p.line, ERROR, p.label, problems=errors))
            continue
        result.warnings.extend(warnings)
        flags = [w.message for w in warnings + notes]
        if obj is None:
            to_create.append(p)
            result.add_row(RowOutcome(p.line, NEW, p.label, flags=flags))
        elif not changed:
            result.add_row(RowOutcome(p.line, UNCHANGED, p.label, flags=flags))
        else:
            changes = _changes(obj, values, changed, p, mapped, sheet, result)
            for name in changed:
                setattr(obj, name, values[name])
            fields.update(changed)
            fields.update(sheet.updated_fields(obj, changed, ctx=ctx))
            to_update.append(obj)
            result.add_row(RowOutcome(p.line, UPDATED, p.label, changes=changes, flags=flags))
    return to_create, to_update, sorted(fields)


def _row_checks(sheet: Sheet, sorted_rows: list, ctx) -> dict[int, list]:
    """The sheet's own checks over the rows that would be written, by line."""
    rows = [RowToWrite(p.line, values, obj) for p, obj, values, changed in sorted_rows if obj is None or changed]
    findings = defaultdict(list)
    if rows:
        for line, field_name, message, level in sheet.check_rows(rows, ctx):
            findings[line].append((field_name, message, level))
    return findings


def _findings_of(findings, by_field: dict, found: Located, line: int) -> tuple[list, list, list]:
    """A row's findings as (errors, warnings to confirm, notes shown beside the row)."""
    errors, warnings, notes = [], [], []
    for field_name, message, level in findings:
        problem = _cell_problem(message, line, by_field.get(field_name), found)
        {CONFIRM: warnings, NOTE: notes}.get(level, errors).append(problem)
    return errors, warnings, notes


def _changes(obj, values: dict, changed: list, p: _Pending, mapped: list[Mapped], sheet, result) -> list[Change]:
    """Old → new of each changed value, as shown; a blank cell that empties a stored value is flagged."""
    position = {m.column.field: i for i, m in enumerate(mapped)}
    by_field = {m.column.field: m for m in mapped}
    changes = []
    for name in changed:
        m = by_field[name]
        old = m.column.display(getattr(obj, name))
        cleared = bool(p.blanks >> position[name] & 1) and old != ""
        result.cleared += cleared
        changes.append(Change(m.header, old, m.column.display(values[name]), cleared))
    return changes


def _guard(sheet: Sheet, obj, values: dict, ctx: ParseContext) -> list[tuple[str, str]]:
    problems = list(sheet.existing_problems(obj, values, ctx))
    if sheet.county_field and ctx.allowed_county_ids is not None:
        county_id = getattr(obj, f"{sheet.county_field}_id")
        if county_id not in ctx.allowed_county_ids:
            problems.append((sheet.county_field, _("该记录已登记在其他县区，无权修改。")))
    return problems


def _cell_problem(message: str, line: int, mapped: Mapped | None, found: Located) -> Problem:
    if mapped is None:
        return Problem(message, line=line, sheet=found.sheet.name)
    return Problem(message, line=line, column=mapped.index + 1, header=mapped.header, sheet=found.sheet.name)


def _write(sheet: Sheet, to_create: list[_Pending], to_update: list, fields: list[str], mapped, ctx) -> None:
    """Insert and update with history; new instances are built a chunk at a time to bound memory."""
    history_user = ctx.user if getattr(ctx.user, "is_authenticated", False) else None
    names = tuple(m.column.field for m in mapped)
    for start in range(0, len(to_create), CHUNK):
        objs = [sheet.new_instance(p.as_dict(names), ctx) for p in to_create[start : start + CHUNK]]
        records_create_with_history(model=sheet.model, objs=objs, user=history_user, batch_size=BATCH)
    if to_update:
        bulk_update_with_history(to_update, sheet.model, fields, batch_size=BATCH, default_user=history_user)
    if to_create or to_update:
        bulk_data_changed.send(sender=sheet.model)  # bulk writes send no model signals
