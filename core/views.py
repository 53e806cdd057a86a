from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from core.openapi import build_schema
from organisations import access


@access.public
@require_GET
def home(request):
    memberships = access.memberships_of(request.user)
    return render(request, "core/home.html", {"memberships": memberships})


@access.public
@require_GET
def accessibility(request):
    return render(request, "core/accessibility.html")


@access.public
@require_GET
def privacy(request):
    return render(request, "core/privacy.html")


@access.public
@require_GET
def openapi_schema(request):
    return JsonResponse(build_schema(request), json_dumps_params={"indent": 2})


def error_page(request, status, heading, paragraphs):
    context = {"heading": heading, "paragraphs": paragraphs}
    return render(request, "core/error.html", context, status=status)


def error_403(request, exception=None):
    return error_page(
        request,
        403,
        "You do not have permission to do this",
        [
            "Your role lets you read this information but not change it.",
            "If you think you should be able to, ask your force's vulnerability lead.",
        ],
    )


def error_404(request, exception=None):
    return error_page(
        request,
        404,
        "Page not found",
        [
            "If you typed the web address, check it is correct.",
            "If you pasted the web address, check you copied the entire address.",
            "The page may belong to another organisation, which you cannot see.",
        ],
    )


def error_500(request):
    return HttpResponseServerError(render_to_string("core/500.html"))


@access.signed_in
@require_GET
def notifications(request):
    """The person's notifications, newest first; opening the page marks them as read."""
    from django.utils import timezone

    from core.models import Notification

    items = list(Notification.objects.filter(user=request.user)[:100])
    unread = {n.pk for n in items if n.read_at is None}
    if unread:
        Notification.objects.filter(pk__in=unread).update(read_at=timezone.now())
    return render(request, "core/notifications.html", {"items": items, "unread": unread})
