from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth import forms as auth_forms
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts import services, throttle
from core import languages
from core.forms import GovukFormMixin
from core.mail import email_queue


class SignInForm(GovukFormMixin, forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter your email address"),
            "invalid": _("Enter an email address in the correct format, like name@force.police.uk"),
        },
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Enter your password")},
    )

    def __init__(self, *args, request=None, **kwargs):
        self.request = request
        self.user = None
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        email, password = cleaned.get("email"), cleaned.get("password")
        if not email or not password:
            return cleaned
        user = authenticate(self.request, email=email.lower(), password=password)
        if throttle.is_locked_out(self.request):
            raise forms.ValidationError(throttle.throttled_message(), code="throttled")
        if user is None:
            raise forms.ValidationError(
                _("The email address or password is not right. Check them and try again."),
                code="invalid_login",
            )
        self.user = user
        return cleaned


class PasswordResetForm(GovukFormMixin, auth_forms.PasswordResetForm):
    """Sends at most a few emails an hour to one address; the page says the same either way."""

    def save(self, *args, **kwargs):
        if services.password_reset_allowed(email=self.cleaned_data["email"]):
            return super().save(*args, **kwargs)
        return None

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        """Queued like every other email; the link is a secret, so the outbox forgets the body
        once it is sent, and nothing logs it."""
        with languages.speaking_to(context["user"]):  # in the language the person last used
            subject = "".join(render_to_string(subject_template_name, context).splitlines())
            body = render_to_string(email_template_name, context)
        email_queue(to=to_email, subject=subject, body=body, secret=True)

    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Enter your email address"),
            "invalid": _("Enter an email address in the correct format, like name@force.police.uk"),
        },
    )


class SetPasswordForm(GovukFormMixin, auth_forms.SetPasswordForm):
    def save(self, commit=True):
        """A new password lifts any sign-in lockout on the account."""
        user = super().save(commit=commit)
        throttle.unlock_account(user.email)
        services.api_tokens_revoke_all(user=user)
        return user


class ApiTokenForm(GovukFormMixin, forms.Form):
    name = forms.CharField(
        label=_("What will use this token?"),
        help_text=_("For example: Power BI dashboard for the force's vulnerability board"),
        max_length=100,
        error_messages={
            "required": _("Enter a name for the token"),
            "max_length": _("Use 100 characters or fewer"),
        },
    )


class NameForm(GovukFormMixin, forms.Form):
    full_name = forms.CharField(
        label=_("Your full name"),
        help_text=_("As your colleagues know you: it shows beside what you write."),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter your full name"),
            "max_length": _("Enter a name of 200 characters or fewer"),
        },
    )


class PasswordChangeForm(GovukFormMixin, auth_forms.PasswordChangeForm):
    """Django's form (the current password, then the new one twice, checked by
    AUTH_PASSWORD_VALIDATORS), with GOV.UK labels and messages."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("Your current password")
        self.fields["old_password"].error_messages["required"] = _("Enter your current password")
        self.fields["new_password1"].label = _("New password")
        self.fields["new_password1"].help_text = _(
            "At least 12 characters. Not a common password, and not like your name or email."
        )
        self.fields["new_password1"].error_messages["required"] = _("Enter a new password")
        self.fields["new_password2"].label = _("Type the new password again")
        self.fields["new_password2"].error_messages["required"] = _("Type the new password again")
        self.error_messages = {
            **self.error_messages,
            "password_incorrect": _("Your current password is not right. Check it and try again."),
            "password_mismatch": _("The two new passwords are not the same"),
        }


class EmailChoicesForm(GovukFormMixin, forms.Form):
    """How a person wants each kind of notification by email (core.notify.KINDS)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from core.models import EmailSetting
        from core.notify import KINDS

        for kind, label in KINDS.items():
            self.fields[kind] = forms.ChoiceField(
                label=label,
                choices=EmailSetting.How.choices,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose how you want these by email")},
            )
            self.fields[kind].error_messages["invalid_choice"] = _("Choose one of the ways listed")


class SecondFactorForm(GovukFormMixin, forms.Form):
    """The second step: a code from the authenticator app, or a recovery code."""

    code = forms.CharField(
        label=_("Code"),
        help_text=_("The 6-digit code your authenticator app shows now, or one of your recovery codes."),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "spellcheck": "false", "autocapitalize": "none"}
        ),
        error_messages={
            "required": _("Enter the code from your authenticator app, or a recovery code"),
            "max_length": _("Enter a code of 20 characters or fewer"),
        },
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        self.how = None
        super().__init__(*args, **kwargs)

    def clean_code(self):
        code = self.cleaned_data["code"]
        self.how = services.second_factor_check(user=self.user, code=code)
        if self.how is None:
            wait = services.second_factor_waits(user=self.user)
            if wait:
                raise forms.ValidationError(
                    ngettext(
                        "Too many wrong codes. Wait {count} second, then enter the code your app shows then.",
                        "Too many wrong codes. Wait {count} seconds, then enter the code your app shows then.",
                        wait,
                    ).format(count=wait)
                )
            raise forms.ValidationError(
                _("That code is not right. Enter the code your app shows now, or an unused recovery code.")
            )
        return code


class AuthenticatorAppForm(GovukFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Name this app"),
        help_text=_("So you can tell your devices apart, like “Work phone”."),
        max_length=60,
        initial=_("Authenticator app"),
        error_messages={
            "required": _("Enter a name for this app"),
            "max_length": _("Use 60 characters or fewer"),
        },
    )
    code = forms.CharField(
        label=_("Code from the app"),
        help_text=_("The 6 digits the app shows for NVAP Hub."),
        max_length=10,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
        error_messages={
            "required": _("Enter the 6-digit code from your authenticator app"),
            "max_length": _("Enter the 6-digit code from your authenticator app"),
        },
    )

    def __init__(self, *args, key_hex, **kwargs):
        self.key_hex = key_hex
        super().__init__(*args, **kwargs)

    def clean_code(self):
        code = self.cleaned_data["code"]
        if not services.totp_matches(self.key_hex, code):
            raise forms.ValidationError(
                _("That code is not right. Check the app shows NVAP Hub and enter the code it shows now.")
            )
        return code
