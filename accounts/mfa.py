"""Second factors: who must use one, whether this session has passed it, and how recently.

A person signs in with their password (or single sign-on), then with a second factor: a code
from an authenticator app, a passkey, or one of their recovery codes. The devices are
django-otp's (TOTP and static codes) and django-otp-webauthn's (passkeys). A session that
has passed the second step carries the time it did (`MFA_AT`); a session signed in through a
provider whose token proves a second factor (`amr` holds `mfa`) carries it too.

Nothing here reads the database on an ordinary request: whether the person has a second
factor is on their user row (`mfa_enrolled_at`) and whether they must is in their cached
memberships."""

import time

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy as _

from organisations import access
from organisations.models import Membership

MFA_AT = "_mfa_at"  # when this session last passed a second factor (seconds since the epoch)
MFA_HOW = "_mfa_how"  # "app", "passkey", "recovery code" or the single sign-on provider's name

# Roles that see or sign off everything of a force, or of every force.
ROLES_THAT_MUST = frozenset(Membership.NATIONAL_ROLES | {Membership.Role.FORCE_LEAD})


def required_for(user) -> bool:
    """Whether the person must use a second factor: any national role, any force lead, and
    everyone in an organisation that asks it of all its people."""
    if isinstance(user, AnonymousUser) or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return any(m.role in ROLES_THAT_MUST or m.organisation.require_mfa for m in access.memberships_of(user))


def why_required(user) -> str:
    """The reason, worded for the person, or '' when they need not."""
    for m in access.memberships_of(user):
        if m.role in ROLES_THAT_MUST:
            return _("You are a {role} in {organisation}.").format(
                role=m.get_role_display().lower(),
                organisation=m.organisation.short_name or m.organisation.shown_name,
            )
    for m in access.memberships_of(user):
        if m.organisation.require_mfa:
            return _("{organisation} asks everyone to use one.").format(
                organisation=m.organisation.short_name or m.organisation.shown_name
            )
    if user.is_superuser:
        return _("You can run the whole service.")
    return ""


def enrolled(user) -> bool:
    return getattr(user, "mfa_enrolled_at", None) is not None


def passed(request, how: str) -> None:
    """This session has just passed a second factor. The session key changes (what was
    signed in with a password alone is not what now holds the second step)."""
    request.session.cycle_key()
    request.session[MFA_AT] = int(time.time())
    request.session[MFA_HOW] = how


def is_verified(request) -> bool:
    return MFA_AT in request.session


def is_fresh(request) -> bool:
    """Whether the last second factor is recent enough for a sensitive step."""
    at = request.session.get(MFA_AT)
    return at is not None and time.time() - at <= settings.MFA_FRESH_MINUTES * 60


def state(request) -> str:
    """What the session still needs before the service opens: "" (nothing), "verify" (the
    second step of signing in) or "enrol" (set up a second factor, which the person must)."""
    user = request.user
    if not user.is_authenticated or is_verified(request):
        return ""
    if enrolled(user):
        return "verify"
    if required_for(user):
        return "enrol"
    return ""


# Views a session may reach before its second step is done: marked with `open_before`.
OPEN = "_mfa_open"


def open_before(view):
    """This view works while the session still has to pass (or set up) its second factor:
    the second step itself, setting one up, signing out."""
    setattr(view, OPEN, True)
    return view


def fresh(view):
    """A sensitive step (creating an API token, changing a role, exporting a whole exercise):
    the person must have a second factor, and have used it in the last MFA_FRESH_MINUTES;
    otherwise they are asked for it and brought back here."""
    from functools import wraps

    from django.contrib import messages
    from django.shortcuts import redirect
    from django.urls import reverse
    from django.utils.http import urlencode

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated and not is_fresh(request):
            back = request.get_full_path() if request.method == "GET" else request.path
            if not enrolled(request.user):
                messages.info(request, _("Set up a second factor before you do that."))
                return redirect(reverse("accounts:two-factor") + "?" + urlencode({"next": back}))
            return redirect(reverse("accounts:verify") + "?" + urlencode({"next": back, "again": 1}))
        return view(request, *args, **kwargs)

    wrapper.mfa_fresh = True
    return wrapper
