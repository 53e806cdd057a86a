"""The practice library: calls for practice, practice examples forces submit, the national
team's assessment decisions, and the published library entries everyone may read.

A force works on its Example; publishing copies it into a LibraryEntry. The library, its
search, facets, exports and API read only LibraryEntry, so a change a force makes to a
published example shows nowhere until it is assessed and published again.
"""

import uuid

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.concurrency import once_field
from framework.models import Action, Objective, Theme
from organisations.models import Organisation, Region

SUMMARY_MAX_WORDS = 100


class Strand(models.Model):
    """A vulnerability strand from the controlled list (set by a data migration)."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order"]

    def __str__(self):
        return self.name


class EvidenceStage(models.TextChoices):
    NOT_EVALUATED = "not_evaluated", _("Not yet evaluated")
    LOCAL = "local", _("Evaluated locally")
    INDEPENDENT = "independent", _("Independently evaluated")


class Outcome(models.TextChoices):
    WORKED = "worked", _("Worked")
    PROMISING = "promising", _("Promising")
    DID_NOT_WORK = "did_not_work", _("Did not work")


class DeliveryStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    LIVE = "live", _("Live")
    ENDED = "ended", _("Ended")


class Call(models.Model):
    """A call for practice: the national team asks forces for examples during its dates."""

    title = models.CharField(max_length=200)
    scope = models.TextField(blank=True)
    guidance = models.TextField(blank=True)
    opens_on = models.DateField()
    closes_on = models.DateField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-opens_on", "-pk"]

    def __str__(self):
        return self.title


class _Content(models.Model):
    """The fields of a practice example, shared by the force's working copy and the library."""

    title = models.CharField(max_length=200)
    summary = models.TextField()
    problem = models.TextField(blank=True)
    what_was_done = models.TextField(blank=True)
    partners = models.TextField(blank=True)
    evidence_stage = models.CharField(
        max_length=20, choices=EvidenceStage.choices, default=EvidenceStage.NOT_EVALUATED
    )
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    evaluation_details = models.TextField(blank=True)
    evaluation_link = models.URLField(max_length=500, blank=True)
    outcomes = models.TextField(blank=True)
    resources_costs = models.TextField(blank=True)
    start_date = models.DateField(null=True, blank=True)
    delivery_status = models.CharField(
        max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.LIVE
    )
    contact_name = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField(blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.title


# The content fields copied from an example into its library entry when it is published.
CONTENT_FIELDS = [
    "title",
    "summary",
    "problem",
    "what_was_done",
    "partners",
    "evidence_stage",
    "outcome",
    "evaluation_details",
    "evaluation_link",
    "outcomes",
    "resources_costs",
    "start_date",
    "delivery_status",
    "contact_name",
    "contact_email",
]


class Example(_Content):
    """A force's practice example, as the force is writing it."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        UNDER_ASSESSMENT = "under_assessment", _("Under assessment")
        MORE_INFO = "more_info", _("More information needed")
        PUBLISHED = "published", _("Published")
        NOT_ACCEPTED = "not_accepted", _("Not accepted")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="practice_examples")
    call = models.ForeignKey(Call, null=True, blank=True, on_delete=models.SET_NULL, related_name="examples")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    strands = models.ManyToManyField(Strand, blank=True, related_name="+")
    actions = models.ManyToManyField(Action, blank=True, related_name="+")
    objectives = models.ManyToManyField(Objective, blank=True, related_name="+")
    source_answer = models.ForeignKey(
        "benchmarking.Answer",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="practice_examples",
    )
    assessor_note = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Who in the force answers for the example (its writer at first); chosen from the team.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="practice_examples",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    once_key = once_field()
    history = HistoricalRecords(m2m_fields=[strands, actions, objectives])

    class Meta:
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_answer"],
                condition=models.Q(source_answer__isnull=False),
                name="one_example_per_answer",
            )
        ]

    @property
    def is_editable(self) -> bool:
        """Forces change their example except while the national team has it."""
        return self.status not in (self.Status.SUBMITTED, self.Status.UNDER_ASSESSMENT)


def _attachment_path(instance, filename):
    import uuid

    extension = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    return f"practice/{instance.example_id}/{uuid.uuid4().hex}.{extension}"


class Attachment(models.Model):
    """A file attached to an example, under the same rules as return evidence. It shows in the
    library once the example is published with it."""

    example = models.ForeignKey(Example, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to=_attachment_path)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(default=0)
    published = models.BooleanField(default=False)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["example", "added_at", "pk"]

    def __str__(self):
        return self.title


class Decision(models.Model):
    """One step of an example's assessment, never changed: who, when, what, and why."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted for assessment")
        STARTED = "started", _("Assessment started")
        MORE_INFO = "more_info", _("More information asked for")
        PUBLISHED = "published", _("Published")
        NOT_ACCEPTED = "not_accepted", _("Not accepted")
        IMPORTED = "imported", _("Imported into the library")

    example = models.ForeignKey(Example, on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    note = models.TextField(blank=True)
    evidence_stage = models.CharField(max_length=20, choices=EvidenceStage.choices, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["example", "-at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.example_id}"


class LibraryEntry(_Content):
    """What the library shows of a published example: a copy made at publication."""

    example = models.OneToOneField(Example, on_delete=models.CASCADE, related_name="library_entry")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    call = models.ForeignKey(Call, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    strands = models.ManyToManyField(Strand, blank=True, related_name="entries")
    actions = models.ManyToManyField(Action, blank=True, related_name="practice_entries")
    objectives = models.ManyToManyField(Objective, blank=True, related_name="+")
    themes = models.ManyToManyField(Theme, blank=True, related_name="+")
    year = models.PositiveSmallIntegerField(db_index=True)
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # All of the entry's words, for the search fallback; on PostgreSQL also the weighted vector.
    body = models.TextField(blank=True)
    search_vector = SearchVectorField(null=True, editable=False)
    # PostgreSQL: title and summary only, to rank matches cheaply (matching uses search_vector).
    rank_vector = SearchVectorField(null=True, editable=False)
    # Every facet value of the entry in one short text ("action:12 strand:3 stage:local …"), so
    # facet counts for any set of results are one read of one column.
    facet_keys = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name_plural = "library entries"
        indexes = [models.Index(fields=["-published_at", "-id"], name="practice_entry_newest")]

    def facet_keys_of(self, actions, strands) -> str:
        keys = [f"action:{a.pk}" for a in actions]
        keys += [f"theme:{t}" for t in sorted({a.theme_id for a in actions})]
        keys += [f"strand:{s.pk}" for s in strands]
        keys += [f"stage:{self.evidence_stage}", f"force:{self.organisation_id}", f"year:{self.year}"]
        if self.outcome:
            keys.append(f"outcome:{self.outcome}")
        if self.region_id:
            keys.append(f"region:{self.region_id}")
        return " ".join(keys)


class LibraryState(models.Model):
    """One row: the library's version, which changes whenever an entry is published,
    republished or removed (practice.services, practice.signals). Cached counts and result
    pages are keyed by it; reading it costs one row, however large the library."""

    version = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return f"Library version {self.version}"

    @classmethod
    def changed(cls) -> None:
        updated = cls.objects.filter(pk=1).update(version=models.F("version") + 1)
        if not updated:
            cls.objects.get_or_create(pk=1, defaults={"version": 1})

    @classmethod
    def current(cls) -> int:
        return cls.objects.filter(pk=1).values_list("version", flat=True).first() or 0


class LibraryExport(models.Model):
    """A large export of the library, written by the background worker into the file store.

    The same filters, format and contact columns at the same library version make the same
    file, whoever asks: one row per such combination (`key`), so a second request, or a
    double-click, finds the file already made or being made. Files are kept for a day
    (`practice.exports.KEEP`); a publication changes the version, so the next request makes a
    fresh file."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Being written")
        READY = "ready", _("Ready to download")
        FAILED = "failed", _("Could not be made")

    class Format(models.TextChoices):
        CSV = "csv", _("CSV")
        XLSX = "xlsx", _("Excel (XLSX)")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    key = models.CharField(max_length=64, unique=True)
    fmt = models.CharField(max_length=4, choices=Format.choices)
    contacts = models.BooleanField(default=False)
    params = models.CharField(max_length=2000, blank=True)
    library_version = models.PositiveBigIntegerField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)
    written = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="exports/", blank=True, max_length=200)
    size = models.PositiveBigIntegerField(default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    failure = models.CharField(max_length=200, blank=True)

    class Meta:
        indexes = [models.Index(fields=["created_at"])]

    def __str__(self):
        return f"Library export {self.id} ({self.fmt}, {self.status})"

    @property
    def percent(self) -> int:
        if self.status == self.Status.READY:
            return 100
        return min(100, self.written * 100 // self.total) if self.total else 0


class HelpRequest(models.Model):
    """A force's question to the national team about an action where it needs help (from the
    find-help page, above all where nothing is published yet), and the national team's answer.
    The force and the national team see it; nobody else."""

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for the national team")
        ANSWERED = "answered", _("Answered")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="help_requests")
    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="help_requests")
    question = models.TextField()
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    once_key = once_field()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-asked_at", "-pk"]
        indexes = [models.Index(fields=["status", "asked_at"], name="practice_help_waiting")]

    def __str__(self):
        return f"{self.organisation} – {self.action.code}: {self.question[:60]}"
