"""The deaths repository's forms. Lists come from the controlled lists (deaths.lists) as they
stand; every field says what is wrong in the GOV.UK way."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.concurrency import OnceFormMixin, VersionedFormMixin
from core.forms import GovukDateField, GovukFormMixin
from core.forms import choice_field as _choice
from core.forms import text_field as _text
from deaths import selectors
from deaths.models import FLAGS, AccessLog, Category, Grant, Known, Person, Recommendation


def _listed(form, name, list_name, label, keep=""):
    """A select drawn from a controlled list (the record's own value kept, if retired)."""
    form.fields[name] = _choice(
        label,
        selectors.choices(list_name, keep),
        _("Choose the {field} from the list").format(field=str(label).lower()),
        radios=False,
    )


KNOWN = Known.choices


class ReasonForm(GovukFormMixin, forms.Form):
    reason = _choice(
        _("Why are you opening the deaths repository?"),
        AccessLog.Reason.choices,
        _("Choose why you are opening it"),
    )


class RecordForm(OnceFormMixin, VersionedFormMixin, GovukFormMixin, forms.Form):
    """What a force notifies, and completes as the investigation and inquest go on."""

    organisation = forms.ChoiceField(
        label=_("Force"),
        error_messages={"required": _("Choose the force"), "invalid_choice": _("Choose the force")},
    )
    force_reference = forms.CharField(
        label=_("Your force's reference"),
        max_length=50,
        help_text=_("The incident or crime reference your force uses. Never a name."),
        error_messages={
            "required": _("Enter your force's reference"),
            "max_length": _("Use 50 characters or fewer"),
        },
    )
    died_on = GovukDateField(
        label=_("Date of death"),
        required=True,
        name=_("The date of death"),
        help_text=_("For example, 27 3 2026"),
    )
    category = _choice(_("Category"), Category.choices, _("Choose the category"))
    circumstances = _text(
        _("Circumstances (optional)"),
        required=False,
        max_length=2000,
        help_text=_("A short account of what happened, without names, addresses or dates of birth"),
    )
    suspect_arrested = _choice(
        _("Was a suspect arrested?"), KNOWN, _("Choose whether a suspect was arrested")
    )
    review_commissioned = _choice(
        _("Has a domestic abuse related death review been commissioned?"),
        KNOWN,
        _("Choose whether a review was commissioned"),
    )

    def __init__(self, *args, forces, record=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [(str(f.pk), f.name) for f in forces]
        if len(forces) == 1 or record is not None:
            self.fields["organisation"].widget = forms.HiddenInput()
            self.initial.setdefault("organisation", str(record.organisation_id if record else forces[0].pk))
        keep = (lambda n: getattr(record, n)) if record else (lambda n: "")
        _listed(self, "method", "method", _("Method"), keep("method"))
        _listed(self, "location", "location", _("Location type"), keep("location"))
        _listed(self, "charge", "charge", _("Charged offence"), keep("charge"))
        _listed(self, "conclusion", "conclusion", _("Coroner's conclusion"), keep("conclusion"))
        for name in ("method", "location", "charge", "conclusion"):
            self.fields[name].required = False
            self.fields[name].help_text = _("Leave it as “Choose” if it is not known yet")
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
            raise forms.ValidationError(_("Enter your force's reference"))
        return value


def _contacts(period: str):
    """A count of police contacts over `period`: empty when not known."""
    return forms.IntegerField(
        label=_("Police contacts in the last {period} (optional)").format(period=period),
        required=False,
        min_value=0,
        max_value=999,
        help_text=_("Leave it empty if not known"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "invalid": _("Enter the number of contacts in the last {period} as a whole number").format(
                period=period
            ),
            "min_value": _("The number of contacts cannot be less than 0"),
            "max_value": _("Enter 999 or fewer contacts"),
        },
    )


class PersonForm(OnceFormMixin, VersionedFormMixin, GovukFormMixin, forms.Form):
    """A victim, suspect or household member, described without naming them."""

    role = _choice(_("Who is this?"), Person.Role.choices, _("Choose who this person is"))
    sex = _choice(_("Sex"), Person.Sex.choices, _("Choose their sex"))
    contacts_12m = _contacts("12 months")
    contacts_5y = _contacts("5 years")
    risk_level = _choice(
        _("Highest DA risk assessment level"), Person.RiskLevel.choices, _("Choose the risk assessment level")
    )

    def __init__(self, *args, person=None, **kwargs):
        super().__init__(*args, **kwargs)
        keep = (lambda n: getattr(person, n)) if person else (lambda n: "")
        _listed(self, "age_band", "age_band", _("Age band"), keep("age_band"))
        _listed(self, "ethnicity", "ethnicity", _("Ethnicity"), keep("ethnicity"))
        _listed(self, "relationship", "relationship", _("Relationship to the victim"), keep("relationship"))
        self.fields["relationship"].help_text = _(
            "For a victim, choose “Not known” or their relationship to the first victim"
        )
        for flag in FLAGS:
            label = str(Person._meta.get_field(flag).verbose_name)
            label = label[0].upper() + label[1:]
            self.fields[flag] = _choice(
                label, KNOWN, _("Choose yes, no or not known for “{field}”").format(field=label.lower())
            )
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
                _("Contacts in the last 5 years include those of the last 12 months: enter at least as many"),
            )
        return data


class ValidateForm(VersionedFormMixin, GovukFormMixin, forms.Form):
    category = _choice(_("Category"), Category.choices, _("Choose the category"))
    scope = _choice(
        _("Is the death in scope?"),
        [("in_scope", "In scope"), ("excluded", "Excluded")],
        _("Choose whether the death is in scope"),
    )
    note = _text(_("Note on the exclusion (optional)"), required=False, rows=3)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _listed(self, "exclusion", "exclusion", _("Reason for exclusion"))
        self.fields["exclusion"].required = False
        self.order_fields(["category", "scope", "exclusion", "note"])
        self.govuk_style()

    def clean(self):
        data = super().clean()
        if data.get("scope") == "excluded" and not data.get("exclusion"):
            self.add_error("exclusion", _("Choose why the death is excluded"))
        return data


class ChallengeForm(GovukFormMixin, forms.Form):
    proposed = _choice(
        _("Which category do you think it is?"), Category.choices, _("Choose the category you propose")
    )
    reason = _text(
        _("Why?"),
        required_message=_("Enter why you think the category is different"),
        help_text=_("The force sees this and answers"),
    )


class AnswerForm(GovukFormMixin, forms.Form):
    answer = _text(_("Your force's answer"), required_message=_("Enter your force's answer"))


class ThemesForm(VersionedFormMixin, GovukFormMixin, forms.Form):
    themes = forms.MultipleChoiceField(
        label=_("Themes"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose themes from the list")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from deaths.models import Term

        self.terms = {
            str(t.pk): t for t in Term.objects.filter(list="theme", in_use=True).order_by("position")
        }
        self.fields["themes"].choices = [(k, t.label) for k, t in self.terms.items()]


class RecommendationForm(OnceFormMixin, GovukFormMixin, forms.Form):
    text = _text(_("Recommendation"), required_message=_("Enter the recommendation"))
    addressee = _choice(_("For"), Recommendation.Addressee.choices, _("Choose whom it is for"))
    action = forms.ChoiceField(
        label=_("The plan's action it bears on (optional)"),
        required=False,
        error_messages={"invalid_choice": _("Choose an action from the list")},
    )

    def __init__(self, *args, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.actions = {str(a.pk): a for a in actions}
        self.fields["action"].choices = [("", _("None"))] + [
            (k, f"{a.code} {a.title}") for k, a in self.actions.items()
        ]


class ReportForm(OnceFormMixin, GovukFormMixin, forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        error_messages={"required": _("Enter a title"), "max_length": _("Use 200 characters or fewer")},
    )
    period_from = GovukDateField(label=_("From"), required=True, name=_("The first day of the period"))
    period_to = GovukDateField(label=_("To"), required=True, name=_("The last day of the period"))

    def clean(self):
        data = super().clean()
        start, end = data.get("period_from"), data.get("period_to")
        if start and end and start > end:
            self.add_error("period_to", _("The last day must be on or after the first day"))
        if start and end and (end - start).days > 366 * 5:
            self.add_error("period_to", _("Choose a period of 5 years or less"))
        return data


class GrantForm(GovukFormMixin, forms.Form):
    email = forms.EmailField(
        label=_("Their email address"),
        max_length=254,
        help_text=_("They must already be in the team of the organisation"),
        error_messages={
            "required": _("Enter their email address"),
            "invalid": _("Enter an email address in the correct format, like name@force.police.uk"),
            "max_length": _("Enter an email address of 254 characters or fewer"),
        },
    )
    role = _choice(_("Role"), Grant.Role.choices, _("Choose the role"))
    organisation = forms.ChoiceField(
        label=_("Organisation"),
        error_messages={
            "required": _("Choose the organisation"),
            "invalid_choice": _("Choose the organisation from the list"),
        },
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [("", _("Choose"))] + [
            (str(o.pk), o.name) for o in organisations
        ]


class TermForm(VersionedFormMixin, GovukFormMixin, forms.Form):
    label = forms.CharField(
        label=_("Term"),
        max_length=120,
        error_messages={"required": _("Enter the term"), "max_length": _("Use 120 characters or fewer")},
    )
    in_use = forms.BooleanField(label=_("In use (offered in forms)"), required=False, initial=True)


class ConfirmForm(GovukFormMixin, forms.Form):
    confirm = forms.BooleanField(
        label=_("I have reviewed this record and it is past its retention period"),
        error_messages={"required": _("Confirm you have reviewed the record")},
    )
