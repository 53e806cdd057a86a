"""What is cached about one person between requests (their roles, their unread count).

Each key carries the person's `cache_version` from their user row, which changes whenever
any of that data does (`changed`). The user row is read on every signed-in request anyway,
so a cached value is never used after its data changed, and every app server agrees.
"""

from collections.abc import Callable, Iterable
from typing import TypeVar

from django.contrib.auth import get_user_model
from django.db.models import F

from core.cache import kept

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
