"""What is cached about one person between requests (their roles, their unread count).

Each key carries the person's `cache_version` from their user row, which changes whenever
any of that data does (`changed`). The user row is read on every signed-in request anyway,
so a cached value is never used after its data changed, and every app server agrees.
"""

from collections.abc import Callable, Iterable
from typing import TypeVar

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.db.models import F

from core.cache import kept, stamp_of

T = TypeVar("T")

TIMEOUT = 60 * 60


def cached(user, name: str, compute: Callable[[], T]) -> T:
    """`compute()` for this person, kept until their data next changes."""
    return kept(f"person:{user.pk}:{user.cache_version}:{name}", compute, TIMEOUT, local=True)


def changed(user_ids: Iterable[int]) -> None:
    """Something cached about these people changed: their next request computes it afresh."""
    ids = list(user_ids)
    if ids:
        get_user_model().objects.filter(pk__in=ids).update(cache_version=F("cache_version") + 1)
        forget(ids)


# The user row itself, as accounts.backends keeps it: read on every signed-in request.
ROW_TIMEOUT = 5 * 60


def row_key(user_id) -> str:
    return f"person-row:{user_id}"


def forget(user_ids: Iterable[int]) -> None:
    """The people's rows changed: their next request reads them afresh. Forgotten at once and
    again when the transaction commits, so a request that read the row just before the
    change cannot keep the old one (for longer than ROW_TIMEOUT at worst)."""
    keys = [row_key(pk) for pk in user_ids]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def names_version() -> str:
    """Changes whenever anyone's row is saved or removed: part of the key of anything kept
    with people's names in it (who saved an answer, who owns it, who changed what), so a new
    name shows at once. One aggregate query over the people's table."""
    return stamp_of(get_user_model().objects.all(), "updated_at")
