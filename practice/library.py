"""Searching the published library, with facets and their counts.

Only LibraryEntry is read here: what a force has not had published cannot show, in results,
counts, exports or the API. PostgreSQL: ranked full-text search (websearch syntax, English
stemming, title weighted above summary above the rest). SQLite: every word must appear;
ranked by where and how often the words appear.
"""

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Count, F, Q

from practice.models import EvidenceStage, LibraryEntry, Outcome, Strand

PAGE_SIZE = 20


@dataclass(frozen=True)
class Facet:
    key: str  # the query-string parameter
    label: str
    field: str  # what LibraryEntry is grouped by
    label_field: str | None = None  # a related name to show, when the value is a key


FACETS = [
    Facet("action", "Action", "actions__code", "actions__title"),
    Facet("theme", "Theme", "themes__code", "themes__title"),
    Facet("strand", "Vulnerability strand", "strands__slug", "strands__name"),
    Facet("stage", "Evidence stage", "evidence_stage"),
    Facet("outcome", "Outcome", "outcome"),
    Facet("force", "Force", "organisation__slug", "organisation__name"),
    Facet("region", "Region", "region__slug", "region__name"),
    Facet("year", "Year published", "year"),
]
MANY = {"action", "theme", "strand"}  # facets over many-to-many links
_CHOICE_LABELS = {"stage": dict(EvidenceStage.choices), "outcome": dict(Outcome.choices)}


def terms_of(query: str) -> list[str]:
    return [t for t in re.findall(r"\w[\w'-]*", query.lower()) if len(t) > 1][:10]


def _filtered(params) -> tuple:
    """Entries matching the query-string filters (each facet: any of its values)."""
    entries = LibraryEntry.objects.all()
    chosen = {}
    for facet in FACETS:
        values = [v for v in params.getlist(facet.key) if v][:20]
        if facet.key == "year":
            values = [v for v in values if v.isdigit()]
        if values:
            chosen[facet.key] = values
            entries = entries.filter(**{f"{facet.field}__in": values})
    if chosen.keys() & MANY:
        entries = entries.distinct()
    return entries, chosen


def matching(params):
    """Entries matching the filters and the words, best first (newest first on SQLite), for
    exports and the API."""
    query = (params.get("q") or "").strip()[:200]
    entries, _ = _filtered(params)
    terms = terms_of(query)
    if not terms:
        return entries.order_by("-published_at", "-pk")
    if connection.vendor == "postgresql":
        search_query = SearchQuery(query, search_type="websearch", config="english")
        return (
            entries.filter(search_vector=search_query)
            .annotate(rank=SearchRank(F("search_vector"), search_query))
            .order_by("-rank", "-published_at", "-pk")
        )
    for term in terms:
        entries = entries.filter(body__icontains=term)
    return entries.order_by("-published_at", "-pk")


def search(params) -> dict:
    query = (params.get("q") or "").strip()[:200]
    entries, chosen = _filtered(params)
    terms = terms_of(query)
    ranked_ids = None
    if terms:
        if connection.vendor == "postgresql":
            search_query = SearchQuery(query, search_type="websearch", config="english")
            entries = entries.filter(search_vector=search_query)
            ordered = entries.annotate(rank=SearchRank(F("search_vector"), search_query)).order_by(
                "-rank", "-published_at", "-pk"
            )
        else:
            for term in terms:
                entries = entries.filter(body__icontains=term)
            ranked_ids = _fallback_ranking(entries, terms)
            ordered = None
    else:
        ordered = entries.order_by("-published_at", "-pk")
    total = len(ranked_ids) if ranked_ids is not None else entries.count()
    pages = max(1, -(-total // PAGE_SIZE))
    page = params.get("page", "1")
    page = min(max(int(page), 1), pages) if page.isdigit() else 1
    window = slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE)
    if ranked_ids is not None:
        ids = ranked_ids[window]
        by_id = {e.pk: e for e in _with_links(LibraryEntry.objects.filter(pk__in=ids))}
        results = [by_id[i] for i in ids]
    else:
        results = list(_with_links(ordered[window]))
    return {
        "query": query,
        "results": results,
        "total": total,
        "page": page,
        "pages": pages,
        "facets": facet_counts(entries, chosen) if total else [],
        "chosen": chosen,
    }


def _fallback_ranking(entries, terms) -> list[int]:
    scored = []
    for pk, title, summary, body in entries.values_list("pk", "title", "summary", "body"):
        title, summary, body = title.lower(), summary.lower(), body.lower()
        score = sum(10 * title.count(t) + 3 * summary.count(t) + body.count(t) for t in terms)
        scored.append((-score, -pk))
    scored.sort()
    return [-pk for _, pk in scored]


def _with_links(entries):
    return entries.select_related("organisation", "region").prefetch_related("strands", "actions")


def facet_counts(entries, chosen) -> list[dict]:
    """For each facet: its values with how many of the matching entries have each."""
    matching = LibraryEntry.objects.filter(pk__in=entries.values("pk"))
    facets = []
    for facet in FACETS:
        fields = [facet.field] + ([facet.label_field] if facet.label_field else [])
        rows = (
            matching.exclude(**{f"{facet.field}__isnull": True})
            .values(*fields)
            .annotate(n=Count("pk", distinct=True))
            .order_by(facet.field)
        )
        options = []
        for row in rows:
            value = row[facet.field]
            if value in (None, ""):
                continue
            label = (
                row[facet.label_field]
                if facet.label_field
                else _CHOICE_LABELS.get(facet.key, {}).get(value, value)
            )
            if facet.key == "action":
                label = f"{value} {label}"
            options.append(
                {
                    "value": str(value),
                    "label": str(label),
                    "count": row["n"],
                    "chosen": str(value) in chosen.get(facet.key, []),
                }
            )
        if facet.key == "year":
            options.reverse()
        facets.append({"key": facet.key, "label": facet.label, "options": options})
    return facets


def related(entry: LibraryEntry, limit: int = 5) -> list[LibraryEntry]:
    """Other published examples on the same actions or strands, newest first."""
    return list(
        _with_links(
            LibraryEntry.objects.filter(
                Q(actions__in=entry.actions.all()) | Q(strands__in=entry.strands.all())
            )
            .exclude(pk=entry.pk)
            .distinct()
            .order_by("-published_at", "-pk")[:limit]
        )
    )


def strands() -> list[Strand]:
    return list(Strand.objects.all())
