"""Reads of the case review repository, and the only things other apps may import.

Forces read published learning only: every read here for people outside the national team
starts from `published_points()`. Searching: PostgreSQL matches websearch syntax against the
GIN-indexed vector of each point's words (English stemming) and ranks by it; SQLite matches
through its FTS5 index (migration 0002: every word, or a longer word starting with it) and
ranks by BM25. Facet counts are one GROUP BY each in the database, whatever the size."""

import hashlib
import re
from collections import Counter
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Count, F, Prefetch
from django.db.models.expressions import RawSQL
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from casereviews import rules
from casereviews.models import (
    Briefing,
    CaseReview,
    Coding,
    LearningPoint,
    LearningState,
    LearningTheme,
    ReviewType,
)
from core.cache import kept
from core.params import whole

PAGE_SIZE = 20
FTS = "casereviews_learningpoint_fts"


@dataclass(frozen=True)
class Facet:
    key: str  # the query-string parameter
    label: str | Promise
    field: str  # a column of LearningPoint, or "link__field" across a many-to-many link
    many: bool = False


FACETS = [
    Facet("type", _("Type of review"), "review_kind"),
    Facet("year", _("Year published"), "year"),
    Facet("action", _("Action"), "actions__code", many=True),
    Facet("perennial", _("Perennial issue"), "perennial_issues__slug", many=True),
    Facet("theme", _("Theme"), "themes__pk", many=True),
    Facet("stage", _("Practice stage"), "stage"),
    Facet("kind", _("Kind of learning"), "kind"),
]
_CHOICES = {
    "type": dict(ReviewType.choices),
    "stage": dict(LearningPoint.Stage.choices),
    "kind": dict(LearningPoint.Kind.choices),
}


def published_points():
    return LearningPoint.objects.filter(published=True)


def terms_of(query: str) -> list[str]:
    return [t for t in re.findall(r"\w[\w'-]*", query.lower()) if len(t) > 1][:10]


# Each many-to-many link of a point, and the name its link table gives the other side.
LINKS = {"actions": "action", "perennial_issues": "perennialissue", "themes": "learningtheme"}


def _through(facet: Facet):
    """The facet's link table, and the path from it to the value the facet filters by."""
    link, target = facet.field.split("__")
    return getattr(LearningPoint, link).through, f"{LINKS[link]}__{target}", link


def _linked(facet: Facet, values):
    """The ids of points linked to any of `values` across the facet's many-to-many link."""
    through, path, _field = _through(facet)
    return through.objects.filter(**{f"{path}__in": values}).values("learningpoint_id")


def filtered(params, points=None):
    """Points matching the query string's filters (each facet: any of its values) and words,
    with the filters chosen. Words are matched, not yet ranked (`ranked` orders them)."""
    points = published_points() if points is None else points
    chosen: dict[str, list[str]] = {}
    for facet in FACETS:
        values = [str(v) for v in params.getlist(facet.key) if v][:20]
        if facet.key in ("year", "theme"):
            values = [v for v in values if whole(v, maximum=99999999) is not None]
        if not values:
            continue
        chosen[facet.key] = values
        if facet.many:
            points = points.filter(pk__in=_linked(facet, values))
        else:
            points = points.filter(**{f"{facet.field}__in": values})
    terms = terms_of(query_of(params))
    if terms:
        if connection.vendor == "postgresql":
            points = points.filter(search_vector=_pg_query(params))
        else:
            matches = f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s"  # noqa: S608 (constant SQL; the words bound)
            points = points.filter(pk__in=RawSQL(matches, [_fts_expression(terms)]))  # noqa: S611
    return points, chosen


def _pg_query(params):
    return SearchQuery(query_of(params), search_type="websearch", config="english")


def _fts_expression(terms: list[str]) -> str:
    return " AND ".join('"' + term.replace('"', '""') + '"*' for term in terms)


def ranked(points, params):
    """The points best first when words were searched for, newest first otherwise."""
    terms = terms_of(query_of(params))
    if not terms:
        return points.order_by("-year", "-pk")
    if connection.vendor == "postgresql":
        return points.annotate(rank=SearchRank(F("search_vector"), _pg_query(params))).order_by(
            "-rank", "-year", "-pk"
        )
    return points.extra(  # noqa: S610 (constant SQL; the words are a bound parameter)
        tables=[FTS],
        where=[f"{FTS}.rowid = casereviews_learningpoint.id", f"{FTS} MATCH %s"],
        params=[_fts_expression(terms)],
        select={"rank": f"bm25({FTS})"},  # lower is better
    ).order_by("rank", "-year", "-pk")


def query_of(params) -> str:
    return (params.get("q") or "").strip()[:200]


def listed(points):
    """Points with what a list of them shows: the review, and the codes."""
    return points.select_related("review").prefetch_related(
        Prefetch("actions", queryset=_actions()),
        "perennial_issues",
        "themes",
    )


def _actions():
    from framework.models import Action

    return Action.objects.only("pk", "code", "title", "welsh", "sort_key", "version_id").order_by("sort_key")


def _key(kind: str, version: int, *parts) -> str:
    """A cache key naming the repository's version and what was asked."""
    asked = hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()[:32]
    return f"casereviews:{kind}:{version}:{asked}"


def search(params) -> dict:
    """A page of published learning, the facet counts and the total, for the query string's
    words and filters. The counts and each page's ids are kept until the published learning or
    the theme list changes (LearningState)."""
    points, chosen = filtered(params)
    asked = params.copy()
    asked.pop("page", None)
    version = LearningState.current()

    def counted_now():
        n = points.count()
        return n, facets(points, chosen) if n else []

    total, counted = kept(_key("facets", version, asked.urlencode()), counted_now)
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(whole(params.get("page", "1"), default=1, minimum=1), pages)
    results = []
    if total:
        window = slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE)
        ids = kept(
            _key("page", version, asked.urlencode(), page),
            lambda: list(ranked(points, params).values_list("pk", flat=True)[window]),
        )
        found = {p.pk: p for p in listed(LearningPoint.objects.filter(pk__in=ids))}
        results = [found[i] for i in ids if i in found]
    return {
        "query": query_of(params),
        "results": results,
        "total": total,
        "page": page,
        "pages": pages,
        "facets": counted,
        "chosen": chosen,
    }


def facets(points, chosen) -> list[dict]:
    """For each facet, its values among the matching points with how many carry each."""
    found = []
    ids = points.values("pk")
    for facet in FACETS:
        if facet.many:
            through, path, link = _through(facet)
            label = {"actions": "title", "perennial_issues": "name", "themes": "name"}[link]
            rows = (
                through.objects.filter(learningpoint_id__in=ids)
                .values(value=F(path), label=F(f"{LINKS[link]}__{label}"))
                .annotate(n=Count("*"))  # a point is linked to a code once
            )
            merged: dict[str, dict] = {}
            for row in rows:  # an action in two versions of the plan counts once
                entry = merged.setdefault(str(row["value"]), {"label": row["label"], "count": 0})
                entry["count"] += row["n"]
            options = [(v, e["label"], e["count"]) for v, e in merged.items()]
            if facet.key == "action":
                options = [(v, f"{v} {label}", n) for v, label, n in options]
        else:
            rows = points.order_by().values(facet.field).annotate(n=Count("pk"))
            names = _CHOICES.get(facet.key, {})
            options = [
                (str(r[facet.field]), names.get(r[facet.field], str(r[facet.field])), r["n"]) for r in rows
            ]
        if facet.key in ("action", "year"):
            options.sort(key=lambda o: _code_key(o[0]), reverse=facet.key == "year")
        else:
            options.sort(key=lambda o: (-o[2], o[1]))
        found.append(
            {
                "key": facet.key,
                "label": facet.label,
                "options": [
                    {"value": v, "label": label, "count": n, "chosen": v in chosen.get(facet.key, [])}
                    for v, label, n in options
                ],
            }
        )
    return found


def _code_key(code: str):
    return [int(p) if p.isdigit() else p for p in re.split(r"[.]", code)]


# What case reviews tell us on an action's page: a fixed number of queries, whatever the size.
def on_action(code: str, *, recent: int = 5, top: int = 5) -> dict:
    """Published learning coded to the action: how much, from how many reviews, the most frequent
    themes, and the most recent points; kept until the published learning changes."""
    return kept(
        _key("action", LearningState.current(), code, recent, top), lambda: _on_action(code, recent, top)
    )


def _on_action(code: str, recent: int, top: int) -> dict:
    linked = LearningPoint.actions.through.objects.filter(action__code=code).values("learningpoint_id")
    points = published_points().filter(pk__in=linked)
    totals = points.aggregate(points=Count("pk"), reviews=Count("review_id", distinct=True))
    if not totals["points"]:
        return {"points": 0}  # kept as such: an action without learning costs one read
    themes = list(
        LearningPoint.themes.through.objects.filter(learningpoint_id__in=points.values("pk"))
        .values(name=F("learningtheme__name"))
        .annotate(n=Count("learningpoint_id"))
        .order_by("-n", "name")[:top]
    )
    kinds = dict(points.order_by().values_list("kind").annotate(n=Count("pk")))
    latest = list(points.select_related("review").order_by("-review__published_on", "-pk")[:recent])
    return {"code": code, **totals, "themes": themes, "kinds": kinds, "recent": latest}


def analysis() -> dict:
    """Published learning by action and by theme, year by year (the meta-analysis view); kept
    until the published learning changes."""
    return kept(_key("analysis", LearningState.current()), _analysis)


def _analysis() -> dict:
    points = published_points()
    years = sorted(set(points.order_by().values_list("year", flat=True).distinct()))
    by_action: dict[str, Counter] = {}
    titles: dict[str, str] = {}
    for row in (
        LearningPoint.actions.through.objects.filter(learningpoint__published=True)
        .values(code=F("action__code"), title=F("action__title"), year=F("learningpoint__year"))
        .annotate(n=Count("learningpoint_id"))
    ):
        by_action.setdefault(row["code"], Counter())[row["year"]] += row["n"]
        titles.setdefault(row["code"], row["title"])
    by_theme: dict[str, Counter] = {}
    for row in (
        LearningPoint.themes.through.objects.filter(learningpoint__published=True)
        .values(name=F("learningtheme__name"), year=F("learningpoint__year"))
        .annotate(n=Count("learningpoint_id"))
    ):
        by_theme.setdefault(row["name"], Counter())[row["year"]] += row["n"]
    by_kind: dict[str, Counter] = {}
    for row in points.order_by().values("kind", "year").annotate(n=Count("pk")):
        by_kind.setdefault(row["kind"], Counter())[row["year"]] += row["n"]
    return {
        "years": years,
        "actions": [
            {
                "code": c,
                "title": titles[c],
                "by_year": [by_action[c][y] for y in years],
                "total": sum(by_action[c].values()),
            }
            for c in sorted(by_action, key=_code_key)
        ],
        "themes": sorted(
            (
                {"name": n, "by_year": [by_theme[n][y] for y in years], "total": sum(by_theme[n].values())}
                for n in by_theme
            ),
            key=lambda t: (-t["total"], t["name"]),
        ),
        "kinds": [
            {"label": label, "by_year": [by_kind.get(k, Counter())[y] for y in years]}
            for k, label in LearningPoint.Kind.choices
        ],
        "reviews": published_points().values("review_id").distinct().count(),
        "points": points.count(),
    }


def briefing_learning(briefing: Briefing):
    """The published learning a briefing draws on: reviews published in its period, of its types,
    coded to its actions and themes (each filter: any of its values; none: all)."""
    points = published_points().filter(
        review__published_on__gte=briefing.period_from, review__published_on__lte=briefing.period_to
    )
    if briefing.review_kinds:
        points = points.filter(review_kind__in=briefing.review_kinds)
    if briefing.action_codes:
        points = points.filter(
            pk__in=LearningPoint.actions.through.objects.filter(
                action__code__in=briefing.action_codes
            ).values("learningpoint_id")
        )
    theme_ids = [t.pk for t in briefing.themes.all()]
    if theme_ids:
        points = points.filter(
            pk__in=LearningPoint.themes.through.objects.filter(learningtheme_id__in=theme_ids).values(
                "learningpoint_id"
            )
        )
    return points


def briefing_counts(briefing: Briefing) -> dict:
    """How many reviews published in the briefing's period (of its types) were examined, included
    and screened out, and how many of each type were included."""
    reviews = CaseReview.objects.filter(
        published_on__gte=briefing.period_from, published_on__lte=briefing.period_to
    ).exclude(screening=CaseReview.Screening.TO_SCREEN)
    if briefing.review_kinds:
        reviews = reviews.filter(kind__in=briefing.review_kinds)
    rows = reviews.order_by().values("kind", "screening").annotate(n=Count("pk"))
    by_type: Counter = Counter()
    included = excluded = 0
    for row in rows:
        if row["screening"] == CaseReview.Screening.INCLUDED:
            included += row["n"]
            by_type[row["kind"]] += row["n"]
        else:
            excluded += row["n"]
    return {
        "examined": included + excluded,
        "included": included,
        "excluded": excluded,
        "by_type": [[k, by_type[k]] for k, _label in ReviewType.choices if by_type[k]],
    }


def briefing_points(briefing: Briefing) -> list[LearningPoint]:
    """A briefing's learning: fixed at publication; drawn live from its filters while a draft."""
    points = briefing.points.all() if briefing.is_published else briefing_learning(briefing)
    return list(listed(points).order_by("-review__published_on", "pk"))


def briefings_for(user, *, national: bool):
    briefings = Briefing.objects.all()
    if not national:
        briefings = briefings.filter(published_at__isnull=False)
    return briefings.annotate(n_responses=Count("responses"))


def reviews_list(params) -> dict:
    """Every recorded review for the national team, with how far each has gone."""
    reviews = (
        CaseReview.objects.select_related("force", "published_coding")
        .annotate(n_codings=Count("codings", distinct=True))
        .order_by("-published_on", "-pk")
    )
    screening = params.get("screening", "")
    if screening in CaseReview.Screening.values:
        reviews = reviews.filter(screening=screening)
    kind = params.get("type", "")
    if kind in ReviewType.values:
        reviews = reviews.filter(kind=kind)
    counts = dict(CaseReview.objects.order_by().values_list("screening").annotate(n=Count("pk")))
    return {"reviews": reviews, "screening": screening, "kind": kind, "counts": counts}


CODE_SETS = ("kind", "stage", "actions", "perennial_issues", "themes")
CODE_SET_NAMES = {
    "kind": _("Kind of learning"),
    "stage": _("Practice stage"),
    "actions": _("NVAP actions"),
    "perennial_issues": _("Perennial issues"),
    "themes": _("Themes"),
}


def codes_of(coding: Coding) -> dict[str, dict[str, str]]:
    """Every code a coder applied to the review, by code set: {code: label}."""
    found: dict[str, dict[str, str]] = {name: {} for name in CODE_SETS}
    points = coding.points.prefetch_related("actions", "perennial_issues", "themes")
    for point in points:
        found["kind"][point.kind] = point.get_kind_display()
        found["stage"][point.stage] = point.get_stage_display()
        for a in point.actions.all():
            found["actions"][a.code] = f"{a.code} {a.title}"
        for p in point.perennial_issues.all():
            found["perennial_issues"][p.slug] = p.name
        for t in point.themes.all():
            found["themes"][str(t.pk)] = t.name
    return found


def universe() -> dict[str, set[str]]:
    """Every code each code set offers (the plan's current actions and perennial issues, the
    themes in use): what both coders judged, yes or no."""
    from framework import selectors as plan

    version = plan.get_version("nvap")
    actions = set(version.actions.values_list("code", flat=True)) if version else set()
    perennial = set(version.perennial_issues.values_list("slug", flat=True)) if version else set()
    return {
        "kind": set(LearningPoint.Kind.values),
        "stage": set(LearningPoint.Stage.values),
        "actions": actions,
        "perennial_issues": perennial,
        "themes": {
            str(pk) for pk in LearningTheme.objects.filter(retired=False).values_list("pk", flat=True)
        },
    }


def agreement(first: Coding, second: Coding) -> list[dict]:
    """Per code set: the codes only one coder applied, the codes both did, and Cohen's kappa."""
    a, b = codes_of(first), codes_of(second)
    every = universe()
    found = []
    for name in CODE_SETS:
        mine, theirs = set(a[name]), set(b[name])
        result = rules.agreement(str(CODE_SET_NAMES[name]), mine, theirs, every[name])
        labels = {**a[name], **b[name]}
        found.append(
            {
                "result": result,
                "strength": rules.strength(result.kappa),
                "both": sorted(labels[c] for c in mine & theirs),
                "only_first": sorted(labels[c] for c in mine - theirs),
                "only_second": sorted(labels[c] for c in theirs - mine),
            }
        )
    return found


def needs_you(user, today) -> list:
    """What the repository needs of the person now: for the national team, reviews to screen and
    their own codings not marked done; for a force's writers, briefings of the last four months
    their force has not answered. Three queries at most."""
    from datetime import timedelta

    from django.urls import reverse

    from core.work import Item
    from organisations import access
    from organisations.roles import Can

    items: list[Item] = []
    if access.can(user, Can.CODE_CASE_REVIEWS):
        to_screen = CaseReview.objects.filter(screening=CaseReview.Screening.TO_SCREEN).count()
        if to_screen:
            items.append(
                Item(
                    f"Screen {to_screen} case review{'s' if to_screen != 1 else ''}",
                    reverse("casereviews:reviews") + "?screening=to_screen",
                )
            )
        for coding in Coding.objects.filter(
            coder=user, done_at__isnull=True, review__learning_published_at__isnull=True
        ).select_related("review"):
            items.append(
                Item(
                    f"Finish coding {coding.review}",
                    reverse("casereviews:coding", args=[coding.review_id]),
                    due=coding.started_at.date(),
                )
            )
    writes = [f for f in access.forces_of(user) if access.can_in(user, Can.WRITE_FORCE_WORK, f)]
    if writes:
        for briefing in Briefing.objects.filter(published_at__date__gte=today - timedelta(days=120)).exclude(
            responses__organisation_id__in=writes
        ):
            items.append(
                Item(
                    f"Record how your force has acted on the briefing {briefing.title}",
                    reverse("casereviews:briefing", args=[briefing.pk]),
                    due=briefing.published_at.date() if briefing.published_at else None,
                    tag=gettext("New briefing"),
                )
            )
    return items


def review_history(review: CaseReview) -> list[dict]:
    """Every change to the review's record, screening, subjects, learning and recommendations,
    newest first."""
    from casereviews.models import Recommendation, Subject
    from core.history import changes

    entries = changes(
        list(review.history.select_related("history_user")),
        {
            "kind": _("Type"),
            "nation": _("Nation"),
            "partnership": _("Commissioning partnership"),
            "published_on": _("Published"),
            "incident_on": _("Incident"),
            "report_url": _("Address"),
            "pseudonym": _("Pseudonym"),
            "summary": _("Summary"),
            "police_contact": _("Police contact"),
            "screening": _("Screening"),
            "exclusion_reason": _("Reason screened out"),
            "learning_published_at": _("Learning published"),
        },
        lambda r: _("The review"),
        {
            "kind": dict(ReviewType.choices),
            "screening": dict(CaseReview.Screening.choices),
            "police_contact": dict(CaseReview.Contact.choices),
            "nation": dict(CaseReview.Nation.choices),
        },
    )
    entries += changes(
        list(Subject.history.filter(review_id=review.pk).select_related("history_user")),
        {"age_band": _("Age"), "sex": _("Sex"), "ethnicity": _("Ethnicity")},
        lambda r: _("A subject"),
        {
            "age_band": dict(Subject.AgeBand.choices),
            "sex": dict(Subject.Sex.choices),
            "ethnicity": dict(Subject.Ethnicity.choices),
        },
    )
    entries += changes(
        list(LearningPoint.history.filter(review_id=review.pk).select_related("history_user")),
        {
            "text": _("Learning"),
            "page": _("Page"),
            "kind": _("Kind"),
            "stage": _("Stage"),
            "published": _("Published"),
        },
        lambda r: _("Learning: {text}").format(text=r.text[:60]),
        {"kind": dict(LearningPoint.Kind.choices), "stage": dict(LearningPoint.Stage.choices)},
    )
    entries += changes(
        list(Recommendation.history.filter(review_id=review.pk).select_related("history_user")),
        {"text": _("Recommendation"), "addressee": _("Addressed to")},
        lambda r: _("Recommendation: {text}").format(text=r.text[:60]),
        {"addressee": dict(Recommendation.Addressee.choices)},
    )
    return sorted(entries, key=lambda e: e["when"], reverse=True)


def briefing_history(briefing: Briefing) -> list[dict]:
    from core.history import changes

    return changes(
        list(briefing.history.select_related("history_user")),
        {
            "kind": _("Kind"),
            "title": _("Title"),
            "period_from": _("From"),
            "period_to": _("To"),
            "review_kinds": _("Types"),
            "action_codes": _("Actions"),
            "commentary": _("Commentary"),
            "published_at": _("Published"),
        },
        lambda r: _("The briefing"),
        {"kind": dict(Briefing.Kind.choices)},
    )


def response_history(response) -> list[dict]:
    from core.history import changes

    return changes(
        list(response.history.select_related("history_user")),
        {"text": _("What the force has done")},
        lambda r: _("The force's response"),
    )


def published_review(pk: int) -> dict | None:
    """A review whose learning is published, for other parts of the service to link to (the
    deaths repository links a death to its review): what it is, where its report is, and how
    many learning points it gave. None when there is no such published review."""
    review = CaseReview.objects.filter(pk=pk, learning_published_at__isnull=False).first()
    if review is None:
        return None
    return {"review": review, "points": LearningPoint.objects.filter(review=review, published=True).count()}
