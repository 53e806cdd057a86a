"""Learning from case reviews, from recording a review to a force's response to a briefing,
with axe on every page."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from tests.browser.conftest import (
    assert_accessible,
    assert_fits_and_prints,
    fill_date,
    members,
    signed_in_page,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people(transactional_db):
    return members(
        [
            ("ann", "ann@vkpp.test", "vkpp", "NATIONAL_ANALYST"),
            ("bea", "bea@vkpp.test", "vkpp", "NATIONAL_ANALYST"),
            ("lead", "lead@force-a.test", "norfolk-constabulary", "FORCE_LEAD"),
        ]
    )


def _as(browser, live_server, email):
    return signed_in_page(browser, live_server, email, PASSWORD)


def _record(page, partnership, contact, url):
    page.goto("/case-reviews/reviews/new/")
    page.select_option("#id_kind", value="dhr")
    page.check("input[name=nation][value=england]")
    page.fill("#id_partnership", partnership)
    fill_date(page, "published_on", date(2024, 5, 1))
    page.fill("#id_report_url", url)
    page.check(f"input[name=police_contact][value={contact}]")
    page.select_option("#id_subject-age_band", value="25_44")
    page.select_option("#id_subject-sex", value="female")
    page.click("button:has-text('Record the review')")
    page.wait_for_url(re.compile(r"/case-reviews/reviews/\d+/$"))
    assert_accessible(page)


def _code(page, text, kind, stage, code, theme):
    page.fill("#id_text", text)
    page.check(f"input[name=kind][value={kind}]")
    page.select_option("#id_stage", value=stage)
    page.check(f"label:has-text('{code} ')")
    page.check(f"label:has-text('{theme}')")
    page.click("button:has-text('Add the learning point')")
    expect(page.locator("text=The learning point is added to your coding.")).to_be_visible()


def test_a_review_from_its_record_to_a_forces_response(browser, live_server, people):
    from casereviews.models import BriefingResponse, CaseReview

    ann = _as(browser, live_server, "ann@vkpp.test")
    ann.click("a.govuk-service-navigation__link:has-text('Case review learning')")
    expect(ann.locator("text=No learning has been published yet.")).to_be_visible()
    assert_accessible(ann)
    ann.click("nav >> text=Reviews and coding")
    assert_accessible(ann)
    # An empty record form: the error summary.
    ann.click("text=Record a review")
    ann.click("button:has-text('Record the review')")
    expect(ann.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(ann)
    # One review recorded and screened in; another screened out.
    _record(ann, "Testshire Community Safety Partnership", "yes", "https://www.example.org/dhr-1.pdf")
    included = CaseReview.objects.get(partnership="Testshire Community Safety Partnership")
    ann.click("text=Screen the review")
    assert_accessible(ann)
    ann.check("input[name=decision][value=include]")
    ann.click("button:has-text('Save the screening')")
    expect(ann.locator("dd:has-text('Included')")).to_be_visible()
    _record(ann, "Otherton Community Safety Partnership", "no", "https://www.example.org/dhr-2.pdf")
    ann.click("text=Screen the review")
    ann.check("input[name=decision][value=exclude]")
    ann.fill("#id_reason", "No police contact before the homicide.")
    ann.click("button:has-text('Save the screening')")
    expect(ann.locator("text=No police contact before the homicide.").first).to_be_visible()

    # Ann codes four learning points.
    ann.goto(f"/case-reviews/reviews/{included.pk}/coding/")
    assert_accessible(ann)
    _code(
        ann,
        "Repeat calls were treated as single incidents.",
        "missed",
        "risk",
        "2.2.1",
        "Identification of risk",
    )
    _code(ann, "The DASH answers were not recorded.", "gap", "risk", "2.2.1", "Record keeping")
    _code(ann, "A referral was made the same day.", "strength", "referral", "2.1.1", "Collaborative working")
    _code(
        ann, "The victim was not seen alone.", "gap", "first_contact", "2.4.1", "Voice of the child or adult"
    )
    assert_accessible(ann)
    ann.click("button:has-text('Mark your coding done')")

    # Bea codes the same review on her own: she does not see Ann's learning.
    bea = _as(browser, live_server, "bea@vkpp.test")
    bea.goto(f"/case-reviews/reviews/{included.pk}/coding/")
    assert bea.locator("text=Repeat calls were treated").count() == 0
    _code(bea, "The pattern of calls was missed.", "missed", "risk", "2.2.1", "Identification of risk")
    _code(
        bea, "Partners were not told of the history.", "missed", "partnership", "2.1.3", "Information sharing"
    )

    # The disagreement view: the difference and kappa, code set by code set.
    ann.goto(f"/case-reviews/reviews/{included.pk}/")
    ann.click("text=Where the coders disagree")
    assert_accessible(ann)
    expect(ann.locator("th:has-text('NVAP actions')")).to_be_visible()
    expect(ann.locator("dd:has-text('2.1.3')").first).to_be_visible()
    assert ann.locator("td", has_text=re.compile(r"^-?[01]\.\d\d$")).count() >= 1
    assert_fits_and_prints(ann, "Agreement by code set")

    # Ann publishes her coding, then a briefing.
    ann.goto(f"/case-reviews/reviews/{included.pk}/publish/")
    assert_accessible(ann)
    ann.check("label:has-text('Ann')")
    ann.click("button:has-text('Publish the learning')")
    expect(ann.locator("text=forces can read it now")).to_be_visible()
    ann.goto("/case-reviews/briefings/")
    ann.click("text=Start a briefing")
    assert_accessible(ann)
    ann.check("input[name=kind][value=quarterly]")
    ann.fill("#id_title", "Learning from 2024")
    fill_date(ann, "period_from", date(2024, 1, 1))
    fill_date(ann, "period_to", date(2024, 12, 31))
    ann.fill("#id_commentary", "Risk across repeated contacts again leads the learning.")
    ann.click("button:has-text('Save the draft')")
    expect(ann.locator("text=2 reviews examined, 1 included")).to_be_visible()
    assert_accessible(ann)
    ann.click("text=Publish the briefing")
    assert_accessible(ann)
    ann.click("button:has-text('Publish the briefing')")
    expect(ann.locator("text=The briefing is published")).to_be_visible()

    # Norfolk's lead finds the learning on 2.2.1 and records the force's response.
    lead = _as(browser, live_server, "lead@force-a.test")
    lead.goto("/plan/nvap/actions/2.2.1/")
    expect(lead.locator("h3:has-text('What case reviews tell us')")).to_be_visible()
    expect(lead.locator("text=Repeat calls were treated as single incidents.")).to_be_visible()
    assert (
        lead.locator("text=Bea").count() == 0
        and lead.locator("text=The pattern of calls was missed.").count() == 0
    )
    assert_accessible(lead)
    lead.goto("/case-reviews/")
    lead.check("label:has-text('2.2.1')")
    lead.click("button:has-text('Apply filters')")
    # The filtered page replaces the whole list: wait for it rather than read the old one.
    expect(lead.locator("h2:has-text('2 learning points')")).to_be_visible()
    assert_accessible(lead)
    assert_fits_and_prints(lead, "Repeat calls were treated as single incidents.")
    lead.goto("/case-reviews/analysis/")
    assert_accessible(lead)
    assert_fits_and_prints(lead, "Learning points by action and year")
    lead.goto("/")
    lead.click("a:has-text('Record how your force has acted on the briefing Learning from 2024')")
    assert_accessible(lead)
    from casereviews.tests.factories import action

    lead.select_option("#id_action", value=str(action("2.2.1").pk))
    lead.fill("#id_text", "Attending officers now see the call history before they arrive.")
    lead.check("#id_as_activity")
    lead.click("button:has-text('Record the response')")
    expect(lead.locator("text=now an activity in its impact plan")).to_be_visible()
    assert_accessible(lead)
    assert BriefingResponse.objects.get().impact_activity is not None
    assert_fits_and_prints(lead, "Learning from 2024")
