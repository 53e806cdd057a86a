"""Error pages, used by the project's handlers and by middleware."""

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template.loader import render_to_string


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
    from core.requests import current_request_id

    return HttpResponseServerError(
        render_to_string("core/500.html", {"request_id": current_request_id.get()})
    )
