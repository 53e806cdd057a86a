"""Telling people what happened: an in-app notification and an email, both written in the
transaction of the change that caused them (the email is sent by a background task)."""

from django.conf import settings

from core import personal
from core.mail import email_queue
from core.models import Notification

MESSAGE_LIMIT: int = Notification._meta.get_field("message").max_length or 0
URL_LIMIT: int = Notification._meta.get_field("url").max_length or 0


def quote(text: str, limit: int = 200) -> str:
    """Someone's words quoted in a notification, shortened to `limit` characters."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def notify(*, users, subject: str, message: str, url: str = "") -> int:
    """Returns how many people were told. Messages longer than a notification holds are
    shortened, so a long comment never stops the change it describes."""
    users = [u for u in {u.pk: u for u in users}.values() if u.is_active]
    if not users:
        return 0
    short = quote(message, MESSAGE_LIMIT)
    url = url if len(url) <= URL_LIMIT else ""
    Notification.objects.bulk_create(Notification(user=u, message=short, url=url) for u in users)
    personal.changed(u.pk for u in users)
    link = f"\n\n{settings.SITE_URL}{url}" if url else ""
    for user in users:
        email_queue(to=user.email, subject=f"NVAP Hub: {subject}", body=f"{message}{link}\n\nNVAP Hub")
    return len(users)
