"""What people write is kept as words and drawn as a small, safe subset of HTML."""

from html.parser import HTMLParser

import pytest

from community import richtext

HOSTILE = (
    "<script>alert('s')</script>Before "
    '<img src=x onerror="alert(1)"> <a href="#" onclick="alert(2)">click</a> '
    '<p style="width: expression(alert(3))">styled</p> <div style="background:url(javascript:alert(4))">bg</div> '
    "<<script>script>alert(5)<</script>/script> "
    "[link](javascript:alert(6)) [again](JaVaScRiPt:alert(7)) [data](data:text/html;base64,PHNjcmlwdD4=) "
    "<svg onload=alert(8)></svg> <iframe src=javascript:alert(9)></iframe> "
    "<style>body{background:expression(alert(10))}</style>After"
)


class Elements(HTMLParser):
    """Every tag and attribute in some HTML."""

    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [(name, value or "") for name, value in attrs]


def elements(html: str) -> Elements:
    found = Elements()
    found.feed(html)
    return found


def assert_harmless(html: str) -> None:
    """No script or other active element, no event handler, no script or data address and no
    CSS expression, anywhere in the HTML (tags, attributes or words)."""
    found = elements(html)
    assert not {"script", "iframe", "svg", "style", "img", "object", "embed"} & set(found.tags), found.tags
    assert not [name for name, _ in found.attrs if name.startswith("on")], found.attrs
    assert not [value for name, value in found.attrs if name == "style" and "expression" in value.lower()]
    lowered = html.lower()
    assert "javascript:" not in lowered
    assert "expression(" not in lowered
    assert "alert(" not in lowered
    assert "data:text/html" not in lowered


def test_the_subset_draws_paragraphs_lists_links_and_bold_with_govuk_classes():
    drawn = richtext.to_html(
        "Hello **bold** and *it*\n\n- one\n- two\n\n1. first\n\n[GOV.UK](https://www.gov.uk)"
    )
    assert '<p class="govuk-body">Hello <strong>bold</strong> and <em>it</em></p>' in drawn
    assert '<ul class="govuk-list govuk-list--bullet">' in drawn and "<li>one</li>" in drawn
    assert '<ol class="govuk-list govuk-list--number">' in drawn
    assert (
        '<a href="https://www.gov.uk" class="govuk-link" rel="noopener noreferrer nofollow">GOV.UK</a>'
        in drawn
    )


def test_links_to_pages_of_the_site_and_email_addresses_are_kept():
    drawn = richtext.to_html("[the plan](/plan/nvap/) and [mail us](mailto:vkpp@example.org)")
    assert 'href="/plan/nvap/"' in drawn and 'href="mailto:vkpp@example.org"' in drawn


def test_a_link_to_anywhere_else_keeps_only_its_words():
    drawn = richtext.to_html("[one](javascript:alert(1)) [two](//evil.example/) [three](ftp://x.example/)")
    assert "href" not in drawn
    assert "one two three" in drawn


def test_hostile_markup_leaves_nothing_active_in_the_html_or_the_words():
    assert_harmless(richtext.to_html(HOSTILE))
    text = richtext.to_text(HOSTILE)
    assert "<" not in text.replace("< ", "")
    assert "javascript:" not in text.lower() and "alert(" not in text
    assert text.startswith("Before") and text.endswith("After")


def test_what_is_kept_has_no_html_and_no_refused_links_at_all():
    kept = richtext.clean(HOSTILE)
    assert "<script" not in kept.lower() and "onerror" not in kept and "<img" not in kept
    assert "javascript:" not in kept.lower() and "data:" not in kept
    assert "link again data" in kept
    assert richtext.plain("a < b & c > d") == "a < b & c > d"


@pytest.mark.parametrize(
    "text,names",
    [
        ("Thanks @[Kit Lead] and @[ann@vkpp.test]", ["Kit Lead", "ann@vkpp.test"]),
        ("@[Kit  Lead] twice @[Kit Lead]", ["Kit Lead"]),
        ("an email like kit@kent.police.uk is not a mention", []),
    ],
)
def test_mentions_are_found_once_each_in_order(text, names):
    assert richtext.mentioned(text) == names


def test_a_mention_is_drawn_in_bold():
    assert "<strong>@Kit Lead</strong>" in richtext.to_html("Over to @[Kit Lead]")
