"""A peer review from the force's request to the 6-month follow-up, with axe on every page."""

import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

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
            ("analyst", "analyst@vkpp.test", "vkpp", "NATIONAL_ADMIN"),
            ("peer", "peer@vkpp.test", "vkpp", "PEER_REVIEWER"),
            ("lead", "lead@force-a.test", "norfolk-constabulary", "FORCE_LEAD"),
            ("contributor", "contributor@force-a.test", "norfolk-constabulary", "CONTRIBUTOR"),
        ]
    )


def _as(browser, live_server, email):
    return signed_in_page(browser, live_server, email, PASSWORD)


def test_a_peer_review_from_request_to_follow_up(browser, live_server, people, tmp_path):
    from core.models import Notification
    from impact.models import PlanActivity
    from reviews.models import PeerReview
    from reviews.tasks import send_review_follow_ups

    today = timezone.localdate()
    # Norfolk's lead requests a review of 2.4.1.
    lead = _as(browser, live_server, "lead@force-a.test")
    lead.click("a.govuk-service-navigation__link:has-text('Peer reviews')")
    assert_accessible(lead)
    lead.click("text=Request a peer review")
    lead.click("button:has-text('Send the request')")  # empty: the error summary
    expect(lead.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(lead)
    lead.check("label:has-text('2.4.1')")
    lead.fill("#id_why", "Victims tell us they are not kept informed.")
    lead.click("button:has-text('Send the request')")
    review = PeerReview.objects.get()
    lead.wait_for_url(re.compile(rf"/reviews/{review.pk}/$"))
    expect(lead.locator("text=Waiting for the national team to decide.")).to_be_visible()
    assert_accessible(lead)

    # The national team accepts it and forms the team.
    analyst = _as(browser, live_server, "analyst@vkpp.test")
    analyst.click("a:has-text('Decide Norfolk Constabulary')")
    analyst.click("text=Accept or decline the request")
    assert_accessible(analyst)
    analyst.check("input[name=decision][value=accept]")
    fill_date(analyst, "fieldwork_from", today + timedelta(days=30))
    fill_date(analyst, "fieldwork_to", today + timedelta(days=32))
    analyst.click("button:has-text('Save the decision')")
    analyst.click("text=Form the team")
    assert_accessible(analyst)
    analyst.select_option("#id_user", label="Peer")
    analyst.check("input[name=role][value=lead]")
    analyst.check("input[name=conflict][value=none]")
    analyst.click("button:has-text('Add to the team')")
    expect(analyst.locator("text=is on the team")).to_be_visible()
    assert_accessible(analyst)

    # The team asks for evidence; the force answers with a file.
    peer = _as(browser, live_server, "peer@vkpp.test")
    peer.goto(f"/reviews/{review.pk}/evidence/")
    assert_accessible(peer)
    peer.fill("#id_title", "Victim contact policy")
    peer.check("input[name=kind][value=policy]")
    fill_date(peer, "due_on", today + timedelta(days=14))
    peer.click("button:has-text('Ask the force')")
    expect(peer.locator("text=0 of 1 request answered")).to_be_visible()
    lead.goto("/notifications/")
    lead.click("a:has-text('Victim contact policy')")
    assert_accessible(lead)
    policy = tmp_path / "policy.pdf"
    policy.write_bytes(b"%PDF-1.7\n%a policy")
    lead.set_input_files("#id_upload", str(policy))
    lead.click("button:has-text('Upload the file')")
    expect(lead.locator("text=The file is uploaded.")).to_be_visible()
    assert_accessible(lead)

    # Two pieces of fieldwork and three findings.
    peer.goto(f"/reviews/{review.pk}/fieldwork/")
    assert_accessible(peer)
    for kind, who, notes in (
        ("interview", "Two victim care officers", "Scripts are out of date."),
        ("case_audit", "Twenty case files", "Case 4: no contact for 40 days."),
    ):
        peer.check(f"input[name=kind][value={kind}]")
        fill_date(peer, "held_on", today)
        peer.fill("#id_participants", who)
        peer.fill("#id_notes", notes)
        peer.check("label:has-text('2.4.1')")
        peer.click("button:has-text('Record it')")
        expect(peer.locator("text=The fieldwork is recorded.")).to_be_visible()
    assert_accessible(peer)
    peer.goto(f"/reviews/{review.pk}/findings/")
    assert_accessible(peer)
    for kind, text, step in (
        ("strength", "Victims' voices shape training.", ""),
        ("promising", "A victims' panel reviews cases each quarter.", ""),
        ("opportunity", "Updates to victims are patchy.", "Name an owner for each victim's updates."),
    ):
        peer.check(f"input[name=kind][value={kind}]")
        peer.select_option("#id_action", label="2.4.1 " + review.actions.get().title)
        peer.fill("#id_text", text)
        peer.fill("#id_suggested_step", step)
        peer.click("button:has-text('Record the finding')")
        expect(peer.locator("text=The finding is recorded.")).to_be_visible()
    assert_accessible(peer)

    # The lead reviewer drafts the report; the force comments; it is made final, as a PDF.
    peer.goto(f"/reviews/{review.pk}/report/")
    peer.fill("#id_summary", "A force that listens to victims; updates are the next step.")
    peer.click("button:has-text('Send the draft to the force')")
    assert_accessible(peer)
    lead.goto("/")
    lead.click("a:has-text('Check the draft report')")
    assert_accessible(lead)
    lead.fill("#id_text", "The panel meets monthly, not quarterly.")
    lead.click("button:has-text('Send the comment')")
    expect(lead.locator("text=Your comment is with the lead reviewer.")).to_be_visible()
    peer.goto(f"/reviews/{review.pk}/report/")
    expect(peer.locator("text=The panel meets monthly, not quarterly.")).to_be_visible()
    peer.click("button:has-text('Make the report final')")
    expect(peer.locator("text=The report is final").first).to_be_visible()
    lead.goto(f"/reviews/{review.pk}/report/")
    assert_accessible(lead)
    assert_fits_and_prints(lead, "What it found")
    pdf = lead.request.get(lead.locator("a:has-text('Download the report (PDF)')").get_attribute("href"))
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.body()))
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    assert "Name an owner for each victim" in " ".join(p.extract_text() for p in reader.pages)

    # The force answers the opportunity and makes it an impact plan activity.
    lead.goto("/")
    lead.click("a:has-text('Answer 1 opportunity for improvement')")
    assert_accessible(lead)
    lead.click("a:has-text('Answer')")
    lead.fill("#id_action_text", "A victim contact owner on every case.")
    lead.select_option("#id_owner", label="Contributor")
    fill_date(lead, "due_on", today + timedelta(days=90))
    lead.check("input[name=status][value=open]")
    lead.click("button:has-text('Save the action')")
    lead.click("a:has-text('Update')")
    assert_accessible(lead)
    lead.click("button:has-text('Make it an impact plan activity')")
    expect(lead.locator("text=It is an activity in")).to_be_visible()
    lead.click("a:has-text('See it in the impact plan')")
    assert_accessible(lead)
    assert PlanActivity.objects.filter(text__contains="A victim contact owner on every case.").exists()

    # Six months on, the follow-up reaches the owner.
    PeerReview.objects.filter(pk=review.pk).update(report_final_at=timezone.now() - timedelta(days=190))
    from reviews.models import Response

    Response.objects.update(updated_at=timezone.now() - timedelta(days=190))
    assert send_review_follow_ups.call() == 1
    assert Notification.objects.filter(user=people["contributor"], message__contains="6 months").exists()
    contributor = _as(browser, live_server, "contributor@force-a.test")
    contributor.click("a:has-text('Give a 6-month update')")
    assert_accessible(contributor)
    analyst.goto("/reviews/findings/")
    assert_accessible(analyst)
    for page in (analyst, peer, lead, contributor):
        page.context.close()
