"""Finding help: for each action where a force's latest benchmarking return shows a gap, the
published practice on that action and the forces rated highly on it; where nothing is
published, what the plan itself offers (the action sheet's "What are forces doing?" and the
toolkit's logic-model activities). Always a way to ask the national team.

Other forces' ratings come only from the latest published exercise (their returns are not
otherwise visible to other forces), only from returns the force submitted, and only forces that
chose to be named to other forces; contacts only where they said they can share and gave one."""

from benchmarking.selectors import latest_ratings, sharers
from framework import selectors as plan_selectors
from practice.models import HelpRequest, LibraryEntry

PER_ACTION = 10
RETURNED = ("submitted", "accepted")


def for_force(organisation) -> dict:
    record, ratings = latest_ratings(organisation)
    gaps = sorted(code for code, rating in ratings.items() if rating["gap"])
    exercise, highly = sharers(gaps, organisation, offering_only=False) if gaps else (None, {})
    # The newest published entries on each gap's action: one short query per gap (a plan has a
    # few dozen actions at most), each walking the library's newest-first index.
    actions: dict[str, list] = {}
    links = LibraryEntry.actions.through.objects
    for code in gaps:
        actions[code] = list(
            LibraryEntry.objects.filter(pk__in=links.filter(action__code=code).values("libraryentry_id"))
            .select_related("organisation")
            .order_by("-published_at", "-pk")[:PER_ACTION]
        )
    from framework.models import Action

    version = record.exercise.version if record else None  # (with its framework: see latest_return)
    titles = (
        dict(Action.objects.filter(code__in=gaps, version=version).values_list("code", "title"))
        if record
        else {}
    )
    # Only where nothing is published: what the plan itself says helps.
    bare = [code for code in gaps if not actions.get(code)]
    helps = plan_selectors.what_helps(version, bare) if bare and version else {}
    rows = []
    for code in gaps:
        named = highly.get(code, [])
        rows.append(
            {
                "code": code,
                "title": titles.get(code, ""),
                "rating": ratings[code],
                "entries": actions.get(code, []),
                "sharers": [a for a in named if a.can_share and a.share_contact.strip()],
                "rated_highly": [a for a in named if not (a.can_share and a.share_contact.strip())],
                "helps": helps.get(code),
            }
        )
    return {
        "record": record,
        "returned": bool(record) and record.status in RETURNED,
        "in_progress": bool(record) and record.exercise.status == "open" and record.status not in RETURNED,
        "exercise": exercise,
        "version": version,
        "gaps": rows,
        "requests": list(
            HelpRequest.objects.filter(organisation=organisation)
            .select_related("action", "asked_by")
            .order_by("-asked_at", "-pk")[:20]
        ),
    }
