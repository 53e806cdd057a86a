"""What people write in the community: a small, safe subset of Markdown (paragraphs, bulleted
and numbered lists, links, bold and italics) and mentions written @[Their Name].

Three layers, so no one mistake lets markup through: any HTML in what was typed, and any
link to somewhere other than the web, an email address or this site, is removed before it is
kept (`clean`); the Markdown is parsed with raw HTML off and only the rules
above switched on; and the HTML that makes is cleaned again by nh3 (the Ammonia sanitiser)
to an allow-list of tags, one attribute (a link's address, http, https or mailto only) and
the GOV.UK classes set here. Pages show only the cleaned HTML; emails only plain text."""

import html
import re

import nh3
from markdown_it import MarkdownIt

MENTION = re.compile(r"@\[([^\[\]\n]{1,120})\]")
TAGS = {"p", "ul", "ol", "li", "a", "strong", "em", "br"}
CLASSES = {
    "p": {"class": "govuk-body"},
    "ul": {"class": "govuk-list govuk-list--bullet"},
    "ol": {"class": "govuk-list govuk-list--number"},
    "a": {"class": "govuk-link"},
}
SCHEMES = {"http", "https", "mailto"}
# A link to anywhere but the web, an email address or a page of this site keeps only its words.
REFUSED_LINK = re.compile(
    r"\[([^\[\]\n]*)\]\(\s*<?(?!https?://|mailto:|/(?!/))(?:[^()\n]|\([^()\n]*\))*\)", re.IGNORECASE
)

_markdown = MarkdownIt("zero", {"html": False, "breaks": True}).enable(
    ["emphasis", "list", "link", "newline"]
)


def _strip(text: str) -> str:
    return html.unescape(nh3.clean(text, tags=set(), strip_comments=True))


def plain(text: str) -> str:
    """The text with every HTML tag (and the contents of scripts and styles) taken out,
    repeated until nothing changes, so a tag hidden inside another cannot reappear."""
    text = str(text).replace("\x00", "").replace("\r\n", "\n")
    for _ in range(5):
        stripped = _strip(text)
        if stripped == text:
            break
        text = stripped
    return text.strip()


def clean(text: str) -> str:
    """What is kept of a post: its words without any HTML, and links to anywhere but the web,
    an email address or this site reduced to their words."""
    return REFUSED_LINK.sub(lambda m: m.group(1), plain(text))


def mentioned(text: str) -> list[str]:
    """The names (or email addresses) mentioned as @[Name], in the order written, once each."""
    return list(dict.fromkeys(" ".join(m.split()) for m in MENTION.findall(text)))


def to_html(text: str) -> str:
    """The cleaned HTML of a post written in the subset (mentions drawn in bold)."""
    marked = MENTION.sub(lambda m: f"**@{' '.join(m.group(1).split())}**", clean(text))
    drawn = _markdown.render(marked)
    return nh3.clean(
        drawn,
        tags=TAGS,
        attributes={"a": {"href"}},
        url_schemes=SCHEMES,
        set_tag_attribute_values=CLASSES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def to_text(text: str) -> str:
    """A post as plain words, for emails, notifications and search: no markup at all."""
    return " ".join(html.unescape(nh3.clean(to_html(text), tags=set())).split())
