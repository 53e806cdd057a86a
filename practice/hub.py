"""What the practice library says on an action's page (framework.hub): the reader's force's
own examples for the action, whatever their stage, and the published practice for it."""

from django.template.loader import render_to_string

from practice import access
from practice.models import Example, LibraryEntry

SHOWN = 5


def force_part(request, action) -> str:
    forces = access.forces_of(request.user)
    if not forces:
        return ""
    examples = list(
        Example.objects.filter(organisation_id__in=forces, actions=action)
        .select_related("organisation")
        .order_by("-updated_at", "-pk")[:10]
    )
    return render_to_string(
        "practice/_on_action_force.html", {"examples": examples, "action": action}, request=request
    )


def national_part(request, action) -> str:
    links = LibraryEntry.actions.through.objects.filter(
        action__code=action.code, action__version__framework_id=action.version.framework_id
    )
    # (a semi-join on the link table: an entry linked twice is still counted once)
    entries = LibraryEntry.objects.filter(pk__in=links.values("libraryentry_id"))
    newest = list(entries.select_related("organisation").order_by("-published_at", "-pk")[:SHOWN])
    total = len(newest) if len(newest) < SHOWN else entries.count()
    return render_to_string(
        "practice/_on_action_national.html",
        {"entries": newest, "total": total, "action": action},
        request=request,
    )
