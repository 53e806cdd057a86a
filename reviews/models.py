"""NVAP action peer reviews: the national team's critical friend review of a force's work on
some of the plan's actions, from the request to the report back and its follow-up. Findings
are strengths, promising practice and opportunities for improvement: never grades."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.concurrency import once_field
from framework.models import Action, Objective
from organisations.models import Organisation


class PeerReview(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested by the force")
        PROPOSED = "proposed", _("Proposed by the national team")
        ACCEPTED = "accepted", _("Accepted: scoping")
        DECLINED = "declined", _("Declined")
        FIELDWORK = "fieldwork", _("Fieldwork")
        REPORTING = "reporting", _("Report in draft")
        FOLLOW_UP = "follow_up", _("Report final: follow-up")
        CLOSED = "closed", _("Closed")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="peer_reviews")
    actions = models.ManyToManyField(Action, related_name="peer_reviews")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.REQUESTED)
    why = models.TextField("Why a review, and why now")
    preferred_from = models.DateField(null=True, blank=True)
    preferred_to = models.DateField(null=True, blank=True)
    # Set when the national team accepts and schedules it.
    fieldwork_from = models.DateField(null=True, blank=True)
    fieldwork_to = models.DateField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    # The report back: the lead reviewer's summary, drafted for the force's comments, then final.
    report_summary = models.TextField(blank=True)
    report_drafted_at = models.DateTimeField(null=True, blank=True)
    report_final_at = models.DateTimeField(null=True, blank=True)
    # The report is the force's: it may share the final report with named forces, and publish
    # its summary to everyone signed in.
    shared_with = models.ManyToManyField(Organisation, blank=True, related_name="reviews_shared_with")
    summary_published = models.BooleanField(default=False)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # A double-clicked request makes one review.
    once_key = once_field()
    history = HistoricalRecords(m2m_fields=[actions, shared_with])

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Peer review of {self.organisation}"


class TeamMember(models.Model):
    """A reviewer on a review's team, with the conflict-of-interest check made against the
    force before they join."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead reviewer")
        SUBJECT_EXPERT = "subject_expert", _("Subject expert")
        ACADEMIC = "academic", _("Academic")
        VOLUNTARY_SECTOR = "voluntary_sector", _("Voluntary-sector reviewer")
        PARTNER = "partner", _("Partner reviewer")

    review = models.ForeignKey(PeerReview, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="peer_review_roles"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    # "No conflict": the reviewer has no current or recent link with the force (worked there,
    # works with it, is related to someone there). Otherwise what the link is, and why it
    # does not stop them.
    no_conflict = models.BooleanField()
    conflict_statement = models.TextField(blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["review_id", "role", "pk"]
        constraints = [models.UniqueConstraint(fields=["review", "user"], name="unique_review_team_member")]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()}"


class KeyQuestion(models.Model):
    """A question the review sets out to answer on one of its actions."""

    review = models.ForeignKey(PeerReview, on_delete=models.CASCADE, related_name="questions")
    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="+")
    objective = models.ForeignKey(
        Objective, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField()
    # Where it came from: the action sheet's objective, the toolkit's questions, or the team.
    source = models.CharField(max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["review_id", "order", "pk"]

    def __str__(self):
        return self.text[:80]


class EvidenceRequest(models.Model):
    """A document or data the review team asks the force for before the fieldwork."""

    class Kind(models.TextChoices):
        POLICY = "policy", _("Policy or procedure")
        DATA = "data", _("Data extract")
        CASES = "cases", _("Case sample")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for the force")
        PROVIDED = "provided", _("Provided")
        CANNOT = "cannot", _("Cannot be provided")

    review = models.ForeignKey(PeerReview, on_delete=models.CASCADE, related_name="evidence_requests")
    title = models.CharField(max_length=200)
    detail = models.TextField(blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    due_on = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    cannot_reason = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    once_key = once_field()
    history = HistoricalRecords()

    class Meta:
        ordering = ["review_id", "due_on", "pk"]

    def __str__(self):
        return self.title


def _evidence_path(instance, filename):
    # Random names, grouped by review: the original name is kept in the database only.
    import uuid

    extension = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    return f"reviews/{instance.request.review_id}/{uuid.uuid4().hex}.{extension}"


class EvidenceFile(models.Model):
    """A file the force gave against an evidence request: kept outside the web root and served
    only through the review's access checks."""

    request = models.ForeignKey(EvidenceRequest, on_delete=models.CASCADE, related_name="files")
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to=_evidence_path)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(default=0)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["request_id", "added_at", "pk"]

    def __str__(self):
        return self.title


class FieldworkEntry(models.Model):
    """What the team did on site: who took part (by role, never by name), and its notes. A
    case audit's notes stay inside the review team."""

    class Kind(models.TextChoices):
        INTERVIEW = "interview", _("Interview")
        FOCUS_GROUP = "focus_group", _("Focus group")
        CASE_AUDIT = "case_audit", _("Case audit")
        OBSERVATION = "observation", _("Observation")
        REALITY_TEST = "reality_test", _("Reality test")
        SURVEY = "survey", _("Survey")

    review = models.ForeignKey(PeerReview, on_delete=models.CASCADE, related_name="fieldwork")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    held_on = models.DateField()
    participants = models.CharField("Participants' roles", max_length=500)
    notes = models.TextField()
    actions = models.ManyToManyField(Action, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    once_key = once_field()
    history = HistoricalRecords(m2m_fields=[actions])

    class Meta:
        ordering = ["review_id", "held_on", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.held_on}"


class Finding(models.Model):
    """What the review found on an action: a strength, promising practice, or an opportunity
    for improvement with a suggested step. Never a grade."""

    class Kind(models.TextChoices):
        STRENGTH = "strength", _("Strength")
        PROMISING = "promising", _("Promising practice")
        OPPORTUNITY = "opportunity", _("Opportunity for improvement")

    review = models.ForeignKey(PeerReview, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="+")
    objective = models.ForeignKey(
        Objective, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField()
    suggested_step = models.TextField(blank=True)
    evidence = models.ManyToManyField(EvidenceRequest, blank=True, related_name="findings")
    fieldwork = models.ManyToManyField(FieldworkEntry, blank=True, related_name="findings")
    # Promising practice the force chose to share: its draft example in the practice library.
    practice_example = models.ForeignKey(
        "practice.Example", null=True, blank=True, on_delete=models.SET_NULL, related_name="review_findings"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    once_key = once_field()
    history = HistoricalRecords(m2m_fields=[evidence, fieldwork])

    class Meta:
        ordering = ["review_id", "action__sort_key", "kind", "pk"]

    def __str__(self):
        return self.text[:80]


class ReportComment(models.Model):
    """The force's comment on the draft report's factual accuracy."""

    review = models.ForeignKey(PeerReview, on_delete=models.CASCADE, related_name="report_comments")
    text = models.TextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    once_key = once_field()
    history = HistoricalRecords()

    class Meta:
        ordering = ["review_id", "at", "pk"]

    def __str__(self):
        return self.text[:80]


class Response(models.Model):
    """The force's answer to an opportunity for improvement: an action with an owner and a due
    date, followed up at 6 and 12 months after the report is final until it is done or explained."""

    class Status(models.TextChoices):
        OPEN = "open", _("Under way")
        DONE = "done", _("Done")
        EXPLAINED = "explained", _("Not taken forward (explained)")

    finding = models.OneToOneField(Finding, on_delete=models.CASCADE, related_name="response")
    action_text = models.TextField("What the force will do")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_on = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    progress = models.TextField("Progress or explanation", blank=True)
    # The activity it became in the force's impact plan for the action, if it did.
    impact_activity = models.ForeignKey(
        "impact.PlanActivity", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The follow-ups (6 and 12 months after the report) already sent to the owner.
    followed_up = models.JSONField(default=list, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["finding_id"]

    def __str__(self):
        return self.action_text[:80]
