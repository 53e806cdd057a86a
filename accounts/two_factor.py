"""The pages of second factors: the second step of signing in (and of a sensitive step), and
setting up, listing and removing authenticator apps, passkeys and recovery codes."""

import secrets
from binascii import hexlify

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_otp_webauthn import views as webauthn

from accounts import mfa, services
from accounts.forms import AuthenticatorAppForm, SecondFactorForm
from core.forms import posted, render_checked
from organisations import access

NEW_KEY = "_mfa_new_key"  # the authenticator app key being set up, until its first code


def passkey_config(request) -> dict:
    """What django-otp-webauthn's scripts read: this service's own passkey endpoints."""
    from django.middleware import csrf

    return {
        "autocompleteLoginFieldSelector": None,
        "nextFieldSelector": "input[name='next']",
        "csrfToken": csrf.get_token(request),
        "beginAuthenticationUrl": reverse("accounts:passkey-authentication-begin"),
        "completeAuthenticationUrl": reverse("accounts:passkey-authentication-complete"),
        "beginRegistrationUrl": reverse("accounts:passkey-registration-begin"),
        "completeRegistrationUrl": reverse("accounts:passkey-registration-complete"),
    }


def _next(request) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure()):
        return url
    return ""


@mfa.open_before
@access.signed_in
@never_cache
@require_http_methods(["GET", "POST"])
def verify(request):
    """The second step: a code from the app, a recovery code, or a passkey. Also asked again
    before a sensitive step once the last second factor is older than MFA_FRESH_MINUTES."""
    user = request.user
    next_url = _next(request)
    if not mfa.enrolled(user):
        return redirect(
            reverse("accounts:two-factor") + ("?" + urlencode({"next": next_url}) if next_url else "")
        )
    form = SecondFactorForm(posted(request), user=user)
    if request.method == "POST" and form.is_valid():
        mfa.passed(request, form.how)
        if form.how == "recovery code":
            left = services.mfa_devices(user)["codes_left"]
            messages.warning(
                request,
                _(
                    "You used a recovery code: {count} left. Make new ones under Your account if you are running out."
                ).format(count=left),
            )
        return redirect(next_url or "site:home")
    devices = services.mfa_devices(user)
    return render_checked(
        request,
        "accounts/verify.html",
        {
            "form": form,
            "next": next_url,
            "again": mfa.is_verified(request),
            "has_app": bool(devices["apps"]),
            "has_passkey": bool(devices["passkeys"]),
            "codes_left": devices["codes_left"],
            "passkey_config": passkey_config(request),
        },
        form,
    )


@mfa.open_before
@access.signed_in
@never_cache
@require_http_methods(["GET"])
def two_factor(request):
    """Your second factors: what you have, adding an app or a passkey, new recovery codes."""
    user = request.user
    devices = services.mfa_devices(user)
    return render(
        request,
        "accounts/two_factor.html",
        {
            **devices,
            "next": _next(request),
            "enrolled": mfa.enrolled(user),
            "required": mfa.why_required(user),
            "verified": mfa.is_verified(request),
            "codes": request.session.pop("_mfa_codes", None),
            "passkey_config": passkey_config(request),
        },
    )


def _may_change(request):
    """Someone who has a second factor changes their second factors only after using one
    (not with a password alone)."""
    return not mfa.enrolled(request.user) or mfa.is_verified(request)


@mfa.open_before
@access.signed_in
@never_cache
@require_http_methods(["GET", "POST"])
def app_add(request):
    """Set up an authenticator app: scan the QR code (or type the key), enter its code."""
    import segno

    if not _may_change(request):
        return redirect(reverse("accounts:verify") + "?" + urlencode({"next": request.path}))
    key_hex = request.session.get(NEW_KEY)
    if key_hex is None or request.method == "GET":
        key_hex = request.session[NEW_KEY] = hexlify(secrets.token_bytes(20)).decode()
    form = AuthenticatorAppForm(posted(request), key_hex=key_hex)
    if request.method == "POST" and form.is_valid():
        codes = services.totp_add(user=request.user, key_hex=key_hex, name=form.cleaned_data["name"].strip())
        del request.session[NEW_KEY]
        if not mfa.is_verified(request):
            mfa.passed(request, "app")
        messages.success(
            request, _("Your authenticator app is set up. You will be asked for its code when you sign in.")
        )
        return _done(request, codes)
    from base64 import b32encode
    from binascii import unhexlify

    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice(user=request.user, key=key_hex)
    secret = b32encode(unhexlify(key_hex)).decode()
    return render_checked(
        request,
        "accounts/two_factor_app.html",
        {
            "form": form,
            "next": _next(request),
            "qr_svg": segno.make(device.config_url, error="m").svg_inline(scale=5, title="QR code to scan"),
            # Typed in by hand if the QR code cannot be scanned: in groups of four.
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        },
        form,
    )


def _done(request, codes):
    """Back to the second factors page (which shows new recovery codes once), or on to
    where the person was going."""
    if codes:
        request.session["_mfa_codes"] = codes
    next_url = _next(request)
    if next_url and not codes:
        return redirect(next_url)
    return redirect(
        reverse("accounts:two-factor") + ("?" + urlencode({"next": next_url}) if next_url else "")
    )


@mfa.open_before
@access.signed_in
@require_POST
def recovery_codes(request):
    """New recovery codes: the old ones stop working; the new ones are shown once."""
    if not mfa.enrolled(request.user):
        messages.info(
            request, _("Set up an authenticator app or a passkey first: recovery codes come with it.")
        )
        return redirect("accounts:two-factor")
    if not mfa.is_fresh(request):
        return redirect(
            reverse("accounts:verify") + "?" + urlencode({"next": reverse("accounts:two-factor"), "again": 1})
        )
    request.session["_mfa_codes"] = services.recovery_codes_new(user=request.user)
    messages.success(request, _("You have new recovery codes. The old ones no longer work."))
    return redirect("accounts:two-factor")


@access.signed_in
@mfa.fresh
@require_http_methods(["GET", "POST"])
def device_remove(request, kind, pk):
    devices = services.mfa_devices(request.user)
    found = (
        [d for d in devices["apps" if kind == "app" else "passkeys"] if d.pk == pk]
        if kind in ("app", "passkey")
        else []
    )
    if not found:
        raise Http404("No such second factor")
    device = found[0]
    must = bool(mfa.why_required(request.user))
    last = len(devices["apps"]) + len(devices["passkeys"]) == 1
    problems = []
    if request.method == "POST":
        try:
            services.mfa_device_remove(user=request.user, kind=kind, pk=pk, must_keep_one=must)
        except services.MfaError as problem:
            problems = [str(problem)]
        else:
            removed = (
                _("Removed the authenticator app {name}.")
                if kind == "app"
                else _("Removed the passkey {name}.")
            )
            messages.success(request, removed.format(name=device.name))
            return redirect("accounts:two-factor")
    return render_checked(
        request,
        "accounts/two_factor_remove.html",
        {"device": device, "kind": kind, "last": last, "must": must},
        problems=problems,
    )


# Passkeys: django-otp-webauthn's JSON endpoints, with this service's records --------------


class _Passkeys:
    def initial(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            request.user.is_verified = lambda: mfa.is_verified(request)
        return super().initial(request, *args, **kwargs)


class PasskeyRegistrationBegin(_Passkeys, webauthn.BeginCredentialRegistrationView):
    pass


class PasskeyRegistrationComplete(_Passkeys, webauthn.CompleteCredentialRegistrationView):
    def post(self, *args, **kwargs):
        from django_otp_webauthn.models import WebAuthnCredential

        response = super().post(*args, **kwargs)
        if response.status_code == 200:
            import json

            device = WebAuthnCredential.objects.get(
                pk=json.loads(response.content)["id"], user=self.request.user
            )
            if device.name in ("", "Passkey"):
                device.name = f"Passkey {WebAuthnCredential.objects.filter(user=self.request.user).count()}"
                device.save(update_fields=["name"])
            codes = services.passkey_added(user=self.request.user, device=device)
            if not mfa.is_verified(self.request):
                mfa.passed(self.request, "passkey")
            if codes:
                self.request.session["_mfa_codes"] = codes
        return response


class PasskeyAuthenticationBegin(_Passkeys, webauthn.BeginCredentialAuthenticationView):
    pass


class PasskeyAuthenticationComplete(_Passkeys, webauthn.CompleteCredentialAuthenticationView):
    def complete_auth(self, device):
        if device.user_id != self.request.user.pk:
            raise Http404("Not your passkey")
        mfa.passed(self.request, "passkey")


def _passkey_view(cls):
    view = cls.as_view()
    return mfa.open_before(access.signed_in(view))


passkey_registration_begin = _passkey_view(PasskeyRegistrationBegin)
passkey_registration_complete = _passkey_view(PasskeyRegistrationComplete)
passkey_authentication_begin = _passkey_view(PasskeyAuthenticationBegin)
passkey_authentication_complete = _passkey_view(PasskeyAuthenticationComplete)
