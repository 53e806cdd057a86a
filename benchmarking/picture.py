"""The national picture of an exercise: counts of promising practice and gaps per action,
the rating distribution, response tracking, and a heatmap of forces x actions.

Computed from one query of plain values (no model instances per answer), so its cost does
not grow with the number of queries as forces and actions are added. Only returned
(submitted or accepted) returns count.
"""

import hashlib
import hmac
from collections import Counter, defaultdict
from statistics import mean

from django.db.models import Max
from django.utils.translation import gettext

from benchmarking.models import Answer, Exercise, KeyFinding, Return
from core import charts
from core.cache import kept, stamp_of
from organisations.models import name_in_page_language

COUNTED = (Return.Status.SUBMITTED, Return.Status.ACCEPTED)


def stamp(exercise: Exercise) -> str:
    """Changes whenever any answer or return of the exercise changes (every answer's save
    moves its return's saved time: benchmarking.signals)."""
    latest = Return.objects.filter(exercise_id=exercise.pk).aggregate(returns=Max("updated_at"))
    return f"{exercise.pk}:{exercise.status}:{latest['returns']}"


def pseudonyms(exercise: Exercise, organisation_ids) -> dict[int, str]:
    """Stable labels for forces that are not named, in an order nobody can reproduce: a keyed
    hash under the exercise's own secret, so knowing the ids (which follow the content file's
    order) does not reveal who "Force 7" is."""
    secret = exercise.pseudonym_key.encode()
    ordered = sorted(
        organisation_ids, key=lambda pk: hmac.new(secret, str(pk).encode(), hashlib.sha256).hexdigest()
    )
    return {pk: f"Force {i}" for i, pk in enumerate(ordered, 1)}


def version(exercise: Exercise) -> str:
    """A short name for stamp(): the version of the picture's data."""
    return hashlib.sha256(stamp(exercise).encode()).hexdigest()


def findings_stamp(exercise: Exercise) -> str:
    """Changes whenever any of the exercise's key findings is written or removed."""
    return stamp_of(KeyFinding.objects.filter(exercise_id=exercise.pk), "updated_at")


def build(exercise: Exercise, current: str | None = None) -> dict:
    """The picture with every force named; `for_viewer` decides what each person sees.
    `current` is its version (version()), when the caller has read it already."""
    current = current or version(exercise)
    return kept("picture:" + current, lambda: _built(exercise, current), local=True)


def _built(exercise: Exercise, version: str) -> dict:
    actions = list(exercise.actions.order_by("sort_key").values("id", "code", "title"))
    levels = list(exercise.rating_levels.values_list("value", "label"))
    returns = list(
        exercise.returns.order_by().values(
            "id",
            "status",
            "share_name",
            "organisation_id",
            "organisation__name",
            "organisation__welsh_name",
            "organisation__region__name",
        )
    )
    counted = {r["id"] for r in returns if r["status"] in COUNTED}
    rows = (
        Answer.objects.filter(return_record_id__in=counted)
        .order_by()
        .values(
            "return_record_id",
            "action_id",
            "rating",
            "national_rating",
            "promising_practice",
            "sees_gap",
            "reviewer_sees_gap",
        )
    )
    # Per force and action: the (mean) rating and the flags of its answers.
    cells: dict[tuple[int, int], dict] = defaultdict(
        lambda: {"ratings": [], "promising": False, "self": False, "reviewer": False}
    )
    for row in rows:
        cell = cells[(row["return_record_id"], row["action_id"])]
        if row["rating"] is not None:
            cell["ratings"].append(row["rating"])
        cell["promising"] |= row["promising_practice"]
        cell["self"] |= bool(row["sees_gap"])
        cell["reviewer"] |= row["reviewer_sees_gap"]
    # A force's rating of an action: the mean of its answers' ratings (one per objective when
    # answered by objective), to the nearest whole level; None when none is rated.
    for cell in cells.values():
        cell["rating"] = round(sum(cell["ratings"]) / len(cell["ratings"])) if cell["ratings"] else None
    by_return = {r["id"]: r for r in returns}
    per_action = []
    for action in actions:
        distribution = Counter()
        promising = set()
        gaps = {"self": set(), "reviewer": set(), "both": set()}
        ratings = []
        for return_id in counted:
            cell = cells.get((return_id, action["id"]))
            if cell is None:
                continue
            if cell["rating"] is not None:
                distribution[cell["rating"]] += 1
                ratings.append(cell["rating"])
            if cell["promising"]:
                promising.add(return_id)
            if cell["self"] and cell["reviewer"]:
                gaps["both"].add(return_id)
            elif cell["self"]:
                gaps["self"].add(return_id)
            elif cell["reviewer"]:
                gaps["reviewer"].add(return_id)
        per_action.append(
            {
                **action,
                "distribution": [distribution.get(value, 0) for value, _unused in levels],
                "promising": len(promising),
                "gap_self": len(gaps["self"]),
                "gap_reviewer": len(gaps["reviewer"]),
                "gap_both": len(gaps["both"]),
                "gaps": sum(len(g) for g in gaps.values()),
                "mean": round(sum(ratings) / len(ratings), 1) if ratings else None,
            }
        )
    heatmap = []
    for record in sorted(returns, key=lambda r: r["organisation__name"]):
        heatmap.append(
            {
                "return_id": record["id"],
                "organisation_id": record["organisation_id"],
                "name": record["organisation__name"],
                "welsh_name": record["organisation__welsh_name"],
                "region": record["organisation__region__name"] or "",
                "share_name": record["share_name"],
                "counted": record["id"] in counted,
                "ratings": [
                    cells[(record["id"], a["id"])]["rating"] if (record["id"], a["id"]) in cells else None
                    for a in actions
                ],
            }
        )
    picture = {
        "version": version,  # keys the page's cached fragments
        "levels": levels,
        "actions": per_action,
        "heatmap": heatmap,
        "returned": len(counted),
        "total": len(returns),
        "previous": _previous_means(exercise),
        "by_return": {k: {"region": v["organisation__region__name"]} for k, v in by_return.items()},
    }
    for row in per_action:
        before = picture["previous"].get(row["code"])
        row["change"] = (
            round(row["mean"] - before, 1) if before is not None and row["mean"] is not None else None
        )
    picture["has_chart"] = any(any(a["distribution"]) for a in per_action)
    return picture


def chart_svg(exercise: Exercise) -> str | None:
    """The rating chart as SVG, built on its own request so the page never waits for it."""

    def drawn() -> str:
        data = build(exercise)
        return _chart(data["actions"], data["levels"]) or ""

    return kept("picture-chart:" + version(exercise), drawn) or None


def _previous_means(exercise: Exercise) -> dict[str, float]:
    if exercise.previous_id is None:
        return {}
    rows = (
        Answer.objects.filter(
            return_record__exercise_id=exercise.previous_id,
            return_record__status__in=COUNTED,
            rating__isnull=False,
        )
        .order_by()
        .values_list("action__code", "rating")
    )
    ratings = defaultdict(list)
    for code, rating in rows:
        ratings[code].append(rating)
    return {code: round(mean(values), 1) for code, values in ratings.items()}


def for_viewer(picture: dict, exercise: Exercise, *, national: bool, organisation_ids: set[int]) -> dict:
    """Names every force for the national team; for a force, its own row and forces that
    chose to be named, and pseudonyms for the rest."""
    names = pseudonyms(exercise, [row["organisation_id"] for row in picture["heatmap"]])
    rows = []
    for row in picture["heatmap"]:
        shown = national or row["organisation_id"] in organisation_ids or row["share_name"]
        rows.append(
            {
                **row,
                "label": (
                    name_in_page_language(row["name"], row.get("welsh_name", ""))
                    if shown
                    else names[row["organisation_id"]]
                ),
                "own": row["organisation_id"] in organisation_ids,
                "region": row["region"] if shown else "",
            }
        )
    if not national:
        # Your own first, then the named forces by name, then the others as people count them
        # (Force 2 before Force 10).
        rows.sort(key=lambda r: (not r["own"], not (r["share_name"] or r["own"]), natural(r["label"])))
    return {**picture, "heatmap": rows}


def natural(label: str) -> tuple:
    """A sort key that reads the numbers in a label as numbers: "Force 2" before "Force 10"."""
    import re

    return tuple(int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", label))


def _chart(per_action, levels) -> str | None:
    """How many forces gave each rating, per action, as stacked bars (core.charts)."""
    return charts.distribution(
        [(a["code"], list(a["distribution"])) for a in per_action],
        [f"{value} {label}" for value, label in levels],
        title=gettext("Ratings given by forces, per action"),
        unit=gettext("Forces"),
    )


def force_report(
    picture: dict, record: Return, answers: list[Answer], similar_ids: frozenset = frozenset()
) -> list[dict]:
    """Per action: the force's rating against the national and regional distributions and
    that of its most similar forces."""
    region = picture["by_return"].get(record.pk, {}).get("region")
    regional_returns = {
        rid for rid, info in picture["by_return"].items() if region and info["region"] == region
    }
    index = {a["id"]: i for i, a in enumerate(picture["actions"])}
    regional = defaultdict(Counter)
    similar = defaultdict(Counter)
    for row in picture["heatmap"]:
        if not row["counted"]:
            continue
        for action, rating in zip(picture["actions"], row["ratings"], strict=True):
            if rating is None:
                continue
            if row["return_id"] in regional_returns:
                regional[action["id"]][rating] += 1
            if row["organisation_id"] in similar_ids:
                similar[action["id"]][rating] += 1
    own = next((row for row in picture["heatmap"] if row["return_id"] == record.pk), None)
    report = []
    for action in picture["actions"]:
        mine = [a for a in answers if a.action_id == action["id"]]
        reviewed = [a.national_rating for a in mine if a.national_rating is not None]
        report.append(
            {
                **action,
                "rating": own["ratings"][index[action["id"]]] if own else None,
                "national_rating": round(mean(reviewed)) if reviewed else None,
                "regional": [regional[action["id"]].get(value, 0) for value, _unused in picture["levels"]],
                "similar": [similar[action["id"]].get(value, 0) for value, _unused in picture["levels"]]
                if similar_ids
                else None,
                "answers": mine,
                "promising_practice": any(a.promising_practice for a in mine),
                "gap": next((a.gap_label for a in mine if a.gap), ""),
            }
        )
    return report


def _group(name: str, ratings: list[int], levels) -> dict:
    counts = Counter(ratings)
    return {
        "name": name,
        "count": len(ratings),
        "distribution": [counts.get(value, 0) for value, _unused in levels],
        "mean": round(mean(ratings), 1) if ratings else None,
    }


def comparison(
    picture: dict,
    record: Return,
    code: str,
    similar_ids: set[int],
    *,
    national: bool,
    organisation_ids: set[int],
) -> dict | None:
    """One action of a published exercise, a force beside its peers: its rating; the
    distributions of its region, its most similar forces and every force that returned; and
    the "ski slope" of every force's rating, its own marked and the rest named only as
    for_viewer allows. None when the exercise did not ask about the action."""
    index = next((i for i, a in enumerate(picture["actions"]) if a["code"] == code), None)
    if index is None:
        return None
    levels = picture["levels"]
    counted = [row for row in picture["heatmap"] if row["counted"] and row["ratings"][index] is not None]
    own = next((row for row in picture["heatmap"] if row["return_id"] == record.pk), None)
    rating = own["ratings"][index] if own and own["counted"] else None
    region = own["region"] if own else ""
    groups = [
        _group(
            "Your region" + (f" ({region})" if region else ""),
            [r["ratings"][index] for r in counted if region and r["region"] == region],
            levels,
        ),
        _group(
            "Your most similar forces",
            [r["ratings"][index] for r in counted if r["organisation_id"] in similar_ids],
            levels,
        ),
        _group("Every force", [r["ratings"][index] for r in counted], levels),
    ]
    shown = for_viewer(picture, record.exercise, national=national, organisation_ids=organisation_ids)
    slope = sorted(
        (
            {"label": row["label"], "rating": row["ratings"][index], "own": row["return_id"] == record.pk}
            for row in shown["heatmap"]
            if row["counted"] and row["ratings"][index] is not None
        ),
        key=lambda r: (-r["rating"], not r["own"], natural(r["label"])),
    )
    for place, row in enumerate(slope, start=1):
        row["place"] = place
    return {
        "action": picture["actions"][index],
        "levels": levels,
        "rating": rating,
        "groups": groups,
        "slope": slope,
    }


def comparison_charts(compared: dict, force_name: str, trend: list[dict]) -> dict[str, str | None]:
    """The comparison's charts as SVG, by name: `groups` (the force beside its region, its most
    similar forces and every force), `slope` (every force, highest first) and `trend` (the
    force's rating in each published exercise beside the national mean)."""
    code = compared["action"]["code"]
    levels = compared["levels"]
    one_hot = [1 if value == compared["rating"] else 0 for value, _unused in levels]
    groups = charts.distribution(
        [(force_name, one_hot)] + [(g["name"], g["distribution"]) for g in compared["groups"]],
        [f"{value} {label}" for value, label in levels],
        title=gettext("{code}: {name} beside its region, its most similar forces and every force").format(
            code=code, name=force_name
        ),
        unit=gettext("Forces"),
    )
    slope = charts.ranked(
        [(r["label"], r["rating"], r["own"]) for r in compared["slope"]],
        title=gettext("{code}: every force's rating, highest first").format(code=code),
        unit=gettext("Rating"),
        top_value=max((value for value, _unused in levels), default=5),
    )
    rated = [t for t in trend if t["own"] is not None]
    line = charts.trend(
        [(t["label"], t["own"]) for t in rated],
        title=gettext("{code}: {name}'s rating in each published exercise").format(
            code=code, name=force_name
        ),
        unit=gettext("Rating"),
        label=force_name,
        compare=(gettext("Mean of every force"), [t["national_mean"] for t in rated]),
        low_high=(1, max((value for value, _unused in levels), default=5)),
    )
    return {"groups": groups, "slope": slope, "trend": line}
