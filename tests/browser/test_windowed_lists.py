"""Lists that grow with time show a window of them, with the rest a click away: a measure's
latest values and the paged exercise list pass axe, fit a 320 px screen and print."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from tests.browser.conftest import assert_accessible, assert_fits_and_prints, members, signed_in_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_measures_latest_values_and_the_rest_a_click_away(browser, live_server):
    from impact import services
    from impact.tests.factories import plan_with_everything
    from organisations.models import Organisation

    people = members([("contributor", "contributor@force-a.test", "norfolk-constabulary", "CONTRIBUTOR")])
    _, measure = plan_with_everything(
        Organisation.objects.get(slug="norfolk-constabulary"), people["contributor"]
    )
    periods = [f"{year}-{month:02}" for year in (2024, 2025, 2026) for month in range(1, 13)][:30]
    services.measurements_save(
        measure=measure, by=people["contributor"], rows=[(p, str(i), "") for i, p in enumerate(periods)]
    )
    page = signed_in_page(browser, live_server, "contributor@force-a.test", PASSWORD)
    page.goto(f"/impact/measures/{measure.pk}/")
    expect(page.locator("caption:has-text('The latest 24 of 30 values')")).to_be_visible()
    assert_accessible(page)
    assert_fits_and_prints(page, "The latest 24 of 30 values")
    page.click("a:has-text('Show all 30 values')")
    expect(page.locator("#values tbody tr")).to_have_count(30)
    assert_accessible(page)
    assert_fits_and_prints(page, "2024-01")
    page.click("a:has-text('Show only the latest values')")
    expect(page.locator("#values tbody tr")).to_have_count(24)
    page.context.close()


def test_the_exercise_list_pages(browser, live_server):
    from benchmarking import services
    from framework.models import FrameworkVersion

    people = members([("analyst", "analyst@vkpp.test", "vkpp", "NATIONAL_ANALYST")])
    version = FrameworkVersion.objects.get(framework__slug="nvap", label="3")
    for n in range(25):
        services.exercise_create(
            created_by=people["analyst"],
            version=version,
            title=f"Exercise {n:02}",
            opens_on=date(2020, 1, 1) + timedelta(days=30 * n),
            closes_on=date(2020, 1, 21) + timedelta(days=30 * n),
        )
    page = signed_in_page(browser, live_server, "analyst@vkpp.test", PASSWORD)
    page.goto("/benchmarking/")
    expect(page.locator("a:has-text('Exercise 24')")).to_be_visible()
    assert_accessible(page)
    assert_fits_and_prints(page, "Exercise 24")
    page.click(".govuk-pagination__next a")
    expect(page.locator("a:has-text('Exercise 00')")).to_be_visible()
    assert page.locator("a:has-text('Exercise 24')").count() == 0
    assert_accessible(page)
    assert_fits_and_prints(page, "Exercise 00")
    page.context.close()


def test_an_answers_latest_changes_and_the_whole_history(browser, live_server):
    from benchmarking import services
    from benchmarking.models import Return
    from benchmarking.selectors import LATEST_CHANGES
    from benchmarking.tests.factories import open_exercise

    people = members(
        [
            ("admin", "admin@vkpp.test", "vkpp", "NATIONAL_ADMIN"),
            ("contributor", "contributor@force-a.test", "norfolk-constabulary", "CONTRIBUTOR"),
        ]
    )
    exercise = open_exercise(people["admin"])
    record = Return.objects.get(exercise=exercise, organisation__slug="norfolk-constabulary")
    answer = record.answers.first()
    for n in range(LATEST_CHANGES + 3):
        services.answer_save(
            answer=answer, by=people["contributor"], revision=n, values={"what_we_are_doing": f"Wording {n}"}
        )
    page = signed_in_page(browser, live_server, "contributor@force-a.test", PASSWORD)
    page.goto(f"/benchmarking/returns/{record.pk}/answers/{answer.pk}/")
    page.click(f"summary:has-text('the latest {LATEST_CHANGES} changes')")
    assert page.locator("#history li:has-text('Wording 0')").count() == 0
    assert_accessible(page)
    assert_fits_and_prints(page, "History of this answer")
    page.click("a:has-text('Show the whole history')")
    expect(page.locator("#history[open]")).to_have_count(1)
    expect(page.locator("#history li:has-text('Wording 0')").first).to_be_visible()
    assert_accessible(page)
    assert_fits_and_prints(page, "History of this answer")
    page.context.close()
