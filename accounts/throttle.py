"""Sign-in throttling, by django-axes: the few pieces of it that are ours.

Axes counts failed sign-ins per pair (account, client address). Once a pair reaches the limit,
that pair is refused until the cool-off passes, a successful sign-in from the same address
clears it, and a password reset clears every pair of the account. The sign-in page says the
same thing whether or not the account exists.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def throttled_message() -> str:
    from django.utils.translation import gettext

    return gettext(
        "Too many failed attempts to sign in. Wait {minutes} minutes, then try again, or reset your password."
    ).format(minutes=settings.SIGN_IN_WINDOW_MINUTES)


def username(request: HttpRequest, credentials: dict | None) -> str:
    """The account an attempt was for: the email address, in lower case."""
    value = (credentials or {}).get("email")
    if value is None and request is not None:
        value = request.POST.get("email", "")
    return str(value or "").strip().lower()[:254]


def client_address(request: HttpRequest) -> str | None:
    """The address of the person signing in.

    Directly connected, that is REMOTE_ADDR. Behind the service's own proxies
    (BEHIND_HTTPS_PROXY), each of the TRUSTED_PROXY_COUNT proxies appends the address it saw
    to X-Forwarded-For, so the client is that many places from the right; anything further
    left was written by the client and is ignored."""
    remote = request.META.get("REMOTE_ADDR") or None
    if not settings.BEHIND_HTTPS_PROXY:
        return remote
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    if len(hops) < settings.TRUSTED_PROXY_COUNT:
        return remote
    candidate = hops[-settings.TRUSTED_PROXY_COUNT]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def is_locked_out(request: HttpRequest) -> bool:
    """Whether axes refused the attempt just made on this request."""
    return bool(getattr(request, "axes_locked_out", False))


def lockout_response(request, original_response=None, credentials=None):
    """The sign-in page has already said why (see SignInForm), so keep its response."""
    return original_response


def unlock_account(email: str) -> int:
    """Clears every failed attempt for the account, from every address."""
    from axes.utils import reset

    return reset(username=email.strip().lower())
