"""Single sign-on against a real OpenID Connect provider (`oidc-provider` from npm, run by
tests/oidc/provider.mjs), shaped like Entra ID: an allowed tenant, one not on the allow-list,
and one whose tokens lie about their tenant; tokens spoiled on the way (expired, another
audience, a tampered signature); a replayed state; a provider's proof of a second factor."""

import time
from urllib.parse import urljoin

import pytest
import requests
from django.test import Client

from accounts.models import User
from organisations import services as team
from organisations.models import Membership, Organisation, SsoTenant
from tests.oidc import ALLOWED, LIAR, OTHER, entra_settings, free_port, running_provider

pytestmark = pytest.mark.django_db

NORFOLK = "norfolk-constabulary"


@pytest.fixture(scope="session")
def provider():
    """The provider, started once for the session; its base URL."""
    with running_provider() as base:
        yield base


def entra(settings, provider, tenant=ALLOWED, variant="common"):
    settings.SSO_PROVIDERS = {**settings.SSO_PROVIDERS, "entra": entra_settings(provider, tenant, variant)}


@pytest.fixture
def norfolk_tenant(content):
    norfolk = Organisation.objects.get(slug=NORFOLK)
    SsoTenant.objects.create(organisation=norfolk, provider="entra", tenant_id=ALLOWED)
    return norfolk


def at_provider(client, email, second_factor=False, slug="entra"):
    """Starts single sign-on, signs in at the provider as `email`; returns the callback path
    the provider sends the browser back to."""
    start = client.get(f"/accounts/sso/{slug}/")
    assert start.status_code == 302, start.content[:300]
    browser = requests.Session()
    answer = browser.get(start["Location"], allow_redirects=False, timeout=10)
    interaction = urljoin(start["Location"], answer.headers["Location"])
    data = {"login": email, **({"mfa": "1"} if second_factor else {})}
    answer = browser.post(interaction + "/login", data=data, allow_redirects=False, timeout=10)
    answer = browser.get(urljoin(interaction, answer.headers["Location"]), allow_redirects=False, timeout=10)
    back = answer.headers["Location"]
    assert back.startswith(f"http://testserver/accounts/sso/{slug}/callback/?"), back
    return back.removeprefix("http://testserver")


def test_an_invited_person_from_an_allowed_tenant_signs_in_and_joins(
    settings, provider, norfolk_tenant, cast
):
    entra(settings, provider)
    team.invitation_send(
        organisation=norfolk_tenant,
        email="new.person@norfolk.police.uk",
        role="contributor",
        by=cast["lead_a"],
    )
    client = Client()
    response = client.get(at_provider(client, "New.Person@norfolk.police.uk"))
    assert response.status_code == 302 and response["Location"] == "/"
    person = User.objects.get(email="new.person@norfolk.police.uk")
    assert not person.has_usable_password(), "their organisation's sign-in is theirs: no password here"
    assert Membership.objects.filter(user=person, organisation=norfolk_tenant, role="contributor").exists()
    assert client.get("/benchmarking/").status_code == 200


def test_someone_already_in_the_organisation_signs_in(settings, provider, norfolk_tenant, cast):
    entra(settings, provider)
    client = Client()
    response = client.get(at_provider(client, "editor@force-a.test"))
    assert response.status_code == 302
    assert client.get("/accounts/").context["user"] == cast["editor_a"]
    assert cast["editor_a"].sign_ins.get().how == "Microsoft (your force account)"


def test_an_uninvited_person_from_an_allowed_tenant_gets_a_clear_page_and_no_account(
    settings, provider, norfolk_tenant, cast
):
    entra(settings, provider)
    client = Client()
    before = User.objects.count()
    page = client.get(at_provider(client, "stranger@norfolk.police.uk"))
    assert page.status_code == 403
    assert "Ask your force lead to invite you" in page.content.decode()
    assert User.objects.count() == before
    assert client.get("/benchmarking/").status_code == 302, "not signed in"


def test_an_address_outside_the_tenants_organisation_is_not_trusted(settings, provider, norfolk_tenant, cast):
    """A tenant's administrators choose its people's addresses: a Norfolk token naming a
    national analyst's address does not sign in as them."""
    entra(settings, provider)
    client = Client()
    page = client.get(at_provider(client, "analyst@vkpp.test"))
    assert page.status_code == 403 and client.get("/benchmarking/").status_code == 302


@pytest.mark.parametrize(
    "tenant, variant, message",
    [
        (OTHER, "common", "Your organisation is not set up to sign in to NVAP Hub this way."),
        (LIAR, "common", "The sign-in token&#x27;s issuer does not match its tenant."),
        (ALLOWED, "expired", "The sign-in token has expired. Start again."),
        (ALLOWED, "audience", "The sign-in token was not made for NVAP Hub."),
        (ALLOWED, "signature", "The sign-in token&#x27;s signature is not valid."),
    ],
)
def test_bad_tokens_are_refused_with_a_clear_message(
    settings, provider, norfolk_tenant, cast, tenant, variant, message
):
    entra(settings, provider, tenant, variant)
    client = Client()
    before = User.objects.count()
    page = client.get(at_provider(client, "editor@force-a.test"))
    assert page.status_code == 400
    assert message in page.content.decode()
    assert User.objects.count() == before and client.get("/benchmarking/").status_code == 302


def test_a_replayed_state_is_refused(settings, provider, norfolk_tenant, cast):
    entra(settings, provider)
    client = Client()
    callback = at_provider(client, "editor@force-a.test")
    assert client.get(callback).status_code == 302
    client.post("/accounts/sign-out/")
    again = client.get(callback)
    assert again.status_code == 400 and "already been used or has expired" in again.content.decode()
    assert client.get("/benchmarking/").status_code == 302


def test_a_provider_that_proves_a_second_factor_is_not_asked_twice(settings, provider, norfolk_tenant, cast):
    entra(settings, provider)
    lead = cast["lead_a"]  # must use a second factor, and has none here
    proved = Client()
    response = proved.get(at_provider(proved, lead.email, second_factor=True))
    assert response["Location"] == "/"
    assert proved.get(f"/organisations/{NORFOLK}/").status_code == 200
    unproved = Client()
    response = unproved.get(at_provider(unproved, lead.email, second_factor=False))
    assert response["Location"] == "/accounts/two-factor/"
    assert unproved.get(f"/organisations/{NORFOLK}/").status_code == 302


def test_a_suspended_account_is_told_to_ask_for_it_back(settings, provider, norfolk_tenant, cast):
    entra(settings, provider)
    User.objects.filter(pk=cast["editor_a"].pk).update(is_active=False)
    client = Client()
    page = client.get(at_provider(client, "editor@force-a.test"))
    assert (
        page.status_code == 400
        and "Ask a lead in Norfolk Constabulary to restore it" in page.content.decode()
    )


def test_a_second_generic_provider_is_configured_the_same_way(settings, provider, norfolk_tenant, cast):
    """A provider without a tenant claim: its issuer is the tenant on the allow-list."""
    issuer = f"{provider}/{OTHER}/v2.0"
    settings.SSO_PROVIDERS = {
        **settings.SSO_PROVIDERS,
        "oidc": {
            "name": "Police Single Sign-On",
            "metadata_url": f"{issuer}/.well-known/openid-configuration",
            "client_id": "nvaphub",
            "client_secret": "local-test-secret",
            "tenant_claim": "",
        },
    }
    client = Client()
    assert "Sign in with Police Single Sign-On" in client.get("/accounts/sign-in/").content.decode()
    refused = client.get(at_provider(client, "editor@force-a.test", slug="oidc"))
    assert refused.status_code == 400, "its issuer is on no allow-list yet"
    SsoTenant.objects.create(organisation=norfolk_tenant, provider="oidc", tenant_id=issuer)
    client = Client()
    assert client.get(at_provider(client, "editor@force-a.test", slug="oidc")).status_code == 302


def test_without_a_client_id_there_is_no_single_sign_on(settings, content):
    settings.SSO_PROVIDERS = {
        slug: {**conf, "client_id": ""} for slug, conf in settings.SSO_PROVIDERS.items()
    }
    client = Client()
    assert "Sign in with" not in client.get("/accounts/sign-in/").content.decode()
    assert client.get("/accounts/sso/entra/").status_code == 404
    assert client.get("/accounts/sso/nothing/callback/?code=x&state=y").status_code == 404


def test_a_provider_that_does_not_answer_gets_a_clear_message_not_a_hang(settings, content):
    settings.SSO_TIMEOUT_SECONDS = 2
    settings.SSO_PROVIDERS = {
        **settings.SSO_PROVIDERS,
        "entra": {
            **settings.SSO_PROVIDERS["entra"],
            "metadata_url": f"http://127.0.0.1:{free_port()}/.well-known/openid-configuration",
            "client_id": "nvaphub",
        },
    }
    started = time.monotonic()
    page = Client().get("/accounts/sso/entra/")
    assert page.status_code == 400 and "did not answer" in page.content.decode()
    assert time.monotonic() - started < 10


def test_a_callback_with_nothing_sensible_in_it_is_refused(settings, provider, norfolk_tenant):
    entra(settings, provider)
    client = Client()
    for query in ["", "?state=<script>&code=1", "?error=access_denied&error_description=no"]:
        page = client.get("/accounts/sso/entra/callback/" + query)
        assert page.status_code == 400, query


def test_a_forces_tenant_is_added_listed_and_removed_by_command(content):
    from io import StringIO

    from django.core.management import CommandError, call_command

    out = StringIO()
    call_command("sso_tenant", "add", NORFOLK, ALLOWED.upper(), stdout=out)
    assert "may sign in to Norfolk Constabulary" in out.getvalue()
    assert SsoTenant.objects.get(provider="entra").tenant_id == ALLOWED, "kept in lower case"
    for args, message in [
        (["add", NORFOLK, "not-a-guid"], "An Entra tenant id looks like"),
        (["add", "nowhere", ALLOWED], "No organisation 'nowhere'"),
        (["add", "kent-police", ALLOWED], "That tenant is already Norfolk Constabulary's."),
        (["add", NORFOLK, ALLOWED, "--provider", "google"], "Choose one of: entra, oidc."),
        (["remove", NORFOLK, OTHER], "has no entra tenant"),
        (["add", NORFOLK], "Give the organisation's slug and the tenant id"),
    ]:
        with pytest.raises(CommandError, match=message):
            call_command("sso_tenant", *args, stdout=StringIO())
    listed = StringIO()
    call_command("sso_tenant", "list", stdout=listed)
    assert ALLOWED in listed.getvalue()
    call_command("sso_tenant", "remove", NORFOLK, ALLOWED, stdout=StringIO())
    assert not SsoTenant.objects.exists()


def test_the_team_page_and_an_invitation_offer_single_sign_on_once_the_tenant_is_listed(
    settings, provider, cast
):
    entra(settings, provider)
    norfolk = Organisation.objects.get(slug=NORFOLK)
    from organisations.tests.test_team import _invite

    lead = Client()
    link = _invite(lead, cast["lead_a"], email="new@norfolk.police.uk", role="viewer")
    assert "Join with" not in Client().get(link).content.decode(), "no tenant listed yet"
    lead.force_login(cast["lead_a"])
    assert (
        "Not set up: people sign in with a password"
        in lead.get(f"/organisations/{NORFOLK}/").content.decode()
    )
    SsoTenant.objects.create(organisation=norfolk, provider="entra", tenant_id=ALLOWED)
    assert (
        f'Microsoft Entra ID tenant <code class="app-break-anywhere">{ALLOWED}</code>'
        in lead.get(f"/organisations/{NORFOLK}/").content.decode()
    )
    page = Client().get(link).content.decode()
    assert 'href="/accounts/sso/entra/">Join with Microsoft (your force account)</a>' in page
