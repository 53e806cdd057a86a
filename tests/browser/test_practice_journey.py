import re

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from tests.browser.conftest import assert_accessible, members, signed_in_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people(transactional_db):
    return members(
        [
            ("contributor", "contributor@force-a.test", "norfolk-constabulary", "CONTRIBUTOR"),
            ("analyst", "analyst@vkpp.test", "vkpp", "NATIONAL_ANALYST"),
            ("other", "lead@force-b.test", "kent-police", "FORCE_LEAD"),
        ]
    )


def _see(page, pattern):
    page.wait_for_url(re.compile(pattern))
    assert_accessible(page)


def test_an_example_from_submission_to_being_found_by_another_force(browser, live_server, people):
    from practice.models import Example, LibraryEntry

    force = signed_in_page(browser, live_server, people["contributor"].email, PASSWORD)
    force.get_by_role("link", name="Practice library", exact=True).click()
    _see(force, r"/practice/$")
    force.get_by_role("link", name="Submit an example").first.click()
    _see(force, r"/practice/examples/new/$")
    force.fill("#id_title", "Night-time missing persons triage")
    force.fill(
        "#id_summary",
        "A triage desk that reviews every missing person report overnight with a mental health nurse.",
    )
    force.fill("#id_what_was_done", "A sergeant and a nurse review each report within an hour.")
    force.check("label:has-text('Missing people') >> xpath=preceding-sibling::input")
    force.check("label:has-text('2.1.1 Recognition and Response') >> xpath=preceding-sibling::input")
    force.check("input[name=evidence_stage][value=local]")
    force.fill("#id_contact_name", "Casey Triage")
    force.fill("#id_contact_email", "casey.triage@norfolk.police.uk")
    force.click("button:has-text('Save')")
    _see(force, r"/practice/examples/\d+/$")
    example = Example.objects.get()
    force.get_by_role("link", name="Submit for assessment").click()
    _see(force, r"/submit/$")
    force.click("button:has-text('Submit for assessment')")
    _see(force, rf"/practice/examples/{example.pk}/$")
    assert "Submitted" in force.inner_text("main")

    assessor = signed_in_page(browser, live_server, people["analyst"].email, PASSWORD)
    assessor.goto("/practice/examples/")
    assert_accessible(assessor)
    assessor.get_by_role("link", name="Night-time missing persons triage").click()
    _see(assessor, rf"/practice/examples/{example.pk}/$")
    assessor.get_by_role("link", name="Assess it").click()
    _see(assessor, r"/assess/$")
    assessor.check("input[name=decision][value=more_info]")
    assessor.check("input[name=evidence_stage][value=local]")
    assessor.fill("#id_note", "Please add how many reports the desk reviewed and what changed.")
    assessor.click("button:has-text('Record the decision')")
    _see(assessor, rf"/practice/examples/{example.pk}/$")

    force.reload()
    assert_accessible(force)
    assert "Please add how many reports" in force.inner_text("main")
    force.get_by_role("link", name="Change the example").click()
    _see(force, r"/edit/$")
    force.fill("#id_outcomes", "1,204 reports reviewed; repeat episodes down by a fifth.")
    force.click("button:has-text('Save')")
    _see(force, rf"/practice/examples/{example.pk}/$")
    force.get_by_role("link", name="Submit for assessment").click()
    _see(force, r"/submit/$")
    force.click("button:has-text('Submit for assessment')")
    _see(force, rf"/practice/examples/{example.pk}/$")

    assessor.goto(f"/practice/examples/{example.pk}/assess/")
    assert_accessible(assessor)
    assessor.check("input[name=decision][value=publish]")
    assessor.check("input[name=evidence_stage][value=local]")
    assessor.fill("#id_note", "Clear, with local evaluation.")
    assessor.click("button:has-text('Record the decision')")
    _see(assessor, rf"/practice/examples/{example.pk}/$")
    assert LibraryEntry.objects.get().outcomes.startswith("1,204 reports")

    other = signed_in_page(browser, live_server, people["other"].email, PASSWORD)
    other.goto("/practice/")
    assert_accessible(other)
    other.fill("#q", "triage nurse")
    other.click("button:has-text('Search')")
    _see(other, r"/practice/\?q=triage")
    assert "1 example" in other.inner_text("#results")
    other.goto("/practice/")
    other.check("label:has-text('Missing people (1)') >> xpath=preceding-sibling::input")
    other.click("button:has-text('Apply filters')")
    _see(other, r"strand=missing-people")
    other.get_by_role("link", name="Night-time missing persons triage").click()
    _see(other, r"/practice/library/\d+/$")
    assert "casey.triage@norfolk.police.uk" in other.inner_text("main")


def test_every_other_practice_page_passes_axe(browser, live_server, people):
    from practice.models import Call
    from practice.tests.factories import example, published

    norfolk = people["contributor"].memberships.get().organisation
    draft = example(norfolk, people["contributor"], attach=True)
    entry = published(
        norfolk, people["contributor"], people["analyst"], title="Published clinic"
    ).library_entry
    call = Call.objects.create(
        title="Child exploitation",
        opens_on="2026-01-01",
        closes_on="2030-01-01",
        created_by=people["analyst"],
    )
    from benchmarking.models import Answer
    from benchmarking.tests.factories import open_exercise

    exercise = open_exercise(people["analyst"])
    flagged = Answer.objects.filter(
        return_record__exercise=exercise, return_record__organisation=norfolk
    ).first()
    Answer.objects.filter(pk=flagged.pk).update(
        promising_practice=True, what_we_are_doing="A daily risk meeting."
    )
    pages = {
        people["contributor"].email: [
            f"/practice/from-answer/{flagged.pk}/",
            "/practice/examples/",
            f"/practice/examples/{draft.pk}/edit/",
            f"/practice/examples/{draft.pk}/history/",
            f"/practice/examples/{draft.pk}/attachments/",
            f"/practice/examples/{draft.pk}/attachments/{draft.attachments.get().pk}/remove/",
            "/practice/calls/",
            f"/practice/calls/{call.pk}/",
            "/practice/help/norfolk-constabulary/",
            f"/practice/library/{entry.pk}/",
        ],
        people["analyst"].email: [
            "/practice/calls/new/",
            f"/practice/calls/{call.pk}/edit/",
            "/practice/import/",
        ],
    }
    for email, urls in pages.items():
        page = signed_in_page(browser, live_server, email, PASSWORD)
        for url in urls:
            assert page.goto(url).status == 200, url
            assert_accessible(page)
        if email == people["contributor"].email:
            page.goto("/practice/examples/new/")
            page.fill("#id_summary", "word " * 101)
            page.click("button:has-text('Save')")
            expect(page.locator(".govuk-error-summary")).to_be_visible()
            assert_accessible(page)
        else:
            page.goto("/practice/import/")
            page.set_input_files(
                "#id_file",
                files=[{"name": "x.csv", "mimeType": "text/csv", "buffer": b"Title\nOnly a title\n"}],
            )
            page.click("button:has-text('Import')")
            expect(page.locator(".govuk-error-summary")).to_be_visible()
            assert_accessible(page)
        page.context.close()
