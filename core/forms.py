"""The one bridge between Django forms and GOV.UK Frontend markup.

Forms that mix in GovukFormMixin get the GOV.UK classes on their widgets; the renderer
draws every field with the templates in core/templates/core/forms/, so views and
templates never write component markup by hand.
"""

from typing import TYPE_CHECKING

from django import forms
from django.forms.renderers import DjangoTemplates

_WIDGET_CLASSES = {
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.CheckboxInput: "govuk-checkboxes__input",
    forms.RadioSelect: "govuk-radios__input",
    forms.CheckboxSelectMultiple: "govuk-checkboxes__input",
    forms.ClearableFileInput: "govuk-file-upload",
    forms.FileInput: "govuk-file-upload",
}


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
            elif isinstance(self.fields[name].widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
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
