"""Background work for impact realisation, run by the django-tasks database worker."""

from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from core.notify import notify
from impact.selectors import overdue_objectives


@task()
def send_progress_reminders() -> int:
    """Reminds each impact owner whose objective's progress update is overdue. Returns how many."""
    sent = 0
    for item in overdue_objectives(timezone.now()):
        if item.impact_owner is None:
            continue
        sent += notify(
            users=[item.impact_owner],
            subject="A progress update is due",
            message=f"Your objective in {item.plan.organisation.name}'s plan for {item.plan.action.code} "
            f"needs a progress update: {item.text[:120]}",
            url=reverse("impact:progress", args=[item.plan_id, item.pk]),
        )
    return sent
