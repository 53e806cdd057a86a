"""Two people change one plan at once in real browsers: the second sees both versions, keeps
their words, and can save on purpose. The page passes axe, fits a 320 px screen and prints."""

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from tests.browser.conftest import assert_accessible, members, signed_in_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_second_editor_sees_both_versions_and_loses_nothing(browser, live_server):
    from impact.models import Plan
    from impact.tests.factories import plan_with_everything
    from organisations.models import Organisation

    people = members(
        [
            ("ann", "ann@force-a.test", "norfolk-constabulary", "CONTRIBUTOR"),
            ("bob", "bob@force-a.test", "norfolk-constabulary", "FORCE_LEAD"),
        ]
    )
    plan, _ = plan_with_everything(Organisation.objects.get(slug="norfolk-constabulary"), people["ann"])
    url = f"/impact/plans/{plan.pk}/edit/"
    ann = signed_in_page(browser, live_server, "ann@force-a.test", PASSWORD)
    bob = signed_in_page(browser, live_server, "bob@force-a.test", PASSWORD)
    ann.goto(url)
    bob.goto(url)
    assert_accessible(bob)
    ann.fill("#id_project_lead", "Ann Leads")
    ann.click("button:has-text('Save')")
    ann.wait_for_url(f"**/impact/plans/{plan.pk}/")
    bob.fill("#id_project_lead", "Bob Leads")
    bob.click("button:has-text('Save')")
    bob.wait_for_selector(".govuk-error-summary")
    assert bob.title().startswith("Error: ")
    table = bob.locator("table").first
    expect(bob.locator("text=Their version and yours")).to_be_visible()
    expect(table.locator("text=Ann Leads")).to_be_visible()
    expect(table.locator("text=Bob Leads")).to_be_visible()
    assert bob.input_value("#id_project_lead") == "Bob Leads", "Bob's words stay in the form"
    assert_accessible(bob)
    # At 320 px nothing spills sideways, and the comparison prints.
    bob.set_viewport_size({"width": 320, "height": 800})
    assert bob.evaluate("document.documentElement.scrollWidth") <= 320
    bob.emulate_media(media="print")
    expect(bob.locator("text=Their version and yours")).to_be_visible()
    bob.emulate_media(media="screen")
    assert Plan.objects.get(pk=plan.pk).project_lead == "Ann Leads"
    bob.click("button:has-text('Save')")
    bob.wait_for_url(f"**/impact/plans/{plan.pk}/")
    assert Plan.objects.get(pk=plan.pk).project_lead == "Bob Leads"
    for page in (ann, bob):
        page.context.close()
