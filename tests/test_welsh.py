"""The service in Welsh and English: every page at its English address and under /cy/ in Welsh,
each linking to itself in the other language; the language a person last used remembered and
used when they sign in."""

import re

import pytest
from django.test import Client

from conftest import PASSWORD
from tests.browser.test_every_page_reflows import _pages, _with_a_reason, everything  # noqa: F401
from tests.test_access import force_a_objects  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

LANGUAGE_LINK = re.compile(
    r'<a class="govuk-link" href="(?P<url>[^"]+)" lang="(?P<code>[^"]+)" hreflang="(?P=code)" rel="alternate">'
)


def _other_language(page) -> tuple[str, str]:
    """The language link's language and address on a page (there must be exactly one)."""
    html = page.content.decode()
    found = LANGUAGE_LINK.findall(html)
    assert len(found) == 1, f"one link to the other language, not {len(found)}"
    url, code = found[0]
    return code, url.replace("&amp;", "&")


def _html_lang(page) -> str:
    found = re.search(r'<html lang="([^"]+)"', page.content.decode())
    return found.group(1) if found else ""


def test_every_page_links_to_itself_in_welsh_and_the_welsh_page_links_back(cast, everything):  # noqa: F811
    pages, unfilled = _pages(cast, everything)
    assert unfilled == []
    clients: dict = {}
    checked = 0
    for url, who in pages:
        if who not in clients:
            clients[who] = Client()
            if who is not None:
                clients[who].force_login(cast[who])
                _with_a_reason(clients[who])
        client = clients[who]
        english = client.get(url)
        if english.status_code != 200 or "text/html" not in english.get("Content-Type", ""):
            continue
        assert _html_lang(english) == "en-gb", url
        code, welsh_url = _other_language(english)
        assert (code, welsh_url) == ("cy", "/cy" + url), url
        welsh = client.get(welsh_url)
        assert welsh.status_code == 200, f"{welsh_url} as {who}: {welsh.status_code}"
        assert _html_lang(welsh) == "cy", welsh_url
        assert _other_language(welsh) == ("en-gb", url), welsh_url
        assert '<span aria-current="true" lang="cy">Cymraeg</span>' in welsh.content.decode()
        checked += 1
    assert checked >= 140, f"only {checked} page visits were pages"


def test_the_language_link_keeps_the_search_and_the_other_address_keeps_the_language(client, cast):
    client.force_login(cast["viewer_a"])
    page = client.get("/plan/search/?q=stalking&framework=nvap")
    assert _other_language(page) == ("cy", "/cy/plan/search/?q=stalking&framework=nvap")
    welsh = client.get("/cy/plan/search/?q=stalking&framework=nvap")
    assert _html_lang(welsh) == "cy"
    # Links on a Welsh page stay in Welsh.
    assert 'href="/cy/plan/"' in welsh.content.decode()
    assert 'href="/plan/"' not in welsh.content.decode().replace('hreflang="en-gb"', "")


def test_the_language_a_person_last_read_a_page_in_is_remembered(client, cast):
    editor = cast["editor_a"]
    assert editor.language == "en-gb"
    client.force_login(editor)
    client.get("/cy/")
    editor.refresh_from_db()
    assert editor.language == "cy"
    # A download, the API or a page that is not there changes nothing.
    client.get("/plan/nvap/actions/2.2.1/pdf/")
    client.get("/api/v1/frameworks/")
    client.get("/no-such-page/")
    editor.refresh_from_db()
    assert editor.language == "cy"
    client.get("/")
    editor.refresh_from_db()
    assert editor.language == "en-gb"


def test_signing_in_takes_a_person_who_reads_welsh_to_welsh_pages(client, cast):
    editor = cast["editor_a"]
    editor.language = "cy"
    editor.save()
    response = client.post("/accounts/sign-in/", {"email": editor.email, "password": PASSWORD})
    assert response.status_code == 302 and response.url == "/cy/"
    client.post("/accounts/sign-out/")
    response = client.post(
        "/accounts/sign-in/", {"email": editor.email, "password": PASSWORD, "next": "/plan/?x=1"}
    )
    assert response.url == "/cy/plan/?x=1"


def test_choosing_english_on_the_sign_in_page_is_kept_only_for_that_page_but_welsh_is_kept(client, cast):
    editor = cast["editor_a"]
    response = client.post("/cy/accounts/sign-in/", {"email": editor.email, "password": PASSWORD})
    assert response.url == "/cy/"
    client.get(response.url)
    editor.refresh_from_db()
    assert editor.language == "cy"


def test_the_frontend_components_get_their_words_in_the_pages_language(client, cast):
    import json

    client.force_login(cast["viewer_a"])

    def words(url):
        page = client.get(url)
        assert page.status_code == 200, url
        html = page.content.decode()
        found = re.search(r'<script id="app-frontend-words" type="application/json">(.*?)</script>', html)
        return json.loads(found.group(1))

    english = words("/plan/nvap/")
    assert english["accordion"]["i18n"]["showAllSections"] == "Show all sections"
    assert set(english["characterCount"]["i18n"]["charactersUnderLimit"]) == {"one", "other"}
    welsh = words("/cy/plan/nvap/")
    # Welsh has six plural forms; each is asked of the catalogue with a number of its own.
    assert set(welsh["characterCount"]["i18n"]["charactersUnderLimit"]) == {
        "zero",
        "one",
        "two",
        "few",
        "many",
        "other",
    }
    assert welsh["accordion"]["i18n"]["showAllSections"] != "Show all sections"


def _emails_to(address):
    from core.models import Email

    return list(Email.objects.filter(to=address).order_by("pk"))


def test_a_welsh_reader_gets_the_password_reset_email_in_welsh_with_a_welsh_link(client, cast):
    editor = cast["editor_a"]
    editor.language = "cy"
    editor.save()
    client.post("/accounts/password-reset/", {"email": editor.email})
    (email,) = _emails_to(editor.email)
    assert email.subject == "Ailosod eich cyfrinair NVAP Hub"
    assert "Gofynnodd rhywun am ailosod y cyfrinair" in email.body
    assert re.search(r"https?://[^/]+/cy/accounts/password-reset/[^/]+/[^/]+/", email.body), email.body
    # An English reader, asking from a Welsh page, still gets theirs in English.
    lead = cast["lead_a"]
    client.post("/cy/accounts/password-reset/", {"email": lead.email})
    (email,) = _emails_to(lead.email)
    assert email.subject == "Reset your NVAP Hub password"
    assert "/cy/" not in email.body


def test_notifications_and_their_emails_are_in_each_readers_language(cast):
    from core.models import Notification
    from core.notify import owner_changed, send_digests

    editor, viewer = cast["editor_a"], cast["viewer_a"]
    editor.language = "cy"
    editor.save()
    owner_changed(
        owner=editor, before=viewer, by=cast["lead_a"], thing="an objective", where="Norfolk", url="/impact/"
    )
    welsh = Notification.objects.get(user=editor)
    assert welsh.message == "Gwnaeth Lead chi’n berchennog an objective yn Norfolk"
    assert welsh.url == "/cy/impact/"
    english = Notification.objects.get(user=viewer)
    assert english.message == "Lead gave an objective you owned to someone else or nobody, in Norfolk"
    assert english.url == "/impact/"
    (email,) = _emails_to(editor.email)
    assert email.subject.startswith("NVAP Hub: Chi biau ")
    assert "/cy/impact/" in email.body
    (email,) = _emails_to(viewer.email)
    assert email.subject == "NVAP Hub: An objective is no longer yours"
    # The daily summary, in Welsh, with Welsh month names.
    from core.models import EmailSetting

    EmailSetting.objects.create(user=editor, kind="assignments", how=EmailSetting.How.DIGEST)
    owner_changed(owner=editor, before=None, by=cast["lead_a"], thing="an objective", where="Norfolk", url="")
    send_digests.call()
    digest = _emails_to(editor.email)[-1]
    assert digest.subject == "NVAP Hub: eich crynodeb dyddiol"
    assert digest.body.startswith("Beth ddigwyddodd i chi yn NVAP Hub ers y crynodeb diwethaf (1):")
    assert "/cy/accounts/#emails" in digest.body


def test_dates_and_plurals_are_welsh_on_welsh_pages():
    from datetime import date

    from django.utils import translation
    from django.utils.formats import date_format

    from core.work import days_left

    today = date(2026, 11, 27)
    with translation.override("cy"):
        assert date_format(today, "j F Y") == "27 Tachwedd 2026"
        # Welsh plural forms: one, two, few and many all read "diwrnod" after a number.
        assert days_left(date(2026, 11, 28), today) == "1 diwrnod ar ôl"
        assert days_left(date(2026, 11, 30), today) == "3 diwrnod ar ôl"
        assert days_left(today, today) == "Yn ddyledus heddiw"
    with translation.override("en-gb"):
        assert days_left(date(2026, 11, 28), today) == "1 day left"
        assert days_left(date(2026, 11, 30), today) == "3 days left"


def test_a_welsh_page_shows_its_dates_in_welsh(client, cast):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    editor = cast["editor_a"]
    device = TOTPDevice.objects.create(user=editor, name="Ffôn gwaith", confirmed=True)
    TOTPDevice.objects.filter(pk=device.pk).update(created_at="2026-03-02T10:00:00Z")
    client.force_login(editor)
    html = client.get("/cy/accounts/two-factor/").content.decode()
    assert "Ffôn gwaith, ychwanegwyd 2 Mawrth 2026" in html
    assert "Ffôn gwaith, added 2 March 2026" in client.get("/accounts/two-factor/").content.decode()


def test_the_server_error_page_is_in_the_language_of_the_pages_address(rf):
    from core.views import error_500

    welsh = error_500(rf.get("/cy/plan/")).content.decode()
    assert '<html lang="cy"' in welsh and "Mae’n ddrwg gennym, mae problem gyda’r gwasanaeth" in welsh
    assert 'href="/cy/" class="govuk-header__link' in welsh
    english = error_500(rf.get("/plan/")).content.decode()
    assert '<html lang="en-gb"' in english and "Sorry, there is a problem with the service" in english


def test_what_is_kept_is_kept_for_each_language():
    from django.utils import translation

    from core.cache import kept

    with translation.override("en-gb"):
        assert kept("a-page:v1", lambda: "English") == "English"
    with translation.override("cy"):
        assert kept("a-page:v1", lambda: "Cymraeg") == "Cymraeg"
    with translation.override("en-gb"):
        assert kept("a-page:v1", lambda: "made again") == "English"


def test_the_passkey_scripts_get_their_words_in_welsh(client):
    english = client.get("/accounts/two-factor/passkeys/words.js").content.decode()
    welsh = client.get("/cy/accounts/two-factor/passkeys/words.js").content.decode()
    assert "Cofrestru allwedd mynediad" in welsh and "Dilyswyd yn llwyddiannus!" in welsh
    assert "Cofrestru allwedd mynediad" not in english


def test_a_sign_ins_browser_is_named_in_the_readers_language(cast):
    from django.utils import translation

    from accounts.middleware import browser_of
    from accounts.models import SignIn

    known = SignIn(
        user=cast["editor_a"],
        how="Password",
        browser=browser_of("Mozilla/5.0 (Windows NT 10.0) Firefox/128.0"),
    )
    unknown = SignIn(user=cast["editor_a"], how="Password", browser=browser_of("curl/8.0"))
    assert (known.browser_shown, unknown.browser_shown) == ("Firefox on Windows", "An unknown browser")
    with translation.override("cy"):
        assert (known.browser_shown, unknown.browser_shown) == ("Firefox ar Windows", "Porwr anhysbys")
