"""Signing in with a username and password: Django's ``ModelBackend``, reading the user's roles with them.

Every request loads the signed-in user (``get_user``) and nearly every page then asks for the user's roles
(``counties.roles``): Django groups, and for county staff the county of their membership. Here the user,
the names of their groups and their membership come in one query (a join, one row per group) instead of
three; the roles helpers use what was read.

The statement is written once per database from the models' metadata and run as a raw queryset (which
converts each column as the ORM does): built by the ORM on every request, the join cost about 0.35 ms of
CPU, a sixth of a cached dashboard page; now the whole of ``get_user`` costs about 0.12 ms (README
"Benchmarks")."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.db import connections, router

from counties import roles

# Columns of the membership read with the user are returned as these attributes of the user row.
MEMBERSHIP_PREFIX = "_membership_"
ROLE_COLUMN = "_role_name"


class RoleAwareBackend(ModelBackend):
    def get_user(self, user_id):
        model = get_user_model()
        alias = router.db_for_read(model)
        user_id = _possible_key(model, alias, user_id)
        if user_id is None:  # no row can have it (the ORM would find nobody too)
            return None
        rows = list(model._default_manager.raw(_statement(model, alias), [user_id]).using(alias))
        if not rows:
            return None
        user = rows[0]
        roles.remember_groups(user, {row._role_name for row in rows if row._role_name})
        _attach_membership(model, user)
        return user if self.user_can_authenticate(user) else None


def _possible_key(model, alias: str, value):
    """``value`` as the user's primary key, or None if it cannot be one: not a number, or beyond the column's
    range (which SQLite would refuse with an error rather than find nobody)."""
    pk = model._meta.pk
    try:
        value = pk.to_python(value)
    except ValidationError:
        return None
    if isinstance(value, int):
        low, high = connections[alias].ops.integer_field_range(pk.get_internal_type())
        if (low is not None and value < low) or (high is not None and value > high):
            return None
    return value


def _membership_parts(model):
    relation = model._meta.get_field("membership")  # the reverse side of counties.Membership.user
    return relation, relation.related_model._meta.concrete_fields


def _attach_membership(model, user) -> None:
    """Give ``user`` the membership read with them (or none) as ``select_related`` would: asking for
    ``user.membership`` afterwards costs no query."""
    relation, fields = _membership_parts(model)
    values = [getattr(user, MEMBERSHIP_PREFIX + field.attname) for field in fields]
    for field in fields:
        delattr(user, MEMBERSHIP_PREFIX + field.attname)
    delattr(user, ROLE_COLUMN)
    if values[0] is None:  # no membership row joined: the primary key comes first and is never null
        relation.set_cached_value(user, None)
        return
    connection = connections[user._state.db]
    for n, field in enumerate(fields):  # as the ORM converts a column it reads (the user's columns are, by raw())
        column = field.cached_col
        for convert in [*connection.ops.get_db_converters(column), *column.get_db_converters(connection)]:
            values[n] = convert(values[n], column, connection)
    membership = relation.related_model.from_db(user._state.db, [field.attname for field in fields], values)
    relation.set_cached_value(user, membership)
    relation.field.set_cached_value(membership, user)


_statements: dict[str, str] = {}


def _statement(model, alias: str) -> str:
    """SELECT the user's columns, their membership's (prefixed) and their groups' names, by the user's key."""
    if alias not in _statements:
        quote = connections[alias].ops.quote_name
        relation, membership_fields = _membership_parts(model)
        membership = relation.related_model._meta
        groups = model._meta.get_field("groups")
        through = groups.remote_field.through._meta
        group = groups.related_model._meta
        user_table, user_pk = quote(model._meta.db_table), quote(model._meta.pk.column)
        membership_columns = ", ".join(
            f"m.{quote(field.column)} AS {quote(MEMBERSHIP_PREFIX + field.attname)}" for field in membership_fields
        )
        through_user = through.get_field(groups.m2m_field_name()).column
        through_group = through.get_field(groups.m2m_reverse_field_name()).column
        _statements[alias] = (
            f"SELECT u.*, {membership_columns}, g.{quote(group.get_field('name').column)} AS {quote(ROLE_COLUMN)} "  # noqa: S608 - names from the models
            f"FROM {user_table} u "
            f"LEFT JOIN {quote(membership.db_table)} m ON m.{quote(relation.field.column)} = u.{user_pk} "
            f"LEFT JOIN {quote(through.db_table)} ug ON ug.{quote(through_user)} = u.{user_pk} "
            f"LEFT JOIN {quote(group.db_table)} g ON g.{quote(group.pk.column)} = ug.{quote(through_group)} "
            f"WHERE u.{user_pk} = %s"
        )
    return _statements[alias]
