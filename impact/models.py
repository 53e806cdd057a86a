"""Impact realisation plans (one per force per action, built from the Action Impact Toolkit)
and the measures forces track over time."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.concurrency import once_field
from core.languages import written_in_model_field
from framework.models import Action, LogicModelRow, Objective, PeelMeasure, SuggestedMeasure, ToolkitObjective
from organisations.models import Organisation


class Side(models.TextChoices):
    """The Impact Realisation Plan's two columns: impact inside the force and outside it."""

    ORGANISATIONAL = "organisational", _("Organisational")
    EXTERNAL = "external", _("External")


class Plan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        COMPLETED = "completed", _("Completed")

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", _("Monthly")
        QUARTERLY = "quarterly", _("Quarterly")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="impact_plans")
    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="impact_plans")
    reporting_period = models.CharField(max_length=100, blank=True)
    project_lead = models.CharField(max_length=200, blank=True)
    prepared_by = models.CharField(max_length=200, blank=True)
    date_prepared = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    update_frequency = models.CharField(max_length=20, choices=Frequency.choices, default=Frequency.MONTHLY)
    # The language the force writes the plan in (its objectives, activities, risks, updates).
    written_in = written_in_model_field()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__name", "action__sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "action"], name="one_plan_per_force_action")
        ]

    def __str__(self):
        return f"{self.organisation} – {self.action.code}"


class PlanObjective(models.Model):
    """An objective the force chose to work on, from the toolkit or (for an interim action)
    from the plan's own objectives."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="objectives")
    toolkit_objective = models.ForeignKey(ToolkitObjective, null=True, blank=True, on_delete=models.PROTECT)
    objective = models.ForeignKey(Objective, null=True, blank=True, on_delete=models.PROTECT)
    impact_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_impacts",
    )
    # An owner named in an imported template who is not (yet) a person of the force.
    impact_owner_name = models.CharField(max_length=200, blank=True)
    organisational_impact = models.TextField(blank=True)
    external_impact = models.TextField(blank=True)
    next_steps = models.TextField(blank=True)
    additional_comments = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(toolkit_objective__isnull=False) | models.Q(objective__isnull=False),
                name="plan_objective_has_a_source",
            )
        ]

    def __str__(self):
        return self.text

    @property
    def text(self) -> str:
        return self.toolkit_objective.text if self.toolkit_objective_id else self.objective.text


class PlanActivity(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    plan_objective = models.ForeignKey(PlanObjective, on_delete=models.CASCADE, related_name="activities")
    logic_model_row = models.ForeignKey(LogicModelRow, null=True, blank=True, on_delete=models.PROTECT)
    text = models.TextField()
    outputs = models.TextField(blank=True)
    side = models.CharField(max_length=20, choices=Side.choices, default=Side.ORGANISATIONAL)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan_objective", "pk"]

    def __str__(self):
        return self.text[:80]


class PlanRisk(models.Model):
    plan_objective = models.ForeignKey(PlanObjective, on_delete=models.CASCADE, related_name="risks")
    from_toolkit = models.BooleanField(default=False)
    side = models.CharField(max_length=20, choices=Side.choices, default=Side.ORGANISATIONAL)
    text = models.TextField()
    mitigation = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan_objective", "pk"]

    def __str__(self):
        return self.text[:80]


class ProgressUpdate(models.Model):
    """A dated progress entry: never changed once posted, so the plan keeps its timeline."""

    class Rag(models.TextChoices):
        RED = "red", _("Red")
        AMBER = "amber", _("Amber")
        GREEN = "green", _("Green")
        # Imported from a template filled without a red/amber/green word.
        NOT_STATED = "not_stated", _("Not stated")

    plan_objective = models.ForeignKey(
        PlanObjective, on_delete=models.CASCADE, related_name="progress_updates"
    )
    rag = models.CharField(max_length=10, choices=Rag.choices)
    narrative = models.TextField()
    once_key = once_field()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan_objective", "-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_rag_display()}: {self.narrative[:60]}"


class Measure(models.Model):
    class Unit(models.TextChoices):
        COUNT = "count", _("Count")
        PERCENTAGE = "percentage", _("Percentage")
        RATE = "rate_per_1000", _("Rate per 1,000")
        DAYS = "days", _("Days")
        SCORE = "score", _("Score")

    class Direction(models.TextChoices):
        HIGHER = "higher", _("Higher is better")
        LOWER = "lower", _("Lower is better")

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", _("Monthly")
        QUARTERLY = "quarterly", _("Quarterly")
        ANNUAL = "annual", _("Annual")

    class Source(models.TextChoices):
        PEEL = "peel", _("PEEL measure")
        TOOLKIT = "toolkit", _("Toolkit suggested measure")
        CUSTOM = "custom", _("Custom")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="measures")
    plan_objective = models.ForeignKey(
        PlanObjective, null=True, blank=True, on_delete=models.SET_NULL, related_name="measures"
    )
    name = models.CharField(max_length=200)
    definition = models.TextField(blank=True)
    unit = models.CharField(max_length=20, choices=Unit.choices)
    direction = models.CharField(max_length=10, choices=Direction.choices, default=Direction.HIGHER)
    frequency = models.CharField(max_length=20, choices=Frequency.choices, default=Frequency.MONTHLY)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.CUSTOM)
    side = models.CharField(max_length=20, choices=Side.choices, default=Side.ORGANISATIONAL)
    suggested_measure = models.ForeignKey(SuggestedMeasure, null=True, blank=True, on_delete=models.SET_NULL)
    peel_measure = models.ForeignKey(PeelMeasure, null=True, blank=True, on_delete=models.SET_NULL)
    baseline = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    baseline_period = models.CharField(max_length=10, blank=True)
    target = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    once_key = once_field()
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__name", "name"]

    def __str__(self):
        return self.name


class Measurement(models.Model):
    """One value of a measure for one period ("2026-01", "2026-Q1" or "2026")."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="measurements")
    period = models.CharField(max_length=10)
    value = models.DecimalField(max_digits=14, decimal_places=4)
    note = models.CharField(max_length=500, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["measure", "period"]
        constraints = [models.UniqueConstraint(fields=["measure", "period"], name="one_value_per_period")]

    def __str__(self):
        return f"{self.measure} {self.period}: {self.value}"


class ProgressReminderSent(models.Model):
    """A reminder already sent for one overdue progress update, so it goes once per period."""

    plan_objective = models.ForeignKey(PlanObjective, on_delete=models.CASCADE, related_name="+")
    due_at = models.DateTimeField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan_objective", "due_at"], name="unique_progress_reminder")
        ]

    def __str__(self):
        return f"Reminder for {self.plan_objective_id} due {self.due_at:%Y-%m-%d}"


class ForceImpactState(models.Model):
    """When a force's impact realisation work last changed: any plan, objective, activity,
    risk, progress update, measure or value of it saved or removed (impact.signals). What is
    kept from that work (the force's dashboard, its plans' pages) is keyed by it."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    changed_at = models.DateTimeField()

    def __str__(self):
        return f"{self.organisation_id}: {self.changed_at:%Y-%m-%d %H:%M:%S}"
