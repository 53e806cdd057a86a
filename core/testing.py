"""Checks every page fetched in tests should pass, after GOV.UK Notify's page checker."""

import re
from collections import Counter
from html.parser import HTMLParser

from django.utils.translation import gettext

from core.languages import in_every_language


class _PageParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: list[str] = []
        self.title = ""
        self._in_title = False
        self.forms: list[dict] = []
        self.h1 = 0
        self.tags_in_title: list[str] = []
        self.described_by: list[str] = []
        self.error_summary = False

    def handle_starttag(self, tag, attrs):
        if self._in_title:
            self.tags_in_title.append(tag)
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if attrs.get("aria-describedby"):
            self.described_by += attrs["aria-describedby"].split()
        if "govuk-error-summary" in (attrs.get("class") or "").split():
            self.error_summary = True
        if tag == "title":
            self._in_title = True
        if tag == "form":
            self.forms.append(attrs)
        if tag == "h1":
            self.h1 += 1

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def assert_good_page(response):
    """A title, exactly one h1, unique ids, every form has an action and a method, every
    aria-describedby names an element on the page, and a page showing an error summary says
    "Error:" first in its title."""
    html = response.content.decode()
    parser = _PageParser()
    parser.feed(html)
    title = " ".join(parser.title.split())
    assert title, "page has no <title>"
    assert not parser.tags_in_title, f"the <title> holds markup: {parser.tags_in_title}"
    assert "{" not in title and len(title) < 200, f"the <title> is not a plain title: {title[:120]}"
    assert parser.h1 == 1, f"page has {parser.h1} <h1> elements"
    duplicates = [i for i, n in Counter(parser.ids).items() if n > 1]
    assert not duplicates, f"duplicate ids: {duplicates}"
    for form in parser.forms:
        assert "action" in form, f"form without an action: {form}"
        assert form.get("method") in ("get", "post"), f"form without a method: {form}"
    # A template comment that spans lines is not a comment to Django: it shows as text.
    assert not re.search(r"\{#\s", html), "a template comment shows on the page"
    # A data block (type="application/json") is never run: the only script it may be.
    assert not re.search(r"<script(?![^>]*\b(?:src=|type=\"application/json\"))[^>]*>", html), (
        "inline <script> on page"
    )
    missing = sorted(set(parser.described_by) - set(parser.ids))
    assert not missing, f"aria-describedby names nothing on the page: {missing}"
    if parser.error_summary:
        said = in_every_language(lambda: gettext("Error:") + " ")
        assert title.startswith(tuple(said)), f"an error summary, but the title is “{title}”"


def with_version(client, url, data: dict) -> dict:
    """The data of an edit form, with the fingerprint the page's form carries (as a browser
    would send it back): see core.concurrency."""
    page = client.get(url)
    assert page.status_code == 200, f"{url}: {page.status_code}"
    return {**data, "version": page.context["form"]["version"].value()}


def is_page(response) -> bool:
    """Whether a response is a whole HTML page (not a fragment, file, redirect or JSON)."""
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    if getattr(response, "streaming", False) or response.status_code in (301, 302, 303, 304):
        return False
    return response.content.lstrip()[:15].lower().startswith(b"<!doctype html")


def body(response) -> bytes:
    """A response's whole body, whether it was sent at once or streamed."""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def site_patterns():
    """The site's URL patterns one level down, with the pages' own (in both languages, under
    nvaphub.urls' i18n_patterns) beside the API's."""
    from django.urls import LocalePrefixPattern, URLResolver, get_resolver

    for pattern in get_resolver().url_patterns:
        if isinstance(pattern, URLResolver) and isinstance(pattern.pattern, LocalePrefixPattern):
            yield from pattern.url_patterns
        else:
            yield pattern
