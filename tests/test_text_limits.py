"""Every text a form accepts fits where it is stored: a limit is met in the form, with a
message, never by the database refusing half a write."""

import importlib
import inspect

import pytest
from django import forms
from django.apps import apps

APPS = ["accounts", "organisations", "benchmarking", "impact", "practice"]
# Passwords are checked against, or turned into, a hash: never stored as typed.
NOT_STORED = {
    ("SignInForm", "password"),
    ("SetPasswordForm", "new_password1"),
    ("SetPasswordForm", "new_password2"),
    ("PasswordChangeForm", "old_password"),
    ("PasswordChangeForm", "new_password1"),
    ("PasswordChangeForm", "new_password2"),
    ("AcceptForm", "password"),
    ("AcceptForm", "password_again"),
}


def _char_fields():
    for app in APPS:
        module = importlib.import_module(f"{app}.forms")
        for name, form in inspect.getmembers(module, inspect.isclass):
            if not issubclass(form, forms.BaseForm) or form.__module__ != module.__name__:
                continue
            for field_name, field in form.base_fields.items():
                if isinstance(field, forms.CharField) and not isinstance(field.widget, forms.HiddenInput):
                    yield app, name, field_name, field


@pytest.mark.parametrize(
    "app,form,name,field", [pytest.param(*row, id=f"{row[1]}.{row[2]}") for row in _char_fields()]
)
def test_every_text_field_has_a_limit_that_fits_its_column(app, form, name, field):
    if (form, name) in NOT_STORED:
        return
    assert field.max_length is not None, f"{form}.{name} has no length limit"
    for model in apps.get_app_config(app).get_models():
        try:
            column = model._meta.get_field(name)
        except Exception:  # noqa: BLE001 - the form field is not a column of this model
            continue
        limit = getattr(column, "max_length", None)
        if limit:
            assert field.max_length <= limit, (
                f"{form}.{name} takes {field.max_length}, {model.__name__} holds {limit}"
            )
