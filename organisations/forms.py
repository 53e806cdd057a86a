from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from core.forms import GovukFormMixin
from organisations.services import roles_for

EMAIL_ERRORS = {
    "required": _("Enter their email address"),
    "invalid": _("Enter an email address in the correct format, like name@force.police.uk"),
    "max_length": _("Enter an email address of 254 characters or fewer"),
}


class InviteForm(GovukFormMixin, forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_("Their work email address. The invitation link works once, for 7 days."),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages=EMAIL_ERRORS,
    )
    role = forms.ChoiceField(
        label=_("Role"), widget=forms.RadioSelect, error_messages={"required": _("Choose their role")}
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = roles_for(organisation)
        self.fields["role"].error_messages["invalid_choice"] = _("Choose one of the roles listed")


class RoleForm(GovukFormMixin, forms.Form):
    role = forms.ChoiceField(
        label=_("Role"), widget=forms.RadioSelect, error_messages={"required": _("Choose their role")}
    )
    # The roles the page showed: a change made by someone else since is not overwritten.
    was = forms.CharField(widget=forms.HiddenInput, max_length=200)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = roles_for(organisation)
        self.fields["role"].error_messages["invalid_choice"] = _("Choose one of the roles listed")


class AcceptForm(GovukFormMixin, forms.Form):
    """A new account from an invitation: a name and a password, checked by Django's password
    validators (AUTH_PASSWORD_VALIDATORS)."""

    full_name = forms.CharField(
        label=_("Your full name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter your full name"),
            "max_length": _("Enter a name of 200 characters or fewer"),
        },
    )
    password = forms.CharField(
        label=_("Create a password"),
        strip=False,
        help_text=_("At least 12 characters. Not a common password, and not like your name or email."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Create a password")},
    )
    password_again = forms.CharField(
        label=_("Type the password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Type the password again")},
    )

    def __init__(self, *args, email, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        cleaned = super().clean()
        password, again = cleaned.get("password"), cleaned.get("password_again")
        if password and again and password != again:
            self.add_error("password_again", _("The two passwords are not the same"))
        elif password:
            from django.contrib.auth import get_user_model

            probe = get_user_model()(email=self.email, full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(password, probe)
            except forms.ValidationError as problems:
                self.add_error("password", problems)
        return cleaned


class SecondFactorsForm(GovukFormMixin, forms.Form):
    everyone = forms.TypedChoiceField(
        label=_("Who must use a second factor?"),
        choices=[
            ("yes", _("Everyone in the organisation")),
            ("no", _("Leads only (everyone else may choose to)")),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose who must use a second factor"),
            "invalid_choice": _("Choose one of the options listed"),
        },
    )
