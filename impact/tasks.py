"""Background work for impact realisation, run by the django-tasks database worker."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from core.notify import notify
from impact.models import ProgressReminderSent
from impact.selectors import overdue_objectives
from organisations.selectors import writers_of


@task()
def send_progress_reminders() -> int:
    """Reminds each impact owner whose objective's progress update is overdue, once for each
    overdue update, and only while they are still a lead or contributor of the plan's force.
    Returns how many went."""
    sent = 0
    items = overdue_objectives(timezone.now())
    reminded = set(
        ProgressReminderSent.objects.filter(plan_objective__in=items).values_list(
            "plan_objective_id", "due_at"
        )
    )
    editors = {}
    for item in items:
        owner = item.impact_owner
        if owner is None or (item.pk, item.due_at) in reminded:
            continue
        organisation = item.plan.organisation_id
        if organisation not in editors:
            editors[organisation] = {u.pk for u in writers_of(organisation)}
        if owner.pk not in editors[organisation]:
            continue
        with transaction.atomic():
            ProgressReminderSent.objects.create(plan_objective=item, due_at=item.due_at)
            sent += notify(
                kind="progress",
                users=[owner],
                subject=_("A progress update is due"),
                message=format_lazy(
                    _("Your objective in {name}'s plan for {code} needs a progress update: {objective}"),
                    name=item.plan.organisation.name_in_language,
                    code=item.plan.action.code,
                    objective=item.text[:120],
                ),
                url=reverse("impact:progress", args=[item.plan_id, item.pk]),
            )
    return sent
