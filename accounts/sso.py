"""Single sign-on with OpenID Connect, through Authlib: one multi-tenant Microsoft Entra ID
application, and optionally a second provider configured the same way (settings.SSO_PROVIDERS).

Authlib makes the authorisation request (state, nonce and PKCE kept in the session), changes
the code for tokens and checks the ID token: its signature against the provider's published
keys, audience, expiry, nonce and issuer. Entra's multi-tenant discovery document names its
issuer as a template (https://login.microsoftonline.com/{tenantid}/v2.0); each token's issuer
must be that template filled with the token's own `tid`, not merely any issuer.

Then this service's own rules: the tenant must be on an organisation's allow-list
(organisations.SsoTenant); the person is matched by email address to someone in that
organisation, or to a waiting invitation to it, and nobody else (a tenant's administrators
choose their people's addresses, so an address is trusted only inside its own
organisation); an unknown person gets no account. A token whose `amr` holds `mfa` proves a
second factor, so none is asked for here."""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger("nvaphub.sso")

_clients: dict = {}


def enabled() -> dict[str, str]:
    """The providers that are set up: their slug and the name the sign-in page shows."""
    return {slug: conf["name"] for slug, conf in settings.SSO_PROVIDERS.items() if conf.get("client_id")}


def _config(slug: str) -> dict | None:
    conf = settings.SSO_PROVIDERS.get(slug)
    return conf if conf and conf.get("client_id") and conf.get("metadata_url") else None


def client(slug: str):
    """Authlib's client for the provider (its discovery document and keys, once fetched,
    kept for the life of the process), or None when the provider is not set up."""
    from authlib.integrations.django_client import OAuth

    conf = _config(slug)
    if conf is None:
        return None
    key = (slug, tuple(sorted((k, str(v)) for k, v in conf.items())))
    if key not in _clients:
        _clients[key] = OAuth().register(
            name=slug,
            client_id=conf["client_id"],
            client_secret=conf["client_secret"],
            server_metadata_url=conf["metadata_url"],
            client_kwargs={
                "scope": "openid email profile",
                "code_challenge_method": "S256",
                "default_timeout": settings.SSO_TIMEOUT_SECONDS,
            },
        )
    return _clients[key]


class Refused(Exception):
    """Single sign-on did not work; the message says why, for the person."""


@dataclass
class Identity:
    email: str
    name: str
    tenant: str
    second_factor: bool


def _issuer_check(metadata_issuer: str):
    def check(claims, value) -> bool:
        if "{tenantid}" in metadata_issuer:
            tenant = claims.get("tid")
            return bool(tenant) and value == metadata_issuer.replace("{tenantid}", str(tenant))
        return value == metadata_issuer

    return check


def identity_from(request, slug: str) -> Identity:
    """The person the provider's answer names, with every check done; Refused otherwise."""
    import requests
    from authlib.integrations.base_client import MismatchingStateError, OAuthError
    from joserfc import errors as joserfc_errors

    app = client(slug)
    if app is None:
        raise Refused(_("Single sign-on is not set up for this provider."))
    conf = _config(slug)
    try:
        metadata = app.load_server_metadata()
        token = app.authorize_access_token(
            request,
            claims_options={"iss": {"essential": True, "validate": _issuer_check(metadata["issuer"])}},
            leeway=60,
        )
    except MismatchingStateError:
        raise Refused(_("This sign-in has already been used or has expired. Start again.")) from None
    except OAuthError as problem:
        logger.warning("sso refused: provider error %s", problem.error)
        raise Refused(_("Your organisation's sign-in did not finish. Start again.")) from None
    except joserfc_errors.ExpiredTokenError:
        raise Refused(_("The sign-in token has expired. Start again.")) from None
    except (joserfc_errors.InvalidClaimError, joserfc_errors.MissingClaimError) as problem:
        logger.warning("sso refused: %s %s", type(problem).__name__, problem.claim)
        reasons = {
            "aud": _("The sign-in token was not made for NVAP Hub."),
            "azp": _("The sign-in token was not made for NVAP Hub."),
            "iss": _("The sign-in token's issuer does not match its tenant."),
            "nonce": _("The sign-in token does not belong to this sign-in."),
        }
        raise Refused(reasons.get(problem.claim, _("The sign-in token is not valid."))) from None
    except joserfc_errors.JoseError as problem:
        logger.warning("sso refused: %s", type(problem).__name__)
        raise Refused(_("The sign-in token's signature is not valid.")) from None
    except (requests.RequestException, ValueError, KeyError) as problem:
        logger.warning("sso refused: provider unreachable or malformed answer: %s", type(problem).__name__)
        raise Refused(
            _("Your organisation's sign-in service did not answer properly. Try again later.")
        ) from None
    claims = token.get("userinfo") or {}
    tenant_claim = conf["tenant_claim"]
    tenant = str(claims.get(tenant_claim) or "") if tenant_claim else str(claims.get("iss") or "")
    email = str(claims.get("email") or claims.get("preferred_username") or "").strip().lower()
    if not tenant:
        raise Refused(_("The sign-in token does not say which organisation you belong to."))
    if "@" not in email or len(email) > 254:
        raise Refused(_("The sign-in token does not give your work email address."))
    amr = claims.get("amr") or []
    return Identity(
        email=email,
        name=str(claims.get("name") or "")[:200],
        tenant=tenant,
        second_factor=isinstance(amr, list) and "mfa" in amr,
    )


class Unknown(Exception):
    """The tenant is allowed but nobody with this address is in (or invited to) its
    organisation."""

    def __init__(self, organisation):
        super().__init__(organisation.name)
        self.organisation = organisation


def person_for(slug: str, identity: Identity):
    """The active account this identity signs in as: someone in the tenant's organisation
    with this address, or a waiting invitation to it (accepted now). Refused for a tenant on
    no allow-list or a suspended account; Unknown for anyone else."""
    from accounts.models import User
    from organisations import services as team
    from organisations.models import Membership, SsoTenant

    allowed = (
        SsoTenant.objects.select_related("organisation")
        .filter(provider=slug, tenant_id=identity.tenant)
        .first()
    )
    if allowed is None:
        logger.warning("sso refused: tenant not allowed (%s)", slug)
        raise Refused(_("Your organisation is not set up to sign in to NVAP Hub this way."))
    organisation = allowed.organisation
    user = User.objects.filter(email__iexact=identity.email).first()
    if user is not None and Membership.objects.filter(user=user, organisation=organisation).exists():
        if not user.is_active:
            raise Refused(
                _(
                    "Your account is suspended because it has not been used for a long time. "
                    "Ask a lead in {organisation} to restore it."
                ).format(organisation=organisation.shown_name)
            )
        return user
    invitation = team.invitation_waiting_for(email=identity.email, organisation=organisation)
    if invitation is not None:
        return team.invitation_accept_signed_on(invitation_pk=invitation.pk, full_name=identity.name)
    raise Unknown(organisation)
