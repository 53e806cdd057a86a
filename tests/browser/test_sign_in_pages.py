"""The pages of signing in, single sign-on and second factors, in Chromium: axe (WCAG 2.2 AA)
on each, each reflowing at 320 px and printing."""

import re

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from tests.browser.conftest import (
    assert_accessible,
    assert_fits_and_prints,
    enrol_app,
    members,
    password_step,
)
from tests.oidc import ALLOWED, entra_settings, running_provider

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_single_sign_on_pages(page, live_server, settings):
    from organisations.models import Organisation, SsoTenant

    members([("editor", "editor@force-a.test", "norfolk-constabulary", "CONTRIBUTOR")])
    SsoTenant.objects.create(
        organisation=Organisation.objects.get(slug="norfolk-constabulary"),
        provider="entra",
        tenant_id=ALLOWED,
    )
    with running_provider(f"{live_server.url}/accounts/sso/entra/callback/") as base:
        settings.SSO_PROVIDERS = {**settings.SSO_PROVIDERS, "entra": entra_settings(base)}
        page.goto("/accounts/sign-in/")
        assert_accessible(page)
        assert_fits_and_prints(page, "Or sign in with a password")

        # Someone from Norfolk's tenant whom nobody has invited.
        page.click("text=Sign in with Microsoft (your force account)")
        page.wait_for_url(re.compile(r"/interaction/"))
        page.fill("input[name=login]", "stranger@norfolk.police.uk")
        page.click("button:has-text('Sign in')")
        page.wait_for_url(re.compile(r"/accounts/sso/entra/callback/"))
        expect(page.locator("h1:has-text('Ask your force lead to invite you')")).to_be_visible()
        assert_accessible(page)
        assert_fits_and_prints(page, "No NVAP Hub account has been made for you")

        # A member of Norfolk signs in, with a second factor proved by the provider (a new
        # browser session there: the provider would otherwise remember the stranger).
        page.context.clear_cookies()
        page.goto("/accounts/sign-in/")
        page.click("text=Sign in with Microsoft (your force account)")
        page.wait_for_url(re.compile(r"/interaction/"))
        page.fill("input[name=login]", "editor@force-a.test")
        page.check("input[name=mfa]")
        page.click("button:has-text('Sign in')")
        page.wait_for_url(re.compile(r"^http://[^/]+/$"))
        page.goto("/accounts/")
        expect(page.locator("td:has-text('Microsoft (your force account)')").first).to_be_visible()
        assert_accessible(page)
        assert_fits_and_prints(page, "Your latest sign-ins")

        # The answer replayed: refused, clearly.
        page.goto("/accounts/sso/entra/callback/?state=replayed&code=old")
        assert page.locator("#sso-problem").inner_text() == (
            "This sign-in has already been used or has expired. Start again."
        )
        assert_accessible(page)
        assert_fits_and_prints(page, "Single sign-on did not work")


def test_second_factor_pages(page, live_server):
    from accounts.models import User
    from organisations.models import Membership, Organisation
    from practice.tests.factories import example

    people = members(
        [
            ("lead", "lead@force-a.test", "norfolk-constabulary", "FORCE_LEAD"),
            ("editor", "editor@force-a.test", "norfolk-constabulary", "CONTRIBUTOR"),
        ]
    )
    # A national analyst who has no second factor yet.
    analyst = User.objects.create_user(
        email="new.analyst@vkpp.test", password=PASSWORD, full_name="New Analyst"
    )
    Membership.objects.create(
        user=analyst, organisation=Organisation.objects.get(slug="vkpp"), role="national_analyst"
    )
    item = example(Organisation.objects.get(slug="norfolk-constabulary"), people["editor"])

    password_step(page, analyst.email, PASSWORD)
    page.wait_for_url(re.compile(r"/accounts/two-factor/$"))
    expect(page.locator("text=Set up a second factor to continue")).to_be_visible()
    assert_fits_and_prints(page, "Set up a second factor to continue")
    page.goto("/benchmarking/")
    assert "/accounts/two-factor/" in page.url, "no force data before a second factor"
    page.click("a:has-text('Set up an authenticator app')")
    page.fill("#id_code", "000000")
    page.click("button:has-text('Set up the app')")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    assert_fits_and_prints(page, "Set up an authenticator app")
    page.goto("/accounts/two-factor/")
    enrol_app(page)
    assert_fits_and_prints(page, "Your recovery codes")
    page.click("a:has-text('Remove')")
    expect(page.locator("text=you must keep one")).to_be_visible()
    assert_accessible(page)
    assert_fits_and_prints(page, "Remove it")
    page.goto("/accounts/verify/")  # asked again, as before a sensitive step
    expect(page.locator("h1:has-text('Confirm it is you')")).to_be_visible()
    assert_accessible(page)
    assert_fits_and_prints(page, "Confirm it is you")

    # The lead's pages: who must use one, and resetting someone's.
    from tests.browser.conftest import signed_in_page

    lead = signed_in_page(page.context.browser, live_server, "lead@force-a.test", PASSWORD)
    lead.goto("/organisations/norfolk-constabulary/second-factors/")
    assert_accessible(lead)
    assert_fits_and_prints(lead, "Who must use a second factor")
    lead.check("input[value=yes]")
    lead.click("button:has-text('Save')")
    expect(lead.locator("text=Everyone in Norfolk Constabulary must use a second factor")).to_be_visible()
    assert_accessible(lead)
    lead.goto(f"/organisations/norfolk-constabulary/people/{people['lead'].pk}/reset-second-factor/")
    assert_accessible(lead)
    assert_fits_and_prints(lead, "Reset their second factor")
    lead.goto(f"/practice/examples/{item.pk}/owner/")
    assert_accessible(lead)
    assert_fits_and_prints(lead, "Who owns this example?")
