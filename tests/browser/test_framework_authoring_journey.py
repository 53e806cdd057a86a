"""A framework version authored in the browser: the national admin drafts version 4 of the
NVAP from version 3, changes an objective, adds an action, maps it to an NVAP action,
previews, compares and publishes, then carries forces' work across; a force sees the new
version and, on its 2.2.1 page, the mapped element with its own position carried over. Axe
(WCAG 2.2 AA) on every page."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from tests.browser.conftest import assert_accessible, assert_fits_and_prints, members, signed_in_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people(transactional_db):
    return members(
        [
            ("admin", "admin@vkpp.test", "vkpp", "NATIONAL_ADMIN"),
            ("lead", "lead@force-a.test", "norfolk-constabulary", "FORCE_LEAD"),
        ]
    )


@pytest.fixture
def norfolk_position(people):
    from benchmarking.models import StandingPosition
    from framework.models import Action
    from organisations.models import Organisation

    return StandingPosition.objects.create(
        organisation=Organisation.objects.get(slug="norfolk-constabulary"),
        action=Action.objects.get(version__framework__slug="nvap", version__label="3", code="2.2.1"),
        rating=4,
        what_we_are_doing="Referrals checked daily by the MASH.",
        evidence="The 2026 referral audit",
        reviewed_on=date(2026, 9, 1),
    )


def test_the_admin_drafts_maps_publishes_and_carries_and_the_force_sees_it(
    browser, live_server, people, norfolk_position
):
    admin = signed_in_page(browser, live_server, "admin@vkpp.test", PASSWORD)
    admin.goto(live_server.url + "/plan/nvap/versions/")
    admin.click("text=Draft, compare and publish versions of the NVAP")
    assert_accessible(admin)
    admin.click("button:has-text('Start a draft of version 4')")
    expect(admin.locator("h1")).to_contain_text("NVAP version 4")
    assert_accessible(admin)

    # Change an objective of 2.2.1.
    admin.click("a:has-text('2.2.1 Appropriate Action')")
    expect(admin.locator("a:has-text('Objective 1')")).to_be_visible()
    assert_accessible(admin)
    admin.click("a:has-text('Objective 1')")
    expect(admin.locator("#id_text")).to_be_visible()
    assert_accessible(admin)
    admin.fill("#id_text", "Every referral reaches the right partner first time, with what it needs.")
    admin.click("button:has-text('Save')")
    expect(admin.locator(".govuk-notification-banner")).to_contain_text("Objective 1 of 2.2.1 is saved")

    # Add an action, with a mistake first.
    admin.click("a:has-text('Back')")
    admin.click("a:has-text('Add an action')")
    assert_accessible(admin)
    admin.fill("#id_code", "2.2.1")
    admin.select_option("#id_theme", label="Theme 2. Protecting, Supporting, Safeguarding and Managing Risk")
    admin.fill("#id_title", "Online harm")
    admin.fill("#id_detail", "Forces recognise and respond to harm that happens online.")
    admin.click("button:has-text('Save')")
    expect(admin.locator(".govuk-error-summary")).to_contain_text("This version already has 2.2.1")
    assert_accessible(admin)
    admin.fill("#id_code", "2.8.1")
    admin.click("button:has-text('Save')")
    expect(admin.locator(".govuk-notification-banner")).to_contain_text("2.8.1 Online harm is saved")

    # Map it to the NVAP's 2.2.1 (version 3).
    admin.click("a:has-text('Map it to another framework')")
    assert_accessible(admin)
    admin.select_option("#id_left", label="NVAP: NVAP version 4 (draft)")
    admin.select_option("#id_right", label="NVAP: NVAP version 3 (published)")
    admin.click("button:has-text('Add links between them')")
    assert_accessible(admin)
    admin.select_option("#id_source", label="2.8.1 Online harm")
    admin.check("input[name=relation][value=equivalent]")
    admin.select_option("#id_target", label="2.2.1 Appropriate Action")
    admin.fill("#id_note", "Online referrals follow the same pathway.")
    admin.click("button:has-text('Add the link')")
    expect(admin.locator(".govuk-notification-banner")).to_contain_text("2.8.1 is linked to 2.2.1")
    assert_accessible(admin)
    assert_fits_and_prints(admin, "Online harm")

    # Preview, compare, publish.
    admin.goto(live_server.url + "/plan/manage/nvap/v/4/")
    admin.click("text=Preview it as forces will see it")
    expect(admin.locator("text=a draft that only the national team can see")).to_be_visible()
    assert_accessible(admin)
    admin.go_back()
    admin.click("text=Compare it with NVAP version 3")
    assert_accessible(admin)
    expect(admin.locator("#change-2\\.8\\.1")).to_contain_text("new")
    expect(admin.locator("ins").filter(has_text="partner")).to_have_count(1)
    expect(admin.locator("del").filter(has_text="appropriate action is taken")).to_have_count(1)
    assert_fits_and_prints(admin, "What NVAP version 4 changes")
    admin.goto(live_server.url + "/plan/manage/nvap/v/4/")
    admin.click("a:has-text('Publish NVAP version 4')")
    assert_accessible(admin)
    expect(admin.locator("h3", has_text="2.2.1 Appropriate Action: changed")).to_be_visible()
    admin.click("button:has-text('Publish NVAP version 4')")
    expect(admin.locator(".govuk-notification-banner")).to_contain_text("NVAP version 4 is published")

    # Carry forces' work across: a preview for Norfolk, then carry.
    admin.goto(live_server.url + "/plan/manage/nvap/")
    admin.locator("a", has_text="Carry forces' work to it").filter(has_text="NVAP version 4").click()
    assert_accessible(admin)
    admin.click("a:has-text('Norfolk Constabulary')")
    assert_accessible(admin)
    expect(admin.locator("main")).to_contain_text(
        "Their standing position on NVAP 2.2.1 (rated 4, reviewed 1 September 2026) is copied to 2.8.1 Online harm"
    )
    admin.click("button:has-text('Carry 1 piece of work for Norfolk Constabulary')")
    expect(admin.locator(".govuk-notification-banner")).to_contain_text("Carried 1 piece of work for Norfolk")

    # Norfolk sees the new version, and on its 2.2.1 page the mapped element with its position.
    lead = signed_in_page(browser, live_server, "lead@force-a.test", PASSWORD)
    lead.goto(live_server.url + "/plan/nvap/")
    expect(lead.locator(".govuk-caption-xl").first).to_contain_text("NVAP version 4")
    lead.goto(live_server.url + "/plan/nvap/v/3/actions/2.2.1/")
    expect(lead.locator("text=Elsewhere, this work informs")).to_be_visible()
    lead.click("a:has-text('NVAP 4 2.8.1 Online harm')")
    expect(lead).to_have_url(re.compile(r"/plan/nvap/v/4/actions/2\.8\.1/$"))
    expect(lead.locator("text=Standing position: rated 4")).to_be_visible()
    assert_accessible(lead)
    assert_fits_and_prints(lead, "Online harm")
