"""The site's own pages: home, the accessibility statement, the privacy notice and
notifications. Error pages are core's (they need nothing of ours)."""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from core import personal
from core.models import Notification
from nvaphub import work
from organisations import access


@access.public
@require_GET
def home(request):
    """Signed in: what needs the person now, most urgent first, each a click from where it is
    done (each app lists its own: `needs_you` in its selectors), and what their role lets them
    read. Signed out: what the service is."""
    user = request.user
    if not user.is_authenticated:
        return render(request, "site/home.html", {})
    from benchmarking import selectors as benchmarking
    from deaths import selectors as deaths
    from organisations.models import Membership

    items = work.items_for(user)
    national = access.is_national_team(user)
    memberships = access.memberships_of(user)
    roles = {m.role for m in memberships}
    Role = Membership.Role
    return render(
        request,
        "site/home.html",
        {
            "memberships": memberships,
            "items": items,
            "work_count": len(items),  # the header says the same as the page
            "writes": bool(roles & {Role.FORCE_LEAD, Role.CONTRIBUTOR}),
            "leads": Role.FORCE_LEAD in roles,
            "national": national,
            "headlines": benchmarking.national_headlines() if national else None,
            "inspector": roles == {Role.INSPECTOR},
            "viewer": roles == {Role.VIEWER},
            "forces": [m.organisation for m in memberships if m.organisation.is_force],
            "deaths": deaths.role_summary(user),
            "grants_deaths_roles": Role.NATIONAL_ADMIN in roles,
        },
    )


@access.public
@require_GET
def accessibility(request):
    return render(request, "site/accessibility.html")


@access.public
@require_GET
def privacy(request):
    return render(request, "site/privacy.html")


@access.signed_in
@require_GET
def notifications(request):
    """The person's notifications, newest first; opening the page marks them as read."""
    items = list(Notification.objects.filter(user=request.user)[:100])
    unread = {n.pk for n in items if n.read_at is None}
    if unread:
        Notification.objects.filter(pk__in=unread).update(read_at=timezone.now())
        personal.changed([request.user.pk])
        request.user.refresh_from_db(fields=["cache_version"])
    return render(request, "site/notifications.html", {"items": items, "unread": unread})
