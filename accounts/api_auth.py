"""How the JSON API knows who is calling: a personal API token (`Authorization: Bearer
<token>`), or the browser's session. A token that is bad, expired or revoked is a 401,
never a fall-back to the session."""

from django.conf import settings
from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from accounts.services import api_token_user
from core.api import ApiError


def _invalid() -> ApiError:
    return ApiError(401, "invalid_token", "The API token is not valid or has been revoked.")


class PersonalToken(HttpBearer):
    def __call__(self, request: HttpRequest):
        header = request.headers.get("Authorization", "")
        if not header:
            return None
        scheme, _, secret = header.partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            raise _invalid()
        return self.authenticate(request, secret.strip())

    def authenticate(self, request: HttpRequest, token: str):
        user = api_token_user(token)
        if user is None:
            raise _invalid()
        request.user = user
        return user


def plan_is_public(request: HttpRequest):
    """The plan may be read by anyone when PLAN_IS_PUBLIC is on."""
    return settings.PLAN_IS_PUBLIC


# The browser's session checks CSRF on any method that changes something.
SIGNED_IN = [PersonalToken(), SessionAuth()]
PLAN_READER = [*SIGNED_IN, plan_is_public]
