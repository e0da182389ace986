"""Shared fixtures: the plan loaded once per test database, and a cast of users with different rights."""

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command

from counties import roles
from counties.models import County, Membership
from targets.models import Plan
from tests.twofactor import VerifyingClient

PASSWORD = "Test-password-2016"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database holds the counties and the plan, as a real installation does."""
    with django_db_blocker.unblock():
        call_command("load_plan", verbosity=0)


@pytest.fixture(autouse=True)
def _plan_present(request):
    """Transactional tests (live server, concurrency) empty the database when they end; put the plan back."""
    uses_db = request.node.get_closest_marker("django_db") or {"db", "transactional_db"} & set(request.fixturenames)
    if uses_db:
        request.getfixturevalue("_django_db_helper")
        if not County.objects.exists():
            call_command("load_plan", verbosity=0)


@pytest.fixture
def plan(db):
    return Plan.objects.get(slug="shangqiu-cbec-2016-2018")


def _user(username, group=None, county_code=None, **kw):
    user = User.objects.create_user(username, password=PASSWORD, **kw)
    if group:
        user.groups.add(Group.objects.get_or_create(name=group)[0])
    if county_code:
        Membership.objects.create(user=user, county=County.objects.get(code=county_code))
    return user


@pytest.fixture
def client():
    """pytest-django's client, whose ``force_login`` also gives the second factor for users who have or must have
    two-factor (city admins, superusers): a finished login, not the feature turned off (tests/twofactor.py)."""
    return VerifyingClient()


@pytest.fixture
def admin_client(admin_user):
    client = VerifyingClient()
    client.force_login(admin_user)
    return client


@pytest.fixture
def liangyuan_officer(db):
    """County staff of 梁园区."""
    return _user("liangyuan", roles.COUNTY_STAFF, "411402")


@pytest.fixture
def suiyang_officer(db):
    """County staff of 睢阳区."""
    return _user("suiyang", roles.COUNTY_STAFF, "411403")


@pytest.fixture
def city_admin(db):
    """An admin of the city commerce bureau."""
    return _user("cityadmin", roles.CITY_ADMIN, is_staff=True)


@pytest.fixture
def leader(db):
    """A member of the leadership group (read-only)."""
    return _user("leader", roles.LEADERSHIP)


@pytest.fixture
def liangyuan(db):
    return County.objects.get(code="411402")


@pytest.fixture
def suiyang(db):
    return County.objects.get(code="411403")


@pytest.fixture(autouse=True)
def _empty_cache():
    """Dashboard caches are keyed by data version, which rolls back with each test's transaction."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """A request in English leaves English active in the thread; every test starts in the default language."""
    from django.utils import translation

    translation.activate("zh-hans")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _jobs_run_immediately():
    """Background jobs run inside ``.start()`` (Huey's immediate mode, in-memory queue), so a test
    sees a started job already finished. tests/jobs/test_worker.py runs real workers instead."""
    from huey.contrib.djhuey import HUEY

    HUEY.immediate = True
    HUEY.flush()


@pytest.fixture(autouse=True, scope="session")
def _media_in_a_temporary_directory(tmp_path_factory):
    """Uploaded files (milestone evidence) go to a directory of this test session, never the project's media/."""
    from django.test import override_settings

    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        yield
