"""The shared cache (Redis) keeps a near copy, in each process, of the values that cannot change under
their key — a dashboard's page and data keyed by the data version, the navigation — and asks Redis for
everything else every time. Needs Redis (REDIS_URL or 127.0.0.1:6379): skipped without it, required in CI."""

import os
import uuid

import pytest

from shangqiu_cbec import cache as shared

REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"


@pytest.fixture
def cache():
    import redis

    try:
        redis.from_url(REDIS_URL).ping()
    except redis.RedisError as exc:
        if os.environ.get("REQUIRE_REDIS"):
            pytest.fail(f"Redis at {REDIS_URL} does not answer: {exc}")
        pytest.skip(f"Redis at {REDIS_URL} does not answer")
    prefix = f"neartest{uuid.uuid4().hex[:8]}"
    backend = shared.SharedCache(
        REDIS_URL,
        {"KEY_PREFIX": prefix, "OPTIONS": {"NEAR_PREFIXES": ("dash:",), "NEAR_SECONDS": 60, "NEAR_BYTES": 64_000}},
    )
    shared.near_clear()
    yield backend
    client = redis.from_url(REDIS_URL)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)
    shared.near_clear()


def redis_of(cache):
    return cache._cache.get_client(write=True)


def test_a_value_that_cannot_change_is_read_from_redis_once_and_then_from_memory(cache):
    cache.set("dash:overview:v7", {"html": "<p>11.02亿美元</p>"}, 300)
    redis_of(cache).delete(cache.make_key("dash:overview:v7"))  # gone from Redis underneath

    assert cache.get("dash:overview:v7") == {"html": "<p>11.02亿美元</p>"}


def test_a_value_another_node_wrote_is_read_from_redis_and_kept_near(cache):
    other_node = shared.SharedCache(REDIS_URL, {"KEY_PREFIX": cache.key_prefix})
    other_node.set("dash:scorecard:v9", [1, 2, 3], 300)

    assert cache.get("dash:scorecard:v9") == [1, 2, 3]
    redis_of(cache).delete(cache.make_key("dash:scorecard:v9"))
    assert cache.get("dash:scorecard:v9") == [1, 2, 3]


def test_other_values_are_asked_of_redis_every_time(cache):
    cache.set("session:abc", "signed in", 300)
    redis_of(cache).delete(cache.make_key("session:abc"))  # e.g. signed out on another node

    assert cache.get("session:abc") is None


def test_a_near_copy_lasts_at_most_near_seconds(cache, monkeypatch):
    cache.set("dash:plans:v1", ["商政〔2016〕26号"], 300)
    redis_of(cache).delete(cache.make_key("dash:plans:v1"))
    now = shared.time.monotonic()

    monkeypatch.setattr(shared.time, "monotonic", lambda: now + 61)

    assert cache.get("dash:plans:v1") is None


def test_deleting_or_clearing_drops_the_near_copy(cache):
    cache.set("dash:a", 1, 300)
    cache.set("dash:b", 2, 300)
    cache.delete("dash:a")
    cache.set_many({"dash:b": 3}, 300)
    assert cache.get("dash:a") is None
    assert cache.get("dash:b") == 3

    cache.clear()
    assert cache.get("dash:b") is None


def test_near_copies_stay_within_their_memory_bound(cache):
    for n in range(50):
        cache.set(f"dash:page:{n}", "页" * 2_000, 300)  # each about 6 KB pickled; the bound is 64 KB

    assert shared._near_bytes <= 64_000
    near = [key.rsplit(":", 1)[-1] for key in shared._near]
    assert "49" in near and "0" not in near  # the newest are kept in memory
    assert cache.get("dash:page:0") == "页" * 2_000  # the oldest went from memory, not from Redis


def test_one_redis_client_serves_every_command(cache):
    assert cache._cache.get_client() is cache._cache.get_client(write=True)
