"""The daily access check, run by the background worker (`manage.py db_worker`);
`manage.py review_access` queues it, once a day from cron."""

from django.db import transaction
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from core import personal
from core.notify import notify
from organisations import services
from organisations.roles import Can
from organisations.selectors import people_who_can


@task()
def review_access() -> int:
    """Suspends accounts unused for SUSPEND_AFTER_DAYS, and opens each force's quarterly
    team review, telling its leads (in the service and by email). Returns how many people
    were told."""
    services.suspend_unused()
    told = 0
    with transaction.atomic():
        for review in services.reviews_open():
            organisation = review.organisation
            leads = people_who_can(Can.LEAD_FORCE, organisation.pk)
            personal.changed(u.pk for u in leads)
            told += notify(
                kind="team",
                users=leads,
                subject=format_lazy(_("Confirm {name}'s team"), name=organisation.name_in_language),
                message=format_lazy(
                    _(
                        "It is time to check who can see {name}'s work in NVAP Hub: remove anyone who has left or changed job, then confirm the team."
                    ),
                    name=organisation.name_in_language,
                ),
                url=reverse("organisations:detail", args=[organisation.slug]) + "#review",
            )
    return told
