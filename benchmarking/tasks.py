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
    deadline (an extension moves it, and the reminder gives the extended date). A reminder
    missed on its day (the worker was down) goes on the next run; each goes once, and a
    force never gets a less urgent reminder after a more urgent one. Returns how many went."""
    today = notifications.today()
    thresholds = sorted(settings.RETURN_REMINDER_DAYS)
    sent = 0
    returns = Return.objects.filter(
        exercise__status=Exercise.Status.OPEN,
        status__in=[Return.Status.NOT_STARTED, Return.Status.IN_PROGRESS, Return.Status.RETURNED],
    ).select_related("exercise", "organisation")
    for record in returns:
        deadline = return_deadline(record)
        days_left = (deadline - today).days
        due = next((days for days in thresholds if days_left <= days), None)
        if days_left < 0 or due is None:
            continue
        if ReminderSent.objects.filter(
            return_record=record, deadline=deadline, days_before__lte=due
        ).exists():
            continue
        with transaction.atomic():
            # A force with nobody to tell yet is reminded once it has a lead.
            if notifications.deadline_reminder(record, days_left, deadline):
                ReminderSent.objects.create(return_record=record, days_before=due, deadline=deadline)
                sent += 1
    return sent
