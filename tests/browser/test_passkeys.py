"""Passkeys, server side and all, with Chromium's virtual authenticator (WebAuthn through
Playwright's CDP session): a contributor adds one, signs out, and signs in with it."""

import re

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from tests.browser.conftest import assert_accessible, assert_fits_and_prints, members, password_step

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_passkey_is_added_then_used_to_sign_in(browser, live_server):
    from django_otp_webauthn.models import WebAuthnCredential

    from organisations.models import AccessEvent

    people = members([("contributor", "contributor@force-a.test", "norfolk-constabulary", "CONTRIBUTOR")])
    # localhost, not 127.0.0.1: a passkey belongs to a domain name.
    context = browser.new_context(base_url=live_server.url.replace("127.0.0.1", "localhost"), bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    cdp = context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )

    password_step(page, "contributor@force-a.test", PASSWORD)
    page.wait_for_url(re.compile(r"^http://[^/]+/$"))
    page.goto("/accounts/two-factor/")
    assert_accessible(page)
    page.click("button:has-text('Add a passkey')")
    page.wait_for_selector(".app-recovery-codes")
    assert page.locator(".app-recovery-codes li").count() == 10
    expect(page.locator("text=Passkey 1, added")).to_be_visible()
    assert_accessible(page)
    assert_fits_and_prints(page, "Passkeys")
    credential = WebAuthnCredential.objects.get(user=people["contributor"])
    assert credential.last_used_at is None
    assert AccessEvent.objects.filter(
        person=people["contributor"], kind="mfa_added", detail="Passkey: Passkey 1"
    ).exists()

    page.click(".govuk-service-navigation button:has-text('Sign out')")
    password_step(page, "contributor@force-a.test", PASSWORD)
    page.wait_for_url(re.compile(r"/accounts/verify/$"))
    assert_accessible(page)
    page.click("button:has-text('Use a passkey')")
    page.wait_for_url(re.compile(r"^http://[^/]+/$"))  # home, past the second step
    page.goto("/benchmarking/")
    assert "/benchmarking/" in page.url
    credential.refresh_from_db()
    assert credential.last_used_at is not None, "the passkey signed them in"
    context.close()
