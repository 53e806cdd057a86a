"""Reads of practice the rest of the service uses."""

from django.db.models import Count, Min
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, ngettext_lazy

from core.work import Item
from organisations.roles import Can
from practice import access
from practice.models import Example, HelpRequest


def needs_you(user, today) -> list[Item]:
    """What the practice library needs of the person now: for assessors, the examples and the
    forces' questions waiting (with how long the oldest has waited); for a force's writers,
    examples sent back for more information."""
    items: list[Item] = []
    if access.can(user, Can.ASSESS_PRACTICE):
        examples = Example.objects.filter(
            status__in=[Example.Status.SUBMITTED, Example.Status.UNDER_ASSESSMENT]
        ).aggregate(n=Count("pk"), oldest=Min("updated_at"))
        questions = HelpRequest.objects.filter(status=HelpRequest.Status.OPEN).aggregate(
            n=Count("pk"), oldest=Min("asked_at")
        )
        for waiting, title, url, since_words in (
            (
                examples,
                ngettext_lazy("Assess {count} practice example", "Assess {count} practice examples", "count"),
                "practice:examples",
                _("The oldest has waited since {date}."),
            ),
            (
                questions,
                ngettext_lazy(
                    "Answer {count} question from forces asking for help",
                    "Answer {count} questions from forces asking for help",
                    "count",
                ),
                "practice:help-requests",
                _("The oldest was asked on {date}."),
            ),
        ):
            if waiting["n"]:
                since = waiting["oldest"].date()
                days = (today - since).days
                items.append(
                    Item(
                        title=title.format(count=waiting["n"]),
                        url=reverse(url),
                        detail=since_words.format(date=date_format(since, "j F Y")),
                        due=since,
                        tag=ngettext("Waiting {count} day", "Waiting {count} days", days).format(count=days)
                        if days
                        else _("New today"),
                    )
                )
    forces = [f for f in access.forces_of(user) if access.can_in(user, Can.WRITE_FORCE_WORK, f)]
    if forces:
        for example in Example.objects.filter(
            organisation_id__in=forces, status=Example.Status.MORE_INFO
        ).order_by("updated_at")[:10]:
            items.append(
                Item(
                    title=_("Add what the national team asked for: {title}").format(title=example.title),
                    url=reverse("practice:example", args=[example.pk]),
                    detail=_("Sent back for more information."),
                    due=example.updated_at.date(),
                    tag=_("Sent back to you"),
                    urgent=True,
                )
            )
    return items


def published_entries(pks) -> dict[int, dict]:
    """Published library entries by id, as other parts of the service link to them: title,
    force, the codes of the actions they serve and the entry's address. Ids that are not
    published are left out."""
    from practice.models import LibraryEntry

    found: dict[int, dict] = {}
    entries = LibraryEntry.objects.filter(pk__in=list(pks)).select_related("organisation")
    for entry in entries.prefetch_related("actions"):
        found[entry.pk] = {
            "pk": entry.pk,
            "title": entry.title,
            "force": entry.organisation.name,
            "actions": sorted({a.code for a in entry.actions.all()}),
            "url": reverse("practice:entry", args=[entry.pk]),
        }
    return found


def published_entries_on(code: str, limit: int = 200) -> list[dict]:
    """Published library entries serving an action (by its code), newest first."""
    from practice.models import LibraryEntry

    entries = (
        LibraryEntry.objects.filter(actions__code=code)
        .select_related("organisation")
        .distinct()
        .order_by("-published_at", "-pk")[:limit]
    )
    return [{"pk": e.pk, "title": e.title, "force": e.organisation.name} for e in entries]


def work_on_actions(action_ids: list[int]):
    """Questions to the national team and practice examples on the actions, counted
    (framework.attached)."""
    from practice.models import LibraryEntry

    found = []
    rows = HelpRequest.objects.filter(action__in=action_ids).values("action").annotate(n=Count("pk"))
    found += [(row["action"], _("questions to the national team"), row["n"]) for row in rows]
    entries = (
        LibraryEntry.actions.through.objects.filter(action__in=action_ids)
        .values("action")
        .annotate(n=Count("pk"))
    )
    found += [(row["action"], _("library entries"), row["n"]) for row in entries]
    return found
