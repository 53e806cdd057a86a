from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """A message in a person's NVAP Hub inbox, also sent by email as they choose for its kind
    (core.notify): at once, in the daily summary, or not at all."""

    class Emailed(models.TextChoices):
        AT_ONCE = "at_once", _("Emailed at once")
        IN_DIGEST = "in_digest", _("Waiting for the daily summary")
        IN_WEEKLY = "in_weekly", _("Waiting for the weekly summary")
        DIGEST_SENT = "digest_sent", _("Sent in a summary")
        NOT = "not", _("Not emailed")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=30, blank=True)
    message = models.CharField(max_length=500)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed = models.CharField(max_length=20, choices=Emailed.choices, default=Emailed.AT_ONCE)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "read_at"]),
            models.Index(fields=["emailed", "user"], name="notification_digest_idx"),
        ]

    def __str__(self):
        return self.message


class EmailSetting(models.Model):
    """How a person wants one kind of notification by email; none means the kind's default
    (core.notify.DEFAULTS: at once, unless the kind says otherwise)."""

    class How(models.TextChoices):
        AT_ONCE = "at_once", _("Each time")
        DIGEST = "digest", _("In one email a day")
        WEEKLY = "weekly", _("In one email a week")
        NEVER = "never", _("Never: only in NVAP Hub")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_settings"
    )
    kind = models.CharField(max_length=30)
    how = models.CharField(max_length=20, choices=How.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_email_setting_a_kind")]

    def __str__(self):
        return f"{self.user}: {self.kind} {self.how}"


class Email(models.Model):
    """An email the service sends, queued in the same transaction as the change that caused
    it and sent by a background task, retried with back-off until it goes or gives up."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    to = models.EmailField()
    subject = models.CharField(max_length=200)
    body = models.TextField()
    # The body holds a secret (a password reset link): it is wiped once sent or given up.
    secret = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return f"{self.subject} to {self.to} ({self.get_status_display()})"


class VersionCounter(models.Model):
    """One row whose number moves with every change to some body of data (a repository's
    published learning, its records), so what is kept in the cache is keyed by it: reading it
    costs one row however large the data. Subclasses say what moves it."""

    version = models.PositiveBigIntegerField(default=0)
    objects: models.Manager = models.Manager()

    class Meta:
        abstract = True

    def __str__(self):
        return f"{type(self).__name__} {self.version}"

    @classmethod
    def changed(cls) -> None:
        if not cls.objects.filter(pk=1).update(version=models.F("version") + 1):
            cls.objects.get_or_create(pk=1, defaults={"version": 1})

    @classmethod
    def current(cls) -> int:
        return cls.objects.filter(pk=1).values_list("version", flat=True).first() or 0
