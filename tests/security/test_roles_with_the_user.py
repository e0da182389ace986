"""Each request reads the signed-in user and their roles together (signin.backends.RoleAwareBackend): one
query, and a role taken away or an account switched off counts from the very next request."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from counties import roles
from signin.backends import RoleAwareBackend

pytestmark = pytest.mark.django_db


def test_the_user_comes_with_the_names_of_their_roles_in_one_query(leader):
    with CaptureQueriesContext(connection) as queries:
        user = RoleAwareBackend().get_user(leader.pk)
        assert roles.is_leader(user) and not roles.is_city_admin(user) and not roles.is_county_staff(user)

    assert len(queries) == 1


def test_a_user_with_no_role_has_none(leader):
    leader.groups.clear()

    user = RoleAwareBackend().get_user(leader.pk)

    assert user == leader and not roles.is_leader(user)


def test_a_county_officer_comes_with_their_county_in_the_same_query(liangyuan_officer):
    with CaptureQueriesContext(connection) as queries:
        user = RoleAwareBackend().get_user(liangyuan_officer.pk)
        county = roles.county_id_of(user)

    assert len(queries) == 1
    assert roles.is_county_staff(user) and county == liangyuan_officer.membership.county_id


def test_a_switched_off_account_or_an_unknown_id_is_nobody(leader):
    assert RoleAwareBackend().get_user(10_000) is None
    leader.is_active = False
    leader.save()

    assert RoleAwareBackend().get_user(leader.pk) is None


def test_a_role_taken_away_counts_from_the_next_request(client, city_admin):
    client.force_login(city_admin)
    assert client.get("/review/").status_code == 200

    city_admin.groups.remove(Group.objects.get(name=roles.CITY_ADMIN))

    assert client.get("/review/").status_code == 403


def test_a_user_without_a_county_is_known_to_have_none_without_another_query(leader):
    with CaptureQueriesContext(connection) as queries:
        user = RoleAwareBackend().get_user(leader.pk)
        assert roles.county_id_of(user) is None and not hasattr(user, "membership")

    assert len(queries) == 1


def test_the_user_read_is_the_user_stored_field_by_field(liangyuan_officer, city_admin):
    """The statement is written from the models: every column comes back converted as the ORM converts it
    (dates as aware datetimes on SQLite too), and a user in two groups is one user with both roles."""
    city_admin.groups.add(Group.objects.get(name=roles.LEADERSHIP))
    for stored in (liangyuan_officer, city_admin):
        stored.refresh_from_db()
        user = RoleAwareBackend().get_user(stored.pk)
        for field in type(stored)._meta.concrete_fields:
            assert getattr(user, field.attname) == getattr(stored, field.attname), field.name
        assert user._state.adding is False and user._state.db == stored._state.db
        assert not [name for name in vars(user) if name.startswith(("_membership_", "_role_name"))]

    assert roles.is_city_admin(user) and roles.is_leader(user)
    officer = RoleAwareBackend().get_user(liangyuan_officer.pk)
    assert officer.membership == liangyuan_officer.membership and officer.membership.user is officer
    assert officer.date_joined.tzinfo is not None


@pytest.mark.parametrize("user_id", [2**70, -(2**70), "abc", "", None])
def test_an_id_no_user_can_have_is_nobody_not_an_error(user_id):
    assert RoleAwareBackend().get_user(user_id) is None
