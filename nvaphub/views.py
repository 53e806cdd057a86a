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


def _administers(view):
    """National admins only (Can.ADMINISTER): signed-out people sign in; others get a 403."""
    from functools import wraps

    from django.contrib.auth.views import redirect_to_login
    from django.core.exceptions import PermissionDenied

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not access.can(request.user, access.Can.ADMINISTER):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return access._mark(wrapper, access.NATIONAL_ADMIN)


TRANSLATIONS_PER_PAGE = 50


@_administers
@require_GET
def translations(request):
    """How far the Welsh has come, and the words whose Welsh is a draft still to be reviewed
    (or still missing), to search by English or Welsh and filter by part of the service."""
    from urllib.parse import urlencode

    from core import languages

    status = languages.catalogue_status()
    query = request.GET.get("q", "").strip()[:200]
    area = request.GET.get("area", "")
    if area not in {a["code"] for a in status["areas"]}:
        area = ""
    wanted = [
        e
        for e in languages.welsh_catalogue()
        if (e["draft"] or e["missing"])
        and (not area or area in e["areas"])
        and (not query or query.lower() in e["english"].lower() or query.lower() in e["welsh"].lower())
    ]
    pages = max(1, -(-len(wanted) // TRANSLATIONS_PER_PAGE))
    try:
        page = min(max(1, int(request.GET.get("page", "1"))), pages)
    except ValueError:
        page = 1
    shown = wanted[(page - 1) * TRANSLATIONS_PER_PAGE : page * TRANSLATIONS_PER_PAGE]
    context = {
        "status": status,
        "entries": shown,
        "found": len(wanted),
        "query": query,
        "area": area,
        "page": page,
        "pages": pages,
        "page_filters": urlencode({k: v for k, v in (("q", query), ("area", area)) if v}),
    }
    return render(request, "site/translations.html", context)
