"""Telling people what happened: an in-app notification and, as each person chooses for its
kind, an email at once, a line in one email a day (`send_digests`), or none. Both are written
in the transaction of the change that caused them (emails are sent by a background task)."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from core import languages, personal
from core.mail import email_queue
from core.models import EmailSetting, Notification

MESSAGE_LIMIT: int = Notification._meta.get_field("message").max_length or 0
URL_LIMIT: int = Notification._meta.get_field("url").max_length or 0

# Every kind of notification, as people choose how to be emailed about it (Your account).
KINDS = {
    "returns": _("Benchmarking exercises opening, and returns submitted, sent back or accepted"),
    "deadlines": _("A return's deadline coming up"),
    "assignments": _("Answers to write or impact objectives given to you, or given to someone else"),
    "progress": _("A progress update due on an objective you own"),
    "team": _("Your team's quarterly review"),
    "practice": _("Practice examples submitted for assessment, and assessed"),
    "reviews": _("Peer reviews of your force: decisions, and evidence the review team asks for"),
    "casereviews": _("New briefings on learning from safeguarding case reviews"),
    "community": _("The community: replies, new threads in spaces you follow, mentions of you"),
}
How = EmailSetting.How
# A kind's emails when the person has not chosen: at once, except the community's, which come
# in one email a week (never one email a post) until the person chooses otherwise.
DEFAULTS = {"community": How.WEEKLY}
Emailed = Notification.Emailed
# The end of every email: the service's name, the same in both languages.
SIGN_OFF = "\n\nNVAP Hub"


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


def notify(*, users, subject: str | Promise, message: str | Promise, kind: str, url: str = "") -> int:
    """Returns how many people were told. Messages longer than a notification holds are
    shortened, so a long comment never stops the change it describes."""
    if kind not in KINDS:
        raise ValueError(f"Unknown kind of notification: {kind!r}")
    users = [u for u in {u.pk: u for u in users}.values() if u.is_active]
    if not users:
        return 0
    url = url if len(url) <= URL_LIMIT else ""
    # Each person reads it in their own language: the subject and message may be lazy
    # (gettext_lazy, format_lazy), made into words once for each language.
    words: dict[str, tuple[str, str, str]] = {}
    for user in users:
        code = languages.of(user)
        if code not in words:
            with languages.speaking_to(user):
                words[code] = (str(subject), str(message), languages.address_of(url, code) if url else "")
    chosen = dict(EmailSetting.objects.filter(user__in=users, kind=kind).values_list("user_id", "how"))
    default = DEFAULTS.get(kind, How.AT_ONCE)
    emailed: dict[str, str] = {
        How.AT_ONCE: Emailed.AT_ONCE,
        How.DIGEST: Emailed.IN_DIGEST,
        How.WEEKLY: Emailed.IN_WEEKLY,
        How.NEVER: Emailed.NOT,
    }
    Notification.objects.bulk_create(
        Notification(
            user=u,
            kind=kind,
            message=quote(words[languages.of(u)][1], MESSAGE_LIMIT),
            url=words[languages.of(u)][2],
            emailed=emailed[chosen.get(u.pk, default)],
        )
        for u in users
    )
    personal.changed(u.pk for u in users)
    for user in users:
        if chosen.get(user.pk, default) == How.AT_ONCE:
            said, told, address = words[languages.of(user)]
            link = f"\n\n{settings.SITE_URL}{address}" if address else ""
            with languages.speaking_to(user):
                email_queue(
                    to=user.email,
                    subject=str(format_lazy(_("NVAP Hub: {subject}"), subject=said)),
                    body=told + link + SIGN_OFF,
                )
    return len(users)


def owner_changed(*, owner, before, by, thing: str, where: str, url: str) -> None:
    """Tells the new owner of something (`thing`: "an objective") that it is theirs, and the
    one before that it no longer is: an in-app notification and an email each, as they
    chose; nobody is told of their own change."""
    if owner is not None and owner != by:
        notify(
            kind="assignments",
            users=[owner],
            subject=format_lazy(_("{thing} is yours"), thing=capfirst(thing)),
            message=format_lazy(
                _("{by} made you the owner of {thing} in {where}"), by=by, thing=thing, where=where
            ),
            url=url,
        )
    if before is not None and before != by:
        notify(
            kind="assignments",
            users=[before],
            subject=format_lazy(_("{thing} is no longer yours"), thing=capfirst(thing)),
            message=format_lazy(
                _("{by} gave {thing} you owned to someone else or nobody, in {where}"),
                by=by,
                thing=thing,
                where=where,
            ),
            url=url,
        )


def _digests(waiting_as: str, weekly: bool) -> int:
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
            person = items[0].user
            with languages.speaking_to(person):
                lines = [
                    f"- {date_format(timezone.localtime(n.created_at), 'j M H:i')}: {n.message}"
                    + (f"\n  {settings.SITE_URL}{n.url}" if n.url else "")
                    for n in items
                ]
                account = settings.SITE_URL + reverse("accounts:account") + "#emails"
                body = (
                    _("What happened in NVAP Hub for you since the last summary ({count}):").format(
                        count=len(items)
                    )
                    + "\n\n"
                    + "\n".join(lines)
                    + "\n\n"
                    + _("Choose which emails you get on your account page: {address}").format(address=account)
                    + SIGN_OFF
                )
                subject = _("NVAP Hub: your weekly summary") if weekly else _("NVAP Hub: your daily summary")
                email_queue(to=person.email, subject=str(subject), body=body)
            Notification.objects.filter(pk__in=[n.pk for n in items]).update(emailed=Emailed.DIGEST_SENT)
            sent += 1
    return sent


@task()
def send_digests() -> int:
    """Sends each person who chose a daily summary for some kinds one email listing what
    came for them since the last one (oldest first), and marks those sent. Returns how many
    emails were queued. `manage.py send_digests` queues it, once a day."""
    return _digests(Emailed.IN_DIGEST, weekly=False)


@task()
def send_weekly_digests() -> int:
    """The same for what people get in one email a week (the community's default).
    `manage.py send_weekly_digests` queues it, once a week."""
    return _digests(Emailed.IN_WEEKLY, weekly=True)
