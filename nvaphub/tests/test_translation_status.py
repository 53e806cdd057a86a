"""The translation status page: national admins see how far the Welsh has come and the
drafts still to review; nobody else sees it."""

import pytest

from core import languages
from core.testing import assert_good_page

pytestmark = pytest.mark.django_db
URL = "/translations/"


def test_national_admins_see_the_welsh_counts_and_the_drafts_to_review(client, cast):
    client.force_login(cast["admin"])
    page = client.get(URL)
    assert_good_page(page)
    status = languages.catalogue_status()
    assert status["words"] == len(languages.welsh_catalogue()) > 400
    assert status["drafts"] + status["reviewed"] + status["missing"] == status["words"]
    html = page.content.decode()
    assert f'<dd class="govuk-summary-list__value">{status["drafts"]}</dd>' in html
    # Every part of the service is listed, the ones not yet in Welsh said to be so.
    assert html.count('govuk-tag--grey">Not yet') == len(languages.NOT_YET_IN_WELSH)
    # The drafts: English beside its drafted Welsh.
    first = next(e for e in languages.welsh_catalogue() if e["draft"])
    assert f'lang="en-GB">{first["english"]}</td>' in html
    assert f'lang="cy">{first["welsh"]}</td>' in html


def test_the_drafts_can_be_searched_in_either_language_and_by_part(client, cast):
    client.force_login(cast["admin"])
    page = client.get(URL, {"q": "skip to main"})
    html = page.content.decode()
    assert "Skip to main content" in html and "Neidio i’r prif gynnwys" in html
    assert page.context["found"] == 1
    welsh = client.get(URL, {"q": "neidio i’r prif"})
    assert welsh.context["found"] == 1
    accounts = client.get(URL, {"area": "accounts"})
    assert accounts.context["found"] > 0
    assert all("accounts" in e["areas"] for e in accounts.context["entries"])
    nothing = client.get(URL, {"q": "no such words anywhere"})
    assert nothing.context["found"] == 0
    assert "No drafts match" in nothing.content.decode()
    # An unknown part or page is ignored, not an error.
    assert client.get(URL, {"area": "nope", "page": "x"}).status_code == 200


def test_the_page_is_the_national_admins_alone(client, cast):
    assert client.get(URL).status_code == 302
    for who in ("analyst", "lead_a", "editor_a"):
        client.force_login(cast[who])
        assert client.get(URL).status_code == 403, who
