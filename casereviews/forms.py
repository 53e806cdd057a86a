from django import forms
from django.utils.translation import gettext_lazy as _

from casereviews.models import (
    Briefing,
    CaseReview,
    LearningPoint,
    Recommendation,
    ReviewType,
    Subject,
)
from core.concurrency import OnceFormMixin, VersionedFormMixin
from core.forms import GovukDateField, GovukFormMixin
from core.forms import choice_field as _choice
from core.forms import text_field as _text

LONG = {"max_length": "Use 5,000 characters or fewer"}


CHOOSE_FROM_LIST = _("Choose from the list")


def _many(label, message=CHOOSE_FROM_LIST):
    return forms.MultipleChoiceField(
        label=label,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": message},
    )


class ReviewForm(OnceFormMixin, VersionedFormMixin, GovukFormMixin, forms.Form):
    """What the national team records of a published review."""

    kind = _choice(_("Type of review"), ReviewType.choices, _("Choose the type of review"), radios=False)
    nation = _choice(_("Nation"), CaseReview.Nation.choices, _("Choose England or Wales"))
    partnership = forms.CharField(
        label=_("Commissioning partnership"),
        max_length=200,
        help_text=_("The safeguarding partnership or community safety partnership that commissioned it"),
        error_messages={
            "required": _("Enter the commissioning partnership"),
            "max_length": _("Use 200 characters or fewer"),
        },
    )
    force = forms.ChoiceField(
        label=_("Police force area (optional)"),
        required=False,
        error_messages={"invalid_choice": _("Choose a force from the list")},
    )
    published_on = GovukDateField(label=_("Date published"), required=True, name=_("The date published"))
    incident_on = GovukDateField(
        label=_("Date of the incident (optional)"), name=_("The date of the incident")
    )
    report_url = forms.URLField(
        label=_("Address of the published report"),
        max_length=500,
        assume_scheme="https",
        error_messages={
            "required": _("Enter the address of the published report"),
            "invalid": _("Enter an address like https://www.example.org/review.pdf"),
            "max_length": _("Use 500 characters or fewer"),
        },
    )
    pseudonym = forms.CharField(
        label=_("Pseudonym (optional)"),
        required=False,
        max_length=100,
        error_messages={"max_length": _("Use 100 characters or fewer")},
    )
    summary = _text(_("Summary (optional)"), required=False)
    police_contact = _choice(
        _("Were police in contact with the person or family before the incident?"),
        CaseReview.Contact.choices,
        _("Say whether police were in contact before the incident"),
    )
    joint_with = forms.CharField(
        label=_("Held jointly with (optional)"),
        required=False,
        max_length=200,
        help_text=_("The record numbers of the other reviews, separated by commas, for example 12, 15"),
        error_messages={"max_length": _("Use 200 characters or fewer")},
    )

    def __init__(self, *args, forces, review=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.review = review
        self.forces = {str(f.pk): f for f in forces}
        self.fields["force"].choices = [("", _("Not known or more than one"))] + [
            (str(f.pk), f.name) for f in forces
        ]
        self.fields["force"].widget.choices = self.fields["force"].choices

    def clean_force(self):
        value = self.cleaned_data.get("force")
        return self.forces.get(value) if value else None

    def clean_joint_with(self):
        raw = self.cleaned_data.get("joint_with", "")
        parts = [p.strip().lstrip("#") for p in raw.replace(";", ",").split(",") if p.strip()]
        if any(not p.isdigit() for p in parts):
            raise forms.ValidationError(_("Give record numbers only, separated by commas"))
        too_big = next((p for p in parts if len(p) > 9), None)
        if too_big is not None:
            raise forms.ValidationError(_("There is no review numbered {value}").format(value=too_big[:20]))
        numbers = {int(p) for p in parts}
        if self.review is not None:
            numbers.discard(self.review.pk)
        found = list(CaseReview.objects.filter(pk__in=numbers))
        if len(found) != len(numbers):
            missing = sorted(numbers - {r.pk for r in found})
            raise forms.ValidationError(_("There is no review numbered {value}").format(value=missing[0]))
        return found

    def clean(self):
        cleaned = super().clean()
        published, incident = cleaned.get("published_on"), cleaned.get("incident_on")
        if published and incident and incident > published:
            self.add_error(
                "incident_on", _("The date of the incident must be on or before the date published")
            )
        return cleaned


class SubjectForm(OnceFormMixin, GovukFormMixin, forms.Form):
    age_band = _choice(
        _("Age"), Subject.AgeBand.choices, _("Choose an age band (or not recorded)"), radios=False
    )
    sex = _choice(_("Sex"), Subject.Sex.choices, _("Choose the sex (or not recorded)"), radios=False)
    ethnicity = _choice(
        _("Ethnicity"), Subject.Ethnicity.choices, _("Choose the ethnicity (or not recorded)"), radios=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("age_band", "sex", "ethnicity"):
            self.fields[name].initial = "not_recorded"  # reviews often leave these out


class ScreenForm(GovukFormMixin, forms.Form):
    decision = _choice(
        _("Your decision"),
        [("include", "Include: police were in contact before the incident"), ("exclude", "Screen it out")],
        _("Choose whether to include the review or screen it out"),
    )
    reason = _text(_("Why it is screened out (needed to screen out)"), required=False, rows=3)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "exclude" and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Say why the review is screened out"))
        return cleaned


class PointForm(OnceFormMixin, GovukFormMixin, forms.Form):
    text = _text(
        _("Learning (a short paraphrase)"), rows=3, max_length=2000, required_message=_("Write the learning")
    )
    page = forms.CharField(
        label=_("Page reference (optional)"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
        error_messages={"max_length": _("Use 40 characters or fewer")},
    )
    kind = _choice(_("What kind of learning"), LearningPoint.Kind.choices, _("Choose the kind of learning"))
    stage = _choice(
        _("Practice stage"), LearningPoint.Stage.choices, _("Choose the practice stage"), radios=False
    )
    actions = _many(_("NVAP actions"), _("Choose actions from the list"))
    perennial_issues = _many(_("Perennial issues"), _("Choose perennial issues from the list"))
    themes = _many(_("Themes"), _("Choose themes from the list"))

    def __init__(self, *args, actions, perennial_issues, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.by = {
            "actions": {str(a.pk): a for a in actions},
            "perennial_issues": {str(p.pk): p for p in perennial_issues},
            "themes": {str(t.pk): t for t in themes},
        }
        self.fields["actions"].choices = [(str(a.pk), f"{a.code} {a.title}") for a in actions]
        self.fields["perennial_issues"].choices = [(str(p.pk), p.name) for p in perennial_issues]
        self.fields["themes"].choices = [(str(t.pk), t.name) for t in themes]

    def clean(self):
        cleaned = super().clean()
        for name in ("actions", "perennial_issues", "themes"):
            cleaned[name] = [self.by[name][pk] for pk in cleaned.get(name, []) if pk in self.by[name]]
        if not self.errors and not (cleaned["actions"] or cleaned["perennial_issues"] or cleaned["themes"]):
            self.add_error("actions", _("Code the learning to at least one action, perennial issue or theme"))
        return cleaned


class RecommendationForm(OnceFormMixin, GovukFormMixin, forms.Form):
    text = _text(_("Recommendation"), rows=3, required_message=_("Write the recommendation"))
    addressee = _choice(
        _("Addressed to"),
        Recommendation.Addressee.choices,
        _("Choose who the recommendation is addressed to"),
    )
    points = _many(_("The learning it answers (optional)"), _("Choose learning from the list"))

    def __init__(self, *args, points, **kwargs):
        super().__init__(*args, **kwargs)
        self.by_pk = {str(p.pk): p for p in points}
        self.fields["points"].choices = [(str(p.pk), p.text[:120]) for p in points]


class PublishForm(GovukFormMixin, forms.Form):
    coding = _choice(_("Whose coding is published"), [], _("Choose the coding to publish"))

    def __init__(self, *args, codings, **kwargs):
        super().__init__(*args, **kwargs)
        self.by_pk = {str(c.pk): c for c in codings}
        self.fields["coding"].choices = [
            (str(c.pk), f"{c.coder}: {c.n_points} learning point{'s' if c.n_points != 1 else ''}")
            for c in codings
        ]
        if len(codings) == 1:
            self.fields["coding"].initial = str(codings[0].pk)


class ThemeForm(VersionedFormMixin, GovukFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=120,
        error_messages={"required": _("Name the theme"), "max_length": _("Use 120 characters or fewer")},
    )
    description = _text(_("What it covers (optional)"), required=False, rows=2, max_length=1000)
    retired = forms.BooleanField(label=_("Retired: no longer offered when coding"), required=False)


class BriefingForm(OnceFormMixin, VersionedFormMixin, GovukFormMixin, forms.Form):
    kind = _choice(
        _("Kind of briefing"), Briefing.Kind.choices, _("Choose a quarterly or spotlight briefing")
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        error_messages={
            "required": _("Give the briefing a title"),
            "max_length": _("Use 200 characters or fewer"),
        },
    )
    period_from = GovukDateField(
        label=_("Reviews published from"), required=True, name=_("The start of the period")
    )
    period_to = GovukDateField(
        label=_("Reviews published to"), required=True, name=_("The end of the period")
    )
    review_kinds = _many(_("Types of review (none chosen: every type)"), _("Choose types from the list"))
    action_codes = _many(_("Actions (none chosen: every action)"), _("Choose actions from the list"))
    themes = _many(_("Themes (none chosen: every theme)"), _("Choose themes from the list"))
    commentary = _text(_("The national team's commentary"), required=False, rows=8, max_length=20000)

    def __init__(self, *args, actions, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["review_kinds"].choices = ReviewType.choices
        self.fields["action_codes"].choices = [(a.code, f"{a.code} {a.title}") for a in actions]
        self.themes_by_pk = {str(t.pk): t for t in themes}
        self.fields["themes"].choices = [(str(t.pk), t.name) for t in themes]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_from"), cleaned.get("period_to")
        if start and end and end < start:
            self.add_error("period_to", _("The end of the period must be on or after its start"))
        cleaned["themes"] = [
            self.themes_by_pk[pk] for pk in cleaned.get("themes", []) if pk in self.themes_by_pk
        ]
        return cleaned


class ResponseForm(OnceFormMixin, GovukFormMixin, forms.Form):
    organisation = forms.ChoiceField(
        label=_("Force"),
        error_messages={
            "required": _("Choose the force"),
            "invalid_choice": _("Choose a force from the list"),
        },
    )
    action = forms.ChoiceField(
        label=_("Action"),
        error_messages={
            "required": _("Choose the action"),
            "invalid_choice": _("Choose an action from the list"),
        },
    )
    text = _text(
        _("What your force has done or will do"),
        rows=5,
        required_message=_("Say what the force has done or will do"),
    )
    as_activity = forms.BooleanField(
        label=_("Make it an activity in the force's impact plan for this action"), required=False
    )

    def __init__(self, *args, forces, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.forces = {str(f.pk): f for f in forces}
        self.actions = {str(a.pk): a for a in actions}
        self.fields["organisation"].choices = [(str(f.pk), f.name) for f in forces]
        if len(forces) == 1:
            self.fields["organisation"].initial = str(forces[0].pk)
            self.fields["organisation"].widget = forms.HiddenInput()
        self.fields["action"].choices = [("", _("Choose an action"))] + [
            (str(a.pk), f"{a.code} {a.title}") for a in actions
        ]
        self.fields["action"].widget.choices = self.fields["action"].choices
        self.govuk_style()


class ResponseEditForm(VersionedFormMixin, GovukFormMixin, forms.Form):
    text = _text(
        _("What your force has done or will do"),
        rows=5,
        required_message=_("Say what the force has done or will do"),
    )


class ImportForm(GovukFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Coding spreadsheet (CSV or Excel)"),
        error_messages={
            "required": _("Choose a CSV or Excel file to import"),
            "empty": _("The file is empty"),
        },
    )
