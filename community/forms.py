"""The community's forms, each saying what is wrong in the GOV.UK way."""

import re
from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.models import Report, Space, Thread
from core.concurrency import OnceFormMixin, VersionedFormMixin
from core.forms import GovukDateField, GovukFormMixin, written_in_field
from core.forms import choice_field as _choice
from core.forms import text_field as _text

WRITING_HINT = _(
    "Write **bold**, *italics*, lists starting with - or 1., and links as [words](https://address). "
    "Mention someone as @[Their Name] to tell them. No case details or personal data."
)
FILE_HINT = _("Optional. PDF, Word, Excel, PowerPoint, PNG or JPEG, at most 10 MB")


def _upload():
    return forms.FileField(
        label=_("Attach a file"),
        required=False,
        help_text=FILE_HINT,
        error_messages={"empty": _("The file is empty"), "invalid": _("Choose a file to attach")},
    )


class SpaceForm(OnceFormMixin, VersionedFormMixin, GovukFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=120,
        error_messages={
            "required": _("Enter the space's name"),
            "max_length": _("Use 120 characters or fewer"),
        },
    )
    summary = _text(_("What the space is for"), max_length=1000, rows=3)
    access = _choice(_("Who can join"), Space.Access.choices, _("Choose who can join"))


class ThreadForm(OnceFormMixin, GovukFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("What are you starting?"), widget=forms.RadioSelect)
    title = forms.CharField(
        label=_("Title"),
        max_length=150,
        error_messages={"required": _("Enter a title"), "max_length": _("Use 150 characters or fewer")},
    )
    body = _text(_("Your message"), max_length=10_000, rows=8, help_text=WRITING_HINT)
    written_in = written_in_field()
    upload = _upload()
    starts_on = GovukDateField(label=_("Event date"), required=False, name=_("The event date"))
    starts_time = forms.CharField(
        label=_("Start time"), required=False, max_length=5, help_text=_("For example, 14:30")
    )
    joining = forms.CharField(
        label=_("How to join"),
        required=False,
        max_length=500,
        help_text=_("For example, the Teams link or the venue"),
        error_messages={"max_length": _("Use 500 characters or fewer")},
    )
    practice_entry = forms.ChoiceField(label=_("Practice example"), required=False)

    def __init__(self, *args, facilitates: bool, entries: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        kinds = [
            (k, label) for k, label in Thread.Kind.choices if facilitates or k != Thread.Kind.ANNOUNCEMENT
        ]
        if not entries:
            kinds = [(k, label) for k, label in kinds if k != Thread.Kind.PRACTICE]
        self.fields["kind"].choices = kinds
        self.fields["kind"].error_messages = {
            "required": _("Choose what you are starting"),
            "invalid_choice": _("Choose what you are starting"),
        }
        self.fields["practice_entry"].choices = [("", _("Choose"))] + entries
        self.fields["practice_entry"].error_messages = {
            "invalid_choice": _("Choose a published practice example")
        }
        self.fields["practice_entry"].help_text = _(
            "Published examples on this action, from the practice library"
        )
        self.initial.setdefault("kind", Thread.Kind.DISCUSSION)
        self.govuk_style()

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == Thread.Kind.EVENT:
            day, time = data.get("starts_on"), (data.get("starts_time") or "").strip()
            if day is None and "starts_on" not in self.errors:
                self.add_error("starts_on", _("Enter the event date"))
            found = re.fullmatch(r"([01]?\d|2[0-3])[:.]([0-5]\d)", time)
            if not found:
                self.add_error("starts_time", _("Enter the start time as hours and minutes, like 14:30"))
            elif day is not None:
                data["starts_at"] = timezone.make_aware(
                    datetime(day.year, day.month, day.day, int(found.group(1)), int(found.group(2)))
                )
        if kind == Thread.Kind.PRACTICE and not data.get("practice_entry"):
            self.add_error("practice_entry", _("Choose the practice example to share"))
        return data


class ReplyForm(OnceFormMixin, GovukFormMixin, forms.Form):
    body = _text(_("Your reply"), max_length=10_000, rows=6, help_text=WRITING_HINT)
    written_in = written_in_field()
    upload = _upload()


class EditForm(VersionedFormMixin, GovukFormMixin, forms.Form):
    body = _text(_("Message"), max_length=10_000, rows=8, help_text=WRITING_HINT)
    written_in = written_in_field()
    note = forms.CharField(
        label=_("Why are you editing it?"),
        required=False,
        max_length=300,
        help_text=_("Facilitators editing someone else's post: the author is told this"),
        error_messages={"max_length": _("Use 300 characters or fewer")},
    )


class MaterialsForm(VersionedFormMixin, GovukFormMixin, forms.Form):
    materials = _text(
        _("Materials from the event"),
        max_length=10_000,
        rows=6,
        help_text=_("Links to slides, recordings and notes"),
    )


class ReportForm(GovukFormMixin, forms.Form):
    reason = _choice(
        _("Why are you reporting this post?"), Report.Reason.choices, _("Choose why you are reporting it")
    )
    detail = forms.CharField(
        label=_("Anything the facilitators should know (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The author is not told who reported it"),
        error_messages={"max_length": _("Use 500 characters or fewer")},
    )


class NoteForm(GovukFormMixin, forms.Form):
    """Why a facilitator takes a step: kept in the moderation record."""

    note = forms.CharField(
        label=_("Why?"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the moderation record; the member is told"),
        error_messages={
            "required": _("Say why, for the moderation record"),
            "max_length": _("Use 300 characters or fewer"),
        },
    )


class LockForm(NoteForm):
    """Why a thread is locked or unlocked: optional, kept in the moderation record."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].required = False
        self.fields["note"].label = _("Why? (optional)")
        self.fields["note"].help_text = _("Kept in the moderation record")


class InviteForm(GovukFormMixin, forms.Form):
    email = forms.EmailField(
        label=_("Their email address"),
        error_messages={
            "required": _("Enter their email address"),
            "invalid": _("Enter an email address like name@force.police.uk"),
        },
    )


class OfficialForm(GovukFormMixin, forms.Form):
    on_action_page = forms.BooleanField(
        label=_("Also show it on the action's page as guidance"), required=False
    )


class SearchForm(GovukFormMixin, forms.Form):
    q = forms.CharField(label=_("Search the community"), max_length=200, required=False)
    space = forms.ChoiceField(label=_("Space"), required=False)
    kind = forms.ChoiceField(label=_("Type"), required=False)

    def __init__(self, *args, spaces: list[Space], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["space"].choices = [("", _("All spaces"))] + [(s.slug, s.name) for s in spaces]
        self.fields["space"].error_messages = {"invalid_choice": _("Choose a space from the list")}
        self.fields["kind"].choices = [("", _("All types"))] + list(Thread.Kind.choices)
        self.fields["kind"].error_messages = {"invalid_choice": _("Choose a type from the list")}
        self.govuk_style()
