from django import forms

from core.concurrency import OnceFormMixin, VersionedFormMixin
from core.forms import GovukDateField, GovukFormMixin
from framework import selectors as plan_selectors
from framework.models import Action, Objective
from practice import services
from practice.models import SUMMARY_MAX_WORDS, Call, DeliveryStatus, EvidenceStage, Outcome, Strand


def _text(label, required=False, rows=4, help_text="", required_message=""):
    return forms.CharField(
        label=label,
        required=required,
        max_length=10000,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": required_message} if required_message else None,
    )


def _tick_any(label, queryset, noun):
    """Checkboxes for any number of the queryset's rows; a value not on the list is refused."""
    message = f"Choose {noun} from the list"
    return forms.ModelMultipleChoiceField(
        label=label,
        queryset=queryset,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": message, "invalid_pk_value": message},
    )


class ExampleForm(VersionedFormMixin, OnceFormMixin, GovukFormMixin, forms.Form):
    title = forms.CharField(label="Title", max_length=200, error_messages={"required": "Enter a title"})
    summary = _text(
        "Summary",
        required=True,
        help_text=f"{SUMMARY_MAX_WORDS} words at most: what it is, who it is for, what it achieved.",
        required_message="Enter a summary",
    )
    problem = _text("The problem it addresses")
    what_was_done = _text("What was done", rows=6)
    partners = _text("Partners involved", rows=2)
    strands = _tick_any("Vulnerability strands", Strand.objects.all(), "strands")
    actions = _tick_any("Actions of the plan it serves", Action.objects.none(), "actions")
    objectives = _tick_any("Objectives it serves (optional)", Objective.objects.none(), "objectives")
    evidence_stage = forms.ChoiceField(
        label="Evidence stage",
        choices=EvidenceStage.choices,
        initial=EvidenceStage.NOT_EVALUATED,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the evidence stage",
            "invalid_choice": "Choose the evidence stage",
        },
    )
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=[("", "Not known yet")] + Outcome.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose an outcome from the list"},
    )
    evaluation_details = _text("Evaluation details", rows=3)
    evaluation_link = forms.URLField(
        label="Link to the evaluation",
        assume_scheme="https",
        required=False,
        max_length=500,
        error_messages={"invalid": "Enter a full web address, starting https://"},
    )
    outcomes = _text("Outcomes", rows=3)
    resources_costs = _text("Resources and costs", rows=3)
    start_date = GovukDateField(label="Start date", name="The start date")
    delivery_status = forms.ChoiceField(
        label="Status",
        choices=DeliveryStatus.choices,
        initial=DeliveryStatus.LIVE,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose planned, live or ended",
            "invalid_choice": "Choose planned, live or ended",
        },
    )
    contact_name = forms.CharField(
        label="Contact name", max_length=200, required=False, help_text="Shown to signed-in users only."
    )
    contact_email = forms.EmailField(
        label="Contact email",
        required=False,
        max_length=254,
        error_messages={
            "invalid": "Enter an email address like name@force.police.uk",
            "max_length": "Use an email address of 254 characters or fewer",
        },
    )
    call = forms.ModelChoiceField(
        label="Call for practice",
        queryset=Call.objects.all(),
        required=False,
        empty_label="Not part of a call",
        error_messages={"invalid_choice": "Choose a call from the list"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        version = plan_selectors.get_version("nvap")
        actions = Action.objects.filter(version=version).order_by("sort_key")
        self.fields["actions"].queryset = actions
        self.fields["actions"].label_from_instance = lambda a: f"{a.code} {a.title}"
        self.fields["objectives"].queryset = Objective.objects.filter(action__in=actions).select_related(
            "action"
        )
        self.fields["objectives"].label_from_instance = lambda o: (
            f"{o.action.code} objective {o.number}: {o.text[:120]}"
        )
        self.fields["objectives"].help_text = (
            "These are the action sheets' objectives. Where an action's Action Impact Toolkit "
            "words them differently, the toolkit's page shows how they map."
        )

    def clean_summary(self):
        summary = self.cleaned_data["summary"].strip()
        problem = services.summary_problem(summary)
        if problem:
            raise forms.ValidationError(problem)
        return summary

    def clean(self):
        data = super().clean()
        objectives, actions = data.get("objectives") or [], data.get("actions") or []
        if objectives and actions is not None:
            stray = [o for o in objectives if o.action not in actions]
            if stray:
                self.add_error("objectives", "Choose objectives of the actions you chose")
        return data

    def content(self) -> dict:
        from practice.models import CONTENT_FIELDS

        return {name: self.cleaned_data[name] for name in CONTENT_FIELDS}


class AssessForm(GovukFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[
            ("publish", "Publish it in the library"),
            ("more_info", "More information needed: send it back to the force"),
            ("not_accepted", "Not accepted"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a decision", "invalid_choice": "Choose a decision"},
    )
    evidence_stage = forms.ChoiceField(
        label="Evidence stage, as assessed",
        choices=EvidenceStage.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the evidence stage",
            "invalid_choice": "Choose the evidence stage",
        },
    )
    note = _text(
        "Assessment note, or what is needed, or the reason",
        help_text="Sent to the force when you ask for more information or do not accept it.",
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") in ("more_info", "not_accepted") and not (data.get("note") or "").strip():
            self.add_error(
                "note",
                "Say what more information is needed"
                if data["decision"] == "more_info"
                else "Give the reason it is not accepted",
            )
        return data


class CallForm(GovukFormMixin, forms.Form):
    title = forms.CharField(
        label="Title", max_length=200, error_messages={"required": "Enter a title for the call"}
    )
    scope = _text("Scope", help_text="Which kinds of practice the call is for.")
    guidance = _text("Guidance for forces")
    opens_on = GovukDateField(
        label="Opens on",
        name="The opening date",
        required=True,
        error_messages={"required": "Enter the opening date"},
    )
    closes_on = GovukDateField(
        label="Closes on",
        name="The closing date",
        required=True,
        error_messages={"required": "Enter the closing date"},
    )

    def clean(self):
        data = super().clean()
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            self.add_error("closes_on", "The closing date must be on or after the opening date")
        return data


class AttachmentForm(GovukFormMixin, forms.Form):
    title = forms.CharField(label="Title (optional)", max_length=200, required=False)
    file = forms.FileField(
        label="File",
        help_text="A PDF, Word, Excel or PowerPoint document, or a PNG or JPEG image, up to 10 MB.",
        error_messages={"required": "Choose a file to attach", "empty": "The file you chose is empty"},
    )


class ImportForm(GovukFormMixin, forms.Form):
    file = forms.FileField(
        label="CSV or Excel file",
        error_messages={"required": "Choose a file to import", "empty": "The file you chose is empty"},
    )


class OwnerForm(GovukFormMixin, forms.Form):
    owner = forms.ChoiceField(
        label="Owner",
        required=False,
        help_text="The person in your force who answers for this example. They are told it is theirs.",
        error_messages={"invalid_choice": "Choose the owner from the list"},
    )
    # The owner the page showed: a change made by someone else since is not overwritten.
    was = forms.CharField(widget=forms.HiddenInput, required=False, max_length=20)

    def __init__(self, *args, people, initial_owner, **kwargs):
        super().__init__(
            *args,
            initial={
                "owner": initial_owner.pk if initial_owner else "",
                "was": initial_owner.pk if initial_owner else "",
            },
            **kwargs,
        )
        self.people = {str(p.pk): p for p in people}
        self.fields["owner"].choices = [("", "Nobody yet")] + [
            (str(p.pk), f"{p.full_name or p.email} ({p.email})") for p in people
        ]

    def clean_owner(self):
        return self.people.get(self.cleaned_data["owner"])


class HelpRequestForm(OnceFormMixin, GovukFormMixin, forms.Form):
    action = forms.ChoiceField(
        label="Which action do you need help with?",
        error_messages={
            "required": "Choose the action you need help with",
            "invalid_choice": "Choose the action from the list",
        },
    )
    question = forms.CharField(
        label="What does your force need help with?",
        help_text="Say what you have tried and what you would like: a contact in another force, guidance, evidence.",
        max_length=services.QUESTION_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": "Say what your force needs help with",
            "max_length": f"Keep the question to {services.QUESTION_MAX} characters or fewer",
        },
    )

    def __init__(self, *args, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.actions = {a.code: a for a in actions}
        self.fields["action"].choices = [("", "Choose an action")] + [
            (a.code, f"{a.code} {a.title}") for a in actions
        ]

    def clean_action(self):
        return self.actions[self.cleaned_data["action"]]


class HelpAnswerForm(VersionedFormMixin, GovukFormMixin, forms.Form):
    answer = forms.CharField(
        label="Your answer to the force",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": "Write the answer to the force",
            "max_length": "Keep the answer to 10,000 characters or fewer",
        },
    )
