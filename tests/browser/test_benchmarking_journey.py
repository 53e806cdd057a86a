import re

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from tests.browser.conftest import (
    assert_accessible,
    assert_fits_and_prints,
    enrol_app,
    members,
    signed_in_page,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people(transactional_db):
    return members(
        [
            ("admin", "admin@vkpp.test", "vkpp", "NATIONAL_ADMIN"),
            ("analyst", "analyst@vkpp.test", "vkpp", "NATIONAL_ANALYST"),
            ("contributor", "contributor@force-a.test", "norfolk-constabulary", "CONTRIBUTOR"),
            ("lead", "lead@force-a.test", "norfolk-constabulary", "FORCE_LEAD"),
        ]
    )


def _as(browser, live_server, email):
    return signed_in_page(browser, live_server, email, PASSWORD)


def _answer(page, text):
    page.check("#id_rating_2")  # 3 Developing
    page.fill("#id_what_we_are_doing", text)
    page.check("#id_can_share_1")  # No
    page.check("#id_sees_gap_1")  # No
    page.click("button:has-text('Save the answer')")
    page.wait_for_url(re.compile(r"/benchmarking/returns/\d+/$"))
    assert_accessible(page)


def test_an_exercise_from_opening_to_publication(browser, live_server, people):
    from benchmarking import services
    from benchmarking.models import Return
    from framework.models import FrameworkVersion

    version = FrameworkVersion.objects.get(label="3")
    from django.utils import timezone

    exercise = services.exercise_create(
        created_by=people["admin"],
        version=version,
        title="NVAP benchmarking 2027",
        opens_on=timezone.localdate(),
        closes_on=timezone.localdate() + timezone.timedelta(days=30),
        actions=list(version.actions.filter(code__in=["2.1.1", "2.2.1"])),
    )

    # A national admin opens the exercise, after a confirmation.
    admin = _as(browser, live_server, "admin@vkpp.test")
    admin.goto("/benchmarking/")
    assert_accessible(admin)
    admin.goto("/benchmarking/exercises/new/")
    assert_accessible(admin)
    admin.click("button:has-text('Save as a draft')")  # empty: the error summary
    expect(admin.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(admin)
    admin.goto(f"/benchmarking/exercises/{exercise.pk}/")
    assert_accessible(admin)
    admin.click("a:has-text('Change the rating scale')")
    assert_accessible(admin)
    admin.fill("#id_label_1", "")
    admin.click("button:has-text('Save the scale')")
    expect(admin.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(admin)
    admin.goto(f"/benchmarking/exercises/{exercise.pk}/")
    admin.click("text=Open the exercise")
    assert_accessible(admin)
    admin.click("button:has-text('Open the exercise')")
    expect(admin.locator("text=0 of 44 forces have returned")).to_be_visible()
    assert_accessible(admin)
    admin.click('a:has-text("Extend Norfolk Constabulary\'s deadline")')
    assert_accessible(admin)
    record = Return.objects.get(exercise=exercise, organisation__slug="norfolk-constabulary")

    # A contributor answers an action.
    contributor = _as(browser, live_server, "contributor@force-a.test")
    contributor.click("a.govuk-service-navigation__link:has-text('Benchmarking')")
    assert_accessible(contributor)
    contributor.click("text=NVAP benchmarking 2027")
    assert_accessible(contributor)
    contributor.click("text=2.1.1 Recognition and Response")
    assert_accessible(contributor)
    _answer(contributor, "Call handlers use a vulnerability script.")
    expect(contributor.locator("text=1 of 2 answers complete")).to_be_visible()
    # Evidence, offline completion, notifications and API tokens are pages too.
    contributor.click("table a:has-text('2.1.1 Recognition and Response')")
    contributor.click("text=Evidence for this answer")
    assert_accessible(contributor)
    contributor.fill("#id_link_title", "Vulnerability script")
    contributor.fill("#id_link_url", "https://example.org/script")
    contributor.click("button:has-text('Add the link')")
    expect(contributor.locator("text=The link is added")).to_be_visible()
    assert_accessible(contributor)
    contributor.click("a:has-text('Remove Vulnerability script')")
    assert_accessible(contributor)
    contributor.go_back()
    contributor.click("button:has-text('Upload the file')")  # nothing chosen: the error summary
    expect(contributor.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(contributor)
    contributor.goto(f"/benchmarking/returns/{record.pk}/workbook/upload/")
    assert_accessible(contributor)
    # An API token needs a second factor: the contributor sets one up on the way.
    contributor.goto("/accounts/api-tokens/")
    assert "/accounts/two-factor/" in contributor.url
    enrol_app(contributor)
    contributor.click("a:has-text('Continue')")
    contributor.wait_for_url(re.compile(r"/accounts/api-tokens/$"))
    contributor.fill("#id_name", "Power BI")
    contributor.click("button:has-text('Create a token')")
    contributor.locator(".govuk-panel").wait_for()  # the new token, shown once
    assert_accessible(contributor)
    contributor.click("a:has-text('Revoke Power BI')")
    assert_accessible(contributor)
    contributor.goto("/notifications/")
    assert_accessible(contributor)

    # The lead tries to submit, is shown what is missing, completes it and submits.
    lead = _as(browser, live_server, "lead@force-a.test")
    lead.goto(f"/benchmarking/returns/{record.pk}/assign/")
    assert_accessible(lead)
    lead.select_option(f"#answer-{record.answers.get(action__code='2.2.1').pk}", label="Contributor")
    lead.click("button:has-text('Save the owners')")
    assert_accessible(lead)
    lead.click("text=Submit the return")
    lead.check("#id_declaration")
    lead.click("button:has-text('Submit the return')")
    summary = lead.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    assert_accessible(lead)
    summary.locator("text=Complete your answer on 2.2.1 Appropriate Action").click()
    _answer(lead, "Referrals are dip-sampled weekly.")
    lead.click("text=Submit the return")
    lead.check("#id_declaration")
    lead.click("button:has-text('Submit the return')")
    expect(lead.locator(".govuk-panel__title:has-text('Return submitted')")).to_be_visible()
    assert_accessible(lead)
    assert_fits_and_prints(lead, "What happens next")

    # An analyst reviews an answer on the review screen and returns the return with a comment.
    analyst = _as(browser, live_server, "analyst@vkpp.test")
    analyst.goto(f"/benchmarking/returns/{record.pk}/review/")
    assert_accessible(analyst)
    reviewed = record.answers.get(action__code="2.2.1").pk
    analyst.select_option(f"#id_a{reviewed}-national_rating", "4")
    analyst.check(f"#id_a{reviewed}-promising_practice")
    analyst.click("button:has-text('Save the review')")  # no reason: the error summary
    expect(analyst.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(analyst)
    analyst.fill(
        f"#id_a{reviewed}-promising_practice_reason", "Weekly dip sampling with feedback to officers"
    )
    analyst.click("button:has-text('Save the review')")
    expect(analyst.locator("text=Your review of 1 answer is saved.")).to_be_visible()
    analyst.click(f"#answer-{reviewed} a:has-text('History')")
    assert_accessible(analyst)
    analyst.go_back()
    analyst.fill("#id_comment", "Say how the dip sampling feeds back to officers.")
    analyst.click("button:has-text('Return it to the force')")
    assert_accessible(analyst)

    # The force sees the comment, fixes the answer and resubmits.
    lead.goto(f"/benchmarking/returns/{record.pk}/")
    expect(lead.locator("text=Say how the dip sampling feeds back to officers.").first).to_be_visible()
    assert_accessible(lead)
    lead.click("text=2.2.1 Appropriate Action")
    _answer(lead, "Referrals are dip-sampled weekly; results go back to each officer.")
    lead.click("text=Submit the return")
    lead.check("#id_declaration")
    lead.click("button:has-text('Submit the return')")

    # The analyst accepts; the admin closes the exercise and publishes the national picture.
    analyst.goto(f"/benchmarking/returns/{record.pk}/review/")
    analyst.click("button:has-text('Save the review and accept the return')")
    analyst.goto("/notifications/")
    expect(analyst.locator("text=Norfolk Constabulary submitted its return").first).to_be_visible()
    assert_accessible(analyst)
    analyst.goto(f"/benchmarking/exercises/{exercise.pk}/")
    expect(analyst.locator("text=1 of 44 forces have returned")).to_be_visible()
    admin.goto(f"/benchmarking/exercises/{exercise.pk}/")
    admin.click("text=Close the exercise")
    admin.click("button:has-text('Close the exercise')")
    # Key findings are written before publication: once published, they are final.
    analyst.goto(f"/benchmarking/exercises/{exercise.pk}/picture/")
    assert_accessible(analyst)
    analyst.click("text=Write the key findings for 2.2.1")
    assert_accessible(analyst)
    analyst.fill("#id_text", "Dip sampling of referrals is spreading.")
    analyst.fill("#id_theme_1", "Quality assurance")
    analyst.fill("#id_issues_1", "Few forces check referral quality")
    analyst.click("button:has-text('Add another theme')")
    expect(analyst.locator("#id_theme_2")).to_be_visible()
    analyst.fill("#id_recommendations_1", "Dip sample referrals monthly")
    analyst.click("button:has-text('Save the key findings')")
    admin.goto(f"/benchmarking/exercises/{exercise.pk}/")
    admin.click("text=Publish the national picture")
    assert_accessible(admin)
    assert "Returns in" in admin.locator("main").inner_text()
    admin.click("button:has-text('Publish the national picture')")
    summary = admin.locator(".govuk-error-summary")
    assert "Say why the picture is published" in summary.inner_text()
    assert_accessible(admin)
    assert_fits_and_prints(admin, "Before you publish")
    admin.fill("#reason", "Only one force in this trial.")
    admin.click("button:has-text('Publish the national picture')")
    expect(admin.locator("text=The exercise has been published")).to_be_visible()
    record.refresh_from_db()
    assert record.status == "accepted"

    # The force sees its report, with the key findings, and the national picture.
    analyst.goto(f"/benchmarking/exercises/{exercise.pk}/picture/2.2.1/promising/")
    expect(analyst.locator("text=Norfolk Constabulary").first).to_be_visible()
    assert_accessible(analyst)
    lead.goto(f"/benchmarking/returns/{record.pk}/")
    lead.click("text=Read your force's report")
    expect(lead.locator("text=Dip sampling of referrals is spreading.")).to_be_visible()
    expect(lead.locator("li:has-text('Dip sample referrals monthly')")).to_be_visible()
    assert_accessible(lead)
    lead.click("text=The national picture")
    expect(lead.locator("text=(your force)")).to_be_visible()
    assert_accessible(lead)
    for page in (admin, contributor, lead, analyst):
        page.context.close()
