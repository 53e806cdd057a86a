"""Find help in Chromium: the fallbacks where nothing is published, asking the national team,
and their answer; axe (WCAG 2.2 AA), 320 px and print on each page."""

import re

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from tests.browser.conftest import assert_accessible, assert_fits_and_prints, members, signed_in_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_force_finds_help_asks_the_national_team_and_reads_the_answer(browser, live_server):
    from benchmarking import services
    from benchmarking.models import Return
    from benchmarking.tests.factories import open_exercise

    people = members(
        [
            ("admin", "admin@vkpp.test", "vkpp", "NATIONAL_ADMIN"),
            ("contributor", "contributor@force-a.test", "norfolk-constabulary", "CONTRIBUTOR"),
        ]
    )
    exercise = open_exercise(people["admin"], codes=("2.2.1",))
    answer = Return.objects.get(exercise=exercise, organisation__slug="norfolk-constabulary").answers.get()
    services.answer_save(
        answer=answer,
        by=people["contributor"],
        revision=answer.revision,
        values={"rating": 1, "what_we_are_doing": "Little", "can_share": False, "sees_gap": True},
    )

    force = signed_in_page(browser, live_server, "contributor@force-a.test", PASSWORD)
    force.goto("/practice/help/norfolk-constabulary/")
    expect(force.locator("text=Nothing on 2.2.1 is published yet.")).to_be_visible()
    assert_accessible(force)
    assert_fits_and_prints(force, "Activities from the Action Impact Toolkit's logic model")
    force.click("text=Ask the national team for help on 2.2.1")
    assert_accessible(force)
    force.click("button:has-text('Send the question')")
    force.wait_for_selector(".govuk-error-summary")
    assert "Say what your force needs help with" in force.locator(".govuk-error-summary").inner_text()
    assert_accessible(force)
    force.fill("#id_question", "Which forces audit referral quality with partners?")
    force.click("button:has-text('Send the question')")
    force.wait_for_url(re.compile(r"/practice/help-requests/\d+/$"))
    assert "Waiting for the national team" in force.locator("main").inner_text()
    assert_accessible(force)
    assert_fits_and_prints(force, "Which forces audit referral quality with partners?")

    national = signed_in_page(browser, live_server, "admin@vkpp.test", PASSWORD)
    national.click("text=Answer 1 question from forces asking for help")
    national.wait_for_url(re.compile(r"/practice/help-requests/$"))
    assert_accessible(national)
    assert_fits_and_prints(national, "Waiting for an answer")
    national.click("text=Norfolk Constabulary on 2.2.1")
    national.fill("#id_answer", "Essex runs a weekly referral clinic: contact their vulnerability lead.")
    national.click("button:has-text('Send the answer')")
    national.wait_for_selector("text=Your answer is saved, and the force is told.")
    assert_accessible(national)

    force.reload()
    assert "Essex runs a weekly referral clinic" in force.locator("main").inner_text()
    expect(force.locator(".govuk-tag:has-text('Answered')")).to_be_visible()
