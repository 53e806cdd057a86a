"""The practice community: spaces (one per action of the current plan, and those the national
team opens), their threads and posts, who belongs and who follows, and moderation.

Posts are never deleted: a facilitator hides one, and every moderation step is kept."""

import uuid

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.concurrency import once_field
from core.languages import written_in_model_field


class Space(models.Model):
    class Kind(models.TextChoices):
        ACTION = "action", _("An action of the plan")
        NATIONAL = "national", _("Opened by the national team")

    class Access(models.TextChoices):
        OPEN = "open", _("Open: everyone in a force or the national team")
        RESTRICTED = "restricted", _("Restricted: a facilitator approves who joins")
        PRIVATE = "private", _("Private: by invitation only")

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=120)
    summary = models.TextField(blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.NATIONAL)
    access = models.CharField(max_length=12, choices=Access.choices, default=Access.OPEN)
    # For an action's space: the plan and the action's code (kept by code, so each version of
    # the plan finds the same space for an action it carries over).
    framework_slug = models.SlugField(max_length=50, blank=True)
    action_code = models.CharField(max_length=20, blank=True)
    order = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    thread_count = models.PositiveIntegerField(default=0)
    last_post_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    once_key = once_field()
    history = HistoricalRecords(excluded_fields=["thread_count", "last_post_at", "updated_at"])

    class Meta:
        ordering = ["kind", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework_slug", "action_code"],
                condition=models.Q(kind="action"),
                name="community_one_space_per_action",
            )
        ]

    def __str__(self):
        return self.name


class Member(models.Model):
    """Someone's place in a space: asked to join (restricted), invited (private), a member or a
    facilitator, and whether a facilitator has suspended them from posting there. Open spaces
    need no row to read or post; one is made when someone is appointed, suspended or follows."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Asked to join")
        INVITED = "invited", _("Invited")
        MEMBER = "member", _("Member")
        REFUSED = "refused", _("Not approved")

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_places"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.MEMBER)
    facilitator = models.BooleanField(default=False)
    suspended = models.BooleanField(default=False)
    warnings = models.PositiveSmallIntegerField(default=0)
    added_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["space_id", "user_id"]
        constraints = [models.UniqueConstraint(fields=["space", "user"], name="community_one_member_row")]

    def __str__(self):
        return f"{self.user} in {self.space}: {self.get_status_display()}"


class Thread(models.Model):
    class Kind(models.TextChoices):
        DISCUSSION = "discussion", _("Discussion")
        QUESTION = "question", _("Question to the national team")
        PRACTICE = "practice", _("Practice to share")
        ANNOUNCEMENT = "announcement", _("Announcement")
        EVENT = "event", _("Event")

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for an answer")
        ANSWERED = "answered", _("Answered")
        ACCEPTED = "accepted", _("Answer accepted")

    space = models.ForeignKey(Space, on_delete=models.PROTECT, related_name="threads")
    kind = models.CharField(max_length=14, choices=Kind.choices, default=Kind.DISCUSSION)
    title = models.CharField(max_length=150)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # Questions only: open until a facilitator replies, accepted once an answer is chosen.
    status = models.CharField(max_length=10, choices=Status.choices, blank=True)
    official = models.ForeignKey("Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    accepted = models.ForeignKey("Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # The official answer is shown on the action's page as guidance.
    on_action_page = models.BooleanField(default=False)
    locked = models.BooleanField(default=False)
    # Events.
    starts_at = models.DateTimeField(null=True, blank=True)
    joining = models.CharField(max_length=500, blank=True)
    materials = models.TextField(blank=True)
    # Practice to share: a published library entry (practice.LibraryEntry), by id.
    practice_entry_id = models.PositiveIntegerField(null=True, blank=True, db_index=True)
    # Kept with every post, so lists cost one query however long the thread.
    post_count = models.PositiveIntegerField(default=0)
    last_post_at = models.DateTimeField(null=True, blank=True)
    last_post_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    once_key = once_field()
    history = HistoricalRecords(excluded_fields=["post_count", "last_post_at", "last_post_by", "updated_at"])

    class Meta:
        ordering = ["-last_post_at", "-pk"]
        indexes = [
            models.Index(fields=["space", "-last_post_at", "-id"], name="community_thread_latest"),
            models.Index(fields=["kind", "status", "created_at"], name="community_thread_waiting"),
            models.Index(fields=["author", "-last_post_at"], name="community_thread_mine"),
        ]

    def __str__(self):
        return self.title


class Post(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.PROTECT, related_name="posts")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # What the person wrote (the Markdown subset, stripped of any HTML), and the cleaned HTML
    # made from it once, on save (community.richtext).
    body = models.TextField()
    html = models.TextField(editable=False)
    written_in = written_in_model_field()
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    hidden = models.BooleanField(default=False)
    hidden_note = models.CharField(max_length=300, blank=True)
    official = models.BooleanField(default=False)
    search_vector = SearchVectorField(null=True, editable=False)
    once_key = once_field()
    history = HistoricalRecords(excluded_fields=["html", "search_vector"])

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["thread", "created_at", "id"], name="community_post_in_thread"),
            GinIndex(fields=["search_vector"], name="community_post_fts"),
        ]

    def __str__(self):
        return f"Post {self.pk} in {self.thread_id}"


def _attachment_path(instance, filename):
    return f"community/{uuid.uuid4().hex}.{filename.rsplit('.', 1)[-1]}"


class Attachment(models.Model):
    """A file on a post, checked by the one upload reader and served only to those who may read
    the post."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to=_attachment_path)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(default=0)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["post_id", "pk"]

    def __str__(self):
        return self.title


class Follow(models.Model):
    """Someone following a space (every new thread) or a thread (every reply)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    space = models.ForeignKey(Space, null=True, blank=True, on_delete=models.CASCADE, related_name="follows")
    thread = models.ForeignKey(
        Thread, null=True, blank=True, on_delete=models.CASCADE, related_name="follows"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "space"], name="community_follow_space_once"),
            models.UniqueConstraint(fields=["user", "thread"], name="community_follow_thread_once"),
            models.CheckConstraint(
                condition=models.Q(space__isnull=True) ^ models.Q(thread__isnull=True),
                name="community_follow_one_thing",
            ),
        ]

    def __str__(self):
        return f"{self.user} follows {self.space or self.thread}"


class Report(models.Model):
    """A post reported to the space's facilitators. Who reported it is seen by facilitators
    only, never by the post's author."""

    class Reason(models.TextChoices):
        OPERATIONAL = "operational", _("Contains operational or personal information")
        OFFENSIVE = "offensive", _("Offensive, abusive or discriminatory")
        MISLEADING = "misleading", _("Misleading or wrong in a way that could cause harm")
        SPAM = "spam", _("Advertising or off topic")
        OTHER = "other", _("Something else")

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for a facilitator")
        ACTED = "acted", _("Acted on")
        DISMISSED = "dismissed", _("No action needed")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=12, choices=Reason.choices)
    detail = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["status", "created_at"], name="community_report_open")]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "reporter"], condition=models.Q(status="open"), name="community_report_once"
            )
        ]

    def __str__(self):
        return f"Report on post {self.post_id}: {self.get_reason_display()}"


class Step(models.Model):
    """One moderation step, kept for good: who did what to which post, thread or member, and why."""

    class What(models.TextChoices):
        HIDE = "hide", _("Hid a post")
        RESTORE = "restore", _("Restored a post")
        EDIT = "edit", _("Edited a post")
        LOCK = "lock", _("Locked a thread")
        UNLOCK = "unlock", _("Unlocked a thread")
        WARN = "warn", _("Warned a member")
        SUSPEND = "suspend", _("Suspended a member from the space")
        LIFT = "lift", _("Lifted a suspension")
        DISMISS = "dismiss", _("Closed a report with no action")
        OFFICIAL = "official", _("Marked an official answer")
        APPROVE = "approve", _("Approved a request to join")
        REFUSE = "refuse", _("Did not approve a request to join")
        INVITE = "invite", _("Invited someone")
        APPOINT = "appoint", _("Made someone a facilitator")
        STAND_DOWN = "stand_down", _("Stopped someone facilitating")

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="steps")
    what = models.CharField(max_length=12, choices=What.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(Thread, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.by}: {self.get_what_display()}"
