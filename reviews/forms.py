from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.concurrency import OnceFormMixin, VersionedFormMixin
from core.forms import GovukDateField, GovukFormMixin
from framework.models import Action
from organisations.models import Organisation
from reviews.models import EvidenceRequest, FieldworkEntry, Finding, Response, TeamMember


class RequestForm(OnceFormMixin, GovukFormMixin, forms.Form):
    """A force's request for a peer review (or the national team's proposal, with the force)."""

    organisation = forms.ModelChoiceField(
        label=_("Force"),
        queryset=Organisation.objects.none(),
        error_messages={
            "required": _("Choose the force"),
            "invalid_choice": _("Choose a force from the list"),
        },
    )
    actions = forms.ModelMultipleChoiceField(
        label=_("Actions to review"),
        queryset=Action.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one action to review"),
            "invalid_choice": _("Choose actions from the list"),
            "invalid_pk_value": _("Choose actions from the list"),
        },
    )
    why = forms.CharField(
        label=_("Why a review, and why now"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": _("Say why a review is wanted"),
            "max_length": _("Use 5,000 characters or fewer"),
        },
    )
    preferred_from = GovukDateField(
        label=_("Earliest date for the fieldwork (optional)"), name=_("The earliest date")
    )
    preferred_to = GovukDateField(
        label=_("Latest date for the fieldwork (optional)"), name=_("The latest date")
    )

    def __init__(self, *args, forces, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = forces
        if len(forces) == 1:
            self.fields["organisation"].initial = forces[0]
            self.fields["organisation"].widget = forms.HiddenInput()
        actions = Action.objects.filter(version=version, scope=Action.Scope.FORCE).order_by("sort_key")
        self.fields["actions"].queryset = actions
        self.fields["actions"].label_from_instance = lambda a: f"{a.code} {a.title}"

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("preferred_from"), cleaned.get("preferred_to")
        if start and end and end < start:
            self.add_error("preferred_to", _("The latest date must be on or after the earliest"))
        return cleaned


class DecisionForm(GovukFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Your decision"),
        choices=[("accept", _("Accept the review")), ("decline", _("Decline it"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether to accept or decline the review")},
    )
    fieldwork_from = GovukDateField(
        label=_("Fieldwork starts (optional)"), name=_("The start of the fieldwork")
    )
    fieldwork_to = GovukDateField(label=_("Fieldwork ends (optional)"), name=_("The end of the fieldwork"))
    note = forms.CharField(
        label=_("Note to the force (needed to decline)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("Use 5,000 characters or fewer")},
    )

    def __init__(self, *args, schedules: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not schedules:
            # (a force agreeing to a proposal: the national team sets the dates)
            del self.fields["fieldwork_from"], self.fields["fieldwork_to"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "decline" and not cleaned.get("note", "").strip():
            self.add_error("note", _("Say why the review is declined"))
        start, end = cleaned.get("fieldwork_from"), cleaned.get("fieldwork_to")
        if start and end and end < start:
            self.add_error("fieldwork_to", _("The fieldwork must end on or after the day it starts"))
        return cleaned


class TeamMemberForm(GovukFormMixin, forms.Form):
    user = forms.TypedChoiceField(
        label=_("Reviewer"),
        coerce=int,
        error_messages={
            "required": _("Choose a reviewer"),
            "invalid_choice": _("Choose a reviewer from the list"),
        },
    )
    role = forms.ChoiceField(
        label=_("Role on the team"),
        choices=TeamMember.Role.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose their role"),
            "invalid_choice": _("Choose a role from the list"),
        },
    )
    conflict = forms.ChoiceField(
        label=_("Conflict of interest"),
        choices=[
            ("none", _("Checked: no current or recent link with the force")),
            ("declared", _("A link is declared (say what it is, and why it does not stop them)")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether the reviewer has a link with the force")},
    )
    statement = forms.CharField(
        label=_("The declared link (if any)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("Use 2,000 characters or fewer")},
    )

    def __init__(self, *args, reviewers, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {u.pk: u for u in reviewers}
        self.fields["user"].choices = [("", _("Choose a reviewer"))] + [
            (u.pk, u.full_name or u.email) for u in reviewers
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("conflict") == "declared" and not cleaned.get("statement", "").strip():
            self.add_error(
                "statement",
                _("Say what the reviewer's link with the force is, and why it does not stop them"),
            )
        return cleaned


class QuestionForm(GovukFormMixin, forms.Form):
    action = forms.TypedChoiceField(
        label=_("Action"),
        coerce=int,
        error_messages={
            "required": _("Choose the action"),
            "invalid_choice": _("Choose one of the review's actions"),
        },
    )
    text = forms.CharField(
        label=_("Question"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": _("Write the question"),
            "max_length": _("Use 2,000 characters or fewer"),
        },
    )

    def __init__(self, *args, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.by_pk = {a.pk: a for a in actions}
        self.fields["action"].choices = [(a.pk, f"{a.code} {a.title}") for a in actions]


class EvidenceRequestForm(OnceFormMixin, GovukFormMixin, forms.Form):
    title = forms.CharField(
        label=_("What the force is asked for"),
        max_length=200,
        error_messages={
            "required": _("Say what the force is asked for"),
            "max_length": _("Use 200 characters or fewer"),
        },
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=EvidenceRequest.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose what kind of evidence it is"),
            "invalid_choice": _("Choose a kind from the list"),
        },
    )
    detail = forms.CharField(
        label=_("Detail (optional)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For a case sample, say how many cases and how they are chosen. Never ask for names."),
        error_messages={"max_length": _("Use 5,000 characters or fewer")},
    )
    due_on = GovukDateField(
        label=_("Due by"),
        name=_("The due date"),
        required=True,
        error_messages={"required": _("Enter the date it is due by")},
    )


class EvidenceUploadForm(GovukFormMixin, forms.Form):
    file_title = forms.CharField(label=_("Title of the file (optional)"), required=False, max_length=200)
    upload = forms.FileField(
        label=_("File"),
        help_text=_("PDF, Word, Excel, PowerPoint, PNG or JPEG, at most 10 MB"),
        error_messages={"required": _("Choose a file to upload"), "empty": _("The file is empty")},
    )


class CannotProvideForm(GovukFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why the force cannot provide it"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Say why the force cannot provide it"),
            "max_length": _("Use 2,000 characters or fewer"),
        },
    )


class FieldworkForm(OnceFormMixin, GovukFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("What was done"),
        choices=FieldworkEntry.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what was done"), "invalid_choice": _("Choose from the list")},
    )
    held_on = GovukDateField(
        label=_("When"), name=_("The date"), required=True, error_messages={"required": _("Enter the date")}
    )
    participants = forms.CharField(
        label=_("Who took part, by role"),
        max_length=500,
        help_text=_("Roles only, never names: for example, three response officers and a sergeant"),
        error_messages={
            "required": _("Say who took part, by role"),
            "max_length": _("Use 500 characters or fewer"),
        },
    )
    notes = forms.CharField(
        label=_("Notes"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Kept inside the review team: the force does not see them."),
        error_messages={
            "required": _("Write what was found"),
            "max_length": _("Use 20,000 characters or fewer"),
        },
    )
    actions = forms.TypedMultipleChoiceField(
        label=_("The actions it informs"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose which of the review's actions it informs"),
            "invalid_choice": _("Choose one of the review's actions"),
        },
    )

    def __init__(self, *args, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.by_pk = {a.pk: a for a in actions}
        self.fields["actions"].choices = [(a.pk, f"{a.code} {a.title}") for a in actions]


class FindingForm(OnceFormMixin, GovukFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of finding"),
        choices=Finding.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the kind of finding"),
            "invalid_choice": _("Choose from the list"),
        },
    )
    action = forms.TypedChoiceField(
        label=_("Action"),
        coerce=int,
        error_messages={
            "required": _("Choose the action"),
            "invalid_choice": _("Choose one of the review's actions"),
        },
    )
    text = forms.CharField(
        label=_("The finding"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write the finding"), "max_length": _("Use 5,000 characters or fewer")},
    )
    suggested_step = forms.CharField(
        label=_("Suggested step (for an opportunity for improvement)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": _("Use 2,000 characters or fewer")},
    )
    evidence = forms.TypedMultipleChoiceField(
        label=_("Evidence behind it (optional)"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose evidence of this review")},
    )
    fieldwork = forms.TypedMultipleChoiceField(
        label=_("Fieldwork behind it (optional)"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose fieldwork of this review")},
    )

    def __init__(self, *args, actions, evidence, fieldwork, **kwargs):
        super().__init__(*args, **kwargs)
        self.by_pk = {a.pk: a for a in actions}
        self.evidence_by_pk = {e.pk: e for e in evidence}
        self.fieldwork_by_pk = {f.pk: f for f in fieldwork}
        self.fields["action"].choices = [("", _("Choose the action"))] + [
            (a.pk, f"{a.code} {a.title}") for a in actions
        ]
        self.fields["evidence"].choices = [(e.pk, e.title) for e in evidence]
        self.fields["fieldwork"].choices = [
            (f.pk, f"{f.get_kind_display()}, {date_format(f.held_on, 'j F Y')}: {f.participants}")
            for f in fieldwork
        ]
        if not evidence:
            del self.fields["evidence"]
        if not fieldwork:
            del self.fields["fieldwork"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == Finding.Kind.OPPORTUNITY and not cleaned.get("suggested_step", "").strip():
            self.add_error("suggested_step", _("Suggest a step for the opportunity for improvement"))
        return cleaned


class ReportDraftForm(GovukFormMixin, forms.Form):
    summary = forms.CharField(
        label=_("Summary"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What the review found overall. The findings follow it, action by action."),
        error_messages={
            "required": _("Write the report's summary"),
            "max_length": _("Use 10,000 characters or fewer"),
        },
    )


class ReportCommentForm(OnceFormMixin, GovukFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Your comment on its factual accuracy"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Write your comment"),
            "max_length": _("Use 5,000 characters or fewer"),
        },
    )


class ResponseForm(VersionedFormMixin, GovukFormMixin, forms.Form):
    action_text = forms.CharField(
        label=_("What the force will do"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Say what the force will do"),
            "max_length": _("Use 5,000 characters or fewer"),
        },
    )
    owner = forms.TypedChoiceField(
        label=_("Owner"),
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": _("Choose an owner from the list")},
    )
    due_on = GovukDateField(
        label=_("Due by"),
        name=_("The due date"),
        required=True,
        error_messages={"required": _("Enter the date it is due by")},
    )
    status = forms.ChoiceField(
        label=_("Where it stands"),
        choices=Response.Status.choices,
        widget=forms.RadioSelect,
        initial=Response.Status.OPEN,
        error_messages={"required": _("Say where it stands"), "invalid_choice": _("Choose from the list")},
    )
    progress = forms.CharField(
        label=_("Progress, or why it is not taken forward"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("Use 5,000 characters or fewer")},
    )

    def __init__(self, *args, people, response=None, **kwargs):
        initial = (
            {
                "action_text": response.action_text,
                "owner": response.owner_id,
                "due_on": response.due_on,
                "status": response.status,
                "progress": response.progress,
            }
            if response
            else {}
        )
        super().__init__(*args, initial=initial, **kwargs)
        self.people = {p.pk: p for p in people}
        self.fields["owner"].choices = [("", _("Nobody yet"))] + [
            (p.pk, p.full_name or p.email) for p in people
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == Response.Status.EXPLAINED and not cleaned.get("progress", "").strip():
            self.add_error("progress", _("Explain why it is not taken forward"))
        return cleaned

    def values(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k != "version"}
        data["owner"] = self.people.get(data["owner"]) if data.get("owner") else None
        return data


class ShareForm(GovukFormMixin, forms.Form):
    forces = forms.TypedMultipleChoiceField(
        label=_("Share the report with these forces (optional)"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose forces from the list")},
    )
    publish_summary = forms.BooleanField(label=_("Publish the summary to everyone signed in"), required=False)

    def __init__(self, *args, review, forces, **kwargs):
        super().__init__(
            *args,
            initial={
                "forces": list(review.shared_with.values_list("pk", flat=True)),
                "publish_summary": review.summary_published,
            },
            **kwargs,
        )
        self.by_pk = {f.pk: f for f in forces if f.pk != review.organisation_id}
        self.fields["forces"].choices = [(pk, f.name) for pk, f in self.by_pk.items()]
