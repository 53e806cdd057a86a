"""The shared cache when REDIS_URL is set: Django's Redis backend, with one change."""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


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
