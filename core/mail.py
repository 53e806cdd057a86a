"""Every email the service sends goes through here: written to the outbox in the caller's
transaction, with a background task (django-tasks) queued in that same transaction to send
it. If the change rolls back, so do the email and its task; if the mail server is down, the
page the person sees is unaffected and the task tries again later."""

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from core.models import Email

# Waits between attempts: a minute, then 5, 15, 60 and 240 minutes; then it is given up.
BACKOFF_MINUTES = [1, 5, 15, 60, 240]


def _subject(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 200 else text[:199] + "…"


@transaction.atomic
def email_queue(*, to: str, subject: str, body: str, secret: bool = False) -> Email:
    email = Email.objects.create(to=to, subject=_subject(subject), body=body, secret=secret)
    send_email.enqueue(email.pk)
    return email


@task()
def send_email(email_id: int) -> str:
    """Sends one queued email. A failure is recorded (never as sent) and the task is queued
    again after the next back-off; after the last, the email is marked failed."""
    with transaction.atomic():
        email = Email.objects.select_for_update().filter(pk=email_id).first()
        if email is None or email.status != Email.Status.QUEUED:
            return "nothing to send"
        email.attempts += 1
        try:
            EmailMessage(email.subject, email.body, settings.DEFAULT_FROM_EMAIL, [email.to]).send()
        except Exception as error:  # any transport failure: SMTP, DNS, TLS, a refused address
            email.last_error = f"{type(error).__name__}: {error}"[:300]
            if email.attempts > len(BACKOFF_MINUTES):
                email.status = Email.Status.FAILED
                if email.secret:
                    email.body = ""
                email.save()
                return "failed"
            email.save()
            wait = timedelta(minutes=BACKOFF_MINUTES[email.attempts - 1])
            send_email.using(run_after=timezone.now() + wait).enqueue(email.pk)
            return "will retry"
        email.status, email.sent_at, email.last_error = Email.Status.SENT, timezone.now(), ""
        if email.secret:
            email.body = ""
        email.save()
        return "sent"
