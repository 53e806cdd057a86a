"""Small helpers every JSON API view shares: token or session authentication, errors as
JSON (never HTML), and pagination."""

from functools import wraps

from django.conf import settings
from django.http import JsonResponse

from accounts.services import api_token_user
from core.params import whole

PAGE_SIZE = 100
MAX_PAGE = 1_000_000
MAX_PAGE_SIZE = 500


def json_error(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse({"error": {"code": code, "message": message}}, status=status)


def api_view(view):
    """GET only. A `Authorization: Bearer <token>` header signs the caller in as the token's
    owner for this request; a bad or revoked token is a 401, never a fall-back to the session."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return json_error(405, "method_not_allowed", "Only GET is allowed here.")
        header = request.headers.get("Authorization", "")
        if header:
            scheme, _, secret = header.partition(" ")
            user = api_token_user(secret.strip()) if scheme.lower() == "bearer" and secret.strip() else None
            if user is None:
                return json_error(401, "invalid_token", "The API token is not valid or has been revoked.")
            request.user = user
        return view(request, *args, **kwargs)

    return wrapper


def plan_api(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not (settings.PLAN_IS_PUBLIC or request.user.is_authenticated):
            return json_error(401, "not_authenticated", "Sign in, or send an API token, to read the plan.")
        return view(request, *args, **kwargs)

    wrapped = api_view(wrapper)
    wrapped.access_policy = "plan_reader"
    return wrapped


def signed_in_api(view):
    """Any signed-in caller; the view scopes what it returns through the access functions."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return json_error(401, "not_authenticated", "Sign in, or send an API token.")
        return view(request, *args, **kwargs)

    wrapped = api_view(wrapper)
    wrapped.access_policy = "signed_in"
    return wrapped


def paginate(request, queryset, serialise) -> JsonResponse:
    """`?page=` (from 1) and `?page_size=` (up to 500); bad values are a 400."""
    page = whole(request.GET.get("page", "1"), minimum=1, maximum=MAX_PAGE)
    size = whole(request.GET.get("page_size", str(PAGE_SIZE)), minimum=1, maximum=MAX_PAGE_SIZE)
    if page is None or size is None:
        return json_error(
            400,
            "bad_pagination",
            f"page must be a whole number from 1 to {MAX_PAGE:,} and page_size from 1 to {MAX_PAGE_SIZE}.",
        )
    count = queryset.count()
    start = (page - 1) * size
    items = [serialise(item) for item in queryset[start : start + size]]

    def link(number):
        query = request.GET.copy()
        query["page"] = number
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    return JsonResponse(
        {
            "count": count,
            "next": link(page + 1) if start + size < count else None,
            "previous": link(page - 1) if page > 1 else None,
            "results": items,
        }
    )
