"""Benchmarking exercises: every force self-assesses the plan's actions in a return, the
national team reviews the returns and publishes the national picture."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.languages import written_in_model_field
from framework.models import Action, FrameworkVersion, Objective
from organisations.models import Organisation

DEFAULT_SCALE = [
    (1, "Not started", "No activity is in place or planned yet."),
    (2, "Planned", "Activity is planned, with an owner and dates, but has not begun."),
    (3, "Developing", "Activity has begun in parts of the force; it is not yet consistent."),
    (4, "Established", "Activity is in place across the force and is part of normal business."),
    (5, "Embedded and evaluated", "Activity is embedded, and its impact has been evaluated."),
]


def new_pseudonym_key() -> str:
    return secrets.token_hex(32)


class Exercise(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")
        PUBLISHED = "published", _("Published")

    class Granularity(models.TextChoices):
        ACTION = "action", _("Per action")
        OBJECTIVE = "objective", _("Per objective")

    title = models.CharField(max_length=200)
    instructions = models.TextField(blank=True)
    version = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="exercises")
    actions = models.ManyToManyField(Action, related_name="exercises")
    granularity = models.CharField(max_length=20, choices=Granularity.choices, default=Granularity.ACTION)
    opens_on = models.DateField()
    closes_on = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    previous = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="next_exercises",
        help_text=_("Start each force's return from its answers to this exercise."),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # The secret that shuffles the labels of forces not named in the national picture.
    pseudonym_key = models.CharField(max_length=64, default=new_pseudonym_key, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Why the picture was published although returns were missing or not fully reviewed:
    # shown on the picture.
    publish_note = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-opens_on", "-pk"]

    def __str__(self):
        return self.title


class RatingLevel(models.Model):
    """One point of an exercise's rating scale, with its descriptor."""

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="rating_levels")
    value = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=60)
    descriptor = models.TextField(blank=True)

    class Meta:
        # By the exercise's id: ordering by the exercise itself would bring in its own
        # ordering, and join its table into every query of the scale (so too below).
        ordering = ["exercise_id", "value"]
        constraints = [models.UniqueConstraint(fields=["exercise", "value"], name="unique_rating_value")]

    def __str__(self):
        return f"{self.value} {self.label}"


class Return(models.Model):
    """One force's self-assessment in one exercise."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned to the force")
        ACCEPTED = "accepted", _("Accepted")

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="returns")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="returns")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    extension_until = models.DateField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewer_comment = models.TextField(blank=True)
    # A force may choose to be named to other forces in the published national picture.
    share_name = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["exercise", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["exercise", "organisation"], name="unique_return_per_force")
        ]

    def __str__(self):
        return f"{self.organisation} – {self.exercise}"


class Answer(models.Model):
    """A force's answer on one action (or one objective) of its return, and its review."""

    class Gap(models.TextChoices):
        NONE = "", _("No gap")
        SELF = "self", _("Identified by the force")
        REVIEWER = "reviewer", _("Identified by the reviewer")
        BOTH = "both", _("Identified by both")

    return_record = models.ForeignKey(Return, on_delete=models.CASCADE, related_name="answers")
    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="answers")
    objective = models.ForeignKey(
        Objective, null=True, blank=True, on_delete=models.PROTECT, related_name="answers"
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_answers",
    )
    # The force's self-assessment.
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    what_we_are_doing = models.TextField(blank=True)
    planned_activity = models.TextField(blank=True)
    planned_by = models.DateField(null=True, blank=True)
    potential_for_improvement = models.TextField(blank=True)
    can_share = models.BooleanField(null=True, blank=True)
    share_contact = models.CharField(max_length=200, blank=True)
    sees_gap = models.BooleanField(null=True, blank=True)
    written_in = written_in_model_field()
    # Where the answer started from when its exercise opened, when that was not the same
    # question last time (an answer on the whole action spread over its objectives, or
    # objectives' answers brought together): said on the answer's page.
    started_from = models.CharField(max_length=300, blank=True)
    # Optimistic concurrency: a save must name the revision it started from.
    revision = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The national review.
    national_rating = models.PositiveSmallIntegerField(null=True, blank=True)
    promising_practice = models.BooleanField(default=False)
    promising_practice_reason = models.TextField(blank=True)
    reviewer_sees_gap = models.BooleanField(default=False)
    reviewer_comment = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["return_record_id", "action__sort_key", "objective__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["return_record", "action"],
                condition=models.Q(objective__isnull=True),
                name="unique_answer_per_action",
            ),
            models.UniqueConstraint(
                fields=["return_record", "action", "objective"],
                condition=models.Q(objective__isnull=False),
                name="unique_answer_per_objective",
            ),
        ]

    def __str__(self):
        target = f"{self.action.code}" + (f" objective {self.objective.number}" if self.objective_id else "")
        return f"{self.return_record.organisation} – {target}"

    @property
    def is_complete(self) -> bool:
        return (
            self.rating is not None
            and bool(self.what_we_are_doing.strip())
            and self.can_share is not None
            and self.sees_gap is not None
            and (not self.can_share or bool(self.share_contact.strip()))
        )

    @property
    def gap_label(self) -> str:
        return self.Gap(self.gap).label if self.gap else ""

    @property
    def gap(self) -> str:
        if self.sees_gap and self.reviewer_sees_gap:
            return self.Gap.BOTH
        if self.sees_gap:
            return self.Gap.SELF
        if self.reviewer_sees_gap:
            return self.Gap.REVIEWER
        return self.Gap.NONE


class KeyFinding(models.Model):
    """The national team's key findings on one action of an exercise, as it writes them: a
    summary, and themes, each with the issues found and the recommendations made."""

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="key_findings")
    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="key_findings")
    text = models.TextField("Summary", blank=True)
    # [{"theme": "Knowledge and training", "issues": [...], "recommendations": [...]}, ...]
    themes = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["exercise_id", "action__sort_key"]
        constraints = [models.UniqueConstraint(fields=["exercise", "action"], name="unique_key_finding")]

    def __str__(self):
        return f"{self.exercise} – {self.action.code}"


class ReminderSent(models.Model):
    """A deadline reminder already sent for a return, so that none goes twice."""

    return_record = models.ForeignKey(Return, on_delete=models.CASCADE, related_name="reminders")
    days_before = models.PositiveSmallIntegerField()
    deadline = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["return_record", "days_before", "deadline"], name="unique_reminder"
            )
        ]

    def __str__(self):
        return f"{self.return_record} – {self.days_before} days"


def _attachment_path(instance, filename):
    # Random names, grouped by return: the original name is kept in the database only.
    import uuid

    extension = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    return f"returns/{instance.answer.return_record_id}/{uuid.uuid4().hex}.{extension}"


class Evidence(models.Model):
    """Evidence for an answer: a link, or a file kept outside the web root and served only
    through the access checks."""

    class Kind(models.TextChoices):
        LINK = "link", _("Link")
        FILE = "file", _("File")

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    title = models.CharField(max_length=200)
    url = models.URLField(max_length=500, blank=True)
    file = models.FileField(upload_to=_attachment_path, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["answer_id", "added_at", "pk"]

    def __str__(self):
        return self.title


class StandingPosition(models.Model):
    """A force's current position on one action (or one of its objectives), kept up to date
    between exercises: what each new exercise starts from, and what submitting a return
    brings up to date. Its history is the force's ratings over time.

    Found by the action's code and the objective's number, which carry across versions of
    the plan: a save points it at the action as the latest published version has it."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="positions")
    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="positions")
    objective = models.ForeignKey(
        Objective, null=True, blank=True, on_delete=models.PROTECT, related_name="positions"
    )
    # The same words as an answer's, so a position and an answer carry into each other.
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    what_we_are_doing = models.TextField(blank=True)
    evidence = models.TextField(
        blank=True, help_text=_("Where the evidence is: documents, links, audits, inspection findings.")
    )
    planned_activity = models.TextField(blank=True)
    planned_by = models.DateField(null=True, blank=True)
    potential_for_improvement = models.TextField(blank=True)
    can_share = models.BooleanField(null=True, blank=True)
    share_contact = models.CharField(max_length=200, blank=True)
    sees_gap = models.BooleanField(null=True, blank=True)
    written_in = written_in_model_field()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # When the force last looked at the position and said it stands (any save does).
    reviewed_on = models.DateField()
    # Where the latest change came from, when not from the position's own page ("From the
    # force's return to NVAP benchmarking 2026").
    source = models.CharField(max_length=300, blank=True)
    revision = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation_id", "action__sort_key", "objective__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "action"],
                condition=models.Q(objective__isnull=True),
                name="unique_position_per_action",
            ),
            models.UniqueConstraint(
                fields=["organisation", "action", "objective"],
                condition=models.Q(objective__isnull=False),
                name="unique_position_per_objective",
            ),
        ]

    def __str__(self):
        target = self.action.code + (f" objective {self.objective.number}" if self.objective_id else "")
        return f"{self.organisation} – {target}"

    @property
    def gap(self) -> bool:
        return bool(self.sees_gap)


class SimilarForce(models.Model):
    """One of a force's most similar forces: the comparison group its reports set it beside.
    The national team keeps the groups (the Home Office's most similar groups of police force
    areas), and every change to one is in its history."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="similar_links")
    similar = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation_id", "similar__name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "similar"], name="unique_similar_force"),
            models.CheckConstraint(
                condition=~models.Q(organisation=models.F("similar")), name="similar_not_self"
            ),
        ]

    def __str__(self):
        return f"{self.organisation} – {self.similar}"
