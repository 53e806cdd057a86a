from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth import forms as auth_forms
from django.template.loader import render_to_string

from accounts import services, throttle
from core.forms import GovukFormMixin
from core.mail import email_queue


class SignInForm(GovukFormMixin, forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@force.police.uk",
        },
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
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
                "The email address or password is not right. Check them and try again.",
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
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        body = render_to_string(email_template_name, context)
        email_queue(to=to_email, subject=subject, body=body, secret=True)

    email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@force.police.uk",
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
        label="What will use this token?",
        help_text="For example: Power BI dashboard for the force's vulnerability board",
        max_length=100,
        error_messages={
            "required": "Enter a name for the token",
            "max_length": "Use 100 characters or fewer",
        },
    )


class NameForm(GovukFormMixin, forms.Form):
    full_name = forms.CharField(
        label="Your full name",
        help_text="As your colleagues know you: it shows beside what you write.",
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your full name",
            "max_length": "Enter a name of 200 characters or fewer",
        },
    )


class PasswordChangeForm(GovukFormMixin, auth_forms.PasswordChangeForm):
    """Django's form (the current password, then the new one twice, checked by
    AUTH_PASSWORD_VALIDATORS), with GOV.UK labels and messages."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Your current password"
        self.fields["old_password"].error_messages["required"] = "Enter your current password"
        self.fields["new_password1"].label = "New password"
        self.fields[
            "new_password1"
        ].help_text = "At least 12 characters. Not a common password, and not like your name or email."
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].label = "Type the new password again"
        self.fields["new_password2"].error_messages["required"] = "Type the new password again"
        self.error_messages = {
            **self.error_messages,
            "password_incorrect": "Your current password is not right. Check it and try again.",
            "password_mismatch": "The two new passwords are not the same",
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
                error_messages={"required": "Choose how you want these by email"},
            )
            self.fields[kind].error_messages["invalid_choice"] = "Choose one of the ways listed"
