"""Hints are announced with their fields, and the page checker that runs on every page of
every test catches what axe does not."""

import re

import pytest
from django.http import HttpResponse

from core.testing import assert_good_page


def _page(body, title="A page – NVAP Hub"):
    return HttpResponse(
        f"<!DOCTYPE html><html><head><title>{title}</title></head><body><h1>Heading</h1>{body}</body></html>"
    )


def test_a_hint_is_linked_to_its_input_and_an_error_joins_it(client, cast):
    client.force_login(cast["editor_a"])
    html = client.get("/accounts/api-tokens/").content.decode()
    described = re.search(r'<input[^>]*name="name"[^>]*aria-describedby="([^"]+)"', html).group(1).split()
    assert described == ["id_name_helptext"]
    assert 'id="id_name_helptext"' in html
    html = client.post("/accounts/api-tokens/", {"name": ""}).content.decode()
    described = re.search(r'<input[^>]*name="name"[^>]*aria-describedby="([^"]+)"', html).group(1).split()
    assert described == ["id_name_helptext", "id_name_error"]
    assert 'id="id_name_error"' in html


def test_the_checker_refuses_a_description_that_points_nowhere():
    with pytest.raises(AssertionError, match="aria-describedby names nothing"):
        assert_good_page(_page('<input id="x" aria-describedby="x-hint">'))
    assert_good_page(_page('<div id="x-hint">Hint</div><input id="x" aria-describedby="x-hint">'))


def test_the_checker_wants_error_in_the_title_of_a_page_with_an_error_summary():
    summary = '<div class="govuk-error-summary"><ul><li>Problem</li></ul></div>'
    with pytest.raises(AssertionError, match="title"):
        assert_good_page(_page(summary))
    assert_good_page(_page(summary, title="Error: A page – NVAP Hub"))
