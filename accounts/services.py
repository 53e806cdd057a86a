"""Personal API tokens."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import ApiToken, PasswordResetRequest, User

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


# Second factors ---------------------------------------------------------------------------
# Every addition and removal is recorded in each organisation the person is in
# (organisations.AccessEvent), and shown on its team's latest changes.

RECOVERY_CODES = 10


def _mfa_record(user, kind, detail="", by=None) -> None:
    from organisations.models import AccessEvent, Membership

    organisations = set(Membership.objects.filter(user=user).values_list("organisation_id", flat=True))
    AccessEvent.objects.bulk_create(
        AccessEvent(organisation_id=pk, person=user, kind=kind, detail=detail[:200], by=by or user)
        for pk in sorted(organisations)
    )


def _mfa_enrolment_settle(user) -> None:
    """Keeps the user row's `mfa_enrolled_at` in step with their devices (an authenticator
    app or a passkey; recovery codes alone are not a second factor)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from django_otp_webauthn.models import WebAuthnCredential

    has = (
        TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        or WebAuthnCredential.objects.filter(user=user, confirmed=True).exists()
    )
    value = (user.mfa_enrolled_at or timezone.now()) if has else None
    if value != user.mfa_enrolled_at:
        user.mfa_enrolled_at = value
        user.save(update_fields=["mfa_enrolled_at", "updated_at"])


def totp_matches(key_hex: str, code: str) -> bool:
    """Whether the code is the authenticator app's for now (or the step either side)."""
    from binascii import unhexlify

    from django_otp.oath import TOTP

    code = (code or "").replace(" ", "")
    if not code.isdigit() or len(code) != 6:
        return False
    totp = TOTP(unhexlify(key_hex.encode()))
    totp.time = timezone.now().timestamp()
    return totp.verify(int(code), tolerance=1)


@transaction.atomic
def totp_add(*, user, key_hex: str, name: str = "Authenticator app") -> list[str] | None:
    """Adds a confirmed authenticator app (its code checked by the caller: totp_matches).
    Returns new recovery codes when the person had none, else None."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from organisations.models import AccessEvent

    user = User.objects.select_for_update().get(pk=user.pk)
    TOTPDevice.objects.create(user=user, key=key_hex, name=name, confirmed=True)
    _mfa_record(user, AccessEvent.Kind.MFA_ADDED, f"Authenticator app: {name}")
    _mfa_enrolment_settle(user)
    has_codes = StaticDevice.objects.filter(user=user, token_set__isnull=False).exists()
    return None if has_codes else recovery_codes_new(user=user)


@transaction.atomic
def passkey_added(*, user, device) -> list[str] | None:
    """Records a passkey just registered (django-otp-webauthn saved it). Returns new
    recovery codes when the person had none, else None."""
    from django_otp.plugins.otp_static.models import StaticDevice

    from organisations.models import AccessEvent

    user = User.objects.select_for_update().get(pk=user.pk)
    _mfa_record(user, AccessEvent.Kind.MFA_ADDED, f"Passkey: {device.name}")
    _mfa_enrolment_settle(user)
    has_codes = StaticDevice.objects.filter(user=user, token_set__isnull=False).exists()
    return None if has_codes else recovery_codes_new(user=user)


@transaction.atomic
def recovery_codes_new(*, user) -> list[str]:
    """Ten new single-use recovery codes; any earlier ones stop working."""
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    from organisations.models import AccessEvent

    device, _made = StaticDevice.objects.get_or_create(
        user=user, name="Recovery codes", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _number in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    _mfa_record(user, AccessEvent.Kind.RECOVERY_CODES)
    return codes


def mfa_devices(user) -> dict:
    """The person's second factors, as Your account lists them."""
    from django_otp.plugins.otp_static.models import StaticToken
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from django_otp_webauthn.models import WebAuthnCredential

    return {
        "apps": list(TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk")),
        "passkeys": list(WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("pk")),
        "codes_left": StaticToken.objects.filter(device__user=user).count(),
    }


class MfaError(Exception):
    """A change to second factors that cannot be made; the message says why."""


@transaction.atomic
def mfa_device_remove(*, user, kind: str, pk: int, must_keep_one: bool) -> str:
    """Removes one of the person's authenticator apps or passkeys; the last one goes only
    when they need not use a second factor (with it go their recovery codes). Returns what
    was removed, as people read it."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from django_otp_webauthn.models import WebAuthnCredential

    from organisations.models import AccessEvent

    user = User.objects.select_for_update().get(pk=user.pk)
    model = {"app": TOTPDevice, "passkey": WebAuthnCredential}.get(kind)
    device = model.objects.filter(user=user, pk=pk, confirmed=True).first() if model else None
    if device is None:
        raise MfaError(_("That second factor is not yours, or has already been removed."))
    others = (
        TOTPDevice.objects.filter(user=user, confirmed=True).count()
        + WebAuthnCredential.objects.filter(user=user, confirmed=True).count()
        - 1
    )
    if others == 0 and must_keep_one:
        raise MfaError(_("You must keep a second factor. Add another before you remove this one."))
    what = ("Authenticator app: " if kind == "app" else "Passkey: ") + device.name
    device.delete()
    if others == 0:
        StaticDevice.objects.filter(user=user).delete()
    _mfa_record(user, AccessEvent.Kind.MFA_REMOVED, what)
    _mfa_enrolment_settle(user)
    return what


@transaction.atomic
def mfa_reset(*, person, by) -> None:
    """A lead or a national admin removes every second factor of someone who has lost theirs:
    they are signed out everywhere, and set one up again when they next sign in (if they
    must)."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from django_otp_webauthn.models import WebAuthnCredential

    from organisations.models import AccessEvent

    person = User.objects.select_for_update().get(pk=person.pk)
    for model in (TOTPDevice, WebAuthnCredential, StaticDevice):
        model.objects.filter(user=person).delete()
    person.sessions_epoch += 1
    person.save(update_fields=["sessions_epoch", "updated_at"])
    _mfa_record(person, AccessEvent.Kind.MFA_RESET, by=by)
    _mfa_enrolment_settle(person)


def second_factor_check(*, user, code: str) -> str | None:
    """The second step of signing in: which kind of second factor the code is from ("app" or
    "recovery code"), or None when it matches neither. A code works once; wrong codes slow
    the device down (django-otp's throttling)."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    code = (code or "").strip().replace(" ", "").lower()
    if not code:
        return None
    if code.isdigit():
        for device in TOTPDevice.objects.filter(user=user, confirmed=True):
            with transaction.atomic():
                if device.verify_token(code):
                    return "app"
        return None
    for device in StaticDevice.objects.filter(user=user, confirmed=True):
        with transaction.atomic():
            if device.verify_token(code):
                return "recovery code"
    return None


def second_factor_waits(*, user) -> int:
    """Seconds until the authenticator app's codes are checked again after several wrong ones
    (0: now, or after only one or two)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    waits = []
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        allowed, data = device.verify_is_allowed()
        # One or two slips are only "not right"; from the third, the wait is worth telling.
        if not allowed and data and data.get("locked_until") and data.get("failure_count", 0) >= 3:
            waits.append(max(1, int((data["locked_until"] - timezone.now()).total_seconds()) + 1))
    return min(waits, default=0)
