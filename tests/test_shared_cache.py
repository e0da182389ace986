"""The cache that several app nodes can share: what it is configured as, how its keys follow the code
release, and the header that tells whether a dashboard came from it."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from shangqiu_cbec.release import code_fingerprint
from tests import builders

ROOT = Path(__file__).resolve().parents[1]


def settings_under(**env) -> dict:
    """CACHES and HUEY as a process started with ``env`` would configure them."""
    code = (
        "import json, django; django.setup(); from django.conf import settings;"
        "print(json.dumps({'caches': settings.CACHES, 'huey': settings.HUEY}, default=str))"
    )
    base = {"PATH": "/usr/bin:/bin", "DEBUG": "True", "DJANGO_SETTINGS_MODULE": "shangqiu_cbec.settings"}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=base | env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_without_redis_each_process_keeps_its_own_cache_and_a_sqlite_queue():
    conf = settings_under()
    assert conf["caches"]["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert conf["huey"]["huey_class"] == "huey.SqliteHuey"


def test_with_redis_the_cache_and_the_queue_are_shared_and_keys_carry_the_release():
    conf = settings_under(REDIS_URL="redis://127.0.0.1:6379/3", RELEASE="r42")
    cache = conf["caches"]["default"]
    assert cache["BACKEND"] == "shangqiu_cbec.cache.SharedCache"  # Django's RedisCache with near copies
    assert cache["LOCATION"] == "redis://127.0.0.1:6379/3"
    assert cache["KEY_PREFIX"] == "cbec:r42"
    assert conf["huey"]["huey_class"] == "huey.RedisHuey" and conf["huey"]["url"] == "redis://127.0.0.1:6379/3"


def test_the_queue_may_have_a_redis_database_of_its_own():
    conf = settings_under(REDIS_URL="redis://127.0.0.1:6379/3", JOBS_REDIS_URL="redis://127.0.0.1:6379/4")
    assert conf["huey"]["url"] == "redis://127.0.0.1:6379/4"


def test_the_release_fingerprint_changes_with_a_template_and_not_with_a_test(tmp_path):
    (tmp_path / "app").mkdir()
    (tmp_path / "tests").mkdir()
    (tmp_path / "app" / "views.py").write_text("x = 1\n")
    (tmp_path / "app" / "page.html").write_text("<a href='/old/'>")
    first = code_fingerprint(tmp_path)

    (tmp_path / "tests" / "test_x.py").write_text("assert True\n")
    assert code_fingerprint(tmp_path) == first
    (tmp_path / "app" / "page.html").write_text("<a href='/new/'>")
    assert code_fingerprint(tmp_path) != first


@pytest.fixture
def as_leader(client, leader):
    client.force_login(leader)
    return client


def cache_header(response) -> tuple[str, str]:
    outcome, key = response["X-Dashboard-Cache"].split("; key=")
    return outcome, key


@pytest.mark.django_db
def test_a_dashboard_says_whether_it_was_computed_or_served_from_the_cache(as_leader):
    first = cache_header(as_leader.get("/", {"year": 2016}))
    second = cache_header(as_leader.get("/", {"year": 2016}))

    assert first[0] == "miss"
    assert second == ("hit", first[1])


@pytest.mark.django_db
def test_another_address_of_the_same_page_renders_from_the_cached_data(as_leader):
    as_leader.get("/", {"year": 2016})

    assert cache_header(as_leader.get("/", {"year": "2016", "x": "1"}))[0] == "data"


@pytest.mark.django_db
def test_a_change_to_the_data_gives_the_page_a_new_key(as_leader):
    before = cache_header(as_leader.get("/", {"year": 2016}))
    builders.report("411402", year=2016, quarter=1)

    after = cache_header(as_leader.get("/", {"year": 2016}))

    assert after[0] == "miss" and after[1] != before[1]


@pytest.mark.django_db
def test_pages_that_are_not_cached_dashboards_carry_no_cache_header(as_leader):
    assert "X-Dashboard-Cache" not in as_leader.get("/jobs/")
