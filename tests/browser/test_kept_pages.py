"""Pages kept as drawn (the plan's pages, search and history, the library's results and an
entry, a return, the benchmarking home, the impact dashboard, a plan, a measure, the journey
to good and objectives a person owns) are the same pages when served from what was kept:
they pass axe, fit a 320 px screen and print."""

import pytest

from conftest import PASSWORD
from tests.browser.conftest import assert_accessible, assert_fits_and_prints, members, signed_in_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_kept_pages_are_accessible_fit_small_screens_and_print(browser, live_server):
    from benchmarking.models import Return
    from benchmarking.tests.factories import open_exercise
    from impact.tests.factories import plan_with_everything
    from organisations.models import Organisation
    from practice.tests.factories import published

    people = members(
        [
            ("editor", "editor@force-a.test", "norfolk-constabulary", "CONTRIBUTOR"),
            ("analyst", "analyst@vkpp.test", "vkpp", "NATIONAL_ANALYST"),
            ("admin", "admin@vkpp.test", "vkpp", "NATIONAL_ADMIN"),
        ]
    )
    norfolk = Organisation.objects.get(slug="norfolk-constabulary")
    record = Return.objects.get(exercise=open_exercise(people["admin"]), organisation=norfolk)
    plan, measure = plan_with_everything(norfolk, people["editor"])
    item = published(norfolk, people["editor"], people["analyst"])
    page = signed_in_page(browser, live_server, "editor@force-a.test", PASSWORD)
    for url, text in [
        ("/plan/nvap/actions/2.2.1/", "2.2.1"),
        ("/plan/nvap/actions/2.6.1/toolkit/", "Activities, impacts and how to assess them"),
        ("/plan/nvap/peel/6.2/", "6.2"),
        ("/practice/?q=referral", "Download these as CSV"),
        (f"/practice/library/{item.library_entry.pk}/", "Related practice"),
        ("/plan/search/?q=referral", "results"),
        ("/plan/nvap/actions/2.2.1/history/?a=2&b=3", "Versions of action 2.2.1"),
        ("/benchmarking/", "Your force's returns"),
        (f"/benchmarking/returns/{record.pk}/", "answers complete"),
        ("/impact/forces/norfolk-constabulary/", "Start a plan"),
        (f"/impact/plans/{plan.pk}/", "2.2.1"),
        (f"/impact/plans/{plan.pk}/journey/", "Journey to good"),
        (f"/impact/measures/{measure.pk}/", "Trend"),
        ("/impact/mine/", "Objectives you own"),
    ]:
        page.goto(url)  # drawn and kept
        first = page.content()
        page.goto(url)  # served from what was kept
        assert page.locator("main").inner_text() and text in page.content()
        assert page.title() and page.title() in first
        assert_accessible(page)
        assert_fits_and_prints(page, text)
    page.context.close()
