"""Each role's home in Chromium: axe (WCAG 2.2 AA), 320 px and print; each item's link
leads to the page where it is done."""

import io
import re

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from tests.browser.conftest import assert_accessible, assert_fits_and_prints, members, signed_in_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_each_roles_home_and_where_its_items_lead(browser, live_server):
    from benchmarking import services
    from benchmarking.models import Return
    from benchmarking.tests.factories import open_exercise

    people = members(
        [
            ("admin", "admin@vkpp.test", "vkpp", "NATIONAL_ADMIN"),
            ("lead", "lead@force-a.test", "norfolk-constabulary", "FORCE_LEAD"),
            ("contributor", "contributor@force-a.test", "norfolk-constabulary", "CONTRIBUTOR"),
            ("analyst", "analyst@vkpp.test", "vkpp", "NATIONAL_ANALYST"),
            ("inspector", "inspector@hmicfrs.test", "hmicfrs", "INSPECTOR"),
        ]
    )
    exercise = open_exercise(people["admin"], codes=("2.1.1", "2.2.1"))
    record = Return.objects.get(exercise=exercise, organisation__slug="norfolk-constabulary")
    answer = record.answers.get(action__code="2.1.1")
    services.answers_assign(
        return_record=record, by=people["lead"], assignments={answer.pk: people["contributor"]}
    )

    lead = signed_in_page(browser, live_server, "lead@force-a.test", PASSWORD)
    expect(lead.locator("h1:has-text('What needs you')")).to_be_visible()
    assert_accessible(lead)
    assert_fits_and_prints(lead, "Norfolk Constabulary's return: NVAP benchmarking 2026")
    lead.click("text=Norfolk Constabulary's return: NVAP benchmarking 2026")
    lead.wait_for_url(re.compile(rf"/benchmarking/returns/{record.pk}/$"))

    contributor = signed_in_page(browser, live_server, "contributor@force-a.test", PASSWORD)
    assert_accessible(contributor)
    contributor.click("text=Complete your 1 answer in Norfolk Constabulary's return")
    contributor.wait_for_url(re.compile(rf"/benchmarking/returns/{record.pk}/answers/{answer.pk}/$"))

    analyst = signed_in_page(browser, live_server, "analyst@vkpp.test", PASSWORD)
    expect(analyst.locator("h1:has-text('What needs you')")).to_be_visible()
    assert_accessible(analyst)
    assert_fits_and_prints(analyst, "0 of 44 returns in")
    analyst.click("text=NVAP benchmarking 2026 closes on")
    analyst.wait_for_url(re.compile(rf"/benchmarking/exercises/{exercise.pk}/$"))

    inspector = signed_in_page(browser, live_server, "inspector@hmicfrs.test", PASSWORD)
    assert "your force" not in inspector.locator("main").inner_text().lower()
    assert_accessible(inspector)
    assert_fits_and_prints(inspector, "Nothing here asks anything of an inspector")


def test_the_demo_shows_norfolks_lead_their_return_their_gap_and_the_2019_baseline(browser, live_server):
    """After the demo's setup: lead@norfolk.demo's home shows the open return's due date and
    progress and the gap on 2.3.1 with a link to start its plan; the 2.1.1 action page shows
    Norfolk's own position and the national distribution from the 2019 baseline."""
    from benchmarking.demo import demo_baseline_create, demo_exercise_create
    from benchmarking.models import Exercise
    from conftest import ensure_content
    from organisations.demo import DEMO_PASSWORD, demo_accounts_create

    ensure_content()
    demo_accounts_create()
    demo_baseline_create()
    demo_exercise_create()
    exercise = Exercise.objects.get(status="open")

    lead = signed_in_page(browser, live_server, "lead@norfolk.demo", DEMO_PASSWORD)
    main = lead.locator("main")
    due = f"Due {exercise.closes_on:%-d %B %Y}."
    assert "Norfolk Constabulary's return: NVAP benchmarking (demo)" in main.inner_text()
    assert f"2 of 16 answers complete, 16 given to nobody. {due}" in main.inner_text()
    assert_accessible(lead)
    lead.click("text=Start an impact plan for 2.3.1: Norfolk Constabulary shows a gap")
    lead.wait_for_url(re.compile(r"/impact/forces/norfolk-constabulary/start/2.3.1/$"))
    assert_accessible(lead)

    lead.goto("/plan/nvap/actions/2.1.1/")
    hub = lead.locator("#hub-force").locator("xpath=..")
    assert "Self-assessed 3 (Developing)" in hub.inner_text()
    national = lead.locator("#hub-national").locator("xpath=..")
    assert "From the national picture of 2019 baseline" in national.inner_text()
    assert "43 of 44 forces returned" in national.inner_text()
    assert_accessible(lead)
    assert_fits_and_prints(lead, "How forces rated themselves on 2.1.1")
    lead.click("text=Go to Norfolk Constabulary's answer on 2.1.1")
    lead.wait_for_url(re.compile(r"/benchmarking/returns/\d+/answers/\d+/$"))


DEMO_ROLES = [
    "lead@norfolk.demo",
    "contributor@norfolk.demo",
    "viewer@norfolk.demo",
    "admin@vkpp.demo",
    "analyst@vkpp.demo",
    "peer@vkpp.demo",
    "inspector@hmicfrs.demo",
]


def test_after_the_demo_setup_each_roles_home_lists_its_items_and_each_leads_where_it_is_done(
    browser, live_server, settings
):
    """`setup_demo` as `bin/run` runs it; then each demo role's home, with axe, and every item's
    link opened: each is a page the person may use (never a 403, 404 or error)."""
    from django.core.management import call_command

    from conftest import ensure_content
    from organisations.demo import DEMO_PASSWORD

    ensure_content()  # (the vulnerability strands a migration makes; this test's database was emptied)
    settings.DEBUG = True
    call_command("setup_demo", stdout=io.StringIO())
    settings.DEBUG = False
    expected = {
        "lead@norfolk.demo": [
            "Norfolk Constabulary's return: NVAP benchmarking (demo)",
            "Start an impact plan for 2.3.1",
        ],
        "contributor@norfolk.demo": ["impact objective"],
        "analyst@vkpp.demo": ["practice examples", "NVAP benchmarking (demo) closes on"],
        "admin@vkpp.demo": ["practice examples", "NVAP benchmarking (demo) closes on"],
    }
    for email in DEMO_ROLES:
        page = signed_in_page(browser, live_server, email, DEMO_PASSWORD)
        assert_accessible(page)
        main = page.locator("main").inner_text()
        for words in expected.get(email, []):
            assert words in main, f"{email}: {words!r} not on the home page"
        if email == "inspector@hmicfrs.demo":
            assert "your force" not in main.lower()
        links = page.locator("ol.app-work-list > li > a").evaluate_all("(links) => links.map((a) => a.href)")
        if email in expected:
            assert links, f"{email} has items"
        for link in links:
            response = page.goto(link)
            assert response.status == 200, f"{email}: {link} answered {response.status}"
            assert_accessible(page)
        page.context.close()
