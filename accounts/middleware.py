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
