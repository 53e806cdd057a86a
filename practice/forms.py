from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

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
    title = forms.CharField(label=_("Title"), max_length=200, error_messages={"required": _("Enter a title")})
    summary = _text(
        _("Summary"),
        required=True,
        help_text=format_lazy(
            _("{count} words at most: what it is, who it is for, what it achieved."), count=SUMMARY_MAX_WORDS
        ),
        required_message=_("Enter a summary"),
    )
    problem = _text(_("The problem it addresses"))
    what_was_done = _text(_("What was done"), rows=6)
    partners = _text(_("Partners involved"), rows=2)
    strands = _tick_any(_("Vulnerability strands"), Strand.objects.all(), "strands")
    actions = _tick_any(_("Actions of the plan it serves"), Action.objects.none(), "actions")
    objectives = _tick_any(_("Objectives it serves (optional)"), Objective.objects.none(), "objectives")
    evidence_stage = forms.ChoiceField(
        label=_("Evidence stage"),
        choices=EvidenceStage.choices,
        initial=EvidenceStage.NOT_EVALUATED,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the evidence stage"),
            "invalid_choice": _("Choose the evidence stage"),
        },
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[("", _("Not known yet"))] + Outcome.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose an outcome from the list")},
    )
    evaluation_details = _text(_("Evaluation details"), rows=3)
    evaluation_link = forms.URLField(
        label=_("Link to the evaluation"),
        assume_scheme="https",
        required=False,
        max_length=500,
        error_messages={"invalid": _("Enter a full web address, starting https://")},
    )
    outcomes = _text(_("Outcomes"), rows=3)
    resources_costs = _text(_("Resources and costs"), rows=3)
    start_date = GovukDateField(label=_("Start date"), name=_("The start date"))
    delivery_status = forms.ChoiceField(
        label=_("Status"),
        choices=DeliveryStatus.choices,
        initial=DeliveryStatus.LIVE,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose planned, live or ended"),
            "invalid_choice": _("Choose planned, live or ended"),
        },
    )
    contact_name = forms.CharField(
        label=_("Contact name"), max_length=200, required=False, help_text=_("Shown to signed-in users only.")
    )
    contact_email = forms.EmailField(
        label=_("Contact email"),
        required=False,
        max_length=254,
        error_messages={
            "invalid": _("Enter an email address like name@force.police.uk"),
            "max_length": _("Use an email address of 254 characters or fewer"),
        },
    )
    call = forms.ModelChoiceField(
        label=_("Call for practice"),
        queryset=Call.objects.all(),
        required=False,
        empty_label=_("Not part of a call"),
        error_messages={"invalid_choice": _("Choose a call from the list")},
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
        self.fields["objectives"].help_text = _(
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
                self.add_error("objectives", _("Choose objectives of the actions you chose"))
        return data

    def content(self) -> dict:
        from practice.models import CONTENT_FIELDS

        return {name: self.cleaned_data[name] for name in CONTENT_FIELDS}


class AssessForm(GovukFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("publish", _("Publish it in the library")),
            ("more_info", _("More information needed: send it back to the force")),
            ("not_accepted", _("Not accepted")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a decision"), "invalid_choice": _("Choose a decision")},
    )
    evidence_stage = forms.ChoiceField(
        label=_("Evidence stage, as assessed"),
        choices=EvidenceStage.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the evidence stage"),
            "invalid_choice": _("Choose the evidence stage"),
        },
    )
    note = _text(
        _("Assessment note, or what is needed, or the reason"),
        help_text=_("Sent to the force when you ask for more information or do not accept it."),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") in ("more_info", "not_accepted") and not (data.get("note") or "").strip():
            self.add_error(
                "note",
                _("Say what more information is needed")
                if data["decision"] == "more_info"
                else _("Give the reason it is not accepted"),
            )
        return data


class CallForm(GovukFormMixin, forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=200, error_messages={"required": _("Enter a title for the call")}
    )
    scope = _text(_("Scope"), help_text=_("Which kinds of practice the call is for."))
    guidance = _text(_("Guidance for forces"))
    opens_on = GovukDateField(
        label=_("Opens on"),
        name=_("The opening date"),
        required=True,
        error_messages={"required": _("Enter the opening date")},
    )
    closes_on = GovukDateField(
        label=_("Closes on"),
        name=_("The closing date"),
        required=True,
        error_messages={"required": _("Enter the closing date")},
    )

    def clean(self):
        data = super().clean()
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            self.add_error("closes_on", _("The closing date must be on or after the opening date"))
        return data


class AttachmentForm(GovukFormMixin, forms.Form):
    title = forms.CharField(label=_("Title (optional)"), max_length=200, required=False)
    file = forms.FileField(
        label=_("File"),
        help_text=_("A PDF, Word, Excel or PowerPoint document, or a PNG or JPEG image, up to 10 MB."),
        error_messages={"required": _("Choose a file to attach"), "empty": _("The file you chose is empty")},
    )


class ImportForm(GovukFormMixin, forms.Form):
    file = forms.FileField(
        label=_("CSV or Excel file"),
        error_messages={"required": _("Choose a file to import"), "empty": _("The file you chose is empty")},
    )


class OwnerForm(GovukFormMixin, forms.Form):
    owner = forms.ChoiceField(
        label=_("Owner"),
        required=False,
        help_text=_("The person in your force who answers for this example. They are told it is theirs."),
        error_messages={"invalid_choice": _("Choose the owner from the list")},
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
        self.fields["owner"].choices = [("", _("Nobody yet"))] + [
            (str(p.pk), f"{p.full_name or p.email} ({p.email})") for p in people
        ]

    def clean_owner(self):
        return self.people.get(self.cleaned_data["owner"])


class HelpRequestForm(OnceFormMixin, GovukFormMixin, forms.Form):
    action = forms.ChoiceField(
        label=_("Which action do you need help with?"),
        error_messages={
            "required": _("Choose the action you need help with"),
            "invalid_choice": _("Choose the action from the list"),
        },
    )
    question = forms.CharField(
        label=_("What does your force need help with?"),
        help_text=_(
            "Say what you have tried and what you would like: a contact in another force, guidance, evidence."
        ),
        max_length=services.QUESTION_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("Say what your force needs help with"),
            "max_length": format_lazy(
                _("Keep the question to {count} characters or fewer"), count=services.QUESTION_MAX
            ),
        },
    )

    def __init__(self, *args, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.actions = {a.code: a for a in actions}
        self.fields["action"].choices = [("", _("Choose an action"))] + [
            (a.code, f"{a.code} {a.title}") for a in actions
        ]

    def clean_action(self):
        return self.actions[self.cleaned_data["action"]]


class HelpAnswerForm(VersionedFormMixin, GovukFormMixin, forms.Form):
    answer = forms.CharField(
        label=_("Your answer to the force"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": _("Write the answer to the force"),
            "max_length": _("Keep the answer to 10,000 characters or fewer"),
        },
    )
