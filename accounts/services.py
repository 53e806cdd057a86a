"""Personal API tokens."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import ApiToken, PasswordResetRequest

# Personal API tokens ---------------------------------------------------------------------

TOKEN_PREFIX = "nvh_"


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user, name: str) -> tuple[ApiToken, str]:
    """Creates a token and returns it with its secret, which is never stored or shown again."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name.strip(), prefix=secret[:12], key_hash=_token_hash(secret)
    )
    return token, secret


@transaction.atomic
def api_token_revoke(*, token, by) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def api_token_user(secret: str):
    """The active user a token belongs to, or None for an unknown or revoked token."""
    token = ApiToken.objects.select_related("user").filter(key_hash=_token_hash(secret)).first()
    if token is None or not token.is_active or not token.user.is_active:
        return None
    if token.last_used_at is None or timezone.now() - token.last_used_at > timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


@transaction.atomic
def api_tokens_revoke_all(*, user) -> int:
    """Revokes every live token of a person: after a password reset, or when they leave."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())


# Password reset emails -------------------------------------------------------------------


@transaction.atomic
def password_reset_allowed(*, email: str) -> bool:
    """Records a reset request and says whether another email may go to this address: at most
    PASSWORD_RESET_MAX_PER_HOUR in an hour, so the form cannot be used to flood a mailbox."""
    email = email.strip().lower()[:254]
    now = timezone.now()
    PasswordResetRequest.objects.filter(requested_at__lt=now - timedelta(days=1)).delete()
    recent = PasswordResetRequest.objects.filter(email=email, requested_at__gte=now - timedelta(hours=1))
    if recent.count() >= settings.PASSWORD_RESET_MAX_PER_HOUR:
        return False
    PasswordResetRequest.objects.create(email=email, requested_at=now)
    return True


# Your account ----------------------------------------------------------------------------


@transaction.atomic
def sign_out_elsewhere(*, request) -> None:
    """Ends every session of the signed-in person except this one: the sessions epoch moves,
    so every other session's hash no longer matches, and this one is given the new hash."""
    from django.contrib.auth import update_session_auth_hash

    from accounts.models import User

    user = User.objects.select_for_update().get(pk=request.user.pk)
    user.sessions_epoch += 1
    user.save(update_fields=["sessions_epoch", "updated_at"])
    update_session_auth_hash(request, user)
    request.user = user


@transaction.atomic
def name_change(*, user, full_name: str) -> bool:
    full_name = full_name.strip()
    if user.full_name == full_name:
        return False
    user.full_name = full_name
    user.save(update_fields=["full_name", "updated_at"])
    return True
