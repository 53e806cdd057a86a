import re

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD, ensure_content
from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, email):
    page.goto("/accounts/sign-in/")
    page.fill("#id_email", email)
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_url(re.compile(r"/$"))


def _visit(page, url):
    response = page.goto(url)
    assert response.status < 500, url
    assert_accessible(page)
    return response


def test_every_page_passes_axe(page, cast_for_browser):
    anonymous = ["/", "/accounts/sign-in/", "/accounts/password-reset/", "/accessibility/", "/privacy/"]
    for url in anonymous:
        assert _visit(page, url).status == 200, url
    # A failed sign-in shows the error summary, which must be accessible too.
    page.goto("/accounts/sign-in/")
    page.fill("#id_email", "editor@force-a.test")
    page.fill("#id_password", "wrong")
    page.click("button:has-text('Sign in')")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.fill("#id_email", "")
    page.goto("/accounts/password-reset/")
    page.fill("#id_email", "editor@force-a.test")
    page.click("button:has-text('Send the link')")
    page.wait_for_url("**/password-reset/sent/")
    assert_accessible(page)

    # The password reset link: the set-password form, its errors, and the confirmation.
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    uid = urlsafe_base64_encode(force_bytes(cast_for_browser.pk))
    page.goto(f"/accounts/password-reset/{uid}/{default_token_generator.make_token(cast_for_browser)}/")
    assert_accessible(page)
    page.fill("#id_new_password1", "short")
    page.fill("#id_new_password2", "different")
    page.click("button:has-text('Save the new password')")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.fill("#id_new_password1", PASSWORD)
    page.fill("#id_new_password2", PASSWORD)
    page.click("button:has-text('Save the new password')")
    page.wait_for_url("**/password-reset/complete/")
    assert_accessible(page)
    _visit(page, "/accounts/password-reset/not-a-user/not-a-token/")

    _sign_in(page, "editor@force-a.test")
    signed_in = [
        "/",
        "/plan/nvap/",
        "/plan/nvap/versions/",
        "/plan/nvap/v/2/",
        "/plan/nvap/actions/1.2.1/",
        "/plan/nvap/actions/2.1.2/",
        "/plan/nvap/actions/2.2.1/",
        "/plan/nvap/actions/2.6.1/",
        "/plan/nvap/v/2/actions/2.6.2/",
        "/plan/nvap/actions/2.2.1/toolkit/",
        "/plan/nvap/actions/2.6.1/toolkit/",
        "/plan/nvap/actions/2.2.1/history/",
        "/plan/nvap/actions/2.2.1/history/?a=2&b=3-toolkit",
        "/plan/nvap/actions/2.2.1/history/?a=3&b=3",
        "/plan/nvap/peel/6.2/",
        "/plan/nvap/peel/6.2.2/",
        "/plan/nvap/perennial-issues/collaborative-working/",
        "/plan/search/",
        "/plan/search/?q=referral",
        "/plan/search/?q=professional+curiosity&theme=6",
        "/plan/search/?q=",
        "/plan/search/?q=zebracrossingxyz",
        "/organisations/norfolk-constabulary/",
        "/plan/nvap/actions/9.9.9/",
    ]
    for url in signed_in:
        _visit(page, url)


def test_the_main_journey_works_by_keyboard_alone(page, cast_for_browser):
    page.goto("/accounts/sign-in/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"
    page.keyboard.press("Enter")
    _tab_to(page, "#id_email")
    page.keyboard.type("editor@force-a.test")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/$"))

    _tab_to_link(page, "The plan")
    page.keyboard.press("Enter")
    page.wait_for_url("**/plan/nvap/")
    _tab_to_link(page, "2.2.1 Appropriate Action")
    page.keyboard.press("Enter")
    page.wait_for_url("**/actions/2.2.1/")
    _tab_to_link(page, "Action Impact Toolkit")
    page.keyboard.press("Enter")
    page.wait_for_url("**/actions/2.2.1/toolkit/")
    assert page.locator("h1").inner_text() == "2.2.1 Appropriate Referral"

    # Open an evidence panel by keyboard.
    _tab_to(page, "details summary")
    page.keyboard.press("Enter")
    assert page.locator("details").first.get_attribute("open") is not None

    _tab_to_link(page, "Search the plan")
    page.keyboard.press("Enter")
    page.wait_for_url("**/plan/search/")
    _tab_to(page, "#id_q")
    page.keyboard.type("escalation")
    page.keyboard.press("Enter")
    page.wait_for_url("**/plan/search/?q=escalation*")
    assert page.locator("mark.app-highlight").count() > 0
    assert_accessible(page)


def _tab_to(page, selector, limit=150):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"could not reach {selector} with the Tab key")


def _tab_to_link(page, text, limit=250):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == text:
            return
    raise AssertionError(f"could not reach the link {text!r} with the Tab key")


@pytest.fixture
def cast_for_browser(transactional_db):
    """The cast of conftest, in a database the live server can see."""
    from accounts.models import User
    from organisations.models import Membership, Organisation

    ensure_content()
    user = User.objects.create_user(email="editor@force-a.test", password=PASSWORD, full_name="Edie Editor")
    Membership.objects.create(
        user=user,
        organisation=Organisation.objects.get(slug="norfolk-constabulary"),
        role=Membership.Role.CONTRIBUTOR,
    )
    return user


def test_the_accessibility_check_catches_violations(browser):
    """Proves the axe check can fail: a page with an unlabelled input and no language."""
    page = browser.new_page()
    page.set_content("<html><body><input type='text'><img src='x.png'></body></html>")
    with pytest.raises(AssertionError) as error:
        assert_accessible(page)
    assert "label" in str(error.value)
    assert "image-alt" in str(error.value)
    page.close()
