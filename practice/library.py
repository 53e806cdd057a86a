"""Searching the published library, with facets and their counts.

Only LibraryEntry is read here: what a force has not had published cannot show, in results,
counts, exports or the API. Matching, ranking, counting and paging all happen in the
database, through a full-text index, so a search costs about the same at 100,000 entries as
at 1,000. PostgreSQL: websearch syntax against the GIN-indexed vector of the whole text,
English stemming, ranked on title above summary. SQLite: FTS5 (migration 0006) with English
stemming; every word (or a longer word starting with it) must appear; ranked by BM25 with the
title weighted above the summary above the rest.
"""

import hashlib
import re
from collections import Counter
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Prefetch, Q

from core.cache import kept
from core.params import whole
from framework.models import Action, Objective
from practice.models import EvidenceStage, LibraryEntry, LibraryState, Outcome, Strand

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
            values = [v for v in values if whole(v, maximum=9999) is not None]
        if not values:
            continue
        chosen[facet.key] = values
        if facet.key in MANY:
            # A semi-join on the link table: no duplicate rows, so no DISTINCT over the library.
            link, target = facet.field.split("__")
            linked = (
                getattr(LibraryEntry, link)
                .through.objects.filter(**{f"{link[:-1]}__{target}__in": values})
                .values("libraryentry_id")
            )
            entries = entries.filter(pk__in=linked)
        else:
            entries = entries.filter(**{f"{facet.field}__in": values})
    return entries, chosen


FTS = "practice_libraryentry_fts"


def _with_words(entries, query, terms):
    """Entries matching the words, with a `rank`, and the ordering that puts the best first."""
    if connection.vendor == "postgresql":
        search_query = SearchQuery(query, search_type="websearch", config="english")
        ranked = entries.filter(search_vector=search_query).annotate(
            rank=SearchRank(F("rank_vector"), search_query)
        )
        return ranked, ("-rank", "-published_at", "-pk")
    expression = " AND ".join('"' + term.replace('"', '""') + '"*' for term in terms)
    ranked = entries.extra(  # noqa: S610 (constant SQL; the words are a bound parameter)
        tables=[FTS],
        where=[f"{FTS}.rowid = practice_libraryentry.id", f"{FTS} MATCH %s"],
        params=[expression],
        select={"rank": f"bm25({FTS}, 10.0, 3.0, 1.0)"},  # lower is better
    )
    return ranked, ("rank", "-published_at", "-pk")


def matching(params):
    """Entries matching the filters and the words, best first (newest first without words),
    for exports and the API."""
    query = (params.get("q") or "").strip()[:200]
    entries, _ = _filtered(params)
    terms = terms_of(query)
    if not terms:
        return entries.order_by("-published_at", "-pk")
    ranked, order = _with_words(entries, query, terms)
    return ranked.order_by(*order)


def query_of(params) -> str:
    """The words searched for, as the page shows them."""
    return (params.get("q") or "").strip()[:200]


def _page_asked(params) -> int:
    return whole(params.get("page", "1"), default=1, minimum=1)


def results_key(params) -> str:
    """A cache key for the library page's results as drawn for this query string (words,
    filters and page) at the library's current version."""
    return _key("practice:results", stamp(), params, min(_page_asked(params), 100_000), PAGE_SIZE)


def search(params) -> dict:
    """A page of results, the facet counts and the total for the query string's words and
    filters: the page's entries found with LIMIT and OFFSET in the database's order, and the
    counts counted in the database; both kept (as ids and numbers) until the library changes."""
    query = query_of(params)
    entries, chosen = _filtered(params)
    terms = terms_of(query)
    order: tuple[str, ...] = ("-published_at", "-pk")
    if terms:
        entries, order = _with_words(entries, query, terms)
    version = stamp()
    facets, total = facets_and_total(entries, chosen, params, version=version)
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(_page_asked(params), pages)
    results = []
    if total:
        key = _key("practice:page", version, params, page, PAGE_SIZE)
        window = slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE)
        ids = _kept_ids(key, lambda: entries.order_by(*order), window)
        results = _in_order(ids, _listed(LibraryEntry.objects.all()))
    return {
        "query": query,
        "results": results,
        "total": total,
        "page": page,
        "pages": pages,
        "facets": facets if total else [],
        "chosen": chosen,
    }


def _kept_ids(key: str, ordered, window: slice) -> list[int]:
    """The ids in `window` of the queryset `ordered()` makes, kept under `key` (which names
    the library's version) until the library changes."""
    return kept(key, lambda: list(ordered().values_list("pk", flat=True)[window]))


def _in_order(ids: list[int], entries) -> list[LibraryEntry]:
    """The entries with these ids, read afresh, in the ids' order (one that has just been
    removed is left out)."""
    by_id = {e.pk: e for e in entries.filter(pk__in=ids)}
    return [by_id[pk] for pk in ids if pk in by_id]


def versioned_key(kind: str, params) -> str:
    """A cache key for what the query string's words and filters give at the library's
    current version: whatever is kept under it is never read after the library changes."""
    return _key(kind, stamp(), params)


def stamp() -> str:
    """Changes whenever the library does (an entry published, republished or removed)."""
    return str(LibraryState.current())


def _key(kind: str, version: str, params, *extra) -> str:
    """A cache key for what the query string's words and filters give at this library version."""
    wanted = sorted((key, value) for key in ["q", *(f.key for f in FACETS)] for value in params.getlist(key))
    return f"{kind}:" + hashlib.sha256(f"{version}|{wanted}|{extra}".encode()).hexdigest()


def facets_and_total(entries, chosen, params, version: str | None = None) -> tuple[list[dict], int]:
    """The facet counts and how many entries match (every entry has exactly one evidence stage,
    so the stage counts add up to it), kept until the library next changes."""

    def count():
        facets = _facets(_tally(entries.order_by().values("facet_keys")), chosen)
        stages = next(f for f in facets if f["key"] == "stage")
        return (facets, sum(option["count"] for option in stages["options"]))

    facets, total = kept(_key("practice:facets", version or stamp(), params), count)
    # Which options are ticked belongs to this request, not to the cached counts.
    return [
        {
            **facet,
            "options": [
                {**o, "chosen": o["value"] in chosen.get(facet["key"], [])} for o in facet["options"]
            ],
        }
        for facet in facets
    ], total


def linked(entries, *, strands: bool = False):
    """Entries with their force and region, and their actions' codes as `action_list` (and
    their strands as `strand_list`): plain lists, so a page of a hundred entries does not
    make two hundred querysets to hold what the prefetch read."""
    actions = LibraryEntry._meta.get_field("actions").related_model.objects.only(
        "code", "version", "sort_key"
    )
    wanted = [Prefetch("actions", queryset=actions, to_attr="action_list")]
    if strands:
        wanted.append(
            Prefetch("strands", queryset=Strand.objects.only("slug", "name"), to_attr="strand_list")
        )
    return entries.select_related("organisation", "region").prefetch_related(*wanted)


# What a list of results shows: leaving out the long texts and the search vectors keeps the
# rows PostgreSQL sorts narrow.
LISTED = (
    "title",
    "summary",
    "evidence_stage",
    "outcome",
    "published_at",
    "organisation__name",
    "organisation__welsh_name",
    "region__name",
)


def _listed(entries):
    return linked(entries).only(*LISTED)


def _facets(tally: Counter, chosen) -> list[dict]:
    """For each facet: its values with how many of the matching entries have each, from the
    tally of the entries' facet keys."""
    counts: dict[str, dict] = {facet.key: {} for facet in FACETS}
    for key, n in tally.items():
        name, _, value = key.partition(":")
        if name in counts and value:
            counts[name][int(value) if name in _BY_ID else value] = n
    labels = _labels(counts)
    facets = []
    for facet in FACETS:
        options = []
        for key, n in counts[facet.key].items():
            value, label = labels[facet.key](key)
            options.append(
                {
                    "value": str(value),
                    "label": label,
                    "count": n,
                    "chosen": str(value) in chosen.get(facet.key, []),
                }
            )
        merged: dict[str, dict] = {}
        for option in options:  # an action or theme code in two versions of the plan counts once
            merged.setdefault(option["value"], {**option, "count": 0})["count"] += option["count"]
        options = sorted(
            merged.values(),
            key=lambda o: o["value"] if facet.key in ("action", "theme", "year") else o["label"],
        )
        if facet.key == "year":
            options.reverse()
        facets.append({"key": facet.key, "label": facet.label, "options": options})
    return facets


_BY_ID = {"action", "theme", "strand", "force", "region"}


def _tally(keys_query) -> Counter:
    """How many entries carry each facet key. PostgreSQL splits and counts in the database
    (about a hundred rows come back); elsewhere the keys are counted here."""
    if connection.vendor == "postgresql":
        sql, params = keys_query.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT key, COUNT(*) FROM ({sql}) AS entries, "  # noqa: S608 - Django-built SQL, parameters bound
                "unnest(string_to_array(entries.facet_keys, ' ')) AS key GROUP BY key",
                params,
            )
            return Counter(dict(cursor.fetchall()))
    return Counter(key for row in keys_query for key in row["facet_keys"].split())


def _labels(counts) -> dict:
    """Functions giving (value in the query string, label) for each facet's grouped key."""
    from framework.models import Action, Theme
    from organisations.models import Organisation, Region, name_in_page_language

    def pairs(model, ids, *fields):
        rows = model.objects.filter(pk__in=ids) if ids is not None else model.objects.all()
        return {pk: rest for pk, *rest in rows.values_list("pk", *fields)}

    actions = {
        pk: (code, f"{code} {title}")
        for pk, (code, title) in pairs(Action, counts["action"], "code", "title").items()
    }
    themes = {pk: tuple(v) for pk, v in pairs(Theme, counts["theme"], "code", "title").items()}
    strand_names = {pk: tuple(v) for pk, v in pairs(Strand, None, "slug", "name").items()}
    forces = {
        pk: (slug, name_in_page_language(name, welsh_name))
        for pk, (slug, name, welsh_name) in pairs(
            Organisation, counts["force"], "slug", "name", "welsh_name"
        ).items()
    }
    regions = {pk: tuple(v) for pk, v in pairs(Region, counts["region"], "slug", "name").items()}
    return {
        "action": actions.__getitem__,
        "theme": themes.__getitem__,
        "strand": strand_names.__getitem__,
        "stage": lambda key: (key, _CHOICE_LABELS["stage"].get(key, key)),
        "outcome": lambda key: (key, _CHOICE_LABELS["outcome"].get(key, key)),
        "force": forces.__getitem__,
        "region": regions.__getitem__,
        "year": lambda key: (key, str(key)),
    }


def entry_key(pk: int, signed_in: bool, version: str | None = None) -> str:
    """A cache key for an entry's page as drawn, at the library's current version (`version`,
    when the caller has read it already)."""
    return f"practice:entry-page:{version or stamp()}:{pk}:{int(signed_in)}"


def entry_with_links(pk: int, version: str | None = None) -> LibraryEntry | None:
    """One entry with everything its page shows, kept until the library next changes (a
    published entry changes only by being published again, which changes the version)."""
    found = kept(
        f"practice:entry:{version or stamp()}:{pk}",
        lambda: (
            (
                LibraryEntry.objects.select_related("organisation", "region", "call", "example")
                .prefetch_related(
                    "strands",
                    Prefetch("actions", queryset=Action.objects.select_related("version__framework")),
                    Prefetch("objectives", queryset=Objective.objects.select_related("action")),
                    "themes",
                )
                .filter(pk=pk)
                .first()
            )
            or "missing"
        ),
    )
    return None if found == "missing" else found


def related(entry: LibraryEntry, limit: int = 5, version: str | None = None) -> list[LibraryEntry]:
    """Other published examples on the same actions or strands, newest first. Which ones is
    kept (as ids) until the library next changes; the entries themselves are read afresh."""
    key = f"practice:related:{version or stamp()}:{entry.pk}:{limit}"

    def ordered():
        actions = LibraryEntry.actions.through.objects.filter(action__in=entry.actions.all())
        strands = LibraryEntry.strands.through.objects.filter(strand__in=entry.strands.all())
        same_action, same_strand = actions.values("libraryentry_id"), strands.values("libraryentry_id")
        return (
            LibraryEntry.objects.filter(Q(pk__in=same_action) | Q(pk__in=same_strand))
            .exclude(pk=entry.pk)
            .order_by("-published_at", "-pk")
        )

    return _in_order(_kept_ids(key, ordered, slice(0, limit)), _listed(LibraryEntry.objects.all()))


def strands() -> list[Strand]:
    return list(Strand.objects.all())
