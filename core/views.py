"""Error pages, used by the project's handlers and by middleware."""

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _


def error_page(request, status, heading, paragraphs):
    context = {"heading": heading, "paragraphs": paragraphs}
    return render(request, "core/error.html", context, status=status)


def error_403(request, exception=None):
    return error_page(
        request,
        403,
        _("You do not have permission to do this"),
        [
            _("Your role lets you read this information but not change it."),
            _("If you think you should be able to, ask your force's vulnerability lead."),
        ],
    )


def error_404(request, exception=None):
    return error_page(
        request,
        404,
        _("Page not found"),
        [
            _("If you typed the web address, check it is correct."),
            _("If you pasted the web address, check you copied the entire address."),
            _("The page may belong to another organisation, which you cannot see."),
        ],
    )


def error_500(request):
    from django.conf import settings
    from django.utils import translation

    from core.requests import current_request_id

    # In the language of the page's address, whatever went wrong before the language was set.
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    with translation.override(language):
        return HttpResponseServerError(
            render_to_string("core/500.html", {"request_id": current_request_id.get(), "language": language})
        )
