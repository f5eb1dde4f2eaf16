"""Django's Redis cache, made forgiving: when Redis cannot be reached, every read is a miss and
every write is dropped, so the site keeps serving from the database instead of failing.

A small subclass rather than django-redis: Django's own backend (5.2 and 6.x) does the work, and
all this adds is the one behaviour we need. After a failure it does not try Redis again for a few
seconds, so a Redis host that has gone away costs one connect timeout, not one per cache call.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError, TimeoutError

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5
_UNAVAILABLE = object()


class ReusingRedisCacheClient(RedisCacheClient):
    """Django's Redis client, keeping one `redis.Redis` per connection pool. Django makes a new
    one for every cache call, and each fills its table of some 170 reply parsers: a quarter of a
    millisecond per call here, on every page that reads the content state. A `redis.Redis` is
    safe to share between threads; its pool hands each command a connection of its own.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = super().get_client(key, write=write)
        return client


class ForgivingRedisCache(RedisCache):
    _down_until = 0.0
    # Whether the last call reached Redis: a caller whose write was dropped can try it again.
    available = True

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient

    def _call(self, fallback, method, *args, **kwargs):
        if time.monotonic() < self._down_until:
            self.available = False
            return fallback
        try:
            result = getattr(super(), method)(*args, **kwargs)
        except (ConnectionError, TimeoutError) as error:
            self._down_until = time.monotonic() + RETRY_AFTER_SECONDS
            self.available = False
            logger.warning("Redis unavailable; no cache for %ss: %s", RETRY_AFTER_SECONDS, error)
            return fallback
        self.available = True
        return result

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(False, "add", key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call(default, "get", key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(None, "set", key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(False, "touch", key, timeout, version)

    def delete(self, key, version=None):
        return self._call(False, "delete", key, version)

    def get_many(self, keys, version=None):
        return self._call({}, "get_many", keys, version)

    def has_key(self, key, version=None):
        return self._call(False, "has_key", key, version)

    def incr(self, key, delta=1, version=None):
        result = self._call(_UNAVAILABLE, "incr", key, delta, version)
        if result is _UNAVAILABLE:  # what Django's contract says for a key that is not there
            raise ValueError(f"Key '{key}' not found (cache unavailable)")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(list(data), "set_many", data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call(None, "delete_many", keys, version)

    def clear(self):
        return self._call(False, "clear")
