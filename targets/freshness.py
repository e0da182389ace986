"""Caching the dashboards' computed pages, and knowing when the data behind them changed.

Dashboards recompute every target from the registries and quarterly figures, which is too slow to do
for every request of a busy morning. Their results are cached under the current *data version*: the
newest ``DataChange`` id. Every save or delete of a model the dashboards read appends a ``DataChange``
in the same transaction (signals connected in ``TargetsConfig.ready``), and bulk writers that bypass
signals (imports, demo data) call ``note_change()`` themselves; so a committed change is seen by the
very next request, in every worker process. A time limit (``DASHBOARD_CACHE_SECONDS``) bounds how long
a write that bypasses both (raw SQL, ``QuerySet.update``) could go unnoticed.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, router
from django.utils import timezone, translation
from django.utils.functional import SimpleLazyObject

from counties import roles
from targets.models import DataChange

PRUNE_EVERY = 1000


def note_change() -> None:
    """Record that dashboard data changed (call after bulk writes that send no model signals)."""
    change = DataChange.objects.create()
    if change.pk % PRUNE_EVERY == 0:
        DataChange.objects.filter(pk__lt=change.pk - PRUNE_EVERY).delete()


def data_version() -> str:
    """The newest change marker and the number of markers, in one query over a small table.

    The count matters on PostgreSQL: ids are handed out in insert order but committed in any order, so a
    transaction that took id 100 and commits after the one that took 101 leaves the newest id unchanged;
    the count still changes.

    Read on every dashboard request, so the statement is written once rather than built by the ORM each
    time (which cost more than running it); it reads the database the router picks (a replica, if any)."""
    alias = router.db_for_read(DataChange) or DEFAULT_DB_ALIAS
    connection = connections[alias]
    if alias not in _version_sql:
        table, pk = (
            connection.ops.quote_name(name) for name in (DataChange._meta.db_table, DataChange._meta.pk.column)
        )
        _version_sql[alias] = f"SELECT MAX({pk}), COUNT({pk}) FROM {table}"  # noqa: S608 - names from the model
    with connection.cursor() as cursor:
        cursor.execute(_version_sql[alias])
        newest, count = cursor.fetchone()
    return f"{newest or 0}.{count}"


_version_sql: dict[str, str] = {}


def request_version(request) -> str:
    """The data version, read once per request."""
    if not hasattr(request, "_cbec_data_version"):
        request._cbec_data_version = data_version()
    return request._cbec_data_version


def on_model_change(sender, **kwargs) -> None:
    """Signal receiver: a tracked model was saved or deleted."""
    if kwargs.get("raw"):
        return  # loaddata: the restore itself is followed by note_change() from the caller if needed
    note_change()


def cached(name: str, parts: tuple, compute, *, version: str | None = None):
    """``compute()`` cached per data version, day and language under ``name`` and ``parts``."""
    version = data_version() if version is None else version
    detail = repr((timezone.localdate().isoformat(), translation.get_language(), parts))
    key = f"dash:{name}:{version}:{hashlib.sha256(detail.encode()).hexdigest()[:32]}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, settings.DASHBOARD_CACHE_SECONDS)
    return value


def viewer_key(user) -> str:
    """What about a user changes a dashboard's HTML: every role (which figures count — pending ones are
    not everyone's —, which options and links show), the county they belong to, and the staff flag (the
    admin link). Each part is spelled out so that two viewers share a cached page only if nothing differs."""
    admin, leader = roles.is_city_admin(user), roles.is_leader(user)
    county = "all" if admin or leader else f"c{roles.is_county_staff(user):d}-{roles.county_id_of(user)}"
    return f"a{admin:d}l{leader:d}-{county}-s{user.is_staff:d}"


def cached_page(request, name: str, parts: tuple, compute, *, url: str | None = None) -> dict:
    """Template context for a cached dashboard: the page data, computed only if the HTML is not cached.

    The template wraps its content in ``{% cache fragment_seconds name fragment %}``; ``fragment`` varies
    on the data version, the day, the language, the viewer and the full URL (or ``url``, for a fragment
    that does not change with every parameter of the page). ``page`` is lazy: on a cache hit of the
    HTML it is never computed nor even read from the cache.
    """
    version = request_version(request)
    fragment = "|".join(
        [
            str(version),
            timezone.localdate().isoformat(),
            translation.get_language() or "",
            viewer_key(request.user),
            url or request.get_full_path(),
        ]
    )
    state = request.dashboard_cache = {"outcome": "hit", "key": hashlib.sha256(fragment.encode()).hexdigest()[:16]}

    def computed():
        state["outcome"] = "miss"
        return compute()

    def load():
        state["outcome"] = "data"  # the HTML was not cached; the page data may still be
        return cached(name, parts, computed, version=version)

    page = SimpleLazyObject(load)
    return {"page": page, "fragment": fragment, "fragment_seconds": settings.DASHBOARD_CACHE_SECONDS}


def cache_status_header(get_response):
    """Middleware: ``X-Dashboard-Cache: hit|data|miss; key=…`` on a cached dashboard's response.

    hit: the HTML came from the cache; data: rendered from cached page data; miss: computed. With a
    shared cache, a page computed on one app node answers ``hit`` with the same key on another, which is
    how the two-node test (tests/test_two_nodes.py) and an operator can tell the cache is shared."""

    def middleware(request):
        response = get_response(request)
        state = getattr(request, "dashboard_cache", None)
        if state:
            response["X-Dashboard-Cache"] = f"{state['outcome']}; key={state['key']}"
        return response

    return middleware
