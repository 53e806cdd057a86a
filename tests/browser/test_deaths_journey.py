"""The deaths repository, from a force's notification to a suppressed quarterly summary, with
axe on every page: Norfolk's deaths reporter notifies a suspected victim suicide, saves it
incomplete and completes it; the deaths analyst questions the category, the force answers,
the analyst confirms it; the deaths lead reads the access log showing both reads and makes
the summary report."""

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from tests.browser.conftest import (
    TOTP_KEY,
    assert_accessible,
    assert_fits_and_prints,
    fill_date,
    members,
    signed_in_page,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people(transactional_db):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from deaths.models import Grant

    found = members(
        [
            ("rory", "reporter@force-a.test", "norfolk-constabulary", "VIEWER"),
            ("dee", "deaths.analyst@vkpp.test", "vkpp", "NATIONAL_ANALYST"),
            ("dev", "deaths.lead@vkpp.test", "vkpp", "NATIONAL_ANALYST"),
        ]
    )
    reporter = found["rory"]
    TOTPDevice.objects.create(user=reporter, key=TOTP_KEY, name="Work phone", confirmed=True)
    reporter.mfa_enrolled_at = reporter.date_joined
    reporter.save(update_fields=["mfa_enrolled_at"])
    for key, role in (("rory", "reporter"), ("dee", "analyst"), ("dev", "lead")):
        membership = found[key].memberships.get()
        Grant.objects.create(user=found[key], organisation=membership.organisation, role=role)
    return found


def _into_the_repository(browser, live_server, email, reason):
    page = signed_in_page(browser, live_server, email, PASSWORD)
    page.click("a:has-text('Domestic abuse-related deaths')")
    page.wait_for_url(re.compile(r"/deaths/reason/"))
    assert_accessible(page)
    page.check(f"input[name=reason][value={reason}]")
    page.click("button:has-text('Continue')")
    page.wait_for_url(re.compile(r"/deaths/$"))
    assert_accessible(page)
    return page


def test_a_death_from_notification_to_a_suppressed_summary(browser, live_server, people):
    from deaths.models import AccessLog, DeathRecord

    died = date.today() - timedelta(days=4)
    rory = _into_the_repository(browser, live_server, "reporter@force-a.test", "notifying")
    rory.click("text=Notify a death")
    assert_accessible(rory)
    rory.click("button:has-text('Save as a draft')")
    expect(rory.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(rory)
    rory.fill("#id_force_reference", "NFK/26/0412")
    fill_date(rory, "died_on", died)
    rory.check("input[name=category][value=suspected_suicide]")
    rory.click("button:has-text('Save as a draft')")
    rory.wait_for_url(re.compile(r"/deaths/records/\d+/$"))
    expect(rory.locator("text=saved as a draft")).to_be_visible()
    assert_accessible(rory)
    record = DeathRecord.objects.get()
    assert record.status == "draft"
    # Completed as more is known: the method, then the victim; then sent.
    rory.click("text=Change or complete the record")
    assert_accessible(rory)
    rory.select_option("#id_method", value="hanging")
    rory.click("button:has-text('Send to the national team')")
    rory.wait_for_url(re.compile(r"/deaths/records/\d+/$"))
    rory.click("text=Add a person")
    assert_accessible(rory)
    rory.check("input[name=role][value=victim]")
    rory.check("input[name=sex][value=female]")
    rory.select_option("#id_age_band", value="35_44")
    rory.check("input[name=coercive_control][value=yes]")
    rory.click("button:has-text('Add the person')")
    expect(rory.locator("text=The victim is added.")).to_be_visible()
    assert_accessible(rory)
    record.refresh_from_db()
    assert (record.status, record.method, record.people.get().coercive_control) == (
        "notified",
        "hanging",
        "yes",
    )
    assert_fits_and_prints(rory, "NFK/26/0412")

    dee = _into_the_repository(browser, live_server, "deaths.analyst@vkpp.test", "validating")
    expect(dee.locator("text=NFK/26/0412").first).to_be_visible()
    dee.click("a:has-text('NFK/26/0412')")
    assert_accessible(dee)
    dee.click("text=Question the category")
    assert_accessible(dee)
    dee.check("input[name=proposed][value=unexpected]")
    dee.fill("#id_reason", "The coroner's officer calls it unexplained. Was abuse known before?")
    dee.click("button:has-text('Send the question')")
    expect(dee.locator("text=Your question is sent to the force.")).to_be_visible()

    rory.goto(f"/deaths/records/{record.pk}/")
    expect(rory.locator("text=The national team asks whether this is unexpected death")).to_be_visible()
    assert_accessible(rory)
    rory.click("text=Answer their question")
    assert_accessible(rory)
    rory.fill(
        "#id_answer", "Yes: three reports of coercive control in the last year. It is a suspected suicide."
    )
    rory.click("button:has-text('Send your answer')")
    expect(rory.locator("text=Your answer is sent to the national team.")).to_be_visible()

    dee.goto(f"/deaths/records/{record.pk}/validate/")
    expect(dee.locator("text=three reports of coercive control")).to_be_visible()
    assert_accessible(dee)
    dee.check("input[name=category][value=suspected_suicide]")
    dee.check("input[name=scope][value=in_scope]")
    dee.click("button:has-text('Validate')")
    expect(dee.locator("text=The record is validated.")).to_be_visible()
    assert_accessible(dee)
    record.refresh_from_db()
    assert (record.category, record.validation, record.scope) == (
        "suspected_suicide",
        "validated",
        "in_scope",
    )

    dev = _into_the_repository(browser, live_server, "deaths.lead@vkpp.test", "audit")
    dev.click("nav >> text=Access log")
    assert_accessible(dev)
    log = dev.locator("table").inner_text()
    assert "Rory" in log and "Dee" in log and "Read a record" in log
    readers = set(AccessLog.objects.filter(kind="read", record=record).values_list("user__email", flat=True))
    assert readers == {"reporter@force-a.test", "deaths.analyst@vkpp.test"}
    dev.click("text=Monthly access report")
    assert_accessible(dev)
    dev.goto("/deaths/dashboard/")
    expect(dev.locator("text=fewer than 5").first).to_be_visible()
    assert_accessible(dev)
    dev.click("text=Freeze these figures as a report")
    assert_accessible(dev)
    quarter = date.today().replace(day=1) - timedelta(days=80)
    dev.fill("#id_title", "Quarterly summary")
    fill_date(dev, "period_from", quarter)
    fill_date(dev, "period_to", date.today())
    dev.click("button:has-text('Make the report')")
    dev.wait_for_url(re.compile(r"/deaths/reports/\d+/$"))
    expect(dev.locator("text=Disclosure check")).to_be_visible()
    body = dev.locator("main").inner_text()
    assert "fewer than 5" in body and "Force 1" in body and "Norfolk" not in body
    assert_accessible(dev)
    assert_fits_and_prints(dev, "Quarterly summary")
