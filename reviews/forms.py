from django import forms

from core.concurrency import OnceFormMixin, VersionedFormMixin
from core.forms import GovukDateField, GovukFormMixin
from framework.models import Action
from organisations.models import Organisation
from reviews.models import EvidenceRequest, FieldworkEntry, Finding, Response, TeamMember


class RequestForm(OnceFormMixin, GovukFormMixin, forms.Form):
    """A force's request for a peer review (or the national team's proposal, with the force)."""

    organisation = forms.ModelChoiceField(
        label="Force",
        queryset=Organisation.objects.none(),
        error_messages={"required": "Choose the force", "invalid_choice": "Choose a force from the list"},
    )
    actions = forms.ModelMultipleChoiceField(
        label="Actions to review",
        queryset=Action.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose at least one action to review",
            "invalid_choice": "Choose actions from the list",
            "invalid_pk_value": "Choose actions from the list",
        },
    )
    why = forms.CharField(
        label="Why a review, and why now",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": "Say why a review is wanted",
            "max_length": "Use 5,000 characters or fewer",
        },
    )
    preferred_from = GovukDateField(
        label="Earliest date for the fieldwork (optional)", name="The earliest date"
    )
    preferred_to = GovukDateField(label="Latest date for the fieldwork (optional)", name="The latest date")

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
            self.add_error("preferred_to", "The latest date must be on or after the earliest")
        return cleaned


class DecisionForm(GovukFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[("accept", "Accept the review"), ("decline", "Decline it")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to accept or decline the review"},
    )
    fieldwork_from = GovukDateField(label="Fieldwork starts (optional)", name="The start of the fieldwork")
    fieldwork_to = GovukDateField(label="Fieldwork ends (optional)", name="The end of the fieldwork")
    note = forms.CharField(
        label="Note to the force (needed to decline)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "Use 5,000 characters or fewer"},
    )

    def __init__(self, *args, schedules: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not schedules:
            # (a force agreeing to a proposal: the national team sets the dates)
            del self.fields["fieldwork_from"], self.fields["fieldwork_to"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "decline" and not cleaned.get("note", "").strip():
            self.add_error("note", "Say why the review is declined")
        start, end = cleaned.get("fieldwork_from"), cleaned.get("fieldwork_to")
        if start and end and end < start:
            self.add_error("fieldwork_to", "The fieldwork must end on or after the day it starts")
        return cleaned


class TeamMemberForm(GovukFormMixin, forms.Form):
    user = forms.TypedChoiceField(
        label="Reviewer",
        coerce=int,
        error_messages={"required": "Choose a reviewer", "invalid_choice": "Choose a reviewer from the list"},
    )
    role = forms.ChoiceField(
        label="Role on the team",
        choices=TeamMember.Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose their role", "invalid_choice": "Choose a role from the list"},
    )
    conflict = forms.ChoiceField(
        label="Conflict of interest",
        choices=[
            ("none", "Checked: no current or recent link with the force"),
            ("declared", "A link is declared (say what it is, and why it does not stop them)"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the reviewer has a link with the force"},
    )
    statement = forms.CharField(
        label="The declared link (if any)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "Use 2,000 characters or fewer"},
    )

    def __init__(self, *args, reviewers, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {u.pk: u for u in reviewers}
        self.fields["user"].choices = [("", "Choose a reviewer")] + [
            (u.pk, u.full_name or u.email) for u in reviewers
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("conflict") == "declared" and not cleaned.get("statement", "").strip():
            self.add_error(
                "statement", "Say what the reviewer's link with the force is, and why it does not stop them"
            )
        return cleaned


class QuestionForm(GovukFormMixin, forms.Form):
    action = forms.TypedChoiceField(
        label="Action",
        coerce=int,
        error_messages={
            "required": "Choose the action",
            "invalid_choice": "Choose one of the review's actions",
        },
    )
    text = forms.CharField(
        label="Question",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Write the question", "max_length": "Use 2,000 characters or fewer"},
    )

    def __init__(self, *args, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.by_pk = {a.pk: a for a in actions}
        self.fields["action"].choices = [(a.pk, f"{a.code} {a.title}") for a in actions]


class EvidenceRequestForm(OnceFormMixin, GovukFormMixin, forms.Form):
    title = forms.CharField(
        label="What the force is asked for",
        max_length=200,
        error_messages={
            "required": "Say what the force is asked for",
            "max_length": "Use 200 characters or fewer",
        },
    )
    kind = forms.ChoiceField(
        label="Kind",
        choices=EvidenceRequest.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose what kind of evidence it is",
            "invalid_choice": "Choose a kind from the list",
        },
    )
    detail = forms.CharField(
        label="Detail (optional)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For a case sample, say how many cases and how they are chosen. Never ask for names.",
        error_messages={"max_length": "Use 5,000 characters or fewer"},
    )
    due_on = GovukDateField(
        label="Due by",
        name="The due date",
        required=True,
        error_messages={"required": "Enter the date it is due by"},
    )


class EvidenceUploadForm(GovukFormMixin, forms.Form):
    file_title = forms.CharField(label="Title of the file (optional)", required=False, max_length=200)
    upload = forms.FileField(
        label="File",
        help_text="PDF, Word, Excel, PowerPoint, PNG or JPEG, at most 10 MB",
        error_messages={"required": "Choose a file to upload", "empty": "The file is empty"},
    )


class CannotProvideForm(GovukFormMixin, forms.Form):
    reason = forms.CharField(
        label="Why the force cannot provide it",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Say why the force cannot provide it",
            "max_length": "Use 2,000 characters or fewer",
        },
    )


class FieldworkForm(OnceFormMixin, GovukFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="What was done",
        choices=FieldworkEntry.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what was done", "invalid_choice": "Choose from the list"},
    )
    held_on = GovukDateField(
        label="When", name="The date", required=True, error_messages={"required": "Enter the date"}
    )
    participants = forms.CharField(
        label="Who took part, by role",
        max_length=500,
        help_text="Roles only, never names: for example, three response officers and a sergeant",
        error_messages={
            "required": "Say who took part, by role",
            "max_length": "Use 500 characters or fewer",
        },
    )
    notes = forms.CharField(
        label="Notes",
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Kept inside the review team: the force does not see them.",
        error_messages={"required": "Write what was found", "max_length": "Use 20,000 characters or fewer"},
    )
    actions = forms.TypedMultipleChoiceField(
        label="The actions it informs",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose which of the review's actions it informs",
            "invalid_choice": "Choose one of the review's actions",
        },
    )

    def __init__(self, *args, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.by_pk = {a.pk: a for a in actions}
        self.fields["actions"].choices = [(a.pk, f"{a.code} {a.title}") for a in actions]


class FindingForm(OnceFormMixin, GovukFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="Kind of finding",
        choices=Finding.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of finding", "invalid_choice": "Choose from the list"},
    )
    action = forms.TypedChoiceField(
        label="Action",
        coerce=int,
        error_messages={
            "required": "Choose the action",
            "invalid_choice": "Choose one of the review's actions",
        },
    )
    text = forms.CharField(
        label="The finding",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Write the finding", "max_length": "Use 5,000 characters or fewer"},
    )
    suggested_step = forms.CharField(
        label="Suggested step (for an opportunity for improvement)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": "Use 2,000 characters or fewer"},
    )
    evidence = forms.TypedMultipleChoiceField(
        label="Evidence behind it (optional)",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose evidence of this review"},
    )
    fieldwork = forms.TypedMultipleChoiceField(
        label="Fieldwork behind it (optional)",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose fieldwork of this review"},
    )

    def __init__(self, *args, actions, evidence, fieldwork, **kwargs):
        super().__init__(*args, **kwargs)
        self.by_pk = {a.pk: a for a in actions}
        self.evidence_by_pk = {e.pk: e for e in evidence}
        self.fieldwork_by_pk = {f.pk: f for f in fieldwork}
        self.fields["action"].choices = [("", "Choose the action")] + [
            (a.pk, f"{a.code} {a.title}") for a in actions
        ]
        self.fields["evidence"].choices = [(e.pk, e.title) for e in evidence]
        self.fields["fieldwork"].choices = [
            (f.pk, f"{f.get_kind_display()}, {f.held_on:%-d %B %Y}: {f.participants}") for f in fieldwork
        ]
        if not evidence:
            del self.fields["evidence"]
        if not fieldwork:
            del self.fields["fieldwork"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == Finding.Kind.OPPORTUNITY and not cleaned.get("suggested_step", "").strip():
            self.add_error("suggested_step", "Suggest a step for the opportunity for improvement")
        return cleaned


class ReportDraftForm(GovukFormMixin, forms.Form):
    summary = forms.CharField(
        label="Summary",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What the review found overall. The findings follow it, action by action.",
        error_messages={
            "required": "Write the report's summary",
            "max_length": "Use 10,000 characters or fewer",
        },
    )


class ReportCommentForm(OnceFormMixin, GovukFormMixin, forms.Form):
    text = forms.CharField(
        label="Your comment on its factual accuracy",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Write your comment", "max_length": "Use 5,000 characters or fewer"},
    )


class ResponseForm(VersionedFormMixin, GovukFormMixin, forms.Form):
    action_text = forms.CharField(
        label="What the force will do",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Say what the force will do",
            "max_length": "Use 5,000 characters or fewer",
        },
    )
    owner = forms.TypedChoiceField(
        label="Owner",
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": "Choose an owner from the list"},
    )
    due_on = GovukDateField(
        label="Due by",
        name="The due date",
        required=True,
        error_messages={"required": "Enter the date it is due by"},
    )
    status = forms.ChoiceField(
        label="Where it stands",
        choices=Response.Status.choices,
        widget=forms.RadioSelect,
        initial=Response.Status.OPEN,
        error_messages={"required": "Say where it stands", "invalid_choice": "Choose from the list"},
    )
    progress = forms.CharField(
        label="Progress, or why it is not taken forward",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "Use 5,000 characters or fewer"},
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
        self.fields["owner"].choices = [("", "Nobody yet")] + [(p.pk, p.full_name or p.email) for p in people]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == Response.Status.EXPLAINED and not cleaned.get("progress", "").strip():
            self.add_error("progress", "Explain why it is not taken forward")
        return cleaned

    def values(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k != "version"}
        data["owner"] = self.people.get(data["owner"]) if data.get("owner") else None
        return data


class ShareForm(GovukFormMixin, forms.Form):
    forces = forms.TypedMultipleChoiceField(
        label="Share the report with these forces (optional)",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose forces from the list"},
    )
    publish_summary = forms.BooleanField(label="Publish the summary to everyone signed in", required=False)

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
