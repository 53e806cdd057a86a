"""The deaths repository's forms. Lists come from the controlled lists (deaths.lists) as they
stand; every field says what is wrong in the GOV.UK way."""

from django import forms

from core.concurrency import OnceFormMixin, VersionedFormMixin
from core.forms import GovukDateField, GovukFormMixin
from core.forms import choice_field as _choice
from core.forms import text_field as _text
from deaths import selectors
from deaths.models import FLAGS, AccessLog, Category, Grant, Known, Person, Recommendation


def _listed(form, name, list_name, label, keep=""):
    """A select drawn from a controlled list (the record's own value kept, if retired)."""
    form.fields[name] = _choice(
        label, selectors.choices(list_name, keep), f"Choose the {label.lower()} from the list", radios=False
    )


KNOWN = Known.choices


class ReasonForm(GovukFormMixin, forms.Form):
    reason = _choice(
        "Why are you opening the deaths repository?",
        AccessLog.Reason.choices,
        "Choose why you are opening it",
    )


class RecordForm(OnceFormMixin, VersionedFormMixin, GovukFormMixin, forms.Form):
    """What a force notifies, and completes as the investigation and inquest go on."""

    organisation = forms.ChoiceField(
        label="Force", error_messages={"required": "Choose the force", "invalid_choice": "Choose the force"}
    )
    force_reference = forms.CharField(
        label="Your force's reference",
        max_length=50,
        help_text="The incident or crime reference your force uses. Never a name.",
        error_messages={
            "required": "Enter your force's reference",
            "max_length": "Use 50 characters or fewer",
        },
    )
    died_on = GovukDateField(
        label="Date of death", required=True, name="The date of death", help_text="For example, 27 3 2026"
    )
    category = _choice("Category", Category.choices, "Choose the category")
    circumstances = _text(
        "Circumstances (optional)",
        required=False,
        max_length=2000,
        help_text="A short account of what happened, without names, addresses or dates of birth",
    )
    suspect_arrested = _choice("Was a suspect arrested?", KNOWN, "Choose whether a suspect was arrested")
    review_commissioned = _choice(
        "Has a domestic abuse related death review been commissioned?",
        KNOWN,
        "Choose whether a review was commissioned",
    )

    def __init__(self, *args, forces, record=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [(str(f.pk), f.name) for f in forces]
        if len(forces) == 1 or record is not None:
            self.fields["organisation"].widget = forms.HiddenInput()
            self.initial.setdefault("organisation", str(record.organisation_id if record else forces[0].pk))
        keep = (lambda n: getattr(record, n)) if record else (lambda n: "")
        _listed(self, "method", "method", "Method", keep("method"))
        _listed(self, "location", "location", "Location type", keep("location"))
        _listed(self, "charge", "charge", "Charged offence", keep("charge"))
        _listed(self, "conclusion", "conclusion", "Coroner's conclusion", keep("conclusion"))
        for name in ("method", "location", "charge", "conclusion"):
            self.fields[name].required = False
            self.fields[name].help_text = "Leave it as “Choose” if it is not known yet"
        self.order_fields(
            [
                "organisation",
                "force_reference",
                "died_on",
                "category",
                "method",
                "location",
                "circumstances",
                "suspect_arrested",
                "charge",
                "conclusion",
                "review_commissioned",
            ]
        )
        if record is None:
            self.initial.setdefault("suspect_arrested", Known.NOT_KNOWN)
            self.initial.setdefault("review_commissioned", Known.NOT_KNOWN)
        self.govuk_style()

    def clean_force_reference(self):
        value = self.cleaned_data["force_reference"].strip()
        if not value:
            raise forms.ValidationError("Enter your force's reference")
        return value


def _contacts(period: str):
    """A count of police contacts over `period`: empty when not known."""
    return forms.IntegerField(
        label=f"Police contacts in the last {period} (optional)",
        required=False,
        min_value=0,
        max_value=999,
        help_text="Leave it empty if not known",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "invalid": f"Enter the number of contacts in the last {period} as a whole number",
            "min_value": "The number of contacts cannot be less than 0",
            "max_value": "Enter 999 or fewer contacts",
        },
    )


class PersonForm(OnceFormMixin, VersionedFormMixin, GovukFormMixin, forms.Form):
    """A victim, suspect or household member, described without naming them."""

    role = _choice("Who is this?", Person.Role.choices, "Choose who this person is")
    sex = _choice("Sex", Person.Sex.choices, "Choose their sex")
    contacts_12m = _contacts("12 months")
    contacts_5y = _contacts("5 years")
    risk_level = _choice(
        "Highest DA risk assessment level", Person.RiskLevel.choices, "Choose the risk assessment level"
    )

    def __init__(self, *args, person=None, **kwargs):
        super().__init__(*args, **kwargs)
        keep = (lambda n: getattr(person, n)) if person else (lambda n: "")
        _listed(self, "age_band", "age_band", "Age band", keep("age_band"))
        _listed(self, "ethnicity", "ethnicity", "Ethnicity", keep("ethnicity"))
        _listed(self, "relationship", "relationship", "Relationship to the victim", keep("relationship"))
        self.fields[
            "relationship"
        ].help_text = "For a victim, choose “Not known” or their relationship to the first victim"
        for flag in FLAGS:
            label = str(Person._meta.get_field(flag).verbose_name)
            label = label[0].upper() + label[1:]
            self.fields[flag] = _choice(label, KNOWN, f"Choose yes, no or not known for “{label.lower()}”")
        if person is None:
            for name in ("sex", "risk_level", *FLAGS):
                self.initial.setdefault(name, "not_known")
            for name in ("age_band", "ethnicity", "relationship"):
                self.initial.setdefault(name, "not_known")
        self.govuk_style()

    def clean(self):
        data = super().clean()
        twelve, five = data.get("contacts_12m"), data.get("contacts_5y")
        if twelve is not None and five is not None and five < twelve:
            self.add_error(
                "contacts_5y",
                "Contacts in the last 5 years include those of the last 12 months: enter at least as many",
            )
        return data


class ValidateForm(VersionedFormMixin, GovukFormMixin, forms.Form):
    category = _choice("Category", Category.choices, "Choose the category")
    scope = _choice(
        "Is the death in scope?",
        [("in_scope", "In scope"), ("excluded", "Excluded")],
        "Choose whether the death is in scope",
    )
    note = _text("Note on the exclusion (optional)", required=False, rows=3)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _listed(self, "exclusion", "exclusion", "Reason for exclusion")
        self.fields["exclusion"].required = False
        self.order_fields(["category", "scope", "exclusion", "note"])
        self.govuk_style()

    def clean(self):
        data = super().clean()
        if data.get("scope") == "excluded" and not data.get("exclusion"):
            self.add_error("exclusion", "Choose why the death is excluded")
        return data


class ChallengeForm(GovukFormMixin, forms.Form):
    proposed = _choice(
        "Which category do you think it is?", Category.choices, "Choose the category you propose"
    )
    reason = _text(
        "Why?",
        required_message="Enter why you think the category is different",
        help_text="The force sees this and answers",
    )


class AnswerForm(GovukFormMixin, forms.Form):
    answer = _text("Your force's answer", required_message="Enter your force's answer")


class ThemesForm(VersionedFormMixin, GovukFormMixin, forms.Form):
    themes = forms.MultipleChoiceField(
        label="Themes",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose themes from the list"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from deaths.models import Term

        self.terms = {
            str(t.pk): t for t in Term.objects.filter(list="theme", in_use=True).order_by("position")
        }
        self.fields["themes"].choices = [(k, t.label) for k, t in self.terms.items()]


class RecommendationForm(OnceFormMixin, GovukFormMixin, forms.Form):
    text = _text("Recommendation", required_message="Enter the recommendation")
    addressee = _choice("For", Recommendation.Addressee.choices, "Choose whom it is for")
    action = forms.ChoiceField(
        label="The plan's action it bears on (optional)",
        required=False,
        error_messages={"invalid_choice": "Choose an action from the list"},
    )

    def __init__(self, *args, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.actions = {str(a.pk): a for a in actions}
        self.fields["action"].choices = [("", "None")] + [
            (k, f"{a.code} {a.title}") for k, a in self.actions.items()
        ]


class ReportForm(OnceFormMixin, GovukFormMixin, forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=200,
        error_messages={"required": "Enter a title", "max_length": "Use 200 characters or fewer"},
    )
    period_from = GovukDateField(label="From", required=True, name="The first day of the period")
    period_to = GovukDateField(label="To", required=True, name="The last day of the period")

    def clean(self):
        data = super().clean()
        start, end = data.get("period_from"), data.get("period_to")
        if start and end and start > end:
            self.add_error("period_to", "The last day must be on or after the first day")
        if start and end and (end - start).days > 366 * 5:
            self.add_error("period_to", "Choose a period of 5 years or less")
        return data


class GrantForm(GovukFormMixin, forms.Form):
    email = forms.EmailField(
        label="Their email address",
        max_length=254,
        help_text="They must already be in the team of the organisation",
        error_messages={
            "required": "Enter their email address",
            "invalid": "Enter an email address in the correct format, like name@force.police.uk",
            "max_length": "Enter an email address of 254 characters or fewer",
        },
    )
    role = _choice("Role", Grant.Role.choices, "Choose the role")
    organisation = forms.ChoiceField(
        label="Organisation",
        error_messages={
            "required": "Choose the organisation",
            "invalid_choice": "Choose the organisation from the list",
        },
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [("", "Choose")] + [(str(o.pk), o.name) for o in organisations]


class TermForm(VersionedFormMixin, GovukFormMixin, forms.Form):
    label = forms.CharField(
        label="Term",
        max_length=120,
        error_messages={"required": "Enter the term", "max_length": "Use 120 characters or fewer"},
    )
    in_use = forms.BooleanField(label="In use (offered in forms)", required=False, initial=True)


class ConfirmForm(GovukFormMixin, forms.Form):
    confirm = forms.BooleanField(
        label="I have reviewed this record and it is past its retention period",
        error_messages={"required": "Confirm you have reviewed the record"},
    )
