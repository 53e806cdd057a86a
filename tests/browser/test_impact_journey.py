import re

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from tests.browser.conftest import assert_accessible, members, signed_in_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def contributor(transactional_db):
    return members([("contributor", "contributor@force-a.test", "norfolk-constabulary", "CONTRIBUTOR")])[
        "contributor"
    ]


def _go(page, pattern):
    page.wait_for_url(re.compile(pattern))
    assert_accessible(page)


def test_a_contributor_builds_a_plan_from_the_toolkit_and_tracks_a_measure(page, contributor):
    from framework.models import ToolkitObjective
    from impact.models import Measure, Plan

    toolkit_objective = ToolkitObjective.objects.get(toolkit__action__code="2.2.1", number=1)
    rows = list(toolkit_objective.logic_model_rows.all())
    suggested = list(toolkit_objective.suggested_measures.all())

    page.goto("/accounts/sign-in/")
    assert_accessible(page)
    page.fill("#id_email", contributor.email)
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_url(re.compile(r"/$"))

    page.get_by_role("link", name="Impact plans").click()
    _go(page, r"/impact/forces/norfolk-constabulary/$")
    page.get_by_role("link", name="Start a plan for 2.2.1").click()
    _go(page, r"/start/2\.2\.1/$")

    # Starting without an objective is refused with the GOV.UK error summary.
    page.click("button:has-text('Start the plan')")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.check(f"input[name=objectives][value=t{toolkit_objective.pk}]")
    page.fill("#id_reporting_period", "April 2026 to March 2027")
    page.click("button:has-text('Start the plan')")
    _go(page, r"/impact/plans/\d+/$")
    plan = Plan.objects.get()

    page.get_by_role("link", name="Add activities to objective 1").click()
    _go(page, r"/activities/$")
    page.check(f"input[name=suggestions][value=row-{rows[0].pk}]")
    page.check(f"input[name=suggestions][value=row-{rows[1].pk}]")
    page.click("button:has-text('Add activities')")
    _go(page, r"/impact/plans/\d+/")

    for suggestion in suggested[:2]:
        page.get_by_role("link", name="Add a measure to objective 1").click()
        _go(page, r"/measures/$")
        page.check(f"input[name=suggestion][value=s{suggestion.pk}]")
        page.check("input[name=unit][value=percentage]")
        page.check("input[name=direction][value=higher]")
        page.check("input[name=frequency][value=monthly]")
        page.fill("#id_baseline", "40")
        page.fill("#id_target", "80")
        page.click("button:has-text('Add the measure')")
        _go(page, r"/impact/plans/\d+/")

    page.get_by_role("link", name="Add a risk to objective 1").click()
    _go(page, r"/risks/$")
    page.check("input[name=suggestion][value='0']")
    page.fill("#id_mitigation", "Audit a sample of referrals each month")
    page.click("button:has-text('Add the risk')")
    _go(page, r"/impact/plans/\d+/")
    expect(page.locator("table:has-text('Audit a sample of referrals')")).to_be_visible()

    measure = Measure.objects.get(suggested_measure=suggested[0])
    page.locator(f"a[href='/impact/measures/{measure.pk}/']").click()
    _go(page, rf"/impact/measures/{measure.pk}/$")
    page.get_by_role("link", name="Upload a CSV or Excel file").click()
    _go(page, r"/upload/$")
    csv_text = "Period,Value,Note\n" + "\n".join(f"2025-{m:02d},{40 + 3 * m}," for m in range(1, 13))
    page.set_input_files(
        "#id_file", files=[{"name": "values.csv", "mimeType": "text/csv", "buffer": csv_text.encode()}]
    )
    page.click("button:has-text('Upload')")
    _go(page, rf"/impact/measures/{measure.pk}/$")
    chart = page.locator("img.app-chart")
    chart.wait_for()
    assert page.evaluate("(img) => img.complete && img.naturalWidth > 0", chart.element_handle())
    expect(page.locator("table:has-text('2025-12')")).to_be_visible()
    assert "+36 to 2025-12" in page.inner_text("main")

    page.get_by_role("link", name="Back to the plan").click()
    _go(page, rf"/impact/plans/{plan.pk}/$")
    page.get_by_role("link", name="Post a progress update on objective 1").click()
    _go(page, r"/progress/$")
    page.check("input[name=rag][value=amber]")
    page.fill("#id_narrative", "Two activities under way; referral quality audit started.")
    page.click("button:has-text('Post the update')")
    _go(page, rf"/impact/plans/{plan.pk}/")
    assert "referral quality audit started" in page.inner_text("main")

    item = plan.objectives.get()
    assert item.activities.count() == 2 and item.risks.get().from_toolkit
    assert Measure.objects.filter(plan_objective=item).count() == 2
    assert measure.measurements.count() == 12
    assert item.progress_updates.get().rag == "amber"


def test_every_other_impact_page_passes_axe(browser, live_server, contributor):
    """The pages the journey does not pass through, including their error states."""
    from accounts.models import User
    from impact.tests.factories import plan_with_everything
    from organisations.models import Membership, Organisation

    plan, measure = plan_with_everything(Organisation.objects.get(slug="norfolk-constabulary"), contributor)
    item = plan.objectives.get()
    activity = item.activities.first()
    risk = item.risks.first()
    analyst = User.objects.create_user(email="analyst@vkpp.test", password=PASSWORD, full_name="Ana Analyst")
    Membership.objects.create(
        user=analyst,
        organisation=Organisation.objects.get(slug="vkpp"),
        role=Membership.Role.NATIONAL_ANALYST,
    )
    pages = {
        contributor.email: [
            f"/impact/plans/{plan.pk}/edit/",
            f"/impact/plans/{plan.pk}/journey/",
            f"/impact/plans/{plan.pk}/history/",
            f"/impact/plans/{plan.pk}/import/",
            f"/impact/plans/{plan.pk}/objectives/add/",
            f"/impact/plans/{plan.pk}/objectives/{item.pk}/",
            f"/impact/plans/{plan.pk}/objectives/{item.pk}/remove/",
            f"/impact/plans/{plan.pk}/activities/{activity.pk}/",
            f"/impact/plans/{plan.pk}/activities/{activity.pk}/remove/",
            f"/impact/plans/{plan.pk}/risks/{risk.pk}/",
            f"/impact/plans/{plan.pk}/risks/{risk.pk}/remove/",
            f"/impact/measures/{measure.pk}/upload/",
            f"/impact/measures/{measure.pk}/edit/",
            f"/impact/measures/{measure.pk}/values/",
            f"/impact/measures/{measure.pk}/remove/",
            "/impact/mine/",
        ],
        analyst.email: [
            "/impact/",
            f"/impact/plans/{plan.pk}/",
            f"/impact/suggested-measures/{measure.suggested_measure_id}/",
        ],
    }
    for email, urls in pages.items():
        page = signed_in_page(browser, live_server, email, PASSWORD)
        for url in urls:
            response = page.goto(url)
            assert response.status == 200, url
            assert_accessible(page)
        if email == contributor.email:
            # Error states: a batch with bad rows, an import of the wrong kind of file.
            page.goto(f"/impact/measures/{measure.pk}/values/")
            page.fill("#period-5", "2026-13")
            page.fill("#value-5", "lots")
            page.click("button:has-text('Save the values')")
            expect(page.locator(".govuk-error-summary")).to_be_visible()
            assert_accessible(page)
            page.goto(f"/impact/plans/{plan.pk}/import/")
            page.set_input_files(
                "#id_file",
                files=[{"name": "plan.csv", "mimeType": "text/csv", "buffer": b"not,a,workbook\n"}],
            )
            page.click("button:has-text('Import')")
            expect(page.locator(".govuk-error-summary")).to_be_visible()
            assert_accessible(page)
        page.context.close()
