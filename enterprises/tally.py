# ruff: noqa: S608 - the SQL here is built from the module's constant table and column names, never input
"""The enterprise tally: the registry counted by month, kept by the database itself.

The dashboards count enterprises standing at quarter ends (and demonstration enterprises by year
recognised) for every county. Counting the registry row by row costs a scan of every enterprise for
each page; the tally holds how many enterprises share each combination of what those counts look at
— county, month filed, month deregistered, years recognised — so a page sums a few thousand tally rows
instead of scanning 100,000 enterprises (at the plan's scale: one row per county and month, not per
enterprise, however many enterprises a county files).

Months are enough for any period that ends on a month's last day, which every quarter end is: an
enterprise filed on day *d* stands at month end *D* exactly when the month of *d* is not after the
month of *D*, and likewise for deregistration. Periods ending mid-month count the registry itself.

Database triggers keep it, in the same transaction as the write, so it cannot drift whatever writes
the registry: forms, the admin, imports and demo data (``bulk_create``, ``bulk_update``),
``QuerySet.update``, deletes, ``loaddata``, raw SQL, a rolled-back transaction. On SQLite these are
row triggers; on PostgreSQL statement triggers with transition tables (one grouped upsert per
statement, so a 20,000-row import makes a few hundred tally writes, not 20,000), plus a TRUNCATE
trigger. A migration that rebuilds the enterprise table on SQLite drops its triggers; ``ensure``
runs after every ``migrate`` and puts them back, recounting the tally if they were missing.

Never-deregistered and never-recognised are stored as far-future sentinels (``9999-12-01``, 9999)
rather than NULL, because NULLs are distinct in a unique key and the upsert needs one key per
combination. The engine's conditions hold unchanged: "still standing or deregistered after D" and
"recognised in or before year Y" read the sentinels correctly.
"""

from dataclasses import dataclass

from django.db import connections

OPEN_MONTH = "9999-12-01"
NO_YEAR = 9999


@dataclass(frozen=True)
class TallySpec:
    """Which registry table is tallied into which table, by which columns."""

    source: str
    table: str
    months: tuple[str, ...]  # dates every record has, kept as the first day of their month
    open_months: tuple[str, ...]  # dates a record may lack (end dates): OPEN_MONTH when empty
    years: tuple[str, ...]  # years a record may lack (recognitions): NO_YEAR when empty
    county: str = "county_id"

    @property
    def columns(self) -> tuple[str, ...]:
        return (self.county, *self.months, *self.open_months, *self.years)

    @property
    def key_list(self) -> str:
        return ", ".join(self.columns)

    def keys(self, vendor: str, row: str = "") -> list[str]:
        """SQL expressions of the tally key of a source row (``row`` prefixes columns: ``NEW.``)."""

        def month(column):
            if vendor == "postgresql":
                return f"date_trunc('month', {row}{column})::date"
            return f"date({row}{column}, 'start of month')"

        never = f"DATE '{OPEN_MONTH}'" if vendor == "postgresql" else f"'{OPEN_MONTH}'"
        return [
            f"{row}{self.county}",
            *(month(c) for c in self.months),
            *(f"COALESCE({month(c)}, {never})" for c in self.open_months),
            *(f"COALESCE({row}{c}, {NO_YEAR})" for c in self.years),
        ]

    def trigger_names(self) -> list[str]:
        return [f"{self.table}_insert", f"{self.table}_update", f"{self.table}_delete"]


ENTERPRISES = TallySpec(
    source="enterprises_enterprise",
    table="enterprises_enterprisetally",
    months=("filed_on",),
    open_months=("deregistered_on",),
    years=("city_demo_year", "province_demo_year"),
)


# --- SQLite: row triggers -------------------------------------------------------------------------


def _sqlite_add(spec: TallySpec, row: str, step: int) -> str:
    values = ", ".join(spec.keys("sqlite", row))
    return (
        f"INSERT INTO {spec.table} ({spec.key_list}, n) VALUES ({values}, {step}) "
        f"ON CONFLICT ({spec.key_list}) DO UPDATE SET n = n + ({step});"
    )


def _sqlite_drop_empty(spec: TallySpec, row: str) -> str:
    match = " AND ".join(f"{c} = {k}" for c, k in zip(spec.columns, spec.keys("sqlite", row), strict=True))
    return f"DELETE FROM {spec.table} WHERE {match} AND n = 0;"


def _sqlite_install(spec: TallySpec) -> list[str]:
    changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in spec.columns)
    insert, update, delete = spec.trigger_names()
    return [
        f"CREATE TRIGGER IF NOT EXISTS {insert} AFTER INSERT ON {spec.source} BEGIN {_sqlite_add(spec, 'NEW.', 1)} END",
        f"CREATE TRIGGER IF NOT EXISTS {delete} AFTER DELETE ON {spec.source} "
        f"BEGIN {_sqlite_add(spec, 'OLD.', -1)} {_sqlite_drop_empty(spec, 'OLD.')} END",
        f"CREATE TRIGGER IF NOT EXISTS {update} AFTER UPDATE ON {spec.source} WHEN {changed} "
        f"BEGIN {_sqlite_add(spec, 'OLD.', -1)} {_sqlite_drop_empty(spec, 'OLD.')} "
        f"{_sqlite_add(spec, 'NEW.', 1)} END",
    ]


# --- PostgreSQL: statement triggers over transition tables ---------------------------------------


def _pg_function(spec: TallySpec, name: str, changes: list[tuple[str, int]]) -> str:
    """A trigger function applying the net change of a statement: +1 per new row, -1 per old row."""
    keys = ", ".join(f"{k} AS {c}" for k, c in zip(spec.keys("postgresql"), spec.columns, strict=True))
    rows = " UNION ALL ".join(f"SELECT {keys}, {step} AS n FROM {table}" for table, step in changes)
    cols = spec.key_list
    match = " AND ".join(f"t.{c} = c.{c}" for c in spec.columns)
    return f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    INSERT INTO {spec.table} AS t ({cols}, n)
    SELECT {cols}, SUM(n) FROM ({rows}) AS c GROUP BY {cols} HAVING SUM(n) <> 0 ORDER BY {cols}
    ON CONFLICT ({cols}) DO UPDATE SET n = t.n + EXCLUDED.n;
    DELETE FROM {spec.table} AS t USING (SELECT DISTINCT {cols} FROM ({rows}) AS r) AS c
    WHERE {match} AND t.n = 0;
    RETURN NULL;
END
$fn$"""


def _pg_install(spec: TallySpec) -> list[str]:
    insert, update, delete = spec.trigger_names()
    truncate = f"{spec.table}_truncate"
    statements = [
        _pg_function(spec, insert, [("new_rows", 1)]),
        _pg_function(spec, update, [("new_rows", 1), ("old_rows", -1)]),
        _pg_function(spec, delete, [("old_rows", -1)]),
        f"""CREATE OR REPLACE FUNCTION {truncate}() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN DELETE FROM {spec.table}; RETURN NULL; END $fn$""",
    ]
    for name, event, referencing in [
        (insert, "INSERT", "REFERENCING NEW TABLE AS new_rows"),
        (update, "UPDATE", "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows"),
        (delete, "DELETE", "REFERENCING OLD TABLE AS old_rows"),
        (truncate, "TRUNCATE", ""),
    ]:
        statements += [
            f"DROP TRIGGER IF EXISTS {name} ON {spec.source}",
            f"CREATE TRIGGER {name} AFTER {event} ON {spec.source} {referencing} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()",
        ]
    return statements


def _pg_uninstall(spec: TallySpec) -> list[str]:
    names = [*spec.trigger_names(), f"{spec.table}_truncate"]
    return [f"DROP TRIGGER IF EXISTS {n} ON {spec.source}" for n in names] + [
        f"DROP FUNCTION IF EXISTS {n}()" for n in names
    ]


# --- Installing, checking, rebuilding ------------------------------------------------------------


def create_table(connection, spec: TallySpec = ENTERPRISES) -> None:
    """The tally table and its unique key (the upserts' conflict target)."""
    identity = "bigint GENERATED BY DEFAULT AS IDENTITY" if connection.vendor == "postgresql" else "integer"
    columns = [f"{spec.county} bigint NOT NULL"]
    columns += [f"{c} date NOT NULL" for c in (*spec.months, *spec.open_months)]
    columns += [f"{c} smallint NOT NULL" for c in spec.years]
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE {spec.table} (id {identity} PRIMARY KEY, {', '.join(columns)}, n integer NOT NULL)"
        )
        cursor.execute(f"CREATE UNIQUE INDEX {spec.table}_key ON {spec.table} ({spec.key_list})")


def drop_table(connection, spec: TallySpec = ENTERPRISES) -> None:
    uninstall(connection, spec)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {spec.table}")


def install(connection, spec: TallySpec = ENTERPRISES) -> None:
    """Create (or replace) the triggers that keep ``spec``'s tally."""
    statements = _pg_install(spec) if connection.vendor == "postgresql" else _sqlite_install(spec)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def uninstall(connection, spec: TallySpec = ENTERPRISES) -> None:
    if connection.vendor == "postgresql":
        statements = _pg_uninstall(spec)
    else:
        statements = [f"DROP TRIGGER IF EXISTS {name}" for name in spec.trigger_names()]
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def installed_triggers(connection, spec: TallySpec = ENTERPRISES) -> set[str]:
    """The names of ``spec``'s triggers that exist on its source table."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal", [spec.source]
            )
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [spec.source])
        return {name for (name,) in cursor.fetchall()} & set(spec.trigger_names())


def rebuild(connection, spec: TallySpec = ENTERPRISES) -> None:
    """Recount the tally from the registry (after installing the triggers, or to repair by hand)."""
    keys = ", ".join(spec.keys(connection.vendor))
    positions = ", ".join(str(i) for i in range(1, len(spec.columns) + 1))
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {spec.table}")
        cursor.execute(
            f"INSERT INTO {spec.table} ({spec.key_list}, n) "
            f"SELECT {keys}, COUNT(*) FROM {spec.source} GROUP BY {positions}"
        )


def differences(connection, spec: TallySpec = ENTERPRISES) -> dict[tuple, tuple[int, int]]:
    """Keys where the tally differs from a fresh count of the registry: key -> (tally, registry)."""
    keys = ", ".join(spec.keys(connection.vendor))
    positions = ", ".join(str(i) for i in range(1, len(spec.columns) + 1))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {spec.key_list}, n FROM {spec.table} WHERE n <> 0")
        kept = {tuple(str(v) for v in row[:-1]): row[-1] for row in cursor.fetchall()}
        cursor.execute(f"SELECT {keys}, COUNT(*) FROM {spec.source} GROUP BY {positions}")
        counted = {tuple(str(v) for v in row[:-1]): row[-1] for row in cursor.fetchall()}
    return {
        key: (kept.get(key, 0), counted.get(key, 0))
        for key in kept.keys() | counted.keys()
        if kept.get(key, 0) != counted.get(key, 0)
    }


class TallyRouter:
    """Keeps the tally out of ``dumpdata`` (and so out of backups and restores by ``loaddata``): restoring
    the enterprises recounts it through the triggers, and restoring its rows as well would count twice."""

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        if app_label == "enterprises" and model_name == "enterprisetally":
            return False
        return None


def ensure(sender=None, using="default", **kwargs) -> None:
    """After ``migrate``: put back triggers a table rebuild dropped, and recount what they missed."""
    connection = connections[using]
    spec = ENTERPRISES
    tables = set(connection.introspection.table_names())
    if spec.table not in tables or spec.source not in tables:
        return
    if installed_triggers(connection, spec) != set(spec.trigger_names()):
        install(connection, spec)
        rebuild(connection, spec)
