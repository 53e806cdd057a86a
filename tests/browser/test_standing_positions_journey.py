"""Benchmarking that lives: a force keeps its standing position between exercises; a new
exercise starts from it; the force submits after checking its answers; the national team
reviews the whole return on one screen and publishes; the force report compares the force with
its peers, over time."""

import re
from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import PASSWORD
from tests.browser.conftest import assert_accessible, assert_fits_and_prints, members, signed_in_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FORCES = ("norfolk-constabulary", "suffolk-constabulary", "essex-police", "kent-police")


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


@pytest.fixture
def last_year(people):
    """A published per-action exercise on 2.1.1 and 2.2.1 a year ago, returned by four forces,
    and Norfolk's comparison group."""
    from benchmarking import services
    from benchmarking.models import Exercise, Return
    from framework.models import FrameworkVersion
    from organisations.models import Organisation

    admin = people["admin"]
    version = FrameworkVersion.objects.get(framework__slug="nvap", label="3")
    today = timezone.localdate()
    exercise = services.exercise_create(
        created_by=admin,
        version=version,
        title="NVAP benchmarking last year",
        opens_on=today - timedelta(days=400),
        closes_on=today - timedelta(days=340),
        actions=list(version.actions.filter(code__in=["2.1.1", "2.2.1"])),
    )
    services.exercise_open(exercise=exercise, by=admin, tell_forces=False)
    exercise.refresh_from_db()
    for rating, slug in enumerate(FORCES, start=2):
        record = Return.objects.get(exercise=exercise, organisation__slug=slug)
        record.answers.update(
            rating=min(rating, 5),
            what_we_are_doing=f"Last year's words from {slug}.",
            can_share=False,
            sees_gap=False,
        )
        Return.objects.filter(pk=record.pk).update(status=Return.Status.ACCEPTED, submitted_at=timezone.now())
        record.answers.update(national_rating=min(rating, 5))
    services.exercise_close(exercise=exercise, by=admin)
    services.exercise_publish(exercise=exercise, by=admin, reason="Four forces in this trial.")
    Exercise.objects.filter(pk=exercise.pk).update(
        published_at=datetime(today.year - 1, 1, 10, tzinfo=timezone.get_current_timezone())
    )
    norfolk = Organisation.objects.get(slug="norfolk-constabulary")
    services.similar_forces_set(
        organisation=norfolk,
        by=admin,
        forces=list(Organisation.objects.filter(slug__in=["suffolk-constabulary", "essex-police"])),
    )
    return exercise


def _as(browser, live_server, email):
    return signed_in_page(browser, live_server, email, PASSWORD)


def test_a_standing_position_carried_into_an_exercise_reviewed_and_compared(
    browser, live_server, people, last_year
):
    from benchmarking.models import Answer, Exercise, Return, StandingPosition

    # A contributor updates Norfolk's standing position on 2.1.1, outside any exercise.
    contributor = _as(browser, live_server, "contributor@force-a.test")
    contributor.click("a.govuk-service-navigation__link:has-text('Benchmarking')")
    contributor.click("text=your force's standing positions")
    assert_accessible(contributor)
    contributor.click("a:has-text('2.1.1 Recognition and Response')")
    assert_accessible(contributor)
    contributor.check("#id_rating_3")  # 4 Established
    contributor.fill("#id_what_we_are_doing", "A vulnerability script in every call, audited monthly.")
    contributor.fill("#id_evidence", "Monthly call audit.")
    contributor.check("#id_can_share_1")  # No
    contributor.check("#id_sees_gap_1")  # No
    contributor.click("button:has-text('Save the position')")
    contributor.wait_for_url(re.compile(r"/benchmarking/positions/norfolk-constabulary/$"))
    expect(contributor.locator("text=is saved and marked reviewed today")).to_be_visible()
    assert_accessible(contributor)
    assert_fits_and_prints(contributor, "Standing positions")
    position = StandingPosition.objects.get(organisation__slug="norfolk-constabulary", action__code="2.1.1")
    assert position.rating == 4 and position.updated_by == people["contributor"]

    # The admin opens a new per-objective exercise from last year's per-action one.
    admin = _as(browser, live_server, "admin@vkpp.test")
    admin.goto("/benchmarking/exercises/new/")
    admin.fill("#id_title", "NVAP benchmarking this year")
    admin.check("input[name=granularity][value=objective]")
    today = timezone.localdate()
    for name, day in (("opens_on", today), ("closes_on", today + timedelta(days=30))):
        admin.fill(f"input[name={name}_day]", str(day.day))
        admin.fill(f"input[name={name}_month]", str(day.month))
        admin.fill(f"input[name={name}_year]", str(day.year))
    for box in admin.locator("input[name=actions]").all():
        box.uncheck()
    admin.check("label:has-text('2.1.1 Recognition and Response')")
    admin.check("label:has-text('2.2.1 Appropriate Action')")
    admin.select_option("#id_previous", label=last_year.title)
    assert_accessible(admin)
    admin.click("button:has-text('Save as a draft')")
    exercise = Exercise.objects.get(title="NVAP benchmarking this year")
    admin.wait_for_url(re.compile(rf"/benchmarking/exercises/{exercise.pk}/$"))
    admin.click("text=Open the exercise")
    admin.click("button:has-text('Open the exercise')")
    expect(admin.locator("text=0 of 44 forces have returned")).to_be_visible()
    record = Return.objects.get(exercise=exercise, organisation__slug="norfolk-constabulary")
    answers = list(
        record.answers.select_related("action", "objective").order_by("action__sort_key", "objective__number")
    )
    assert all(a.objective_id for a in answers) and all(a.is_complete for a in answers), (
        "every answer pre-filled"
    )

    # Norfolk's lead is told, and finds every answer started, with last time's beside it.
    lead = _as(browser, live_server, "lead@force-a.test")
    lead.goto("/notifications/")
    lead.click("a:has-text('NVAP benchmarking this year is open')")
    lead.wait_for_url(re.compile(rf"/benchmarking/returns/{record.pk}/$"))
    expect(lead.locator(f"text={len(answers)} of {len(answers)} answers complete").first).to_be_visible()
    assert_accessible(lead)
    first = answers[0]
    lead.goto(f"/benchmarking/returns/{record.pk}/answers/{first.pk}/")
    expect(lead.locator("text=Started from your standing position on the whole of 2.1.1.")).to_be_visible()
    expect(lead.locator(f"text=Last time you said, in {last_year.title}")).to_be_visible()
    assert (
        lead.locator("#id_what_we_are_doing").input_value()
        == "A vulnerability script in every call, audited monthly."
    )
    assert_accessible(lead)
    other = next(a for a in answers if a.action.code == "2.2.1")
    lead.goto(f"/benchmarking/returns/{record.pk}/answers/{other.pk}/")
    assert (
        lead.locator("#id_what_we_are_doing").input_value() == "Last year's words from norfolk-constabulary."
    )
    lead.goto(f"/benchmarking/returns/{record.pk}/")
    lead.click("text=Submit the return")
    expect(lead.locator("h1:has-text('Check your answers')")).to_be_visible()
    assert_accessible(lead)
    lead.check("#id_declaration")
    lead.click("button:has-text('Submit the return')")
    expect(lead.locator(".govuk-panel__title:has-text('Return submitted')")).to_be_visible()

    # The analyst reviews the whole return on one screen, agreeing in bulk, and accepts.
    analyst = _as(browser, live_server, "analyst@vkpp.test")
    analyst.goto(f"/benchmarking/returns/{record.pk}/review/")
    assert_accessible(analyst)
    assert analyst.locator("[data-review-answer]").count() == len(answers)
    expect(analyst.locator("text=Standing position over time").first).to_be_visible()
    analyst.locator("h1").click()
    analyst.keyboard.press("n")
    focused = analyst.evaluate("document.activeElement.id")
    assert focused in {f"answer-{answers[0].pk}-title", f"answer-{answers[1].pk}-title"}, focused
    analyst.keyboard.press("n")
    assert analyst.evaluate("document.activeElement.id") != focused, "n moves on"
    for box in analyst.locator("input[name$='-agree']").all():
        box.check()
    analyst.click("button:has-text('Save the review and accept the return')")
    analyst.wait_for_url(re.compile(rf"/benchmarking/exercises/{exercise.pk}/$"))
    record.refresh_from_db()
    assert record.status == Return.Status.ACCEPTED
    assert all(a.national_rating == a.rating for a in Answer.objects.filter(return_record=record))
    analyst.goto("/benchmarking/positions/live/")
    assert_accessible(analyst)

    # The publish checklist warns about the missing returns; the admin gives the reason.
    admin.goto(f"/benchmarking/exercises/{exercise.pk}/")
    admin.click("text=Close the exercise")
    admin.click("button:has-text('Close the exercise')")
    admin.click("text=Publish the national picture")
    expect(admin.locator(".govuk-summary-list__row:has-text('Returns in') dd")).to_have_text("1 of 44")
    assert_accessible(admin)
    admin.click("button:has-text('Publish the national picture')")
    expect(admin.locator(".govuk-error-summary")).to_contain_text("Say why the picture is published")
    admin.fill("#reason", "The other forces return next month.")
    admin.click("button:has-text('Publish the national picture')")
    expect(admin.locator("text=The exercise has been published")).to_be_visible()

    # The published report shows both ratings, the change and the charts; the comparison
    # sets Norfolk beside its peers and over time, and every chart downloads.
    lead.goto(f"/benchmarking/returns/{record.pk}/report/")
    report = lead.locator("main").inner_text()
    assert "Self-assessed: 4 Established. National review: 4 Established." in report
    assert f"Since {last_year.title}: up 2." in report
    assert_accessible(lead)
    lead.click("a:has-text('Compare with other forces on 2.1.1')")
    assert_accessible(lead)
    for chart in lead.locator("img.app-chart").all():
        assert chart.evaluate("img => img.complete && img.naturalWidth > 0"), chart.get_attribute("src")
    trend = lead.locator("table:has(caption:has-text('in each published exercise'))").inner_text()
    assert (
        last_year.title in trend
        and "NVAP benchmarking this year" in trend
        and "Standing position now" in trend
    )
    for fmt, kind in (("svg", "image/svg+xml"), ("png", "image/png")):
        href = lead.locator(f"a[href$='/groups.{fmt}']").get_attribute("href")
        got = lead.request.get(href)
        assert got.status == 200 and got.headers["content-type"] == kind
    assert_fits_and_prints(lead, "Over time")
    lead.goto("/benchmarking/positions/live/")
    assert "Suffolk" not in lead.locator("main").inner_text(), "no other force is named to a force"
    assert_accessible(lead)
    for page in (admin, contributor, lead, analyst):
        page.context.close()
