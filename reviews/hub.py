"""What peer reviews say on an action's page (framework.hub): the reader's force's findings on
the action, from its reviews whose report it has (a draft or final)."""

from django.template.loader import render_to_string

from organisations import access
from reviews.models import Finding, PeerReview

SHOWN = {PeerReview.Status.REPORTING, PeerReview.Status.FOLLOW_UP, PeerReview.Status.CLOSED}


def force_part(request, action) -> str:
    forces = access.forces_of(request.user)
    if not forces:
        return ""
    found = list(
        Finding.objects.filter(
            review__organisation_id__in=forces, review__status__in=SHOWN, action__code=action.code
        )
        .select_related("review__organisation")
        .order_by("-review__created_at", "kind", "pk")[:20]
    )
    if not found:
        return ""
    return render_to_string(
        "reviews/_on_action_force.html", {"findings": found, "action": action}, request=request
    )
