import re

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from tests.browser.conftest import (
    assert_accessible,
    assert_fits_and_prints,
    code_from_key,
    enrol_app,
    members,
    password_step,
    signed_in_page,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "plum-harbour-lantern-42"


@pytest.fixture
def people(transactional_db):
    return members(
        [
            ("admin", "admin@vkpp.test", "vkpp", "NATIONAL_ADMIN"),
            ("lead", "lead@force-a.test", "norfolk-constabulary", "FORCE_LEAD"),
        ]
    )


def test_a_lead_invites_a_contributor_who_joins_is_given_an_action_and_is_removed(
    browser, live_server, people, page
):
    from benchmarking.models import Answer, Return
    from benchmarking.tests.factories import open_exercise
    from core.models import Email

    exercise = open_exercise(people["admin"], codes=("2.1.1", "2.2.1"))
    record = Return.objects.get(exercise=exercise, organisation__slug="norfolk-constabulary")

    # Norfolk's lead invites a contributor; a wrong address first.
    lead = signed_in_page(browser, live_server, "lead@force-a.test", PASSWORD)
    lead.goto("/organisations/norfolk-constabulary/")
    assert_accessible(lead)
    lead.click("text=Invite someone")
    assert_accessible(lead)
    lead.fill("#id_email", "not an address")
    lead.click("button:has-text('Send the invitation')")
    expect(lead.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(lead)
    lead.fill("#id_email", "casey.new@norfolk.police.uk")
    lead.check("#id_role_1")  # Action owner or contributor
    lead.click("button:has-text('Send the invitation')")
    lead.wait_for_url(re.compile(r"/organisations/norfolk-constabulary/$"))
    expect(lead.locator("text=Invitation sent to casey.new@norfolk.police.uk")).to_be_visible()
    assert_accessible(lead)
    assert_fits_and_prints(lead, "casey.new@norfolk.police.uk")
    lead.click("a:has-text('Withdraw the invitation for casey.new@norfolk.police.uk')")
    assert_accessible(lead)
    lead.click("text=Cancel")  # asked first: nothing withdrawn
    lead.wait_for_url(re.compile(r"/organisations/norfolk-constabulary/$"))

    # The invitation email's link sets a password.
    link = re.search(
        r"(/organisations/invitations/\S+/)", Email.objects.get(to="casey.new@norfolk.police.uk").body
    )
    page.goto(link.group(1))
    assert_accessible(page)
    assert_fits_and_prints(page, "Join Norfolk Constabulary")
    page.fill("#id_full_name", "Casey New")
    page.fill("#id_password", NEW_PASSWORD)
    page.fill("#id_password_again", "something else")
    page.click("button:has-text('Make my account')")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.fill("#id_password", NEW_PASSWORD)
    page.fill("#id_password_again", NEW_PASSWORD)
    page.click("button:has-text('Make my account')")
    page.wait_for_url(re.compile(r"/organisations/norfolk-constabulary/$"))
    expect(
        page.locator("text=You are in Norfolk Constabulary as Action owner or contributor")
    ).to_be_visible()
    assert_accessible(page)
    page.click("text=Your account")
    expect(page.locator("text=Norfolk Constabulary: Action owner or contributor")).to_be_visible()
    assert_accessible(page)
    assert_fits_and_prints(page, "casey.new@norfolk.police.uk")

    # Casey sets up an authenticator app, signs out, and signs in again with its code.
    page.click("text=Manage your second factors")
    secret = enrol_app(page)
    assert_fits_and_prints(page, "Your recovery codes")
    page.click(".govuk-service-navigation button:has-text('Sign out')")
    password_step(page, "casey.new@norfolk.police.uk", NEW_PASSWORD)
    page.wait_for_url(re.compile(r"/accounts/verify/$"))
    assert_accessible(page)
    assert_fits_and_prints(page, "Your second factor")
    page.fill("#id_code", code_from_key(secret, steps_ahead=1))  # the set-up used this step's code
    page.click("button:has-text('Continue')")
    page.wait_for_url(re.compile(r"^http://[^/]+/$"))

    # The link now says it has been used; the lead opens the page to change Casey's role.
    page.goto(link.group(1))
    expect(page.locator("text=This invitation link no longer works")).to_be_visible()
    assert_accessible(page)
    lead.goto("/organisations/norfolk-constabulary/")
    lead.click("a:has-text('Change role of Casey New')")
    expect(lead.locator("text=Change the role of Casey New").first).to_be_visible()
    assert_accessible(lead)
    assert_fits_and_prints(lead, "Change the role of Casey New")

    # The lead gives them action 2.1.1; they see it as theirs.
    lead.goto(f"/benchmarking/returns/{record.pk}/assign/")
    answer = Answer.objects.get(return_record=record, action__code="2.1.1")
    lead.select_option(f"#answer-{answer.pk}", label="Casey New")
    lead.click("button:has-text('Save the owners')")
    assert_accessible(lead)
    page.goto("/notifications/")
    expect(page.locator("text=gave you 2.1.1")).to_be_visible()
    assert_accessible(page)
    page.goto("/benchmarking/")
    expect(page.locator("text=2.1.1").first).to_be_visible()
    page.goto(f"/benchmarking/returns/{record.pk}/answers/{answer.pk}/")
    page.fill("#id_what_we_are_doing", "Casey's weekly triage")
    page.check("#id_rating_2")
    page.check("#id_can_share_1")
    page.check("#id_sees_gap_1")
    page.click("button:has-text('Save the answer')")
    page.wait_for_url(re.compile(r"/benchmarking/returns/\d+/$"))

    # The lead removes them, after a confirmation; they can no longer sign in, and what they
    # wrote is still there with their name on it.
    lead.goto("/organisations/norfolk-constabulary/")
    lead.click("a:has-text('Remove Casey New')")
    assert_accessible(lead)
    lead.click("button:has-text('Remove them')")
    expect(lead.locator("text=Casey New is no longer in Norfolk Constabulary")).to_be_visible()
    assert_accessible(lead)
    lead.click("text=Latest changes to the team")
    expect(lead.locator("text=Removed by Lead").first).to_be_visible()
    assert_accessible(lead)
    assert_fits_and_prints(lead, "Latest changes to the team")
    page.goto("/benchmarking/")
    assert "/accounts/sign-in/" in page.url, "signed out: the account is no longer active"
    page.fill("#id_email", "casey.new@norfolk.police.uk")
    page.fill("#id_password", NEW_PASSWORD)
    page.click("button:has-text('Sign in')")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    lead.goto(f"/benchmarking/returns/{record.pk}/answers/{answer.pk}/")
    expect(lead.locator("text=Casey's weekly triage").first).to_be_visible()
    lead.click("text=History of this answer")
    expect(lead.locator("#history >> text=Changed by Casey New").first).to_be_visible()
    assert_accessible(lead)
