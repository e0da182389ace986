"""The records behind an indicator's number, fifty at a time, however many there are.

The list is paged by key (keyset pagination): a page is "the next 50 records after this one in the
chosen order", which an index answers by reading 51 entries, where an offset ("page 1,900") makes
the database read and throw away every record before it, and a page count makes it count them all.
The total shown above the list is the number the page already computed (the actuals of the counties
the user may see), which by construction is exactly the number of records listed. Each order is one
an index serves: registry records by the date they began counting (demonstration records by the year
recognised, then that date), quarterly figures by quarter; every order ends with the id, so that it is
total and a cursor names one position.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from counties.models import County, QuarterlyReport
from enterprises.views import REGISTRIES
from targets.measures import QuarterlyMeasure, counted_records, measure_of
from targets.models import Target
from targets.templatetags.cbec import named

PAGE_SIZE = 50
SEPARATOR = "_"


@dataclass(frozen=True)
class Order:
    """A sort order of a record list: field paths, each descending if written "-field"."""

    key: str
    label: str
    fields: tuple[str, ...]

    @property
    def paths(self) -> list[str]:
        return [f.lstrip("-") for f in self.fields]

    def order_by(self, reverse: bool = False) -> list[str]:
        if not reverse:
            return list(self.fields)
        return [f[1:] if f.startswith("-") else f"-{f}" for f in self.fields]


def orders_for(measure) -> dict[str, Order]:
    """The orders offered for ``measure``'s records, the default first."""
    if isinstance(measure, QuarterlyMeasure):
        return {
            "-quarter": Order("-quarter", gettext_lazy("最近季度在前"), ("-quarter", "county__order", "pk")),
            "quarter": Order("quarter", gettext_lazy("最早季度在前"), ("quarter", "county__order", "pk")),
        }
    if measure.recognised:
        year, start = measure.recognised, measure.start
        return {
            "-year": Order("-year", gettext_lazy("最近认定在前"), (f"-{year}", f"-{start}", "-pk")),
            "year": Order("year", gettext_lazy("最早认定在前"), (year, start, "pk")),
        }
    start = measure.start
    return {
        "-date": Order("-date", gettext_lazy("最新在前"), (f"-{start}", "-pk")),
        "date": Order("date", gettext_lazy("最早在前"), (start, "pk")),
    }


# --- cursors: the sort values of a record, written into the URL ----------------------------------


def _value_of(record, path: str):
    for part in path.split("__"):
        record = getattr(record, part)
    return record


def cursor_of(record, order: Order) -> str:
    """The position of ``record`` in ``order``, as URL-safe text (dates as 2017-03-31)."""
    values = [_value_of(record, f) for f in order.paths]
    return SEPARATOR.join(v.isoformat() if isinstance(v, datetime.date) else str(v) for v in values)


def _field(model, path: str):
    *relations, name = path.split("__")
    for relation in relations:
        model = model._meta.get_field(relation).related_model
    return model._meta.pk if name == "pk" else model._meta.get_field(name)


def parse_cursor(model, order: Order, text: str) -> list:
    """The sort values in ``text``; ``Http404`` for anything that is not a cursor of this order."""
    parts = text.split(SEPARATOR)
    if len(parts) != len(order.fields) or len(text) > 100:
        raise Http404("分页参数无效")
    try:
        return [_field(model, f).to_python(part) for f, part in zip(order.paths, parts, strict=True)]
    except Exception as error:  # a tampered cursor is a bad URL, not a server error
        raise Http404("分页参数无效") from error


def beyond(order: Order, values: list, *, before: bool = False) -> Q:
    """Records strictly after (or ``before``) the position ``values`` in ``order``.

    (a, b, id) > (x, y, z) is written out as a > x, or a = x and b > y, or a = x and b = y and id > z
    (with < for a descending field), and a ≥ x is added so that an index on (a, b, id) is read from the
    cursor on, not from its start."""
    condition, equal = Q(), Q()
    for field, value in zip(order.fields, values, strict=True):
        down = field.startswith("-") != before
        condition |= equal & Q(**{f"{field.lstrip('-')}__{'lt' if down else 'gt'}": value})
        equal &= Q(**{field.lstrip("-"): value})
    first = order.fields[0]
    down = first.startswith("-") != before
    return Q(**{f"{first.lstrip('-')}__{'lte' if down else 'gte'}": values[0]}) & condition


# --- a page of records ------------------------------------------------------------------------------


@dataclass
class RecordPage:
    records: list
    total: int
    order: Order
    orders: list[Order]
    next_cursor: str | None
    previous_cursor: str | None
    is_first: bool
    is_last: bool


def record_page(records, total: int, orders: dict[str, Order], params) -> RecordPage:
    """One page of ``records`` (a queryset) as ``params`` ask: ``order``, then ``after`` or ``before`` a
    cursor, or ``last``; without them the first page."""
    order = orders.get(params.get("order") or next(iter(orders)))
    if order is None:
        raise Http404("排序参数无效")
    after, before, last = params.get("after"), params.get("before"), params.get("last") == "1"
    model = records.model
    if before:
        earlier = records.filter(beyond(order, parse_cursor(model, order, before), before=True))
        rows = list(earlier.order_by(*order.order_by(reverse=True))[: PAGE_SIZE + 1])
        if len(rows) <= PAGE_SIZE:  # back at the start: show a full first page
            return record_page(records, total, orders, {"order": order.key})
        rows, is_first, is_last = rows[:PAGE_SIZE][::-1], False, False
    elif last:
        rows = list(records.order_by(*order.order_by(reverse=True))[:PAGE_SIZE])[::-1]
        is_first, is_last = total <= PAGE_SIZE, True
    else:
        if after:
            records = records.filter(beyond(order, parse_cursor(model, order, after)))
        rows = list(records.order_by(*order.order_by())[: PAGE_SIZE + 1])
        more_after, rows = len(rows) > PAGE_SIZE, rows[:PAGE_SIZE]
        is_first, is_last = not after, not more_after
    return RecordPage(
        rows,
        total,
        order,
        list(orders.values()),
        next_cursor=cursor_of(rows[-1], order) if rows and not is_last else None,
        previous_cursor=cursor_of(rows[0], order) if rows and not is_first else None,
        is_first=is_first,
        is_last=is_last,
    )


# --- the indicator page's list ---------------------------------------------------------------------


@dataclass(frozen=True)
class Viewer:
    """What about the user decides which records a list may hold."""

    sees_all: bool
    county_ids: set[int]


def indicator_records(page, viewer: Viewer, county: County | None = None):
    """The records behind the indicator page's number at its period: of ``county`` if given, else of every
    county the viewer may see — for the city and the leaders all of them, the city-wide number's records."""
    target = Target(indicator=page.indicator, counts=page.counts, county=county)
    records = counted_records(target, page.choice.period, include_pending=page.choice.include_pending)
    if county is None and not viewer.sees_all:
        records = records.filter(county__in=viewer.county_ids)
    return records.select_related("county")


def records_total(page, records, viewer: Viewer, county: County | None = None) -> int:
    """How many records ``indicator_records`` holds. For a registry it is the actuals the page computed (the
    list holds exactly the records counted, see ``targets.measures``); quarterly figures, a few per county
    and year, are counted."""
    if isinstance(measure_of(page.indicator), QuarterlyMeasure):
        return records.count()
    if county is not None:
        ids = {county.pk}
    elif viewer.sees_all:
        ids = page.actuals.keys()
    else:
        ids = viewer.county_ids
    return int(sum(page.actuals.get(i, 0) for i in ids))


@dataclass(frozen=True)
class RecordRow:
    url: str  # the record's own page: its history, or the quarterly report
    cells: list


REGISTRY_SLUGS = {registry.model: slug for slug, registry in REGISTRIES.items()}


def record_table(page, records) -> tuple[list[str], list[RecordRow]]:
    """Headers and display rows of one page of the records behind an indicator."""
    measure = measure_of(page.indicator)
    if isinstance(measure, QuarterlyMeasure):
        model_field = QuarterlyReport._meta.get_field(measure.field)
        headers = [_("县区"), _("年度"), _("季度"), _(str(model_field.verbose_name)), _("状态")]
        rows = [
            RecordRow(
                reverse("report_detail", args=[r.pk]),
                [
                    named(r.county),
                    r.year,
                    _("第%(q)s季度") % {"q": r.quarter},
                    f"{getattr(r, measure.field):,}",
                    _(r.get_status_display()),
                ],
            )
            for r in records
        ]
        return headers, rows
    meta = measure.model._meta
    slug = REGISTRY_SLUGS[measure.model]
    fields = [measure.start, measure.end] + ([measure.recognised] if measure.recognised else [])
    headers = [_(str(meta.verbose_name)), _("县区")] + [_(str(meta.get_field(f).verbose_name)) for f in fields]
    rows = [
        RecordRow(
            reverse("registry_history", args=[r.county.code, slug, r.pk]),
            [str(r), named(r.county)] + [getattr(r, f) for f in fields],
        )
        for r in records
    ]
    return headers, rows
