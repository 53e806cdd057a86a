"""Finding help: for each action where a force's latest benchmarking return shows a gap, the
published practice on that action and the forces rated highly on it that said they can share
knowledge, with the contacts they gave.

Other forces' ratings come only from the latest published exercise (their returns are not
otherwise visible to other forces), only from returns the force submitted, and only forces that
chose to be named to other forces, said they can share and gave a contact."""

from django.db.models import Max

from impact.selectors import latest_ratings
from practice.models import LibraryEntry

PER_ACTION = 10


def _sharers(codes, organisation):
    from benchmarking.models import Answer, Exercise, Return

    exercise = (
        Exercise.objects.filter(status=Exercise.Status.PUBLISHED).order_by("-published_at", "-pk").first()
    )
    if exercise is None:
        return None, {}
    top = exercise.rating_levels.aggregate(top=Max("value"))["top"] or 0
    answers = (
        Answer.objects.filter(
            return_record__exercise=exercise,
            action__code__in=codes,
            can_share=True,
            rating__gte=max(1, top - 1),
            # Only what the force submitted, and only forces that chose to be named.
            return_record__status__in=(Return.Status.SUBMITTED, Return.Status.ACCEPTED),
            return_record__share_name=True,
        )
        .exclude(share_contact="")
        .exclude(return_record__organisation=organisation)
        .select_related("return_record__organisation", "action")
        .order_by("action__sort_key", "-rating", "return_record__organisation__name")
    )
    found: dict[str, list] = {}
    for answer in answers:
        found.setdefault(answer.action.code, []).append(answer)
    return exercise, found


def for_force(organisation) -> dict:
    record, ratings = latest_ratings(organisation)
    gaps = [code for code, rating in ratings.items() if rating["gap"]]
    exercise, sharers = _sharers(gaps, organisation) if gaps else (None, {})
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
                "sharers": sharers.get(code, []),
            }
            for code in sorted(gaps)
        ],
    }
