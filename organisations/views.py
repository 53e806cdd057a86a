from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from organisations import access, selectors


@access.signed_in
@require_GET
def mine(request):
    """Sends the user to their organisation's page, or says they have none yet."""
    memberships = access.memberships_of(request.user)
    if len(memberships) >= 1 and len({m.organisation_id for m in memberships}) == 1:
        return redirect("organisations:detail", slug=memberships[0].organisation.slug)
    return render(request, "organisations/mine.html", {"memberships": memberships})


@access.force_scoped
@require_GET
def detail(request, slug):
    organisation, can_edit = access.get_organisation_for_user(request.user, slug)
    members = selectors.members_of(organisation)
    return render(
        request,
        "organisations/detail.html",
        {"organisation": organisation, "members": members, "can_edit": can_edit},
    )
