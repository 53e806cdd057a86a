"""Passkeys (django-otp-webauthn): the relying party is this site, as the request reached it."""

from django.conf import settings
from django_otp_webauthn.helpers import WebAuthnHelper


def rp_id(request) -> str:
    """The passkeys' relying party id: WEBAUTHN_RP_ID, or the host name the request came to
    (already checked against ALLOWED_HOSTS), without its port."""
    return settings.WEBAUTHN_RP_ID or request.get_host().rsplit(":", 1)[0].strip("[]")


class Helper(WebAuthnHelper):
    def get_allowed_origins(self) -> list[str]:
        return settings.WEBAUTHN_ORIGINS or [f"{self.request.scheme}://{self.request.get_host()}"]
