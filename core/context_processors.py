from functools import cache

from django.conf import settings
from django.templatetags.static import static
from django.urls import get_script_prefix, reverse

from core import languages

# The addresses the layout links to on every page (base.html), by the name it uses.
_LAYOUT_LINKS = {
    "home": "site:home",
    "plan": "framework:plan",
    "search": "framework:search",
    "benchmarking": "benchmarking:home",
    "impact": "impact:home",
    "practice": "practice:home",
    "reviews": "reviews:index",
    "casereviews": "casereviews:repository",
    "community": "community:home",
    "organisation": "organisations:mine",
    "notifications": "site:notifications",
    "account": "accounts:account",
    "sign_in": "accounts:sign-in",
    "sign_out": "accounts:sign-out",
    "accessibility": "site:accessibility",
    "privacy": "site:privacy",
    "api_description": "api:openapi-json",
}


# The layout's own files, by the name it uses (their addresses carry a hash of their content).
_LAYOUT_FILES = {"css": "dist/main.css", "favicon": "dist/images/favicon.ico", "js": "js/init.mjs"}


@cache
def _layout_links(script_prefix: str, language: str) -> dict[str, str]:
    """Worked out once per process (for each prefix the site is served under, in each
    language), rather than reversed, or looked up in the static files' manifest, again for
    every page."""
    return {key: reverse(name) for key, name in _LAYOUT_LINKS.items()} | {
        key: static(path) for key, path in _LAYOUT_FILES.items()
    }


def service(request):
    return {
        "service_name": settings.SERVICE_NAME,
        "unread_count": lambda: _unread(request),
        "layout": _layout_links(get_script_prefix(), languages.current()),
        "languages": lambda: languages.navigation(request),
        "frontend_words": lambda: languages.frontend_words_script(languages.current()),
    }


def _unread(request):
    """Counted only when a page shows it (the template calls this lazily)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    from core import personal
    from core.models import Notification

    return personal.cached(
        user, "unread", lambda: Notification.objects.filter(user=user, read_at__isnull=True).count()
    )
