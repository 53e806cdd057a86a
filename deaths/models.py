"""The domestic abuse-related deaths repository: forces notify every death related to domestic
abuse in quick time; the national team validates, classifies, codes and reports on them.

This is special category and criminal offence data. Nothing here names anyone: no names,
addresses or dates of birth; a death is known by the force's own reference, and the people in
it by sex, age band, ethnicity, relationship and flags. Only the people granted a deaths role
(`Grant`) open a record, and every read is logged (`AccessLog`)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.concurrency import once_field
from core.models import VersionCounter
from organisations.models import Organisation


class Known(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    NOT_KNOWN = "not_known", _("Not known")


class Category(models.TextChoices):
    INTIMATE_PARTNER = "intimate_partner", _("Intimate partner homicide")
    ADULT_FAMILY = "adult_family", _("Adult family homicide")
    SUSPECTED_SUICIDE = "suspected_suicide", _("Suspected victim suicide following domestic abuse")
    UNEXPECTED = "unexpected", _("Unexpected death")
    CHILD = "child", _("Child death")
    OTHER = "other", _("Other (living together, neither family nor partners)")


class Grant(models.Model):
    """A named person's deaths role: a reporter for one force, or an analyst or lead of the
    national team. Kept apart from team roles, so a force's own team changes never give or
    take it; national admins grant it, and its history records who did and when."""

    class Role(models.TextChoices):
        REPORTER = "reporter", _("Deaths reporter")
        ANALYST = "analyst", _("Deaths analyst")
        LEAD = "lead", _("Deaths lead")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deaths_grants")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=10, choices=Role.choices)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="unique_deaths_grant")
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.organisation}"


class Term(models.Model):
    """One value of a controlled list (deaths.lists), kept by the national team."""

    list = models.CharField(max_length=20)
    code = models.SlugField(max_length=40)
    label = models.CharField(max_length=120)
    position = models.PositiveSmallIntegerField(default=0)
    in_use = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["list", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["list", "code"], name="unique_deaths_term")]

    def __str__(self):
        return self.label


class DeathRecord(models.Model):
    """One notified death: what the force reported, as completed over the investigation and
    inquest, and how the national team validated and classified it."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Not sent yet")
        NOTIFIED = "notified", _("Notified")

    class Validation(models.TextChoices):
        TO_VALIDATE = "to_validate", _("To validate")
        CHALLENGED = "challenged", _("Category challenged")
        ANSWERED = "answered", _("Force has answered")
        VALIDATED = "validated", _("Validated")

    class Scope(models.TextChoices):
        PENDING = "pending", _("Not decided")
        IN_SCOPE = "in_scope", _("In scope")
        EXCLUDED = "excluded", _("Excluded")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    force_reference = models.CharField("Force reference", max_length=50)
    died_on = models.DateField("Date of death")
    category = models.CharField(max_length=20, choices=Category.choices)
    category_notified = models.CharField(max_length=20, choices=Category.choices)
    method = models.CharField(max_length=40, default="not_known")
    location = models.CharField("Location type", max_length=40, default="not_known")
    circumstances = models.TextField(
        "Circumstances", blank=True, help_text=_("A short account without names, addresses or dates of birth")
    )
    # The investigation and its outcome, completed as they progress.
    suspect_arrested = models.CharField(max_length=10, choices=Known.choices, default=Known.NOT_KNOWN)
    charge = models.CharField("Charged offence", max_length=40, default="not_known")
    conclusion = models.CharField("Coroner's conclusion", max_length=40, default="not_known")
    review_commissioned = models.CharField(
        "Domestic abuse related death review commissioned",
        max_length=10,
        choices=Known.choices,
        default=Known.NOT_KNOWN,
    )
    # The published case review of this death, once its learning is coded (casereviews).
    case_review = models.ForeignKey(
        "casereviews.CaseReview", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    notified_at = models.DateTimeField(null=True, blank=True)
    validation = models.CharField(max_length=12, choices=Validation.choices, default=Validation.TO_VALIDATE)
    scope = models.CharField(max_length=10, choices=Scope.choices, default=Scope.PENDING)
    exclusion = models.CharField("Reason for exclusion", max_length=40, blank=True)
    exclusion_note = models.TextField(blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    validated_at = models.DateTimeField(null=True, blank=True)
    themes = models.ManyToManyField(Term, blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    once_key = once_field()
    history = HistoricalRecords(m2m_fields=[themes])

    class Meta:
        ordering = ["-died_on", "-pk"]
        indexes = [
            models.Index(fields=["status", "died_on"], name="death_notified_on"),
            models.Index(fields=["organisation", "status"], name="death_force"),
        ]

    def __str__(self):
        return f"{self.organisation.short_name or self.organisation.name} {self.force_reference}"


class Person(models.Model):
    """A victim, suspect or other member of the household, described without naming them."""

    class Role(models.TextChoices):
        VICTIM = "victim", _("Victim")
        SUSPECT = "suspect", _("Suspect")
        HOUSEHOLD = "household", _("Other household member")

    class Sex(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        NOT_KNOWN = "not_known", _("Not known")

    class RiskLevel(models.TextChoices):
        STANDARD = "standard", _("Standard")
        MEDIUM = "medium", _("Medium")
        HIGH = "high", _("High")
        NONE = "none", _("No assessment")
        NOT_KNOWN = "not_known", _("Not known")

    record = models.ForeignKey(DeathRecord, on_delete=models.CASCADE, related_name="people")
    role = models.CharField(max_length=10, choices=Role.choices)
    sex = models.CharField(max_length=10, choices=Sex.choices, default=Sex.NOT_KNOWN)
    age_band = models.CharField("Age band", max_length=40, default="not_known")
    ethnicity = models.CharField(max_length=40, default="not_known")
    relationship = models.CharField("Relationship to the victim", max_length=40, default="not_known")
    pregnant = models.CharField(max_length=10, choices=Known.choices, default=Known.NOT_KNOWN)
    # Prior police contact: blank is "not known".
    contacts_12m = models.PositiveSmallIntegerField(
        "Police contacts in the last 12 months", null=True, blank=True
    )
    contacts_5y = models.PositiveSmallIntegerField(
        "Police contacts in the last 5 years", null=True, blank=True
    )
    risk_level = models.CharField(
        "Highest DA risk assessment level",
        max_length=10,
        choices=RiskLevel.choices,
        default=RiskLevel.NOT_KNOWN,
    )
    marac = models.CharField(
        "Referred to MARAC", max_length=10, choices=Known.choices, default=Known.NOT_KNOWN
    )
    mappa = models.CharField(
        "Managed under MAPPA", max_length=10, choices=Known.choices, default=Known.NOT_KNOWN
    )
    iom = models.CharField("Managed under IOM", max_length=10, choices=Known.choices, default=Known.NOT_KNOWN)
    drive = models.CharField(
        "Managed under DRIVE", max_length=10, choices=Known.choices, default=Known.NOT_KNOWN
    )
    coercive_control = models.CharField(
        "Coercive and controlling behaviour", max_length=10, choices=Known.choices, default=Known.NOT_KNOWN
    )
    strangulation = models.CharField(
        "History of non-fatal strangulation", max_length=10, choices=Known.choices, default=Known.NOT_KNOWN
    )
    substance_use = models.CharField(
        "Substance use", max_length=10, choices=Known.choices, default=Known.NOT_KNOWN
    )
    mental_health = models.CharField(
        "Mental health needs", max_length=10, choices=Known.choices, default=Known.NOT_KNOWN
    )
    once_key = once_field()
    history = HistoricalRecords()

    class Meta:
        ordering = ["record", "role", "pk"]

    def __str__(self):
        return self.get_role_display()


# The yes / no / not known flags of a person, in the order pages and reports show them.
FLAGS = (
    "pregnant",
    "marac",
    "mappa",
    "iom",
    "drive",
    "coercive_control",
    "strangulation",
    "substance_use",
    "mental_health",
)


class Challenge(models.Model):
    """The national team's question about a record's category, the force's answer, and how
    it was settled."""

    record = models.ForeignKey(DeathRecord, on_delete=models.CASCADE, related_name="challenges")
    proposed = models.CharField("Proposed category", max_length=20, choices=Category.choices)
    reason = models.TextField()
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField(auto_now_add=True)
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    settled = models.CharField(max_length=20, choices=Category.choices, blank=True)
    settled_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-raised_at", "-pk"]

    def __str__(self):
        return f"Question: {self.get_proposed_display()}?"


class Recommendation(models.Model):
    """A recommendation drawn from a death, with whom it is for and the plan's action it
    bears on."""

    class Addressee(models.TextChoices):
        POLICE = "police", _("Police")
        POLICE_PARTNERS = "police_partners", _("Police and partners")
        GOVERNMENT = "government_police", _("Government and police")

    record = models.ForeignKey(DeathRecord, on_delete=models.CASCADE, related_name="recommendations")
    text = models.TextField()
    addressee = models.CharField(max_length=20, choices=Addressee.choices)
    action = models.ForeignKey(
        "framework.Action", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    once_key = once_field()
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.text[:60]


class AccessLog(models.Model):
    """One read, search, export or print of the repository: who, when, what and why. Kept
    when a record is deleted (by its reference), and never changed."""

    class Kind(models.TextChoices):
        READ = "read", _("Read a record")
        SEARCH = "search", _("Searched records")
        EXPORT = "export", _("Exported records")
        PRINT = "print", _("Printed a record")
        DELETE = "delete", _("Deleted a record")

    class Reason(models.TextChoices):
        NOTIFYING = "notifying", _("Notifying or completing a death for my force")
        VALIDATING = "validating", _("Validating and classifying notifications")
        ANALYSIS = "analysis", _("Analysis for a report or briefing")
        QUERY = "query", _("Answering a query from a force or partner")
        AUDIT = "audit", _("Auditing access or data quality")
        RETENTION = "retention", _("Reviewing records for retention")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    reason = models.CharField(max_length=20, choices=Reason.choices)
    record = models.ForeignKey(
        DeathRecord, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # What was opened or asked, kept when the record is gone: its force and reference, the
    # search's terms, how many records an export held.
    what = models.CharField(max_length=300)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.user} {self.kind} {self.what}"


class Report(models.Model):
    """A frozen, disclosure-checked snapshot of the suppressed tables for a period: what
    policing leaders and government receive. Only suppressed figures are ever stored."""

    title = models.CharField(max_length=200)
    period_from = models.DateField()
    period_to = models.DateField()
    threshold = models.PositiveSmallIntegerField()
    tables = models.JSONField()
    disclosure = models.JSONField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    once_key = once_field()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title


class DeathsState(VersionCounter):
    """One row: moved by every change to the records and lists (deaths.services), so the
    dashboard's figures are kept in the cache under a key that changes when the data does."""
