"""Search across the content of one or more framework versions (by default the latest
published version of every framework), each result naming the framework it comes from.

PostgreSQL: ranked full-text search (websearch syntax, English stemming) with highlighted
fragments. SQLite: every word must appear (case-insensitive); ranked by where and how often
the words appear, with the same highlighting. Both return the same shape.
"""

import re

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Q
from django.utils.html import escape
from django.utils.safestring import mark_safe

from framework.models import SearchEntry

MAX_RESULTS = 50
_START, _STOP = "\x02", "\x03"


def terms_of(query: str) -> list[str]:
    return [t for t in re.findall(r"\w[\w'-]*", query.lower()) if len(t) > 1][:10]


def search(versions, query: str, theme_code: str | None = None) -> tuple[list[dict], int]:
    entries = SearchEntry.objects.filter(version__in=list(versions)).select_related("version__framework")
    if theme_code:
        entries = entries.filter(theme__code=theme_code)
    terms = terms_of(query)
    if not terms:
        return [], 0
    if connection.vendor == "postgresql":
        return _search_postgres(entries, query)
    return _search_fallback(entries, terms)


def _search_postgres(entries, query):
    search_query = SearchQuery(query, search_type="websearch", config="english")
    matches = entries.filter(search_vector=search_query).annotate(
        rank=SearchRank(F("search_vector"), search_query)
    )
    total = matches.count()
    rows = matches.annotate(
        headline=SearchHeadline(
            "body",
            search_query,
            config="english",
            start_sel=_START,
            stop_sel=_STOP,
            max_words=40,
            min_words=15,
            max_fragments=2,
        )
    ).order_by("-rank", "kind", "ref")[:MAX_RESULTS]
    return [_result(e, _marked(e.headline), _highlight(e.title, [])) for e in rows], total


def _search_fallback(entries, terms):
    for term in terms:
        entries = entries.filter(Q(title__icontains=term) | Q(body__icontains=term))
    rows = list(entries)
    scored = []
    for entry in rows:
        title, body = entry.title.lower(), entry.body.lower()
        score = sum(5 * title.count(t) + body.count(t) for t in terms)
        scored.append((score, entry))
    scored.sort(key=lambda pair: (-pair[0], pair[1].kind, pair[1].ref))
    results = [
        _result(entry, _highlight(_snippet(entry.body, terms), terms), _highlight(entry.title, terms))
        for _score, entry in scored[:MAX_RESULTS]
    ]
    return results, len(rows)


def _snippet(body: str, terms: list[str], width: int = 220) -> str:
    lowered = body.lower()
    positions = [lowered.find(t) for t in terms if lowered.find(t) >= 0]
    if not positions:
        return body[:width] + ("…" if len(body) > width else "")
    start = max(0, min(positions) - width // 3)
    end = min(len(body), start + width)
    return ("…" if start else "") + body[start:end].strip() + ("…" if end < len(body) else "")


def _highlight(text: str, terms: list[str]):
    html = escape(text)
    if terms:
        pattern = re.compile(
            "|".join(re.escape(escape(t)) for t in sorted(terms, key=len, reverse=True)), re.I
        )
        html = pattern.sub(lambda m: f'<mark class="app-highlight">{m.group(0)}</mark>', html)
    return mark_safe(html)  # noqa: S308 - the text was escaped above


def _marked(headline: str):
    html = escape(headline).replace(_START, '<mark class="app-highlight">').replace(_STOP, "</mark>")
    return mark_safe(html)  # noqa: S308 - the text was escaped above


def _result(entry, snippet, title) -> dict:
    return {"entry": entry, "title": title, "snippet": snippet}
