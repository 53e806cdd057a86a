"""Pages kept as drawn (the plan's pages, the library's results and an entry) are the same
pages when served from what was kept: they pass axe, fit a 320 px screen and print."""

import pytest

from conftest import PASSWORD
from tests.browser.conftest import assert_accessible, assert_fits_and_prints, members, signed_in_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_kept_pages_are_accessible_fit_small_screens_and_print(browser, live_server):
    from organisations.models import Organisation
    from practice.tests.factories import published

    people = members(
        [
            ("editor", "editor@force-a.test", "norfolk-constabulary", "CONTRIBUTOR"),
            ("analyst", "analyst@vkpp.test", "vkpp", "NATIONAL_ANALYST"),
        ]
    )
    item = published(
        Organisation.objects.get(slug="norfolk-constabulary"), people["editor"], people["analyst"]
    )
    page = signed_in_page(browser, live_server, "editor@force-a.test", PASSWORD)
    for url, text in [
        ("/plan/nvap/actions/2.2.1/", "2.2.1"),
        ("/plan/nvap/actions/2.6.1/toolkit/", "Activities, impacts and how to assess them"),
        ("/plan/nvap/peel/6.2/", "6.2"),
        ("/practice/?q=referral", "Download these as CSV"),
        (f"/practice/library/{item.library_entry.pk}/", "Related practice"),
    ]:
        page.goto(url)  # drawn and kept
        first = page.content()
        page.goto(url)  # served from what was kept
        assert page.locator("main").inner_text() and text in page.content()
        assert page.title() and page.title() in first
        assert_accessible(page)
        assert_fits_and_prints(page, text)
    page.context.close()
