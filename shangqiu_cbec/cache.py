"""The shared cache: Django's Redis backend, with a near copy in each process of what never changes.

Two costs of Django's ``RedisCache`` show on every cached dashboard request:

* it builds a new ``redis.Redis`` client for each command, and redis-py fills a table of about a thousand
  response callbacks in each one; here one client per connection pool is kept and reused (redis-py's
  clients are safe to share: each command takes a connection from the pool);
* a page reads several values that cannot change under their key — the rendered HTML and the page data
  of a dashboard (keyed by the data version, ``targets.freshness``), the plans, the default year. Keys
  with one of ``NEAR_PREFIXES`` are also kept, as the bytes Redis holds, in this process (at most
  ``NEAR_BYTES`` in all, each for at most ``NEAR_SECONDS``), so a busy worker reads them from memory
  instead of asking Redis each time.

Redis stays the one place every worker and node fills and reads (a page computed on one node is served
by the other); the near copy only saves asking again for the same immutable value. A change of data
changes the keys (a new data version), so no node serves a stale page because of it. What a near copy
could prolong is what the dashboards' time limit already bounds — a write that bypasses the data version
(raw SQL): by at most ``NEAR_SECONDS`` more. ``clear()`` empties Redis and this process's near copies.
"""

import threading
import time
from collections import OrderedDict

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

# key -> (expires at, raw bytes or int as Redis returned them); shared by the threads of a process
_near: OrderedDict[str, tuple[float, object]] = OrderedDict()
_near_bytes = 0
_near_lock = threading.Lock()


def _size(raw) -> int:
    return len(raw) if isinstance(raw, (bytes, bytearray)) else 16


def _near_get(key: str):
    with _near_lock:
        entry = _near.get(key)
        if entry is None:
            return None
        if entry[0] < time.monotonic():
            _near_drop(key)
            return None
        _near.move_to_end(key)
        return entry[1]


def _near_put(key: str, raw, seconds: float, limit: int) -> None:
    global _near_bytes
    size = _size(raw)
    if size > limit // 8:
        return  # one value must not push out the rest
    with _near_lock:
        _near_drop(key)
        _near[key] = (time.monotonic() + seconds, raw)
        _near_bytes += size
        while _near_bytes > limit and _near:
            _near_drop(next(iter(_near)))


def _near_drop(key: str) -> None:
    global _near_bytes
    entry = _near.pop(key, None)  # the caller holds the lock
    if entry is not None:
        _near_bytes -= _size(entry[1])


def near_clear() -> None:
    global _near_bytes
    with _near_lock:
        _near.clear()
        _near_bytes = 0


class SharedCacheClient(RedisCacheClient):
    """Django's Redis client wrapper, keeping one ``redis.Redis`` per connection pool."""

    def __init__(self, servers, **options):
        super().__init__(servers, **options)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client

    def get_raw(self, key):
        return self.get_client(key).get(key)

    def set_raw(self, key, raw, timeout) -> None:
        self.get_client(key, write=True).set(key, raw, ex=timeout)


class SharedCache(RedisCache):
    """``RedisCache`` with the near copies described above. OPTIONS: ``NEAR_PREFIXES`` (keys as the code
    names them, before the cache's own prefix), ``NEAR_SECONDS`` (default 60), ``NEAR_BYTES`` (default 32 MB);
    the other options go to Redis as with Django's backend."""

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        self.near_prefixes = tuple(options.pop("NEAR_PREFIXES", ()))
        self.near_seconds = float(options.pop("NEAR_SECONDS", 60))
        self.near_bytes = int(options.pop("NEAR_BYTES", 32 * 1024 * 1024))
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = SharedCacheClient

    def _is_near(self, key: str) -> bool:
        return bool(self.near_prefixes) and key.startswith(self.near_prefixes)

    def _near_key(self, key: str, version) -> str:
        return f"{self._servers[0]}|{self.make_and_validate_key(key, version=version)}"

    def get(self, key, default=None, version=None):
        if not self._is_near(key):
            return super().get(key, default, version=version)
        near_key = self._near_key(key, version)
        raw = _near_get(near_key)
        if raw is None:
            raw = self._cache.get_raw(self.make_and_validate_key(key, version=version))
            if raw is None:
                return default
            _near_put(near_key, raw, self.near_seconds, self.near_bytes)
        return self._cache._serializer.loads(raw)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        if not self._is_near(key):
            return super().set(key, value, timeout, version=version)
        timeout = self.get_backend_timeout(timeout)
        if timeout == 0:
            return self.delete(key, version=version)
        raw = self._cache._serializer.dumps(value)
        self._cache.set_raw(self.make_and_validate_key(key, version=version), raw, timeout)
        seconds = self.near_seconds if timeout is None else min(self.near_seconds, timeout)
        _near_put(self._near_key(key, version), raw, seconds, self.near_bytes)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._forget([key], version)
        return super().add(key, value, timeout, version=version)

    def delete(self, key, version=None):
        self._forget([key], version)
        return super().delete(key, version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        self._forget(list(data), version)
        return super().set_many(data, timeout, version=version)

    def delete_many(self, keys, version=None):
        keys = list(keys)
        self._forget(keys, version)
        return super().delete_many(keys, version=version)

    def incr(self, key, delta=1, version=None):
        self._forget([key], version)
        return super().incr(key, delta, version=version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        self._forget([key], version)
        return super().touch(key, timeout, version=version)

    def clear(self):
        near_clear()
        return super().clear()

    def _forget(self, keys, version) -> None:
        near = [self._near_key(key, version) for key in keys if self._is_near(key)]
        if near:
            with _near_lock:
                for key in near:
                    _near_drop(key)
