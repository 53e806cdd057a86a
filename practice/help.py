"""Finding help: for each action where a force's latest benchmarking return shows a gap, the
published practice on that action and the forces rated highly on it that said they can share
knowledge, with the contacts they gave.

Other forces' ratings come only from the latest published exercise (their returns are not
otherwise visible to other forces), only from returns the force submitted, and only forces that
chose to be named to other forces, said they can share and gave a contact."""

from benchmarking.selectors import latest_ratings, sharers
from practice.models import LibraryEntry

PER_ACTION = 10


def for_force(organisation) -> dict:
    record, ratings = latest_ratings(organisation)
    gaps = [code for code, rating in ratings.items() if rating["gap"]]
    exercise, sharing = sharers(gaps, organisation) if gaps else (None, {})
    actions = {}
    if gaps:
        for entry in (
            LibraryEntry.objects.filter(actions__code__in=gaps)
            .select_related("organisation")
            .prefetch_related("actions")
            .order_by("-published_at", "-pk")
            .distinct()
        ):
            for action in entry.actions.all():
                if action.code in gaps and len(actions.setdefault(action.code, [])) < PER_ACTION:
                    actions[action.code].append(entry)
    from framework.models import Action

    titles = (
        dict(
            Action.objects.filter(code__in=gaps, version=record.exercise.version).values_list("code", "title")
        )
        if record
        else {}
    )
    return {
        "record": record,
        "exercise": exercise,
        "gaps": [
            {
                "code": code,
                "title": titles.get(code, ""),
                "rating": ratings[code],
                "entries": actions.get(code, []),
                "sharers": sharing.get(code, []),
            }
            for code in sorted(gaps)
        ],
    }
