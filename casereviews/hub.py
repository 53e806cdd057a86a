"""What case reviews tell us on an action's page (framework.hub): published learning coded to
the action, for everyone signed in. A fixed number of queries, whatever the repository's size."""

from django.template.loader import render_to_string

from casereviews import selectors


def national_part(request, action) -> str:
    if not request.user.is_authenticated:
        return ""
    found = selectors.on_action(action.code)
    if not found["points"]:
        return ""
    return render_to_string(
        "casereviews/_on_action.html", {"found": found, "action": action}, request=request
    )
