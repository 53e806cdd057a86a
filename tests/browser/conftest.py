"""Browser tests: Playwright driving Debian's Chromium, with axe-core on every page."""

import json
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

# Playwright's sync API runs an event loop; the live server's ORM calls are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    # axe is injected as a script, which the Content Security Policy would (rightly) block.
    context = browser.new_context(base_url=live_server.url, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def members(rows) -> dict:
    """People for a journey, with the organisations and the plan loaded: rows of
    (key, email, organisation slug, role name); each gets the tests' password."""
    from accounts.models import User
    from conftest import PASSWORD, ensure_content
    from organisations.models import Membership, Organisation

    ensure_content()
    people = {}
    for key, email, slug, role in rows:
        user = User.objects.create_user(email=email, password=PASSWORD, full_name=key.title())
        Membership.objects.create(
            user=user, organisation=Organisation.objects.get(slug=slug), role=getattr(Membership.Role, role)
        )
        people[key] = user
        from accounts import mfa

        if user.memberships.filter(role__in=mfa.ROLES_THAT_MUST).exists():
            # Leads and national roles must have a second factor: theirs is an authenticator
            # app set up before the journey (second_factor_code reads it as the app would).
            from django_otp.plugins.otp_totp.models import TOTPDevice

            TOTPDevice.objects.create(user=user, key=TOTP_KEY, name="Work phone", confirmed=True)
            user.mfa_enrolled_at = user.date_joined
            user.save(update_fields=["mfa_enrolled_at"])
    return people


TOTP_KEY = "3132333435363738393031323334353637383930"


def second_factor_code(email) -> str:
    """What the person's authenticator app shows: the code for now, or for the next step if
    now's has been used (a code works once)."""
    import time

    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user__email=email, confirmed=True).order_by("-pk").first()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if totp.t() <= device.last_t:
        totp.time += (device.last_t + 1 - totp.t()) * device.step
    return f"{totp.token():06d}"


def password_step(page, email, password) -> None:
    """Signs in with a password on the sign-in page (the second step, if any, follows)."""
    page.goto("/accounts/sign-in/")
    page.fill("#id_email", email)
    page.fill("#id_password", password)
    page.click("button:has-text('Sign in')")


def signed_in_page(browser, live_server, email, password):
    """A new browser context signed in as `email`, on the home page."""
    import re

    context = browser.new_context(base_url=live_server.url, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    password_step(page, email, password)
    page.wait_for_url(re.compile(r"(/|/accounts/verify/.*)$"))
    if "/accounts/verify/" in page.url:
        page.fill("#id_code", second_factor_code(email))
        page.click("button:has-text('Continue')")
        page.wait_for_url(re.compile(r"^http://[^/]+/$"))
    return page


def assert_accessible(page):
    """Runs axe-core with the WCAG 2.2 AA rules and fails on any violation."""
    # A page still arriving (a redirect's second document) has no document to add axe to yet.
    page.wait_for_load_state()
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_22_AA
    )
    violations = [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]
    assert violations == [], f"{page.url}: {json.dumps(violations, indent=1)}"
    return result


def assert_fits_and_prints(page, text: str) -> None:
    """The page reflows at 320 px wide (nothing scrolls sideways) and, printed, still shows
    `text`; then back to a desktop screen."""
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320, page.url
    page.emulate_media(media="print")
    expect(page.locator(f"text={text}").first, page.url).to_be_visible()
    page.emulate_media(media="screen")
    page.set_viewport_size({"width": 1280, "height": 800})


def code_from_key(secret: str, steps_ahead: int = 0) -> str:
    """What an authenticator app shows now (or that many 30-second steps on) for the key a
    set-up page gives (base32, in groups)."""
    import time
    from base64 import b32decode

    from django_otp.oath import TOTP

    totp = TOTP(b32decode(secret.replace(" ", "")))
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def enrol_app(page) -> str:
    """On the second factors page: sets up an authenticator app, checking each page with axe;
    returns its key."""
    assert_accessible(page)
    page.click("a:has-text('Set up an authenticator app')")
    assert_accessible(page)
    secret = page.locator("#totp-key").inner_text()
    page.fill("#id_code", code_from_key(secret))
    page.click("button:has-text('Set up the app')")
    expect(page.locator(".app-recovery-codes li")).to_have_count(10)
    assert_accessible(page)
    return secret


def fill_date(page, name, day) -> None:
    """Types a date into a GOV.UK date input's three boxes."""
    page.fill(f"input[name={name}_day]", str(day.day))
    page.fill(f"input[name={name}_month]", str(day.month))
    page.fill(f"input[name={name}_year]", str(day.year))
