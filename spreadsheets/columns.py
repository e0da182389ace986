"""What a spreadsheet of one model looks like: its columns, how each is read and written, its key.

A ``Sheet`` describes one importable model (enterprises, parks, ...). The per-model sheets live beside
their models in ``<app>/resources.py``; the import service, the templates and the exports all read
the same description, so a file exported here imports back unchanged.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db import models
from django.utils import timezone

from spreadsheets import cells
from spreadsheets.cells import CellError

SCALES = {"万": Decimal(10_000), "亿": Decimal(100_000_000)}


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

    @property
    def header(self) -> str:
        return f"{self.label}（{self.unit}）" if self.unit else self.label

    def headers(self) -> dict[str, Decimal]:
        """Every header this column answers to, with the multiplier it implies."""
        names = {self.field: Decimal(1)}
        for base in (self.label, *self.aliases):
            names[base] = Decimal(1)
            if self.unit:
                names[f"{base}（{self.unit}）"] = Decimal(1)
            if self.scalable and self.unit:
                for word, factor in SCALES.items():
                    names[f"{base}（{word}{self.unit}）"] = factor
        return names

    def value_of(self, instance):
        return self.export(instance) if self.export else getattr(instance, self.field)


def normalise_header(value) -> str:
    """Headers as people type them: full-width or half-width brackets, stray spaces, a ``*`` for required."""
    s = "" if value is None else str(value)
    s = s.replace("(", "（").replace(")", "）").replace(" ", "").replace("\u3000", "").replace("\n", "")
    return s.strip().rstrip("*＊").lower()


# -- column factories --------------------------------------------------------------------------


def text_column(name, label, *, max_length=None, **kw) -> Column:
    def parse(raw, ctx, scale):
        return cells.text(raw, max_length=max_length)

    kw.setdefault("default", "")
    return Column(name, label, parse, **kw)


def date_column(name, label, **kw) -> Column:
    def parse(raw, ctx, scale):
        return cells.date(raw, today=ctx.today)

    return Column(name, label, parse, **kw)


def decimal_column(name, label, **kw) -> Column:
    def parse(raw, ctx, scale):
        return cells.decimal(raw, scale=scale)

    return Column(name, label, parse, **kw)


def integer_column(name, label, **kw) -> Column:
    def parse(raw, ctx, scale):
        return cells.integer(raw)

    return Column(name, label, parse, **kw)


def year_column(name, label, **kw) -> Column:
    def parse(raw, ctx, scale):
        value = cells.year(raw)
        if value is not None and value > ctx.today.year + 5:
            raise CellError(f"年度{value}太远。")
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
        return choices(getattr(instance, name)).label

    kw.setdefault("note", "可选：" + "、".join(label for _, label in choices.choices) + "。")
    return Column(name, label, parse, export=export, **kw)


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
            raise CellError(f"未知的县区“{s}”，应填县区名称（如梁园区）、简称（如梁园）或代码（如411402）。")
        if county.is_city:
            if city_is_blank:
                return None
            raise CellError(f"“{s}”是全市，此处应填具体县区。")
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
            raise CellError(f"找不到“{s}”。")
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
            for word in (county.code, county.name, county.short_name):
                words.setdefault(word.lower(), county)
        return words

    def county_by_word(self, word: str):
        return self._counties.get(word.strip().lower())

    @cached_property
    def cache(self) -> dict:
        """Free space for a sheet's own lookup tables (plans, indicators, enterprises)."""
        return {}


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

    def row_problems(self, values: dict, ctx: ParseContext) -> list[tuple[str, str]]:
        """Rules across columns of one row, as ``(field, message)``. Override per model."""
        return []

    def existing_problems(self, instance, values: dict, ctx: ParseContext) -> list[tuple[str, str]]:
        """Rules about changing a record already in the database, as ``(field, message)``."""
        return []

    def new_problems(self, values: dict, ctx: ParseContext) -> list[tuple[str, str]]:
        """Rules about creating a record that is not in the database yet, as ``(field, message)``."""
        return []

    def updated_fields(self, instance, changed: list[str]) -> list[str]:
        """Fields the import changes besides ``changed`` (e.g. a version counter); override per model."""
        return []

    def new_instance(self, values: dict, ctx: ParseContext):
        return self.model(**values)

    def existing(self, keys: set[tuple], *, lock: bool) -> dict[tuple, models.Model]:
        """The records already stored under the given natural keys, in few queries."""
        qs = self.model.objects.order_by()  # no default ordering: its joins would block FOR UPDATE
        if lock:
            qs = qs.select_for_update()
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
