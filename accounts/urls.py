from django.urls import path
from django.views.i18n import JavaScriptCatalog

from accounts import mfa, two_factor, views
from organisations import access

# The passkey script's words (django-otp-webauthn's own catalogue).
passkey_words = mfa.open_before(access.public(JavaScriptCatalog.as_view(packages=["django_otp_webauthn"])))

app_name = "accounts"
urlpatterns = [
    path("", views.account, name="account"),
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("sso/<slug:provider>/", views.sso_start, name="sso-start"),
    path("sso/<slug:provider>/callback/", views.sso_callback, name="sso-callback"),
    path("verify/", two_factor.verify, name="verify"),
    path("two-factor/", two_factor.two_factor, name="two-factor"),
    path("two-factor/app/", two_factor.app_add, name="two-factor-app"),
    path("two-factor/recovery-codes/", two_factor.recovery_codes, name="two-factor-recovery-codes"),
    path("two-factor/<str:kind>/<int:pk>/remove/", two_factor.device_remove, name="two-factor-remove"),
    path(
        "two-factor/passkeys/registration/begin/",
        two_factor.passkey_registration_begin,
        name="passkey-registration-begin",
    ),
    path(
        "two-factor/passkeys/registration/complete/",
        two_factor.passkey_registration_complete,
        name="passkey-registration-complete",
    ),
    path(
        "two-factor/passkeys/authentication/begin/",
        two_factor.passkey_authentication_begin,
        name="passkey-authentication-begin",
    ),
    path(
        "two-factor/passkeys/authentication/complete/",
        two_factor.passkey_authentication_complete,
        name="passkey-authentication-complete",
    ),
    path("two-factor/passkeys/words.js", passkey_words, name="passkey-words"),
    path("api-tokens/", views.api_tokens, name="api-tokens"),
    path("api-tokens/<int:pk>/revoke/", views.api_token_revoke, name="api-token-revoke"),
    path("password-reset/", views.password_reset, name="password-reset"),
    path("password-reset/sent/", views.password_reset_sent, name="password-reset-sent"),
    path(
        "password-reset/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password-reset-confirm",
    ),
    path(
        "password-reset/complete/",
        views.password_reset_complete,
        name="password-reset-complete",
    ),
]
