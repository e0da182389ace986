"""The history rows of a bulk import, as django-simple-history writes them, in a few statements.

``simple_history.utils.bulk_create_with_history`` builds a historical model instance per row and inserts
them through the ORM, which prepares every value of every row in Python: for a 20,000-row enterprise file
that was close to half the import. The rows written here are the same — every tracked field's value, the
date, the user, the change reason and the type ``+`` — built as tuples and sent with ``executemany``
(``execute_values`` on PostgreSQL). A database that returns no ids from a bulk insert, or a history model
with a field this module does not know, falls back to the library's own path.
"""

from django.conf import settings
from django.db import connections, router
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, get_change_reason_from_object, get_history_manager_for_model

PAGE = 1000  # rows per statement on PostgreSQL
KNOWN = {"history_date", "history_change_reason", "history_type", "history_user", "history_relation"}


def records_create_with_history(*, model, objs: list, user=None, batch_size: int = 500) -> list:
    """Insert ``objs`` (unsaved instances of ``model``) and one history row each; return the saved objects."""
    if not objs:
        return objs
    history = get_history_manager_for_model(model).model
    using = router.db_for_write(model)
    connection = connections[using]
    columns = _history_columns(history, model)
    if columns is None or not connection.features.can_return_rows_from_bulk_insert:
        return bulk_create_with_history(objs, model, batch_size=batch_size, default_user=user)
    saved = model._default_manager.using(using).bulk_create(objs, batch_size=batch_size)
    if getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        history_rows_insert(history=history, columns=columns, objs=saved, user=user, connection=connection)
    return saved


def _history_columns(history, model) -> list | None:
    """The history table's fields other than its own id, or None when one of them is not understood."""
    tracked = {f.attname for f in history.tracked_fields}
    fields = [f for f in history._meta.concrete_fields if not f.primary_key]
    if any(f.attname not in tracked and f.name not in KNOWN for f in fields):
        return None
    return fields


def history_rows_insert(*, history, columns, objs, user, connection) -> None:
    now = timezone.now()
    if user is None:  # as the library: the request's user when there is one (simple_history's middleware)
        user = history.get_default_history_user(objs[0])
    user_id = getattr(user, "pk", None)

    def value(field, obj):
        name = field.name
        if name == "history_date":
            return getattr(obj, "_history_date", now)
        if name == "history_type":
            return "+"
        if name == "history_change_reason":
            return get_change_reason_from_object(obj) or None
        if name == "history_user":
            return getattr(getattr(obj, "_history_user", None), "pk", user_id)
        if name == "history_relation":
            return obj.pk
        return getattr(obj, field.attname)

    rows = [tuple(f.get_db_prep_save(value(f, obj), connection) for f in columns) for obj in objs]
    quote = connection.ops.quote_name
    names = ", ".join(quote(f.column) for f in columns)
    table = quote(history._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            from psycopg2.extras import execute_values

            execute_values(cursor.cursor, f"INSERT INTO {table} ({names}) VALUES %s", rows, page_size=PAGE)  # noqa: S608
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)  # noqa: S608
