"""Telling people what happened: an in-app notification and an email, sent once the
database change that caused them has been committed."""

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction

from core.models import Notification


def notify(*, users, subject: str, message: str, url: str = "") -> int:
    """Returns how many people were told."""
    users = [u for u in {u.pk: u for u in users}.values() if u.is_active]
    if not users:
        return 0
    Notification.objects.bulk_create(Notification(user=u, message=message, url=url) for u in users)
    link = f"\n\n{settings.SITE_URL}{url}" if url else ""
    emails = [(f"NVAP Hub: {subject}", f"{message}{link}\n\nNVAP Hub", None, [u.email]) for u in users]
    transaction.on_commit(lambda: send_mass_mail(emails, fail_silently=False))
    return len(users)
