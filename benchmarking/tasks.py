"""Background work for benchmarking, run by the django-tasks database worker
(`manage.py db_worker`); `manage.py send_return_reminders` enqueues it daily."""

from django.conf import settings
from django.db import transaction
from django_tasks import task

from benchmarking import notifications
from benchmarking.models import Exercise, ReminderSent, Return
from benchmarking.rules import return_deadline


@task()
def send_return_reminders() -> int:
    """Reminds force leads whose returns are incomplete, RETURN_REMINDER_DAYS before their
    deadline (an extension moves it). Each reminder goes once; returns how many went."""
    today = notifications.today()
    sent = 0
    returns = Return.objects.filter(
        exercise__status=Exercise.Status.OPEN,
        status__in=[Return.Status.NOT_STARTED, Return.Status.IN_PROGRESS, Return.Status.RETURNED],
    ).select_related("exercise", "organisation")
    for record in returns:
        days_left = (return_deadline(record) - today).days
        for days in settings.RETURN_REMINDER_DAYS:
            if days_left != days:
                continue
            deadline = return_deadline(record)
            if ReminderSent.objects.filter(
                return_record=record, days_before=days, deadline=deadline
            ).exists():
                continue
            with transaction.atomic():
                # A force with nobody to tell yet is reminded once it has a lead.
                if notifications.deadline_reminder(record, days):
                    ReminderSent.objects.create(return_record=record, days_before=days, deadline=deadline)
                    sent += 1
    return sent
