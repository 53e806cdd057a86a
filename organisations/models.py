from django.conf import settings
from django.db import models
from django.utils.functional import lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Region(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


def name_in_page_language(name: str, welsh_name: str) -> str:
    """An organisation's name in the active language: its Welsh name, where it has one, when
    the language is Welsh. For rows read with .values() as well as for objects."""
    if welsh_name and get_language() == "cy":
        return welsh_name
    return name


def _shown_name(organisation: "Organisation") -> str:
    return organisation.shown_name


_lazy_name = lazy(_shown_name, str)


class Organisation(models.Model):
    class Kind(models.TextChoices):
        FORCE = "force", _("Police force")
        NATIONAL = "national", _("National body")

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200, unique=True)
    # The organisation's own Welsh name ("Heddlu Gwent"), shown on Welsh pages; blank where it
    # has none, and then its name is the same in both languages.
    welsh_name = models.CharField(max_length=200, blank=True)
    short_name = models.CharField(max_length=60, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT)
    country = models.CharField(max_length=20, blank=True, help_text=_("England, Wales, or blank"))
    # The ONS police force area code (E23000024 for Norfolk): the key BI tools join other
    # police data on. Blank for national bodies and British Transport Police.
    ons_code = models.CharField("ONS police force area code", max_length=9, blank=True)
    # Everyone in it must use a second factor, whatever their role (leads and national roles
    # always must: accounts.mfa).
    require_mfa = models.BooleanField("Everyone must use a second factor", default=False)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["ons_code"], condition=~models.Q(ons_code=""), name="unique_ons_code"
            )
        ]

    def __str__(self):
        return self.shown_name

    @property
    def shown_name(self) -> str:
        """The name in the language of the page or email being written: the Welsh name where
        it has one and the language is Welsh."""
        # The language first: a list that read only the English name reads nothing more.
        return name_in_page_language(self.name, self.welsh_name if get_language() == "cy" else "")

    @property
    def name_in_language(self):
        """`shown_name`, worked out when the text it sits in is (a lazily translated email
        subject is written in its reader's language)."""
        return _lazy_name(self)

    @property
    def is_force(self):
        return self.kind == self.Kind.FORCE


class Membership(models.Model):
    """A person's role in one organisation. Roles decide what they may read and write."""

    class Role(models.TextChoices):
        FORCE_LEAD = "force_lead", _("Force vulnerability lead")
        CONTRIBUTOR = "contributor", _("Action owner or contributor")
        VIEWER = "viewer", _("Force viewer")
        NATIONAL_ADMIN = "national_admin", _("National admin")
        NATIONAL_ANALYST = "national_analyst", _("National analyst")
        PEER_REVIEWER = "peer_reviewer", _("Peer reviewer")
        INSPECTOR = "inspector", _("Inspector")

    # Which kind of organisation each role belongs to (what a role may do: organisations.roles).
    FORCE_ROLES = {Role.FORCE_LEAD, Role.CONTRIBUTOR, Role.VIEWER}
    NATIONAL_ROLES = {Role.NATIONAL_ADMIN, Role.NATIONAL_ANALYST, Role.PEER_REVIEWER, Role.INSPECTOR}

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=30, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    # Who granted or removed a role, and when: roles decide what people can see.
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__name", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="unique_membership_role")
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.organisation}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.organisation_id is None:
            return
        if self.role in self.FORCE_ROLES and not self.organisation.is_force:
            raise ValidationError({"role": "Force roles can only be held in a police force."})
        if self.role in self.NATIONAL_ROLES and self.organisation.is_force:
            raise ValidationError({"role": "National roles can only be held in a national body."})


class Invitation(models.Model):
    """An invitation for someone to join an organisation in a role, sent by email. Its link
    carries a secret of which only a hash is kept; it works once, for INVITATION_DAYS, and
    can be sent again (a new secret: the old link stops) or withdrawn."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        ACCEPTED = "accepted", _("Accepted")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=30, choices=Membership.Role.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    key_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="invitations_sent"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Who sent, resent, withdrew or accepted it, and when.
    history = HistoricalRecords(excluded_fields=["key_hash"])

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # One waiting invitation per person and organisation: a double-clicked "Send" or a
            # second lead inviting the same person finds the first.
            models.UniqueConstraint(
                fields=["organisation", "email"],
                condition=models.Q(status="pending"),
                name="one_pending_invitation",
            )
        ]

    def __str__(self):
        return f"{self.email} to {self.organisation} as {self.get_role_display()}"


class TeamReview(models.Model):
    """A force's quarterly review of who has access ("confirm your team"): made at the start
    of each quarter by the daily access check, done when a lead confirms the team."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="team_reviews")
    quarter = models.DateField(help_text=_("The first day of the quarter it is for"))
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-quarter"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "quarter"], name="one_review_a_quarter")
        ]

    def __str__(self):
        return f"{self.organisation}: team review for the quarter from {self.quarter:%-d %B %Y}"


class AccessEvent(models.Model):
    """A change to how someone signs in, recorded in each organisation they are in: suspended
    after SUSPEND_AFTER_DAYS unused (by nobody: the daily access check) or restored by a lead
    or a national admin; a second factor added or removed, new recovery codes, a second
    factor reset by a lead; and the organisation's own rule (person blank) changed."""

    class Kind(models.TextChoices):
        SUSPENDED = "suspended", _("Suspended: not signed in for a long time")
        RESTORED = "restored", _("Restored")
        MFA_ADDED = "mfa_added", _("Second factor added")
        MFA_REMOVED = "mfa_removed", _("Second factor removed")
        RECOVERY_CODES = "recovery_codes", _("New recovery codes made")
        MFA_RESET = "mfa_reset", _("Second factors reset")
        MFA_REQUIRED = "mfa_required", _("Second factor required for everyone")
        MFA_NOT_REQUIRED = "mfa_not_required", _("Second factor required for leads only")

    MFA_KINDS = {
        Kind.MFA_ADDED,
        Kind.MFA_REMOVED,
        Kind.RECOVERY_CODES,
        Kind.MFA_RESET,
        Kind.MFA_REQUIRED,
        Kind.MFA_NOT_REQUIRED,
    }

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="access_events")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="access_events",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # What it was about: "Authenticator app", "Passkey: YubiKey".
    detail = models.CharField(max_length=200, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.person or 'Everyone'} {self.kind} in {self.organisation}"


class SsoTenant(models.Model):
    """A single sign-on tenant whose people may sign in to this organisation: for Microsoft
    Entra ID, the force's directory (tenant) id, the token's `tid`. Sign-in with single
    sign-on accepts only tenants listed here (accounts.sso)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="sso_tenants")
    provider = models.SlugField(max_length=20, help_text=_("entra, or oidc for the second provider"))
    tenant_id = models.CharField(max_length=100, help_text=_("For Entra ID, the directory (tenant) id"))
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__name", "provider", "tenant_id"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "tenant_id"], name="one_organisation_per_tenant")
        ]

    def __str__(self):
        return f"{self.provider} {self.tenant_id} ({self.organisation})"

    def clean(self):
        import re

        from django.core.exceptions import ValidationError

        if self.provider not in settings.SSO_PROVIDERS:
            raise ValidationError(
                {"provider": f"Choose one of: {', '.join(sorted(settings.SSO_PROVIDERS))}."}
            )
        self.tenant_id = (
            (self.tenant_id or "").strip().lower() if self.provider == "entra" else self.tenant_id.strip()
        )
        if self.provider == "entra" and not re.fullmatch(
            r"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}", self.tenant_id
        ):
            raise ValidationError(
                {"tenant_id": "An Entra tenant id looks like 72f988bf-86f1-41af-91ab-2d7cd011db47."}
            )
