"""Telling people what happened: an in-app notification and, as each person chooses for its
kind, an email at once, a line in one email a day (`send_digests`), or none. Both are written
in the transaction of the change that caused them (emails are sent by a background task)."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from core import personal
from core.mail import email_queue
from core.models import EmailSetting, Notification

MESSAGE_LIMIT: int = Notification._meta.get_field("message").max_length or 0
URL_LIMIT: int = Notification._meta.get_field("url").max_length or 0

# Every kind of notification, as people choose how to be emailed about it (Your account).
KINDS = {
    "returns": "Benchmarking exercises opening, and returns submitted, sent back or accepted",
    "deadlines": "A return's deadline coming up",
    "assignments": "Answers to write or impact objectives given to you, or given to someone else",
    "progress": "A progress update due on an objective you own",
    "team": "Your team's quarterly review",
    "practice": "Practice examples submitted for assessment, and assessed",
    "reviews": "Peer reviews of your force: decisions, and evidence the review team asks for",
    "casereviews": "New briefings on learning from safeguarding case reviews",
    "community": "The community: replies, new threads in spaces you follow, mentions of you",
}
How = EmailSetting.How
# A kind's emails when the person has not chosen: at once, except the community's, which come
# in one email a week (never one email a post) until the person chooses otherwise.
DEFAULTS = {"community": How.WEEKLY}
Emailed = Notification.Emailed


def quote(text: str, limit: int = 200) -> str:
    """Someone's words quoted in a notification, shortened to `limit` characters."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def email_choices(user) -> dict[str, str]:
    """How the person wants each kind emailed (the kind's default, DEFAULTS, unless they chose)."""
    chosen = dict(EmailSetting.objects.filter(user=user).values_list("kind", "how"))
    return {kind: chosen.get(kind, DEFAULTS.get(kind, How.AT_ONCE)) for kind in KINDS}


@transaction.atomic
def email_choices_save(user, choices: dict[str, str]) -> None:
    for kind, how in choices.items():
        if kind in KINDS:
            EmailSetting.objects.update_or_create(user=user, kind=kind, defaults={"how": how})


def notify(*, users, subject: str, message: str, kind: str, url: str = "") -> int:
    """Returns how many people were told. Messages longer than a notification holds are
    shortened, so a long comment never stops the change it describes."""
    if kind not in KINDS:
        raise ValueError(f"Unknown kind of notification: {kind!r}")
    users = [u for u in {u.pk: u for u in users}.values() if u.is_active]
    if not users:
        return 0
    short = quote(message, MESSAGE_LIMIT)
    url = url if len(url) <= URL_LIMIT else ""
    chosen = dict(EmailSetting.objects.filter(user__in=users, kind=kind).values_list("user_id", "how"))
    default = DEFAULTS.get(kind, How.AT_ONCE)
    emailed: dict[str, str] = {
        How.AT_ONCE: Emailed.AT_ONCE,
        How.DIGEST: Emailed.IN_DIGEST,
        How.WEEKLY: Emailed.IN_WEEKLY,
        How.NEVER: Emailed.NOT,
    }
    Notification.objects.bulk_create(
        Notification(user=u, kind=kind, message=short, url=url, emailed=emailed[chosen.get(u.pk, default)])
        for u in users
    )
    personal.changed(u.pk for u in users)
    link = f"\n\n{settings.SITE_URL}{url}" if url else ""
    for user in users:
        if chosen.get(user.pk, default) == How.AT_ONCE:
            email_queue(to=user.email, subject=f"NVAP Hub: {subject}", body=f"{message}{link}\n\nNVAP Hub")
    return len(users)


def owner_changed(*, owner, before, by, thing: str, where: str, url: str) -> None:
    """Tells the new owner of something (`thing`: "an objective") that it is theirs, and the
    one before that it no longer is: an in-app notification and an email each, as they
    chose; nobody is told of their own change."""
    if owner is not None and owner != by:
        notify(
            kind="assignments",
            users=[owner],
            subject=f"{thing[0].upper()}{thing[1:]} is yours",
            message=f"{by} made you the owner of {thing} in {where}",
            url=url,
        )
    if before is not None and before != by:
        notify(
            kind="assignments",
            users=[before],
            subject=f"{thing[0].upper()}{thing[1:]} is no longer yours",
            message=f"{by} gave {thing} you owned to someone else or nobody, in {where}",
            url=url,
        )


def _digests(waiting_as: str, period: str) -> int:
    sent = 0
    waiting = (
        Notification.objects.filter(emailed=waiting_as, user__is_active=True)
        .values_list("user_id", flat=True)
        .distinct()
    )
    for user_id in list(waiting):
        with transaction.atomic():
            items = list(
                Notification.objects.select_for_update()
                .filter(user_id=user_id, emailed=waiting_as)
                .select_related("user")
                .order_by("created_at", "pk")
            )
            if not items:
                continue
            lines = [
                f"- {timezone.localtime(n.created_at):%-d %b %H:%M}: {n.message}"
                + (f"\n  {settings.SITE_URL}{n.url}" if n.url else "")
                for n in items
            ]
            body = (
                f"What happened in NVAP Hub for you since the last summary ({len(items)}):\n\n"
                + "\n".join(lines)
                + f"\n\nChoose which emails you get on your account page: {settings.SITE_URL}/accounts/#emails"
                + "\n\nNVAP Hub"
            )
            email_queue(to=items[0].user.email, subject=f"NVAP Hub: your {period} summary", body=body)
            Notification.objects.filter(pk__in=[n.pk for n in items]).update(emailed=Emailed.DIGEST_SENT)
            sent += 1
    return sent


@task()
def send_digests() -> int:
    """Sends each person who chose a daily summary for some kinds one email listing what
    came for them since the last one (oldest first), and marks those sent. Returns how many
    emails were queued. `manage.py send_digests` queues it, once a day."""
    return _digests(Emailed.IN_DIGEST, "daily")


@task()
def send_weekly_digests() -> int:
    """The same for what people get in one email a week (the community's default).
    `manage.py send_weekly_digests` queues it, once a week."""
    return _digests(Emailed.IN_WEEKLY, "weekly")
