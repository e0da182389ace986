"""What a spreadsheet of one model looks like: its columns, how each is read and written, its key.

A ``Sheet`` describes one importable model (enterprises, parks, ...). The per-model sheets live beside
their models in ``<app>/resources.py``; the import service, the templates and the exports all read
the same description, so a file exported here imports back unchanged.
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.core.exceptions import ValidationError
from django.db import connection, models
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from spreadsheets import cells
from spreadsheets.cells import CellError

SCALES = {"千": Decimal(1_000), "万": Decimal(10_000), "亿": Decimal(100_000_000)}

# Other headers county clerks use for a column, by the column's Chinese label: the one place aliases are
# kept. Matching ignores spaces, full-/half-width forms, a "*" for required, text after a line break
# and bracketed hints (“（yyyy-mm-dd）”, “（必填）”); a bracketed unit is read for its scale.
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "企业名称": ("企业全称", "公司名称", "单位名称", "企业名"),
    "统一社会信用代码": ("社会信用代码", "信用代码", "统一信用代码", "统一社会信用代码（18位）"),
    "县区": ("县（区）", "县（市、区）", "县（市区）", "县市区", "区县", "所属县区", "所在县区", "县区名称"),
    "备案认定日期": ("备案日期", "认定日期", "备案认定时间", "备案时间"),
    "注销日期": ("注销时间",),
    "行业": ("所属行业", "行业类别"),
    "外贸企业": ("是否外贸企业",),
    "市级示范企业认定年度": ("市级示范企业年度",),
    "省级示范企业认定年度": ("省级示范企业年度",),
    "园区名称": ("园区",),
    "建成日期": ("建成时间",),
    "关闭日期": ("关闭时间",),
    "海外仓名称": ("海外仓",),
    "设立日期": ("设立时间",),
    "公共海外仓": ("是否公共海外仓",),
    "跨境电商示范园区": ("是否跨境电商示范园区",),
    "专业跨境电商产业园区": ("是否专业跨境电商产业园区",),
    "基地名称": ("基地",),
    "年度": ("年份", "填报年度"),
    "季度": ("填报季度",),
    "跨境电商交易额": ("交易额", "跨境电子商务交易额", "跨境电商交易额（季度）", "季度交易额"),
    "从业人员": ("从业人数", "从业人员数", "从业人员人数"),
    "按时准确填报企业数": ("按时准确填报企业", "按时准确填报企业数量", "填报企业数"),
}
# Words that make a bracketed hint a statement of unit (to be checked against the column's unit).
UNIT_WORDS = ("元", "人", "家", "个", "万", "亿", "千", "吨", "%")
_BRACKETS = str.maketrans({"（": "(", "）": ")", "【": "(", "】": ")", "[": "(", "]": ")", "〔": "(", "〕": ")"})
_BRACKETED = re.compile(r"\(([^()]*)\)")


@dataclass(frozen=True)
class Column:
    """One column: model attribute (also its English header), Chinese header, parser and exporter."""

    field: str
    label: str
    parse: Callable  # (raw, ctx, scale) -> value; raises CellError
    required: bool = False
    note: str = ""
    example: object = None
    unit: str = ""
    scalable: bool = False  # the header may say 万<unit> or 亿<unit>
    default: object = None
    export: Callable | None = None  # (instance) -> cell value; default: the attribute
    aliases: tuple[str, ...] = ()
    show: Callable | None = None  # (value) -> text for the preview; default: ``display``

    @property
    def header(self) -> str:
        return f"{self.label}（{self.unit}）" if self.unit else self.label

    def names(self) -> tuple[str, ...]:
        """The label and every alias, without unit."""
        return (self.label, *HEADER_ALIASES.get(self.label, ()), *self.aliases)

    def headers(self) -> dict[str, Decimal]:
        """Every exact header this column answers to, with the multiplier it implies."""
        names = {self.field: Decimal(1)}
        for base in self.names():
            names[base] = Decimal(1)
            if self.unit:
                names[f"{base}（{self.unit}）"] = Decimal(1)
            if self.scalable and self.unit:
                for word, factor in SCALES.items():
                    names[f"{base}（{word}{self.unit}）"] = factor
        return names

    def scale_of(self, hints: list[str]) -> tuple[Decimal, str | None]:
        """The multiplier a header's bracketed hints state, or a message when they state a wrong unit."""
        for hint in hints:
            hint = hint.removeprefix("单位:").removeprefix("单位")
            if not any(word in hint for word in UNIT_WORDS):
                continue  # a format hint such as yyyy-mm-dd or 必填
            for word, factor in {"": Decimal(1), **(SCALES if self.scalable else {})}.items():
                if self.unit and hint == f"{word}{self.unit}":
                    return factor, None
            return Decimal(1), self._wrong_unit(hint)
        return Decimal(1), None

    def _wrong_unit(self, hint: str) -> str:
        if not self.unit:
            return _("本列不带单位，标题中的“%(hint)s”无法理解，请删去。") % {"hint": hint}
        if self.scalable:
            return _("单位“%(hint)s”与本列不符：本列应填%(unit)s（也可在标题中写“万%(unit)s”或“亿%(unit)s”）。") % {
                "hint": hint,
                "unit": self.unit,
            }
        return _("单位“%(hint)s”与本列不符：本列应填%(unit)s。") % {"hint": hint, "unit": self.unit}

    def value_of(self, instance):
        return self.export(instance) if self.export else getattr(instance, self.field)

    def display(self, value) -> str:
        return self.show(value) if self.show and value not in (None, "") else display(value)


def display(value) -> str:
    """A value as the preview shows it: 1,250,000, 2017-03-31, 是/否, a record by its name; empty as ""."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, Decimal):
        return f"{value:,.2f}".rstrip("0").rstrip(".") if value != value.to_integral_value() else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}" if abs(value) >= 10000 else str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def normalise_header(value) -> str:
    """A header as compared: half-width, no spaces or line breaks, brackets unified, no "*" for required."""
    s = "" if value is None else cells.half_width(str(value))
    s = "".join(s.split()).translate(_BRACKETS)
    return s.strip("*").lower()


@dataclass(frozen=True)
class HeaderMatch:
    """What a file's header cell means: its column, the multiplier its unit implies, or why it is wrong."""

    column: Column
    scale: Decimal
    problem: str | None = None


class HeaderMatcher:
    """Matches a file's header cells to a sheet's columns (built once per file)."""

    def __init__(self, columns: list[Column]):
        self.exact, self.bases = {}, {}
        for column in columns:
            for name, scale in column.headers().items():
                self.exact.setdefault(normalise_header(name), (column, scale))
            for name in column.names():
                self.bases.setdefault(normalise_header(name), column)

    def match(self, raw) -> HeaderMatch | None:
        if cells.is_blank(raw) or not isinstance(raw, str):
            return None
        whole = normalise_header(raw)
        if whole in self.exact:
            return HeaderMatch(*self.exact[whole])
        lines = [normalise_header(line) for line in str(raw).splitlines() if line.strip()]
        for text in dict.fromkeys([whole, *lines[:1]]):
            hints = _BRACKETED.findall(text)
            base = _BRACKETED.sub("", text)
            if text in self.exact:
                column, scale = self.exact[text]
                return HeaderMatch(column, scale)
            column = self.bases.get(base)
            if column is not None:
                hints += [h for line in lines[1:] for h in (_BRACKETED.findall(line) or [line])]
                scale, problem = column.scale_of(hints)
                return HeaderMatch(column, scale, problem)
        return None


# -- column factories --------------------------------------------------------------------------


def field_rules(model, name) -> tuple:
    """The validators of a model's field, for ``text_column(validators=...)``: an import applies the same
    rules (names without control characters, bounded notes) as the forms, with the same messages."""
    return tuple(model._meta.get_field(name).validators)


def text_column(name, label, *, max_length=None, validators=(), **kw) -> Column:
    def parse(raw, ctx, scale):
        value = cells.text(raw, max_length=max_length)
        for validate in validators:
            try:
                validate(value)
            except ValidationError as e:
                raise CellError(" ".join(e.messages)) from None
        return value

    kw.setdefault("default", "")
    return Column(name, label, parse, **kw)


def date_column(name, label, **kw) -> Column:
    def parse(raw, ctx, scale):
        return cells.date(raw, today=ctx.today)

    return Column(name, label, parse, **kw)


def decimal_column(name, label, *, max_digits=18, **kw) -> Column:
    unit = kw.get("unit", "")

    def parse(raw, ctx, scale):
        return cells.decimal(raw, scale=scale, unit=unit, max_digits=max_digits)

    return Column(name, label, parse, **kw)


def integer_column(name, label, **kw) -> Column:
    unit = kw.get("unit", "")

    def parse(raw, ctx, scale):
        return cells.integer(raw, maximum=2_147_483_647, unit=unit)

    return Column(name, label, parse, **kw)


def year_column(name, label, **kw) -> Column:
    def parse(raw, ctx, scale):
        value = cells.year(raw)
        if value is not None and value > ctx.today.year + 5:
            raise CellError(_("年度%(year)d太远。") % {"year": value})
        return value

    return Column(name, label, parse, **kw)


def boolean_column(name, label, **kw) -> Column:
    def parse(raw, ctx, scale):
        return cells.boolean(raw)

    kw.setdefault("default", False)
    kw.setdefault("note", "填“是”或“否”，空为否。")
    return Column(name, label, parse, **kw)


def choice_column(name, label, choices, **kw) -> Column:
    def parse(raw, ctx, scale):
        return cells.choice(raw, choices)

    def export(instance):
        with translation.override("zh-hans"):  # the files counties fill in are Chinese, in any page's language
            return str(choices(getattr(instance, name)).label)

    def show(value):
        return str(choices(value).label)

    kw.setdefault("note", "可选：" + "、".join(str(label) for _value, label in choices.choices) + "。")
    return Column(name, label, parse, export=export, show=show, **kw)


def county_column(name="county", label="县区", *, city_is_blank=False, **kw) -> Column:
    """A county by name (梁园区), short name (梁园) or code (411402).

    With ``city_is_blank`` an empty cell, 全市 or the city itself means "city-wide" (``None``), as for targets.
    """

    def parse(raw, ctx, scale):
        s = cells.text(raw)
        if city_is_blank and (not s or s in ctx.city_words):
            return None
        if not s:
            return None
        county = ctx.county_by_word(s)
        if county is None:
            raise CellError(
                _("未知的县区“%(value)s”，应填县区名称（如梁园区）、简称（如梁园）或代码（如411402）。") % {"value": s}
            )
        if county.is_city:
            if city_is_blank:
                return None
            raise CellError(_("“%(value)s”是全市，此处应填具体县区。") % {"value": s})
        return county

    def export(instance):
        county = getattr(instance, name)
        return county.name if county else ("全市" if city_is_blank else None)

    kw.setdefault("note", "县区名称、简称或代码，如“梁园区”“梁园”“411402”。")
    return Column(name, label, parse, export=export, **kw)


def lookup_column(name, label, finder: Callable, shown: Callable, **kw) -> Column:
    """A foreign key given by a natural value (a plan's 文号, an indicator's code, a credit code)."""

    def parse(raw, ctx, scale):
        s = cells.text(raw)
        if not s:
            return None
        found = finder(ctx, s)
        if found is None:
            raise CellError(_("找不到“%(value)s”。") % {"value": s})
        return found

    def export(instance):
        obj = getattr(instance, name)
        return shown(obj) if obj is not None else None

    return Column(name, label, parse, export=export, **kw)


# -- the context of one file's parse ------------------------------------------------------------


@dataclass
class ParseContext:
    """What parsing one file needs from the database, loaded once (not once per row)."""

    user: object = None
    allowed_county_ids: set | None = None  # None: any county
    today: datetime.date = field(default_factory=timezone.localdate)
    city_words: tuple = ("全市", "商丘市", "商丘", "411400")

    @cached_property
    def _counties(self) -> dict:
        from counties.models import County

        words = {}
        for county in County.objects.all():
            for word in (county.code, county.name, county.short_name, county.name_en):
                words.setdefault(word.lower(), county)
        return words

    def county_by_word(self, word: str):
        word = cells.half_width(word).strip().lower()
        return self._counties.get(word) or self._counties.get(word.removeprefix("商丘市").removeprefix("商丘"))

    @cached_property
    def cache(self) -> dict:
        """Free space for a sheet's own lookup tables (plans, indicators, enterprises)."""
        return {}


@dataclass(frozen=True)
class RowToWrite:
    """A checked row about to be written, as row checks see it: its values and the record it changes."""

    line: int
    values: dict
    instance: models.Model | None  # None: a new record


ERROR, CONFIRM, NOTE = "error", "confirm", "note"  # levels of a row check's finding


def key_value(value):
    return value.pk if isinstance(value, models.Model) else value


class Sheet:
    """Describes one importable model. Subclasses set the class attributes and may add row rules."""

    key: str  # used in URLs and on the command line, e.g. "enterprises"
    model: type[models.Model]
    title: str
    columns: list[Column]
    natural_key: tuple[str, ...]
    county_field: str | None = "county"
    aliases: tuple[str, ...] = ()  # other names on the command line

    @property
    def field_names(self) -> list[str]:
        return [c.field for c in self.columns]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.field == name)

    def export_queryset(self, queryset=None):
        qs = queryset if queryset is not None else self.model.objects.all()
        related = [c.field for c in self.columns if isinstance(self.model._meta.get_field(c.field), models.ForeignKey)]
        return qs.select_related(*related)

    def visible_to(self, user):
        """The records ``user`` may export."""
        return self.model.objects.visible_to(user)

    def label_of(self, values: dict) -> str:
        """How the preview names a row's record: its first column by default."""
        return str(values.get(self.columns[0].field) or "")

    def row_problems(self, values: dict, ctx: ParseContext) -> list[tuple[str, str]]:
        """Rules across columns of one row, as ``(field, message)``. Override per model."""
        return []

    def existing_problems(self, instance, values: dict, ctx: ParseContext) -> list[tuple[str, str]]:
        """Rules about changing a record already in the database, as ``(field, message)``."""
        return []

    def new_problems(self, values: dict, ctx: ParseContext) -> list[tuple[str, str]]:
        """Rules about creating a record that is not in the database yet, as ``(field, message)``."""
        return []

    def check_rows(self, rows: list[RowToWrite], ctx: ParseContext) -> list[tuple[int, str, str, str]]:
        """Checks across the rows about to be written, as ``(line, field, message, level)``.

        ``level`` is ``ERROR`` (the file is refused), ``CONFIRM`` (shown in the preview; the file is
        written only once the user confirms) or ``NOTE`` (shown beside the row; nothing to confirm).
        Override per model.
        """
        return []

    def updated_fields(self, instance, changed: list[str], ctx: ParseContext | None = None) -> list[str]:
        """Fields the import changes besides ``changed`` (e.g. a version counter); override per model."""
        return []

    def new_instance(self, values: dict, ctx: ParseContext):
        return self.model(**values)

    def existing(self, keys: set[tuple], *, lock: bool) -> dict[tuple, models.Model]:
        """The records already stored under the given natural keys, in few queries."""
        related = [c.field for c in self.columns if self._is_fk(c.field)]
        qs = self.model.objects.order_by().select_related(*related)  # related: shown in the preview
        if lock:
            qs = qs.select_for_update(**({"of": ("self",)} if connection.features.has_select_for_update_of else {}))
        first = self.natural_key[0]
        firsts = list({k[0] for k in keys})
        lookup = f"{first}_id__in" if self._is_fk(first) else f"{first}__in"
        found = {}
        for start in range(0, len(firsts), 900):
            for obj in qs.filter(**{lookup: firsts[start : start + 900]}):
                found[self.key_of_instance(obj)] = obj
        return found

    def key_of_instance(self, obj) -> tuple:
        return tuple(getattr(obj, f"{f}_id") if self._is_fk(f) else getattr(obj, f) for f in self.natural_key)

    def key_of_values(self, values: dict) -> tuple:
        return tuple(key_value(values.get(f)) for f in self.natural_key)

    def _is_fk(self, name: str) -> bool:
        return isinstance(self.model._meta.get_field(name), models.ForeignKey)

    def changed_fields(self, instance, values: dict) -> list[str]:
        changed = []
        for name, value in values.items():
            current = getattr(instance, f"{name}_id") if self._is_fk(name) else getattr(instance, name)
            if current != key_value(value):
                changed.append(name)
        return changed
