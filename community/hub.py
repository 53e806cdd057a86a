"""What the community says on an action's page (framework.hub): the action's space, its latest
threads and the official answers shown as guidance; and, for a force whose latest return shows
a gap on the action, an offer of the space. A fixed number of queries."""

from django.template.loader import render_to_string

from community import access, selectors


def _space(action):
    """The action's space, read once for both of the page's parts."""
    if not hasattr(action, "_community_space"):
        action._community_space = selectors.space_of_action(action)
    return action._community_space


def force_part(request, action) -> str:
    from benchmarking import selectors as benchmarking

    if not access.takes_part(request.user):
        return ""
    space = _space(action)
    if space is None:
        return ""
    forces = [m.organisation for m in access.memberships_of(request.user) if m.organisation.is_force]
    gaps = [f for f in forces if benchmarking.latest_ratings(f)[1].get(action.code, {}).get("gap")]
    if not gaps:
        return ""
    return render_to_string(
        "community/_on_action_gap.html", {"space": space, "forces": gaps, "action": action}, request=request
    )


def national_part(request, action) -> str:
    if not access.takes_part(request.user):
        return ""
    space = _space(action)
    if space is None or not access.place_in(request.user, space).reads:
        return ""
    return render_to_string(
        "community/_on_action.html", {**selectors.on_action(space), "action": action}, request=request
    )
