"""The one bridge between Django forms and GOV.UK Frontend markup.

Forms that mix in GovukFormMixin get the GOV.UK classes on their widgets; the renderer
draws every field with the templates in core/templates/core/forms/, so views and
templates never write component markup by hand.
"""

import re
from datetime import date
from typing import TYPE_CHECKING

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms.renderers import DjangoTemplates
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

_WIDGET_CLASSES = {
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.CheckboxInput: "govuk-checkboxes__input",
    forms.RadioSelect: "govuk-radios__input",
    forms.CheckboxSelectMultiple: "govuk-checkboxes__input",
    forms.ClearableFileInput: "govuk-file-upload",
    forms.FileInput: "govuk-file-upload",
}


class GovukDateInput(forms.MultiWidget):
    """The GOV.UK date input: day, month and year in three boxes of numbers. A whole date
    sent under the field's own name ("2026-03-31", as scripts and older pages send it) is
    read too."""

    template_name = "core/forms/date_input.html"

    def __init__(self, attrs=None):
        boxes: dict[str, forms.Widget | type[forms.Widget]] = {
            part: forms.TextInput(attrs={"inputmode": "numeric"}) for part in ("day", "month", "year")
        }
        super().__init__(boxes, attrs)

    def decompress(self, value):
        if isinstance(value, str):
            found = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", value.strip())
            return [found.group(3), found.group(2), found.group(1)] if found else [None, None, None]
        if isinstance(value, date):
            return [value.day, value.month, value.year]
        return [None, None, None]

    def value_from_datadict(self, data, files, name):
        if name in data:
            whole = (data.get(name) or "").strip()
            parts = self.decompress(whole)
            # Something that is not a date at all is kept, so that it is refused, not lost.
            return parts if parts != [None, None, None] or not whole else [whole, whole, whole]
        return super().value_from_datadict(data, files, name)

    def value_omitted_from_data(self, data, files, name):
        return name not in data and super().value_omitted_from_data(data, files, name)


class GovukDateField(forms.MultiValueField):
    """A date asked for with the GOV.UK date input, refused with the GOV.UK pattern's messages:
    "<label> must include a month", "<label> must be a real date"."""

    widget = GovukDateInput

    def __init__(self, *, label: str, required: bool = False, name: str = "", **kwargs):
        self.name = name or label
        parts = (
            forms.CharField(required=False),
            forms.CharField(required=False),
            forms.CharField(required=False),
        )
        messages = {
            "required": f"Enter {self.name[0].lower()}{self.name[1:]}",
            **kwargs.pop("error_messages", {}),
        }
        super().__init__(
            fields=parts,
            require_all_fields=False,
            required=required,
            label=label,
            error_messages=messages,
            **kwargs,
        )

    def compress(self, data_list):
        day, month, year = (
            (str(v).strip() if v is not None else "") for v in (list(data_list) + [None] * 3)[:3]
        )
        if not (day or month or year):
            return None
        missing = tuple(part for part, given in (("day", day), ("month", month), ("year", year)) if not given)
        if missing:
            raise ValidationError(_MISSING[missing].format(name=self.name))
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise ValidationError(_("{name} must be a real date").format(name=self.name))
        if len(year) != 4:
            raise ValidationError(
                _("The year of {name} must have 4 numbers").format(name=_lower_first(self.name))
            )
        try:
            return date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(_("{name} must be a real date").format(name=self.name)) from None


# What a date with parts left out says, by the parts left out (all three: no date at all).
_MISSING = {
    ("day",): _("{name} must include a day"),
    ("month",): _("{name} must include a month"),
    ("year",): _("{name} must include a year"),
    ("day", "month"): _("{name} must include a day and a month"),
    ("day", "year"): _("{name} must include a day and a year"),
    ("month", "year"): _("{name} must include a month and a year"),
}


def _lower_first(text) -> str:
    text = str(text)
    return text[:1].lower() + text[1:]


lower_first = lazy(_lower_first, str)


def choice_field(label, choices, message, *, radios=True, required=True, help_text=""):
    """A choice as radios, or as a select that starts blank (nothing chosen for the person),
    answering a missing or unknown value with `message`."""
    return forms.ChoiceField(
        label=label,
        choices=choices if radios else [("", _("Choose"))] + list(choices),
        required=required,
        help_text=help_text,
        widget=forms.RadioSelect if radios else forms.Select,
        error_messages={"required": message, "invalid_choice": message},
    )


def text_field(label, *, required=True, rows=4, max_length=5000, required_message="", help_text=""):
    """A text area with the GOV.UK messages: "Enter <label>", "Use N characters or fewer"."""
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "required": required_message or format_lazy(_("Enter {label}"), label=lower_first(label)),
            "max_length": format_lazy(_("Use {count} characters or fewer"), count=f"{max_length:,}"),
        },
    )


class _WrittenInField(forms.ChoiceField):
    def clean(self, value):
        from core import languages

        return super().clean(value) or languages.current()


def written_in_field():
    """Which language the person is writing in: the page's language unless they say otherwise
    (kept with the text: core.languages.written_in_model_field). Left out of a post, it is the
    page's language."""
    from core import languages

    field = _WrittenInField(
        label=_("Language you are writing in"),
        choices=settings.LANGUAGES,
        initial=languages.current,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose English or Cymraeg")},
    )
    field.inline = True  # type: ignore[attr-defined]
    field.options_name_languages = True  # type: ignore[attr-defined] # each in its own language
    return field


class GovukFormRenderer(DjangoTemplates):
    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"


# For the type checker, the mixins below are forms (they are only ever mixed into one).
if TYPE_CHECKING:
    _FormBase = forms.BaseForm
else:
    _FormBase = object


class GovukFormMixin(_FormBase):
    """Adds GOV.UK classes and error state to every widget of the form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.govuk_style()

    def govuk_style(self) -> None:
        """Gives each widget its GOV.UK class; a form that adds fields after __init__ calls it
        again (a widget already styled is left alone)."""
        for _name, field in self.fields.items():
            widget = field.widget
            css = next(
                (c for cls, c in _WIDGET_CLASSES.items() if isinstance(widget, cls)),
                "govuk-input",
            )
            if css in widget.attrs.get("class", "").split():
                continue
            widget.attrs["class"] = f"{css} {widget.attrs.get('class', '')}".strip()
            # Hints and errors are announced with their field by Django's own aria-describedby
            # ("<id>_helptext", "<id>_error"), worked out when the field is drawn; the field
            # templates use those ids, so nothing is set here.

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name not in self.fields:
                continue
            widget = self.fields[name].widget
            base = widget.attrs.get("class", "").split(" ")[0]
            if base and "__" not in base:
                widget.attrs["class"] += f" {base}--error"

    def error_summary_items(self):
        """Pairs of (anchor id, message) for the GOV.UK error summary."""
        items = []
        auto_id = str(self.auto_id)
        for name, errors in self.errors.items():
            if name == "__all__" or name not in self.fields:
                anchor = "#main-content"
            elif isinstance(
                self.fields[name].widget, (forms.RadioSelect, forms.CheckboxSelectMultiple, GovukDateInput)
            ):
                anchor = f"#{auto_id % self.add_prefix(name)}_0"
            else:
                anchor = f"#{auto_id % self.add_prefix(name)}"
            for error in errors:
                items.append((anchor, error))
        return items


def drawn(form, key: str):
    """A form as the page shows it: a bound form (with its values and errors) as it is; an
    unbound one drawn once for `key` and kept in this process, since a blank form's markup is
    the same for everyone until what it is drawn from changes. `key` must name all of that
    (the field set, choices, help text, initial values); the CSRF token is never inside."""
    if form.is_bound:
        return form
    from core.cache import kept

    return kept(f"drawn-form:{key}", lambda: str(form), local=True)


def posted(request):
    """The POST data for a form, even when empty, so an empty POST is still validated."""
    return request.POST if request.method == "POST" else None


def render_checked(
    request, template, context, form=None, problems=None, anchor="#main-content", *, items=(), title=None
):
    """The one way a page with problems is drawn. `form` is a form or a list of forms;
    `problems` are row problems or messages (each linking to `anchor`, or to anchor(problem)
    when it is callable); `items` are ready (anchor, message) pairs. If there is any problem,
    the page is a 400 with the GOV.UK error summary and "Error:" before its title."""
    from django.shortcuts import render

    forms_ = [f for f in (form if isinstance(form, (list, tuple)) else [form]) if f is not None]
    summary = [item for f in forms_ if f.is_bound and f.errors for item in f.error_summary_items()]
    summary += list(items)
    summary += [(anchor(p) if callable(anchor) else anchor, str(p)) for p in problems or []]
    if summary:
        context = {**context, "summary_items": summary, "has_errors": True, "summary_title": title}
    return render(request, template, context, status=400 if summary else 200)
