"""A large library export in the browser: asked for from the library page, followed on its
progress page as the worker writes it (the page notices by itself), then downloaded. Every
page passes axe, fits a 320 px screen and prints."""

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD, run_queued_tasks
from tests.browser.conftest import assert_accessible, assert_fits_and_prints, members, signed_in_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_large_export_is_followed_then_downloaded(browser, live_server, settings):
    from organisations.models import Organisation
    from practice.tests.factories import published

    settings.LIBRARY_EXPORT_INLINE_LIMIT = 1
    people = members(
        [
            ("viewer", "viewer@force-a.test", "norfolk-constabulary", "VIEWER"),
            ("editor", "editor@force-a.test", "norfolk-constabulary", "CONTRIBUTOR"),
            ("analyst", "analyst@vkpp.test", "vkpp", "NATIONAL_ANALYST"),
        ]
    )
    norfolk = Organisation.objects.get(slug="norfolk-constabulary")
    published(norfolk, people["editor"], people["analyst"])
    published(norfolk, people["editor"], people["analyst"], title="Second clinic")

    page = signed_in_page(browser, live_server, "viewer@force-a.test", PASSWORD)
    page.goto("/practice/")
    page.click("a:has-text('Download these as CSV')")
    expect(page.locator("h1:has-text('Download 2 examples as CSV')")).to_be_visible()
    assert_accessible(page)
    assert_fits_and_prints(page, "Download 2 examples as CSV")

    page.click("button:has-text('Prepare the file')")
    expect(page.locator("strong.govuk-tag:has-text('Waiting to start')")).to_be_visible()
    assert page.locator("progress").get_attribute("value") == "0"
    assert_accessible(page)
    assert_fits_and_prints(page, "Waiting to start")

    run_queued_tasks()
    # The page follows the worker by itself and shows the file once it is written.
    page.locator("text=Your file is ready").wait_for(timeout=15000)
    assert_accessible(page)
    assert_fits_and_prints(page, "Your file is ready")
    with page.expect_download() as download:
        page.click("a:has-text('Download practice-library-')")
    content = open(download.value.path(), encoding="utf-8").read()
    assert "Second clinic" in content and "Referral quality clinic" in content
    page.click("a:has-text('Back to the practice library')")
    expect(page.locator("h1:has-text('Practice library')")).to_be_visible()
    page.context.close()
