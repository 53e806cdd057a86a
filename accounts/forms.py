from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth import forms as auth_forms

from accounts import services
from core.forms import GovukFormMixin


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
        ip = client_ip(self.request)
        if services.sign_in_is_throttled(email=email, ip_address=ip):
            raise forms.ValidationError(services.throttled_message(), code="throttled")
        user = authenticate(self.request, email=email.lower(), password=password)
        if user is None:
            services.sign_in_failure_record(email=email, ip_address=ip)
            raise forms.ValidationError(
                "The email address or password is not right. Check them and try again.",
                code="invalid_login",
            )
        services.sign_in_success_record(email=email)
        self.user = user
        return cleaned


class PasswordResetForm(GovukFormMixin, auth_forms.PasswordResetForm):
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
    pass


def client_ip(request) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


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
