from django.conf import settings
from django.http import JsonResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class ContentSecurityPolicyMiddleware:
    """Sends the Content Security Policy from settings on every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response


class RequestSizeLimitMiddleware:
    """Refuses a request whose declared body is larger than MAX_REQUEST_BYTES before anything
    reads it, with a page (or JSON for the API) that says the limit."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.MAX_REQUEST_BYTES
        if length > limit:
            megabytes = limit // (1024 * 1024)
            message = gettext(
                "What you sent is larger than {megabytes} MB, the most NVAP Hub accepts at once."
            ).format(megabytes=megabytes)
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=413)
            from core.views import error_page

            return error_page(
                request, 413, _("The file is too large"), [message, _("Go back and choose a smaller file.")]
            )
        return self.get_response(request)


class NoStoreMiddleware:
    """Pages, downloads and API answers for a signed-in person (or a token) carry force data:
    no browser or proxy may keep a copy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if signed_in or "HTTP_AUTHORIZATION" in request.META:
            response["Cache-Control"] = "no-store"
        return response
