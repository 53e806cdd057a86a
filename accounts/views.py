from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accounts import backends, mfa, services
from accounts.forms import ApiTokenForm, PasswordResetForm, SetPasswordForm, SignInForm
from core import languages
from organisations import access


@access.public
@never_cache
@require_http_methods(["GET", "POST"])
def sign_in(request):
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = ""
    form = SignInForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        login(request, form.user, backend=backends.PATH)
        return _second_step(request, next_url)
    status = 400 if form.errors else 200
    from accounts import sso

    context = {
        "form": form,
        "next": next_url,
        "idle_minutes": settings.SESSION_IDLE_MINUTES,
        "sso": sso.enabled(),
    }
    return render(request, "accounts/sign_in.html", context, status=status)


def _second_step(request, next_url):
    """Where a person goes once their password (or single sign-on) is accepted: the second
    step when they have a second factor, setting one up when they must, else on."""
    from django.urls import translate_url
    from django.utils.http import urlencode

    # Signing in from an English page takes a person who last used Welsh back to Welsh;
    # choosing Welsh on the sign-in page itself is kept.
    language = languages.current()
    if language == languages.ENGLISH:
        language = languages.of(request.user)
    if next_url:
        next_url = translate_url(next_url, language)
    need = mfa.state(request)
    with translation.override(language):
        if need:
            target = reverse("accounts:verify" if need == "verify" else "accounts:two-factor")
            return redirect(target + ("?" + urlencode({"next": next_url}) if next_url else ""))
        return redirect(next_url or reverse("site:home"))


@access.public
@require_POST
def sign_out(request):
    logout(request)
    messages.success(request, _("You have signed out."))
    return redirect("accounts:sign-in")


password_reset = access.public(
    auth_views.PasswordResetView.as_view(
        form_class=PasswordResetForm,
        template_name="accounts/password_reset.html",
        email_template_name="accounts/password_reset_email.txt",
        subject_template_name="accounts/password_reset_subject.txt",
        success_url=reverse_lazy("accounts:password-reset-sent"),
    )
)
password_reset_sent = access.public(
    auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_sent.html")
)
password_reset_confirm = access.public(
    auth_views.PasswordResetConfirmView.as_view(
        form_class=SetPasswordForm,
        template_name="accounts/password_reset_confirm.html",
        success_url=reverse_lazy("accounts:password-reset-complete"),
    )
)
password_reset_complete = access.public(
    auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html")
)


@access.signed_in
@mfa.fresh
@require_http_methods(["GET", "POST"])
def api_tokens(request):
    form = ApiTokenForm(request.POST if request.method == "POST" else None)
    secret = None
    if request.method == "POST" and form.is_valid():
        _token, secret = services.api_token_create(user=request.user, name=form.cleaned_data["name"])
        form = ApiTokenForm()
    tokens = request.user.api_tokens.all()
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request,
        "accounts/api_tokens.html",
        {"form": form, "tokens": tokens, "secret": secret, "token_days": settings.API_TOKEN_DAYS},
        status=status,
    )


@access.signed_in
@require_http_methods(["GET", "POST"])
def api_token_revoke(request, pk):
    token = request.user.api_tokens.filter(
        pk=pk, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).first()
    if token is None:
        raise Http404("No such token")
    if request.method == "POST":
        services.api_token_revoke(token=token, by=request.user)
        messages.success(
            request,
            _("The token “{name}” is revoked. Anything using it will stop working.").format(name=token.name),
        )
        return redirect("accounts:api-tokens")
    return render(request, "accounts/api_token_revoke.html", {"token": token})


@access.signed_in
@never_cache
@require_http_methods(["GET", "POST"])
def account(request):
    """Your account: your name, password, the organisations and roles you hold, API tokens,
    and signing out everywhere else."""
    import hashlib

    from django.contrib.auth import update_session_auth_hash

    from accounts.forms import EmailChoicesForm, NameForm, PasswordChangeForm
    from core.forms import drawn, render_checked
    from core.notify import email_choices, email_choices_save

    action = request.POST.get("action") if request.method == "POST" else None
    name_form = NameForm(
        request.POST if action == "name" else None,
        initial={"full_name": request.user.full_name},
        prefix="name",
    )
    password_form = PasswordChangeForm(
        request.user, request.POST if action == "password" else None, prefix="password"
    )
    emails_form = EmailChoicesForm(
        request.POST if action == "emails" else None, initial=email_choices(request.user), prefix="emails"
    )
    if action == "emails" and emails_form.is_valid():
        email_choices_save(request.user, emails_form.cleaned_data)
        messages.success(request, _("Your email choices are saved."))
        return redirect("accounts:account")
    if action == "name" and name_form.is_valid():
        if services.name_change(user=request.user, full_name=name_form.cleaned_data["full_name"]):
            messages.success(request, _("Your name is changed."))
        return redirect("accounts:account")
    if action == "password" and password_form.is_valid():
        user = password_form.save()
        update_session_auth_hash(request, user)
        messages.success(request, _("Your password is changed. You are signed out everywhere else."))
        return redirect("accounts:account")
    if action == "sign-out-elsewhere":
        services.sign_out_elsewhere(request=request)
        messages.success(request, _("You are signed out everywhere else."))
        return redirect("accounts:account")
    return render_checked(
        request,
        "accounts/account.html",
        {
            "name_form": name_form,
            "password_form": password_form,
            "emails_form": emails_form,
            # Blank, each form is the same for everyone with the same name or choices: drawn once.
            "name_html": drawn(
                name_form, "account-name:" + hashlib.sha256(request.user.full_name.encode()).hexdigest()
            ),
            "password_html": drawn(password_form, "account-password"),
            "emails_html": drawn(
                emails_form,
                "account-emails:" + ",".join(f"{k}={v}" for k, v in sorted(emails_form.initial.items())),
            ),
            "memberships": access.memberships_of(request.user),
            "sign_ins": list(request.user.sign_ins.all()[:10]),
            "this_sign_in": request.session.get("_sign_in"),
            "idle_minutes": settings.SESSION_IDLE_MINUTES,
            "tokens": request.user.api_tokens.filter(
                revoked_at__isnull=True, expires_at__gt=timezone.now()
            ).count(),
        },
        [name_form, password_form, emails_form],
        # A POST that names none of the page's forms changes nothing, and says so.
        items=[("#main-content", _("Choose what to change on this page"))]
        if request.method == "POST" and action not in {"name", "password", "emails", "sign-out-elsewhere"}
        else (),
    )


# Single sign-on (accounts.sso) ------------------------------------------------------------


@access.public
@never_cache
@require_http_methods(["GET"])
def sso_start(request, provider):
    """Off to the organisation's own sign-in (state, nonce and PKCE kept in the session)."""
    from accounts import sso

    app = sso.client(provider)
    if app is None:
        raise Http404("No such sign-in provider")
    next_url = request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        request.session["_sso_next"] = next_url
    # One address to come back to, whatever the page's language (the provider knows just one).
    with translation.override(languages.ENGLISH):
        redirect_uri = request.build_absolute_uri(reverse("accounts:sso-callback", args=[provider]))
    try:
        return app.authorize_redirect(request, redirect_uri)
    except Exception as problem:  # the provider's discovery document could not be read
        sso.logger.warning("sso start failed: %s", type(problem).__name__)
        return _sso_problem(
            request, message=_("Your organisation's sign-in service did not answer. Try again later.")
        )


@access.public
@never_cache
@require_http_methods(["GET"])
def sso_callback(request, provider):
    """Back from the organisation's sign-in: the token checked, the person matched, signed in."""
    from accounts import sso

    if sso.client(provider) is None:
        raise Http404("No such sign-in provider")
    try:
        identity = sso.identity_from(request, provider)
        person = sso.person_for(provider, identity)
    except sso.Refused as refused:
        return _sso_problem(request, message=str(refused))
    except sso.Unknown as unknown:
        return render(
            request,
            "accounts/sso_unknown.html",
            {"organisation": unknown.organisation, "email": identity.email},
            status=403,
        )
    next_url = request.session.pop("_sso_next", "")
    request.signed_in_with = sso.enabled().get(provider, provider)
    login(request, person, backend=backends.PATH)
    if identity.second_factor:
        mfa.passed(request, sso.enabled().get(provider, provider))
    return _second_step(request, next_url)


def _sso_problem(request, message):
    return render(request, "accounts/sso_problem.html", {"message": message}, status=400)
