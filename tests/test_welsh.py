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
