"""Small helpers every JSON API view shares: errors as JSON, never HTML."""

from functools import wraps

from django.conf import settings
from django.http import JsonResponse


def json_error(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse({"error": {"code": code, "message": message}}, status=status)


def api_view(view):
    """GET only; plan reads need a signed-in user unless the plan is public."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return json_error(405, "method_not_allowed", "Only GET is allowed here.")
        return view(request, *args, **kwargs)

    return wrapper


def plan_api(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not (settings.PLAN_IS_PUBLIC or request.user.is_authenticated):
            return json_error(401, "not_authenticated", "Sign in to read the plan.")
        return view(request, *args, **kwargs)

    wrapped = api_view(wrapper)
    wrapped.access_policy = "plan_reader"
    return wrapped
