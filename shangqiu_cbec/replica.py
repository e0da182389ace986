"""An optional read replica for the dashboards (``DATABASE_REPLICA_URL``).

The leadership pages only read, and read a lot; a PostgreSQL streaming replica can carry those reads
while the primary takes every write. Only the dashboards' views read from it (``REPLICA_VIEWS``), and
only the plan's data (``REPLICA_APPS``): who is signed in, their session and membership always come from
the primary, which a login has just written. The dashboards' data version (targets.DataChange) is read
from the replica too, so a page is cached under the version of the data it was computed from; while the
replica lags (usually well under a second) a dashboard shows the data as of the replica's version.

Without ``DATABASE_REPLICA_URL`` the router routes nothing and everything uses the primary.
"""

from contextvars import ContextVar

from django.conf import settings

REPLICA = "replica"
_reading = ContextVar("reading_from_replica", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


class ReplicaRouter:
    """Dashboard reads of the plan's data go to the replica; all else (and every write) to the primary."""

    def db_for_read(self, model, **hints):
        if _reading.get() and replica_configured() and _replicated(model):
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica is a copy of the primary: a relation between them is the same relation

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA  # the replica gets its schema by replication


def _replicated(model) -> bool:
    meta = model._meta
    return meta.app_label in settings.REPLICA_APPS and meta.label_lower not in settings.REPLICA_EXCLUDED_MODELS


def replica_reads(get_response):
    """Middleware: the views named by ``REPLICA_VIEWS`` (module prefixes) read the plan's data from the
    replica, template rendering included (the flag is set when the view is resolved and cleared when the
    response is complete)."""

    def middleware(request):
        try:
            return get_response(request)
        finally:
            token = getattr(request, "_replica_token", None)
            if token is not None:
                _reading.reset(token)

    def process_view(request, view_func, view_args, view_kwargs):
        module = getattr(view_func, "__module__", "") or ""
        if replica_configured() and module.startswith(tuple(settings.REPLICA_VIEWS)):
            request._replica_token = _reading.set(True)

    middleware.process_view = process_view
    return middleware


class reading_from_replica:
    """``with reading_from_replica(): ...`` — the same routing outside a request (a report job)."""

    def __enter__(self):
        self.token = _reading.set(True)

    def __exit__(self, *exc):
        _reading.reset(self.token)
