"""The shared cache when REDIS_URL is set (Django's Redis backend, with one change), and
`kept`, the one way the service keeps a value made from versioned data."""

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.db.models import Count, Max

T = TypeVar("T")


class _ReusingClient(RedisCacheClient):
    """Django's Redis client makes a new redis-py client (and rebuilds its tables of reply
    handlers) for every cache operation; this keeps one per connection pool. redis-py's
    clients are safe to share, and each process builds its own after it starts."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    # (Django's private helpers below are not in django-stubs, hence the ignores.)
    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)  # type: ignore[attr-defined]
        client = self._clients.get(index)
        if client is None:
            pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
            client = self._clients[index] = self._client(connection_pool=pool)  # type: ignore[attr-defined]
        return client


class SharedRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ReusingClient


# What is kept: one way to read a value from the cache or make it, for keys that name the
# version of the data the value was made from (so a change of data makes a new key, and no
# kept value is ever stale).

_LOCAL_SIZE = 1024
_local: OrderedDict[str, object] = OrderedDict()
_local_lock = threading.Lock()


def kept(key: str, make: Callable[[], T], timeout: int = 60 * 60, *, local: bool = False) -> T:
    """The value kept under `key`, or `make()`'s, kept from now on. With `local`, the value
    is also held in this process (the last thousand or so such keys), so the hottest values cost
    no round trip to a shared cache nor unpickling: only for values nobody changes in place
    (rendered HTML, or figures only read), and safe only because the key names the data's
    version, as every key here must."""
    found = kept_already(key, local=local)
    if found is None:
        found = make()
        keep(key, found, timeout, local=local)
    return found


def _in_language(key: str) -> str:
    """What is kept is kept for each language it is read in (a kept page's words are English
    or Welsh): the English keys are the keys as given, the Welsh ones start "cy:"."""
    from django.utils.translation import get_language

    language = get_language() or settings.LANGUAGE_CODE
    return key if language == settings.LANGUAGE_CODE else f"{language}:{key}"


def kept_already(key: str, *, local: bool = False):
    """What is kept under `key`, or None (as `kept` reads it, without making anything)."""
    key = _in_language(key)
    if local:
        with _local_lock:
            found = _local.get(key)
            if found is not None:
                _local.move_to_end(key)
                return found
    found = cache.get(key)
    if found is not None and local:
        _hold(key, found)
    return found


def keep(key: str, value, timeout: int = 60 * 60, *, local: bool = False) -> None:
    """Keeps `value` under `key` (which must name the version of its data), as `kept` does."""
    key = _in_language(key)
    cache.set(key, value, timeout)
    if local:
        _hold(key, value)


def _hold(key: str, value) -> None:
    with _local_lock:
        _local[key] = value
        _local.move_to_end(key)
        if len(_local) > _LOCAL_SIZE:
            _local.popitem(last=False)


def stamp_of(rows, field: str) -> str:
    """Names the state of `rows` (a queryset) by the latest `field` (a time every save moves)
    and how many there are (which a removal changes): one aggregate query."""
    found = rows.aggregate(latest=Max(field), count=Count("pk"))
    return f"{found['latest'].isoformat() if found['latest'] else '-'}/{found['count']}"


def clear() -> None:
    """Empties every cache and this process's copies of kept values (a test's fresh start, or
    a benchmark's cold request)."""
    for name in settings.CACHES:
        caches[name].clear()
    with _local_lock:
        _local.clear()
