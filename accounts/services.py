"""Sign-in throttling: a small rule with its own tests.

Failed attempts are counted per email address and per network address over a sliding
window. Once either count reaches the limit, sign-in is refused with the same message
whether or not the account exists, so the throttle tells an attacker nothing.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import ApiToken, FailedSignIn

THROTTLED_MESSAGE = (
    "Too many failed attempts to sign in. Wait {minutes} minutes, then try again, or reset your password."
)


def _window_start():
    return timezone.now() - timedelta(minutes=settings.SIGN_IN_WINDOW_MINUTES)


def sign_in_is_throttled(*, email: str, ip_address: str | None) -> bool:
    recent = FailedSignIn.objects.filter(attempted_at__gte=_window_start())
    by_email = recent.filter(email=email.strip().lower()).count()
    by_ip = recent.filter(ip_address=ip_address).count() if ip_address else 0
    return max(by_email, by_ip) >= settings.SIGN_IN_MAX_FAILURES


@transaction.atomic
def sign_in_failure_record(*, email: str, ip_address: str | None) -> None:
    FailedSignIn.objects.create(email=email.strip().lower()[:254], ip_address=ip_address)
    # Keep the table small: anything older than a day has no further use.
    FailedSignIn.objects.filter(attempted_at__lt=timezone.now() - timedelta(days=1)).delete()


@transaction.atomic
def sign_in_success_record(*, email: str) -> None:
    """A successful sign-in clears that address's failures (not the network's)."""
    FailedSignIn.objects.filter(email=email.strip().lower()).delete()


def throttled_message() -> str:
    return THROTTLED_MESSAGE.format(minutes=settings.SIGN_IN_WINDOW_MINUTES)


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
    if token is None or token.revoked_at is not None or not token.user.is_active:
        return None
    if token.last_used_at is None or timezone.now() - token.last_used_at > timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
