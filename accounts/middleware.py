import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

TOUCHED = "_touched"


class IdleSessionMiddleware:
    """Keeps a signed-in session alive while it is used, writing it at most once every
    SESSION_REFRESH_MINUTES rather than on every request: a session ends between
    SESSION_IDLE_MINUTES minus that and SESSION_IDLE_MINUTES after the last request, never
    later. Anonymous visitors get no session from this."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        now = int(time.time())
        if SESSION_KEY in session and now - session.get(TOUCHED, 0) >= settings.SESSION_REFRESH_MINUTES * 60:
            session[TOUCHED] = now  # saved, with a new expiry, as the response leaves
        response = self.get_response(request)
        if session.modified and SESSION_KEY in session:
            session[TOUCHED] = now  # written anyway (signing in, say): the clock starts again
        return response


@receiver(user_logged_in, dispatch_uid="signing-in-starts-the-idle-clock")
def signed_in(sender, request, user, **kwargs):
    """Signing in writes the session anyway: the first page after it need not."""
    if request is not None and hasattr(request, "session"):
        request.session[TOUCHED] = int(time.time())


class SecondFactorMiddleware:
    """Keeps a signed-in session out of the service until it has passed its second step (for
    people with a second factor) or set one up (for people who must have one: accounts.mfa).
    Pages that need neither (public pages, the second step itself, setting one up, signing
    out) are open; the JSON API answers 403 rather than redirecting."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from django.http import JsonResponse
        from django.shortcuts import redirect
        from django.urls import reverse
        from django.utils.http import urlencode

        from accounts import mfa
        from organisations.access import PUBLIC

        if getattr(view_func, mfa.OPEN, False) or getattr(view_func, "access_policy", None) == PUBLIC:
            return None
        if SESSION_KEY not in request.session:
            return None
        need = mfa.state(request)
        if not need:
            return None
        if request.path.startswith("/api/"):
            message = (
                "Sign in with your second factor first."
                if need == "verify"
                else "Set up a second factor first: your role needs one."
            )
            return JsonResponse({"error": {"code": "second_factor_needed", "message": message}}, status=403)
        target = reverse("accounts:verify" if need == "verify" else "accounts:two-factor")
        if request.method == "GET" and request.path != "/":
            target += "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)


# The browser and system a sign-in came from, as people name them (the first that matches).
_BROWSERS = [("Edg/", "Edge"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"), ("Safari/", "Safari")]
_SYSTEMS = [
    ("Windows", "Windows"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("Mac OS X", "Mac"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
]


UNKNOWN_BROWSER = "An unknown browser"


def browser_of(user_agent: str) -> str:
    browser = next((name for mark, name in _BROWSERS if mark in user_agent), "")
    system = next((name for mark, name in _SYSTEMS if mark in user_agent), "")
    if browser and system:
        return f"{browser} on {system}"  # stored as written; shown translated (SignIn.browser_shown)
    return browser or system or UNKNOWN_BROWSER


@receiver(user_logged_in, dispatch_uid="a-sign-in-is-listed")
def sign_in_listed(sender, request, user, **kwargs):
    """Each sign-in joins the person's recent sign-ins (kept: the latest 20)."""
    if request is None:
        return
    from accounts.models import SignIn
    from accounts.throttle import client_address

    listed = SignIn.objects.create(
        user=user,
        how=getattr(request, "signed_in_with", "Password")[:60],
        browser=browser_of(request.META.get("HTTP_USER_AGENT", ""))[:80],
        address=(client_address(request) or "")[:45],
        epoch=user.sessions_epoch,
    )
    if hasattr(request, "session"):
        request.session["_sign_in"] = listed.pk
    old = SignIn.objects.filter(user=user).values_list("pk", flat=True)[20:40]
    SignIn.objects.filter(pk__in=list(old)).delete()


class LanguageMiddleware:
    """Remembers the language a signed-in person last used: a page they read in Welsh makes
    Welsh their language (for signing in next time, and for their emails and notifications)
    until they read one in English. Only whole pages count, not downloads or the API."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            request.method == "GET"
            and response.status_code == 200
            and response.get("Content-Type", "").startswith("text/html")
            and user is not None
            and user.is_authenticated
        ):
            from django.contrib.auth import get_user_model

            from core import languages, personal

            shown = languages.current()
            if user.language != shown:
                from django.db.models import F

                # What is cached about the person (their work list's words, say) is made
                # afresh in the new language, and the kept row (accounts.backends) read again.
                get_user_model().objects.filter(pk=user.pk).update(
                    language=shown, cache_version=F("cache_version") + 1
                )
                personal.forget([user.pk])
                user.language = shown
        return response
