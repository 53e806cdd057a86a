"""The site's own pages: home, the accessibility statement, the privacy notice and
notifications. Error pages are core's (they need nothing of ours)."""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from core import personal
from core.models import Notification
from organisations import access


@access.public
@require_GET
def home(request):
    memberships = access.memberships_of(request.user)
    from organisations.selectors import reviews_waiting_for

    team_reviews = reviews_waiting_for(request.user) if request.user.is_authenticated else []
    return render(request, "site/home.html", {"memberships": memberships, "team_reviews": team_reviews})


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
