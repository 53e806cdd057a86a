"""Reads of practice the rest of the service uses."""

from django.db.models import Count, Min
from django.urls import reverse

from core.work import Item
from organisations.roles import Can
from practice import access
from practice.models import Example, HelpRequest


def needs_you(user, today) -> list[Item]:
    """What the practice library needs of the person now: for assessors, the examples
    waiting (with how long the oldest has waited) and forces' questions waiting; for a force's writers, examples sent back
    for more information."""
    items: list[Item] = []
    if access.can(user, Can.ASSESS_PRACTICE):
        waiting = Example.objects.filter(
            status__in=[Example.Status.SUBMITTED, Example.Status.UNDER_ASSESSMENT]
        ).aggregate(n=Count("pk"), oldest=Min("updated_at"))
        if waiting["n"]:
            since = waiting["oldest"].date()
            items.append(
                Item(
                    title=f"Assess {waiting['n']} practice example{'s' if waiting['n'] != 1 else ''}",
                    url=reverse("practice:examples"),
                    detail=f"The oldest has waited since {since:%-d %B %Y}.",
                    due=since,
                    tag=f"Waiting {(today - since).days} days" if (today - since).days else "New today",
                )
            )
        asked = HelpRequest.objects.filter(status=HelpRequest.Status.OPEN).aggregate(
            n=Count("pk"), oldest=Min("asked_at")
        )
        if asked["n"]:
            since = asked["oldest"].date()
            waited = (today - since).days
            items.append(
                Item(
                    title=f"Answer {asked['n']} question{'s' if asked['n'] != 1 else ''} from forces asking for help",
                    url=reverse("practice:help-requests"),
                    detail=f"The oldest was asked on {since:%-d %B %Y}.",
                    due=since,
                    tag=f"Waiting {waited} day{'s' if waited != 1 else ''}" if waited else "New today",
                )
            )
    forces = [f for f in access.forces_of(user) if access.can_in(user, Can.WRITE_FORCE_WORK, f)]
    if forces:
        for example in Example.objects.filter(
            organisation_id__in=forces, status=Example.Status.MORE_INFO
        ).order_by("updated_at")[:10]:
            items.append(
                Item(
                    title=f"Add what the national team asked for: {example.title}",
                    url=reverse("practice:example", args=[example.pk]),
                    detail="Sent back for more information.",
                    due=example.updated_at.date(),
                    tag="Sent back to you",
                    urgent=True,
                )
            )
    return items
