"""Signing in and the signed-in person's row.

Every signed-in request reads the person's user row (who they are, whether they may still
sign in, the hash that ties the session to their password). `ModelBackend` keeps that row in
the cache between requests and forgets it whenever it changes (core.personal.forget), so a
change of password, a deactivation or a change to what is cached about the person reaches
every app server at once."""

from django.contrib.auth import backends
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from accounts.models import User
from core import personal

PATH = "accounts.backends.ModelBackend"


class ModelBackend(backends.ModelBackend):
    """Django's own (email and password, active people only), with the row kept."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        user = super().authenticate(request, username, password, **kwargs)
        if user is None and password is not None:
            # Wrong: stop here. Django's own backend, listed after this one only to keep
            # sessions made before it, would otherwise check the same password again.
            raise PermissionDenied
        return user

    def get_user(self, user_id):
        key = personal.row_key(user_id)
        user = cache.get(key)
        if user is None:
            user = super().get_user(user_id)  # None for someone removed or deactivated
            if user is not None:
                cache.set(key, user, personal.ROW_TIMEOUT)
        return user


@receiver([post_save, post_delete], sender=User, dispatch_uid="a-changed-person-is-read-afresh")
def _changed(sender, instance, **kwargs):
    personal.forget([instance.pk])
