"""Learning from safeguarding case reviews: the national team records each published review
(child safeguarding practice reviews, safeguarding adults reviews, domestic homicide reviews
and the rest), screens it in or out by the inclusion rule (police were in contact before the
death or serious harm), codes its police learning to the plan's actions, the perennial issues
and a theme list it keeps as data, and draws quarterly and spotlight briefings from it.

Forces read only learning the national team has published: a review's learning points reach
them once its coding is published (`LearningPoint.published`), never while it is coded."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.concurrency import once_field
from core.models import VersionCounter
from framework.models import Action, PerennialIssue
from organisations.models import Organisation


class ReviewType(models.TextChoices):
    CSPR = "cspr", _("Child safeguarding practice review / serious case review")
    RAPID = "rapid", _("Rapid review")
    NATIONAL_PANEL = "national_panel", _("National panel review")
    SAR = "sar", _("Safeguarding adults review")
    CPR = "cpr", _("Child practice review")
    APR = "apr", _("Adult practice review")
    SUSR = "susr", _("Single unified safeguarding review")
    DHR = "dhr", _("Domestic homicide review / domestic abuse related death review")
    MAPPA = "mappa", _("MAPPA serious case review")
    OTHER = "other", _("Other")


class CaseReview(models.Model):
    """A published safeguarding case review, as the national team records and screens it."""

    class Nation(models.TextChoices):
        ENGLAND = "england", _("England")
        WALES = "wales", _("Wales")

    class Contact(models.TextChoices):
        YES = "yes", _("Yes")
        NO = "no", _("No")
        NOT_KNOWN = "not_known", _("Not known")

    class Screening(models.TextChoices):
        TO_SCREEN = "to_screen", _("Not screened yet")
        INCLUDED = "included", _("Included")
        EXCLUDED = "excluded", _("Screened out")

    kind = models.CharField("Type", max_length=20, choices=ReviewType.choices)
    nation = models.CharField(max_length=10, choices=Nation.choices, default=Nation.ENGLAND)
    partnership = models.CharField("Commissioning partnership", max_length=200)
    force = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="case_reviews"
    )
    published_on = models.DateField("Published")
    incident_on = models.DateField("Incident", null=True, blank=True)
    report_url = models.URLField("Address of the published report", max_length=500)
    pseudonym = models.CharField(max_length=100, blank=True)
    summary = models.TextField(blank=True)
    police_contact = models.CharField(
        "Police in contact before the incident", max_length=10, choices=Contact.choices
    )
    screening = models.CharField(max_length=10, choices=Screening.choices, default=Screening.TO_SCREEN)
    exclusion_reason = models.TextField(blank=True)
    screened_at = models.DateTimeField(null=True, blank=True)
    joint_with = models.ManyToManyField("self", blank=True, symmetrical=True)
    # The coding whose learning forces read, once published.
    published_coding = models.ForeignKey(
        "Coding", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    learning_published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    once_key = once_field()
    history = HistoricalRecords(m2m_fields=[joint_with])

    class Meta:
        ordering = ["-published_on", "-pk"]
        indexes = [models.Index(fields=["screening", "published_on"], name="casereview_screened")]

    def __str__(self):
        name = self.pseudonym or self.partnership
        return f"{self.get_kind_display()}: {name} ({self.published_on:%Y})"

    @property
    def is_published(self) -> bool:
        return self.learning_published_at is not None


class Subject(models.Model):
    """A person the review is about. Reviews often leave these out: "not recorded" is a value."""

    class AgeBand(models.TextChoices):
        UNDER_1 = "under_1", _("Under 1")
        AGE_1_5 = "1_5", _("1 to 5")
        AGE_6_10 = "6_10", _("6 to 10")
        AGE_11_15 = "11_15", _("11 to 15")
        AGE_16_17 = "16_17", _("16 or 17")
        AGE_18_24 = "18_24", _("18 to 24")
        AGE_25_44 = "25_44", _("25 to 44")
        AGE_45_64 = "45_64", _("45 to 64")
        AGE_65_74 = "65_74", _("65 to 74")
        AGE_75 = "75_plus", _("75 or over")
        NOT_RECORDED = "not_recorded", _("Not recorded")

    class Sex(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        NOT_RECORDED = "not_recorded", _("Not recorded")

    class Ethnicity(models.TextChoices):
        ASIAN = "asian", _("Asian or Asian British")
        BLACK = "black", _("Black, Black British, Caribbean or African")
        MIXED = "mixed", _("Mixed or multiple ethnic groups")
        WHITE = "white", _("White")
        OTHER = "other", _("Other ethnic group")
        NOT_RECORDED = "not_recorded", _("Not recorded")

    review = models.ForeignKey(CaseReview, on_delete=models.CASCADE, related_name="subjects")
    age_band = models.CharField(max_length=20, choices=AgeBand.choices, default=AgeBand.NOT_RECORDED)
    sex = models.CharField(max_length=20, choices=Sex.choices, default=Sex.NOT_RECORDED)
    ethnicity = models.CharField(max_length=20, choices=Ethnicity.choices, default=Ethnicity.NOT_RECORDED)
    once_key = once_field()
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"{self.get_age_band_display()}, {self.get_sex_display()}, {self.get_ethnicity_display()}"


class LearningTheme(models.Model):
    """A theme of the national team's own list, kept as data (added, renamed, retired here)."""

    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    retired = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Coding(models.Model):
    """One analyst's coding of one review. A second analyst codes the same review on their own,
    and the two are compared before one is published."""

    review = models.ForeignKey(CaseReview, on_delete=models.CASCADE, related_name="codings")
    coder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["started_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["review", "coder"], name="one_coding_per_coder")]

    def __str__(self):
        return f"{self.coder} on {self.review}"


class LearningPoint(models.Model):
    class Kind(models.TextChoices):
        MISSED = "missed", _("Missed opportunity")
        STRENGTH = "strength", _("Strength")
        GAP = "gap", _("Practice gap")

    class Stage(models.TextChoices):
        FIRST_CONTACT = "first_contact", _("First contact")
        RISK = "risk", _("Risk assessment")
        REFERRAL = "referral", _("Referral")
        INVESTIGATION = "investigation", _("Investigation")
        SAFEGUARDING = "safeguarding", _("Safeguarding")
        PARTNERSHIP = "partnership", _("Partnership")
        SUPERVISION = "supervision", _("Supervision")
        OTHER = "other", _("Other")

    coding = models.ForeignKey(Coding, on_delete=models.CASCADE, related_name="points")
    review = models.ForeignKey(CaseReview, on_delete=models.CASCADE, related_name="points")
    text = models.TextField("Learning (a short paraphrase)")
    page = models.CharField("Page reference", max_length=40, blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    stage = models.CharField("Practice stage", max_length=20, choices=Stage.choices)
    actions = models.ManyToManyField(Action, blank=True, related_name="case_review_learning")
    perennial_issues = models.ManyToManyField(PerennialIssue, blank=True, related_name="+")
    themes = models.ManyToManyField(LearningTheme, blank=True, related_name="points")
    # Copied from the review when its learning is published, so searches and facets read one
    # table: forces see a point only when `published` is set.
    published = models.BooleanField(default=False)
    review_kind = models.CharField(max_length=20, choices=ReviewType.choices)
    year = models.PositiveSmallIntegerField()
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    once_key = once_field()
    history = HistoricalRecords(m2m_fields=[actions, perennial_issues, themes])

    class Meta:
        ordering = ["pk"]
        indexes = [
            models.Index(fields=["published", "-year", "-id"], name="learning_published_newest"),
        ]

    def __str__(self):
        return self.text[:80]


class Recommendation(models.Model):
    class Addressee(models.TextChoices):
        POLICE = "police", _("Police")
        PARTNERS = "police_partners", _("Police and partners")
        GOVERNMENT = "government_police", _("Government and police")

    review = models.ForeignKey(CaseReview, on_delete=models.CASCADE, related_name="recommendations")
    text = models.TextField()
    addressee = models.CharField(max_length=20, choices=Addressee.choices)
    points = models.ManyToManyField(LearningPoint, blank=True, related_name="recommendations")
    once_key = once_field()
    history = HistoricalRecords(m2m_fields=[points])

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.text[:80]


class Briefing(models.Model):
    """A quarterly or spotlight briefing drawn from published learning, with the national
    team's commentary. Its counts and learning are fixed when it is published."""

    class Kind(models.TextChoices):
        QUARTERLY = "quarterly", _("Quarterly briefing")
        SPOTLIGHT = "spotlight", _("Spotlight briefing")

    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.QUARTERLY)
    title = models.CharField(max_length=200)
    period_from = models.DateField("Reviews published from")
    period_to = models.DateField("Reviews published to")
    # Filters (empty: every type, action or theme).
    review_kinds = models.JSONField("Types", default=list, blank=True)
    action_codes = models.JSONField("Actions", default=list, blank=True)
    themes = models.ManyToManyField(LearningTheme, blank=True, related_name="briefings")
    commentary = models.TextField(blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Fixed at publication: {"examined": n, "included": n, "excluded": n, "by_type": {...}}.
    counts = models.JSONField(default=dict, blank=True)
    points = models.ManyToManyField(LearningPoint, blank=True, related_name="briefings")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    once_key = once_field()
    history = HistoricalRecords(m2m_fields=[themes])

    class Meta:
        ordering = ["-period_to", "-pk"]

    def __str__(self):
        return self.title

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class BriefingResponse(models.Model):
    """How a force has acted on a briefing's learning against an action."""

    briefing = models.ForeignKey(Briefing, on_delete=models.CASCADE, related_name="responses")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="+")
    text = models.TextField("What the force has done or will do")
    impact_activity = models.ForeignKey(
        "impact.PlanActivity", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    once_key = once_field()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.organisation} on {self.briefing}"


class LearningState(VersionCounter):
    """One row: the version of what forces read (published learning and the theme list), moved
    by every publication, change to a published review and change to a theme
    (casereviews.services). Kept searches, facet counts and action panels are keyed by it;
    reading it costs one row, however large the repository."""
