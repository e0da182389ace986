"""The audit trail of a record as people read it: who, when, and each field's old -> new value.

django-simple-history stores a full copy of the record on every save (and the user, through
``HistoryRequestMiddleware``); this turns consecutive copies into the changes between them.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

# Bookkeeping that changes on every save and says nothing to a reader.
NOT_SHOWN = ("version", "updated_at", "created_at", "is_demo_data")
ACTIONS = {
    "+": pgettext_lazy("history action", "创建"),
    "~": pgettext_lazy("history action", "修改"),
    "-": pgettext_lazy("history action", "删除"),
}


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class Entry:
    when: datetime
    who: str
    action: str
    reason: str
    changes: list[Change] = field(default_factory=list)


def history_entries(record) -> list[Entry]:
    """Every recorded change of ``record``, newest first, with the values shown as on the forms.

    The number of queries is fixed: one for the history and one per kind of related record named.
    """
    rows = list(record.history.select_related("history_user").order_by("history_date", "history_id"))
    names = [f.name for f in record._meta.concrete_fields if f.name not in NOT_SHOWN and not f.primary_key]
    related = _related_objects(record, rows, names)
    entries, previous = [], None
    for row in rows:
        if previous is None:
            pairs = [(name, None, getattr(row, _attname(record, name))) for name in names]
            pairs = [(n, o, v) for n, o, v in pairs if v not in (None, "")]
        else:
            delta = row.diff_against(previous, included_fields=names)
            pairs = [(c.field, c.old, c.new) for c in delta.changes]
        changes = [
            Change(_label(record, n), _shown(record, n, o, related), _shown(record, n, v, related)) for n, o, v in pairs
        ]
        who = (row.history_user.get_full_name() or row.history_user.username) if row.history_user else _("系统")
        action = str(ACTIONS.get(row.history_type, row.history_type))
        entries.append(Entry(row.history_date, who, action, row.history_change_reason or "", changes))
        previous = row
    return entries[::-1]


def _attname(record, name: str) -> str:
    return record._meta.get_field(name).attname


def _label(record, name: str) -> str:
    return str(record._meta.get_field(name).verbose_name)


def _related_objects(record, rows, names) -> dict:
    """``{field name: {pk: object}}`` for the foreign keys named anywhere in the history, one query per field."""
    related = {}
    for name in names:
        f = record._meta.get_field(name)
        if isinstance(f, models.ForeignKey):
            ids = {getattr(row, f.attname) for row in rows} - {None}
            related[name] = f.related_model._default_manager.in_bulk(ids) if ids else {}
    return related


def _shown(record, name: str, value, related: dict) -> str:
    if value is None or value == "":
        return "—"
    f = record._meta.get_field(name)
    if name in related:
        obj = related[name].get(value)
        if obj is None:
            return f"#{value}"
        return (obj.get_full_name() or obj.username) if hasattr(obj, "get_username") else str(obj)
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if name == "year" or name.endswith("_year"):
        return str(value)  # a year, not a quantity: no thousands separator
    if isinstance(value, datetime):
        # history keeps UTC; show Shanghai time to the second, like the "when" column
        return formats.date_format(timezone.localtime(value), "Y-m-d H:i:s")
    return str(formats.localize(value, use_l10n=True))
