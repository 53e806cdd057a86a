"""Forms for impact realisation plans and measures. Each names its problems the GOV.UK way."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.concurrency import OnceFormMixin, VersionedFormMixin
from core.forms import GovukDateField, GovukFormMixin, written_in_field
from impact import rules
from impact.models import Measure, Plan, PlanActivity, ProgressUpdate, Side

OWN = "own"
# A measure's fields that its forms set (besides its name).
MEASURE_FIELDS = (
    "definition",
    "unit",
    "direction",
    "frequency",
    "side",
    "baseline",
    "baseline_period",
    "target",
)


def _radios(label, choices, required_message, **kwargs):
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": required_message, "invalid_choice": required_message},
        **kwargs,
    )


def _text(label, max_length=5000, rows=4, required=False, required_message="", help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": required_message} if required_message else None,
    )


def _side_field():
    return _radios(
        _("Which column of the plan is this in?"),
        Side.choices,
        _("Choose organisational or external"),
        initial=Side.ORGANISATIONAL,
        help_text=_(
            "Organisational: the change inside the force. External: the change for victims, "
            "partners and the public."
        ),
    )


class PlanDetailsForm(GovukFormMixin, forms.Form):
    reporting_period = forms.CharField(
        label=_("Reporting period"),
        max_length=100,
        required=False,
        help_text=_("For example, April 2026 to March 2027"),
    )
    project_lead = forms.CharField(label=_("Project lead"), max_length=200, required=False)
    prepared_by = forms.CharField(label=_("Prepared by"), max_length=200, required=False)
    date_prepared = GovukDateField(label=_("Date prepared"), name=_("The date prepared"))
    update_frequency = _radios(
        _("How often are progress updates due?"),
        Plan.Frequency.choices,
        _("Choose how often progress updates are due"),
        initial=Plan.Frequency.MONTHLY,
    )
    written_in = written_in_field()


class PlanEditForm(VersionedFormMixin, PlanDetailsForm):
    status = _radios(_("Status"), Plan.Status.choices, _("Choose the plan's status"))


class PlanStartForm(PlanDetailsForm):
    objectives = forms.MultipleChoiceField(
        label=_("Which objectives will you work on?"),
        help_text=_("Choose at least one. You can add the others later."),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one objective to work on"),
            "invalid_choice": _("Choose objectives from the list"),
        },
    )

    def __init__(self, *args, objective_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objectives"].choices = objective_choices


class ObjectivesAddForm(GovukFormMixin, forms.Form):
    objectives = forms.MultipleChoiceField(
        label=_("Which objectives will you also work on?"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one objective to add"),
            "invalid_choice": _("Choose objectives from the list"),
        },
    )

    def __init__(self, *args, objective_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objectives"].choices = objective_choices


class PlanObjectiveForm(VersionedFormMixin, GovukFormMixin, forms.Form):
    impact_owner = forms.ChoiceField(
        label=_("Impact owner"),
        required=False,
        help_text=_(
            "The person in your force who answers for this objective's impact. They are "
            "reminded when a progress update is due."
        ),
        error_messages={"invalid_choice": _("Choose the impact owner from the list")},
    )
    organisational_impact = _text(_("Impact description: organisational impact"))
    external_impact = _text(_("Impact description: external impact"))
    next_steps = _text(_("Next steps"))
    additional_comments = _text(_("Additional comments"))

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {str(p.pk): p for p in people}
        self.fields["impact_owner"].choices = [("", _("Nobody yet"))] + [
            (str(p.pk), f"{p.full_name or p.email} ({p.email})") for p in people
        ]

    def clean_impact_owner(self):
        return self.people.get(self.cleaned_data["impact_owner"])


class ActivitiesAddForm(GovukFormMixin, forms.Form):
    suggestions = forms.MultipleChoiceField(
        label=_("Activities from the toolkit"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose activities from the list")},
    )
    own_text = _text(_("Or describe an activity of your own"), rows=3)
    own_outputs = _text(_("Its outputs"), rows=3, help_text=_("What the activity will produce."))
    side = _side_field()

    def __init__(self, *args, suggestion_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["suggestions"].choices = suggestion_choices
        if not suggestion_choices:
            del self.fields["suggestions"]
            self.fields["own_text"].label = _("Describe the activity")

    def clean(self):
        data = super().clean()
        if not data.get("suggestions") and not (data.get("own_text") or "").strip() and not self.errors:
            self.add_error(
                "suggestions" if "suggestions" in self.fields else "own_text",
                _("Choose an activity from the toolkit or describe your own"),
            )
        return data


class ActivityForm(VersionedFormMixin, GovukFormMixin, forms.Form):
    text = _text(_("Activity"), required=True, required_message=_("Describe the activity"), rows=3)
    outputs = _text(_("Outputs"), rows=3)
    side = _side_field()
    status = _radios(_("Status"), PlanActivity.Status.choices, _("Choose the activity's status"))


class RiskForm(VersionedFormMixin, GovukFormMixin, forms.Form):
    text = _text(
        _("Risk or unintended consequence"), required=True, required_message=_("Describe the risk"), rows=3
    )
    mitigation = _text(_("Risk mitigation strategy"), rows=3)
    side = _side_field()


class RiskAddForm(GovukFormMixin, forms.Form):
    suggestion = _radios(
        _("Risk or unintended consequence"),
        [],
        _("Choose an unintended consequence from the toolkit or write your own"),
        help_text=_("The toolkit's unintended consequences for this objective, or your own."),
    )
    own_text = _text(_("Your own risk"), rows=3)
    mitigation = _text(_("Risk mitigation strategy"), rows=3)
    side = _side_field()

    def __init__(self, *args, suggestions, **kwargs):
        super().__init__(*args, **kwargs)
        self.suggestions = suggestions
        self.fields["suggestion"].choices = [(str(i), text) for i, text in enumerate(suggestions)] + [
            (OWN, _("Write your own"))
        ]

    def clean(self):
        data = super().clean()
        choice = data.get("suggestion")
        if choice == OWN:
            if not (data.get("own_text") or "").strip():
                self.add_error("own_text", _("Describe your own risk"))
            data["text"], data["from_toolkit"] = (data.get("own_text") or "").strip(), False
        elif choice is not None:
            data["text"], data["from_toolkit"] = self.suggestions[int(choice)], True
        return data


class _MeasureFieldsMixin(forms.Form):
    definition = _text(_("Definition"), rows=3, help_text=_("What is counted, from which system, and how."))
    unit = _radios(_("Unit"), Measure.Unit.choices, _("Choose the measure's unit"))
    direction = _radios(
        _("Which way is better?"), Measure.Direction.choices, _("Choose whether higher or lower is better")
    )
    frequency = _radios(
        _("How often is it measured?"), Measure.Frequency.choices, _("Choose how often it is measured")
    )
    side = _side_field()
    baseline = forms.CharField(label=_("Baseline"), required=False, max_length=30)
    baseline_period = forms.CharField(
        label=_("Baseline period"),
        required=False,
        max_length=10,
        help_text=_("The period the baseline is from."),
    )
    target = forms.CharField(label=_("Target"), required=False, max_length=30)

    def _number(self, name):
        text = self.cleaned_data.get(name, "")
        if not text.strip():
            return None
        unit = self.cleaned_data.get("unit")
        try:
            return rules.value_parse(unit or Measure.Unit.SCORE, text)
        except rules.RuleBroken as broken:
            raise forms.ValidationError(f"{self.fields[name].label}: {broken}") from None

    def clean(self):
        data = super().clean()
        for name in ("baseline", "target"):
            try:
                data[name] = self._number(name)
            except forms.ValidationError as problem:
                self.add_error(name, problem)
        period = (data.get("baseline_period") or "").strip()
        if period and data.get("frequency"):
            try:
                data["baseline_period"] = rules.period_parse(data["frequency"], period)
            except rules.RuleBroken as broken:
                self.add_error("baseline_period", _("Baseline period: {broken}").format(broken=broken))
        return data

    def measure_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in MEASURE_FIELDS if name in self.cleaned_data}


class MeasureAddForm(OnceFormMixin, GovukFormMixin, _MeasureFieldsMixin):
    suggestion = _radios(_("Measure"), [], _("Choose a suggested measure or write your own"))
    name = forms.CharField(label=_("Your own measure's name"), required=False, max_length=200)
    field_order = ["suggestion", "name"]

    def __init__(self, *args, suggestions, **kwargs):
        super().__init__(*args, **kwargs)
        self.suggestions = {str(s.key): s for s in suggestions}
        self.fields["suggestion"].choices = [(str(s.key), s.label) for s in suggestions] + [
            (OWN, _("Write your own"))
        ]
        self.order_fields(["suggestion", "name", "definition"])

    def clean(self):
        data = super().clean()
        if data.get("suggestion") == OWN and not (data.get("name") or "").strip():
            self.add_error("name", _("Name your own measure"))
        return data


class MeasureEditForm(VersionedFormMixin, GovukFormMixin, _MeasureFieldsMixin):
    name = forms.CharField(
        label=_("Name"), max_length=200, error_messages={"required": _("Name the measure")}
    )

    def __init__(self, *args, has_values: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(["name", "definition"])
        if has_values:
            # Values already recorded were checked against the unit and frequency.
            for name in ("unit", "frequency"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Fixed once values are recorded.")


class ProgressForm(OnceFormMixin, GovukFormMixin, forms.Form):
    rag = _radios(
        _("Progress"),
        [c for c in ProgressUpdate.Rag.choices if c[0] != ProgressUpdate.Rag.NOT_STATED],
        _("Choose red, amber or green"),
    )
    narrative = _text(
        _("What has happened since the last update?"),
        required=True,
        required_message=_("Say what has happened since the last update"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rag"].inline = True


class MeasurementForm(GovukFormMixin, forms.Form):
    period = forms.CharField(
        label=_("Period"), max_length=10, error_messages={"required": _("Enter the period")}
    )
    value = forms.CharField(
        label=_("Value"), max_length=30, error_messages={"required": _("Enter the value")}
    )
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=500)

    def __init__(self, *args, measure, **kwargs):
        super().__init__(*args, **kwargs)
        self.measure = measure
        self.fields["period"].help_text = {
            Measure.Frequency.MONTHLY: "For example, 2026-01",
            Measure.Frequency.QUARTERLY: "For example, 2026-Q1",
            Measure.Frequency.ANNUAL: "For example, 2026",
        }[measure.frequency]
        self.fields["period"].widget.attrs["class"] += " govuk-input--width-10"
        self.fields["value"].widget.attrs["class"] += " govuk-input--width-10"

    def clean_period(self):
        try:
            return rules.period_parse(self.measure.frequency, self.cleaned_data["period"])
        except rules.RuleBroken as broken:
            raise forms.ValidationError(str(broken)) from None

    def clean_value(self):
        try:
            return rules.value_parse(self.measure.unit, self.cleaned_data["value"])
        except rules.RuleBroken as broken:
            raise forms.ValidationError(str(broken)) from None


class FileForm(GovukFormMixin, forms.Form):
    file = forms.FileField(
        label=_("File"),
        error_messages={"required": _("Choose a file to upload"), "empty": _("The file you chose is empty")},
    )

    def __init__(self, *args, label="File", help_text="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = label
        self.fields["file"].help_text = help_text
