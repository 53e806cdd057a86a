"""Reads of benchmarking, with their joins baked in: a page's query count stays fixed."""

import hashlib

from django.db.models import Count, Max, Min, Prefetch, Q
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import User
from benchmarking import access
from benchmarking.models import Answer, Exercise, Return, StandingPosition
from benchmarking.rules import REVIEW_FIELDS, review_is_visible
from core.cache import kept
from core.history import changes
from core.personal import names_version
from organisations.models import name_in_page_language


def exercises_for_national():
    """Every exercise, newest first, with how many returns it has and how many came back."""
    return (
        Exercise.objects.select_related("version__framework")
        .annotate(
            return_count=Count("returns"),
            submitted_count=Count(
                "returns", filter=Q(returns__status__in=[Return.Status.SUBMITTED, Return.Status.ACCEPTED])
            ),
        )
        .order_by("-opens_on", "-pk")  # a grouped query ignores the model's own ordering
    )


def returns_stamp(user=None) -> str:
    """Names the state of the returns of the user's forces (every return, for None): changes
    with any save of them or of their answers (benchmarking.signals)."""
    returns = (
        Return.objects.all()
        if user is None
        else Return.objects.filter(organisation_id__in=access.forces_of(user))
    )
    found = returns.aggregate(latest=Max("updated_at"), count=Count("pk"))
    return f"{found['latest'].isoformat() if found['latest'] else '-'}/{found['count']}"


def exercises_stamp() -> str:
    """Names what lists of exercises show of each (status, title, dates): a change to any
    exercise, or a new one, changes it."""
    shown = Exercise.objects.order_by("pk").values_list("pk", "status", "title", "opens_on", "closes_on")
    return hashlib.sha256(repr(list(shown)).encode()).hexdigest()


def returns_for_user(user):
    """The returns of the user's forces, newest exercise first (never a draft exercise)."""
    organisation_ids = access.forces_of(user)
    return (
        Return.objects.filter(organisation_id__in=organisation_ids)
        .exclude(exercise__status=Exercise.Status.DRAFT)
        .select_related("exercise", "organisation")
        .order_by("-exercise__opens_on", "organisation__name", "pk")
    )


def exercise_detail(pk) -> Exercise | None:
    return (
        Exercise.objects.filter(pk=pk)
        .select_related("version__framework", "created_by", "previous")
        .prefetch_related(
            "rating_levels",
            Prefetch("actions", queryset=exercise_actions()),
            Prefetch("returns", queryset=Return.objects.select_related("organisation__region")),
        )
        .first()
    )


def exercise_actions():
    from framework.models import Action

    return Action.objects.order_by("sort_key").only("code", "title", "welsh", "sort_key", "version_id")


def answers_of(record: Return) -> list[Answer]:
    return list(
        record.answers.select_related("action", "objective", "updated_by", "assigned_to").order_by(
            "action__sort_key", "objective__number"
        )
    )


def last_time(answer: Answer) -> dict | None:
    """What the force said on the same question in the latest exercise before this one (not a
    draft): the same objective, or the whole action; where that exercise asked at another
    grain, what it asked (the whole action, or each objective). None the first time."""
    exercise = answer.return_record.exercise
    earlier = list(
        Answer.objects.filter(
            return_record__organisation_id=answer.return_record.organisation_id,
            action__code=answer.action.code,
            return_record__exercise__opens_on__lt=exercise.opens_on,
        )
        .exclude(return_record__exercise__status=Exercise.Status.DRAFT)
        .select_related("return_record__exercise", "objective")
        .order_by("-return_record__exercise__opens_on", "-return_record__exercise_id", "objective__number")[
            :60
        ]
    )
    if not earlier:
        return None
    before = earlier[0].return_record.exercise
    found = [a for a in earlier if a.return_record.exercise_id == before.pk]

    def number_of(a: Answer) -> int | None:
        return a.objective.number if a.objective is not None else None

    number = number_of(answer)
    same = [a for a in found if number_of(a) == number]
    if same:
        found = same
    elif number is not None:
        found = [a for a in found if a.objective_id is None] or found
    levels = {level.value: level.label for level in before.rating_levels.all()}
    return {
        "exercise": before,
        "answers": [(a, levels.get(a.rating, "") if a.rating is not None else "") for a in found],
    }


def answers_to_check(record: Return) -> list[Answer]:
    """Every answer of the return with its action's theme, in the plan's order: the lead's
    check before signing off."""
    return list(
        record.answers.select_related("action__theme", "objective", "assigned_to").order_by(
            "action__sort_key", "objective__number"
        )
    )


def review_queue() -> list[Return]:
    return list(
        Return.objects.filter(status=Return.Status.SUBMITTED)
        .select_related("exercise", "organisation", "submitted_by")
        .order_by("submitted_at")
    )


def progress(answers: list[Answer]) -> dict:
    complete = sum(1 for a in answers if a.is_complete)
    return {
        "complete": complete,
        "total": len(answers),
        "percent": round(100 * complete / len(answers)) if answers else 0,
    }


FIELD_LABELS = {
    "rating": "Rating",
    "what_we_are_doing": "What are we doing?",
    "planned_activity": "Planned activity",
    "planned_by": "Target date",
    "potential_for_improvement": "Potential for improvement",
    "can_share": "Can share knowledge or skills",
    "share_contact": "Contact for sharing",
    "sees_gap": "Sees a gap",
    "national_rating": "National rating",
    "promising_practice": "Promising practice",
    "promising_practice_reason": "Why promising",
    "reviewer_sees_gap": "Reviewer sees a gap",
    "reviewer_comment": "Reviewer's comment",
    "assigned_to": "Assigned to",
}


# An answer's page shows its latest changes; the rest are a click away (the history of an
# answer grows with every save, for as long as the service runs).
LATEST_CHANGES = 5


def answer_history(answer, *, show_review: bool, everything: bool = False) -> dict:
    """The changes to an answer, newest first: who, when, and each field before and after
    (core.history), the latest LATEST_CHANGES unless `everything`. Changes to the national
    review are left out unless `show_review` (rules.review_is_visible). Returns the entries,
    how many saves there have been, and whether older ones were left out. Kept until the
    answer is next saved (every save, of any field, moves its saved time) or someone's name
    changes."""
    key = (
        f"answer-history:{answer.pk}:{answer.revision}:{answer.updated_at.isoformat()}:{names_version()}"
        f":{int(show_review)}:{int(everything)}"
    )
    return kept(key, lambda: _answer_history(answer, show_review, everything), local=True)


def _answer_history(answer, show_review: bool, everything: bool) -> dict:
    newest_first = answer.history.select_related("history_user").order_by("-history_date", "-history_id")
    # One record more than is shown: each change is read against the record before it.
    records = list(newest_first if everything else newest_first[: LATEST_CHANGES + 1])
    windowed = not everything and len(records) > LATEST_CHANGES
    people = {
        u.pk: u.full_name or u.email
        for u in User.objects.filter(pk__in={r.assigned_to_id for r in records if r.assigned_to_id})
    }
    fields = {f: label for f, label in FIELD_LABELS.items() if show_review or f not in REVIEW_FIELDS}
    entries = changes(records, fields, lambda r: _("This answer"), {"assigned_to": people})
    if windowed:
        entries = entries[:-1]  # the oldest record read only as the one before the next
    return {
        "entries": entries,
        "saves": answer.history.count() if windowed else len(records),
        "windowed": windowed,
    }


def my_answers(user) -> list[Answer]:
    """Answers assigned to the user in returns they can still change."""
    return list(
        Answer.objects.filter(
            assigned_to=user,
            # Only while they are still a member of the force.
            return_record__organisation__memberships__user=user,
            return_record__exercise__status=Exercise.Status.OPEN,
            return_record__status__in=[
                Return.Status.NOT_STARTED,
                Return.Status.IN_PROGRESS,
                Return.Status.RETURNED,
            ],
        )
        .select_related("action", "objective", "return_record__exercise", "return_record__organisation")
        .order_by("return_record__exercise__closes_on", "action__sort_key")
    )


def return_history(record) -> list[dict]:
    """Each change of a return's status, extension, comment or naming, newest first."""
    return changes(
        record.history.select_related("history_user"),
        {
            "status": _("Status"),
            "extension_until": _("Deadline extended to"),
            "reviewer_comment": _("Reviewer's comment"),
            "share_name": _("Named to other forces"),
        },
        lambda r: _("This return"),
        {"status": dict(Return.Status.choices)},
    )


def answer_for_user(user, pk) -> tuple[Answer, bool, bool]:
    """An answer for another app's page: the answer (or a 404, as benchmarking's own pages
    answer), whether the user writes its force's work, and whether the national review
    (ratings, flags) may be shown to them: a force learns of it only once the picture is
    published."""
    answer, can_edit = access.get_answer_for_user(user, pk)
    visible = review_is_visible(answer.return_record.exercise, national_team=access.is_national_team(user))
    return answer, can_edit, visible


def latest_return(organisation) -> Return | None:
    """The force's latest benchmarking return, in an exercise that has opened."""
    return (
        Return.objects.filter(organisation=organisation)
        .exclude(exercise__status=Exercise.Status.DRAFT)
        .select_related("exercise__version__framework")
        .order_by("-exercise__opens_on", "-pk")
        .first()
    )


def latest_ratings(organisation, record=None) -> tuple[object, dict]:
    """The force's latest benchmarking return (latest_return, unless the caller has read it)
    and, by action code, its rating label and whether it shows a gap."""
    record = record or latest_return(organisation)
    if record is None:
        return None, {}
    # (kept until the return next changes: every save of an answer moves it; an exercise's
    # scale is fixed once it opens)
    key = f"latest-ratings:{record.pk}:{record.updated_at.isoformat()}"
    return record, kept(key, lambda: _ratings(record), local=True)


def _ratings(record) -> dict[str, dict]:
    levels = {level.value: level.label for level in record.exercise.rating_levels.all()}
    ratings: dict[str, dict] = {}
    for answer in Answer.objects.filter(return_record=record).select_related("action"):
        entry = ratings.setdefault(answer.action.code, {"rating": None, "label": "", "gap": False})
        if answer.rating is not None and (entry["rating"] is None or answer.rating < entry["rating"]):
            entry["rating"], entry["label"] = answer.rating, levels.get(answer.rating, str(answer.rating))
        entry["gap"] = entry["gap"] or bool(answer.gap)
    return ratings


def promising_answers(exercise_title: str) -> list[Answer]:
    """The answers the national review flagged as promising practice in the exercise of that
    title, with their force and action, by force and action."""
    return list(
        Answer.objects.filter(return_record__exercise__title=exercise_title, promising_practice=True)
        .select_related("return_record__organisation", "action")
        .order_by("return_record__organisation__name", "action__sort_key")
    )


def sharers(
    codes, organisation, *, offering_only: bool = True
) -> tuple[Exercise | None, dict[str, list[Answer]]]:
    """The latest published exercise and, by action code, answers from other forces rated
    highly there that submitted, chose to be named, and (unless `offering_only` is off) said
    they can share and gave a contact."""
    exercise = (
        Exercise.objects.filter(status=Exercise.Status.PUBLISHED).order_by("-published_at", "-pk").first()
    )
    if exercise is None:
        return None, {}
    top = exercise.rating_levels.aggregate(top=Max("value"))["top"] or 0
    answers = Answer.objects.filter(
        return_record__exercise=exercise,
        action__code__in=codes,
        rating__gte=max(1, top - 1),
        # Only what the force submitted, and only forces that chose to be named.
        return_record__status__in=(Return.Status.SUBMITTED, Return.Status.ACCEPTED),
        return_record__share_name=True,
    )
    if offering_only:
        answers = answers.filter(can_share=True).exclude(share_contact="")
    answers = (
        answers.exclude(return_record__organisation=organisation)
        .select_related("return_record__organisation", "action")
        .order_by("action__sort_key", "-rating", "return_record__organisation__name")
    )
    found: dict[str, list] = {}
    for answer in answers:
        found.setdefault(answer.action.code, []).append(answer)
    return exercise, found


def needs_you(user, today) -> list:
    """`_needs_you`, kept for the person until their forces' returns or any exercise (and,
    for the national team, any return) change, or the day does."""
    from core import personal
    from organisations.roles import Can

    # An exercise opening, closing or being published changes no return: its stamp is in too.
    stamp = returns_stamp(user) + "|" + exercises_stamp() + "|" + positions_stamp(access.forces_of(user))
    if access.can(user, Can.REVIEW_RETURNS):
        stamp += "|" + returns_stamp()
    return personal.cached(
        user, f"needs-you:benchmarking:{today.isoformat()}:{stamp}", lambda: _needs_you(user, today)
    )


def _needs_you(user, today) -> list:
    """What benchmarking needs of the person now: the open returns of the forces they lead
    (due date, progress, answers given to nobody, ready to submit, sent back), their forces'
    reports from the latest published exercise, answers given to them that are not complete, and for the national team returns waiting for review
    (oldest first) and every open exercise with its returns in (dated when it closes within a
    week)."""
    from datetime import timedelta

    from django.urls import reverse

    from core.work import Item, days_left
    from organisations.roles import Can

    items: list[Item] = []
    open_statuses = [Return.Status.NOT_STARTED, Return.Status.IN_PROGRESS, Return.Status.RETURNED]
    led = [
        m.organisation_id
        for m in access.memberships_of(user)
        if access.can_in(user, Can.LEAD_FORCE, m.organisation_id)
    ]
    if led:
        returns = list(
            Return.objects.filter(
                organisation_id__in=led, exercise__status=Exercise.Status.OPEN, status__in=open_statuses
            )
            .select_related("exercise", "organisation")
            .order_by("exercise__closes_on", "pk")
        )
        answers: dict[int, list[Answer]] = {r.pk: [] for r in returns}
        for answer in Answer.objects.filter(return_record__in=returns).only(
            "return_record_id",
            "rating",
            "what_we_are_doing",
            "can_share",
            "sees_gap",
            "share_contact",
            "assigned_to_id",
        ):
            answers[answer.return_record_id].append(answer)
        for record in returns:
            due = record.extension_until or record.exercise.closes_on
            done = progress(answers[record.pk])
            nobody = sum(1 for a in answers[record.pk] if a.assigned_to_id is None)
            sent_back = record.status == Return.Status.RETURNED
            ready = done["total"] and done["complete"] == done["total"]
            items.append(
                Item(
                    title=_("{name}'s return: {title}").format(
                        name=record.organisation.shown_name, title=record.exercise.title
                    ),
                    url=reverse("benchmarking:return", args=[record.pk]),
                    detail=_("{complete} of {total} answers complete").format(
                        complete=done["complete"], total=done["total"]
                    )
                    + (_(", {count} given to nobody").format(count=nobody) if nobody else "")
                    + _(". Due {date}.").format(date=date_format(due, "j F Y"))
                    + (_(" Ready to submit.") if ready else ""),
                    due=due,
                    tag=_("Sent back to you") if sent_back else days_left(due, today),
                    urgent=sent_back or due < today,
                )
            )
    forces = access.forces_of(user)
    if forces:
        published = (
            Return.objects.filter(organisation_id__in=forces, exercise__status=Exercise.Status.PUBLISHED)
            .select_related("exercise", "organisation")
            .order_by("-exercise__published_at", "organisation__name")
        )
        seen = set()
        for record in published:
            if record.organisation_id in seen:
                continue  # the latest published exercise only, for each force
            seen.add(record.organisation_id)
            if record.status not in (Return.Status.SUBMITTED, Return.Status.ACCEPTED):
                detail = "The national picture is published; the force did not return this exercise."
            else:
                own = Answer.objects.filter(return_record=record).aggregate(
                    total=Count("pk"),
                    gaps=Count("pk", filter=Q(sees_gap=True) | Q(reviewer_sees_gap=True)),
                    promising=Count("pk", filter=Q(promising_practice=True)),
                )
                detail = (
                    f"The force's position: a gap on {own['gaps']} of {own['total']} answers, "
                    f"promising practice on {own['promising']}. See it beside the other forces."
                )
            items.append(
                Item(
                    title=_("{name}'s report: {title}").format(
                        name=record.organisation.shown_name, title=record.exercise.title
                    ),
                    url=reverse("benchmarking:report", args=[record.pk]),
                    detail=detail,
                    tag=_("Published"),
                )
            )
    writes = [f for f in forces if access.can_in(user, Can.WRITE_FORCE_WORK, f)]
    if writes:
        due_now = (
            StandingPosition.objects.filter(
                organisation_id__in=writes, reviewed_on__lt=review_due_before(today)
            )
            .values("organisation_id", "organisation__name", "organisation__welsh_name", "organisation__slug")
            .annotate(n=Count("pk"), oldest=Min("reviewed_on"))
            .order_by("organisation__name")
        )
        for found in due_now:
            items.append(
                Item(
                    title=ngettext(
                        "Review {count} of {name}'s standing positions",
                        "Review {count} of {name}'s standing positions",
                        found["n"],
                    ).format(
                        count=found["n"],
                        name=name_in_page_language(
                            found["organisation__name"], found["organisation__welsh_name"]
                        ),
                    ),
                    url=reverse("benchmarking:force-positions", args=[found["organisation__slug"]]),
                    detail=ngettext(
                        "Nobody has looked at it since {date}: say whether it still stands.",
                        "Nobody has looked at them since {date}: say whether each still stands.",
                        found["n"],
                    ).format(date=date_format(found["oldest"], "j F Y")),
                    tag=_("Due for review"),
                )
            )
    mine: dict[int, list[Answer]] = {}
    for answer in my_answers(user):
        if not answer.is_complete:
            mine.setdefault(answer.return_record_id, []).append(answer)
    for group in mine.values():
        record = group[0].return_record
        due = record.extension_until or record.exercise.closes_on
        codes = ", ".join(a.action.code for a in group[:6]) + (_(" and more") if len(group) > 6 else "")
        items.append(
            Item(
                title=ngettext(
                    "Complete your {count} answer in {name}'s return",
                    "Complete your {count} answers in {name}'s return",
                    len(group),
                ).format(count=len(group), name=record.organisation.shown_name),
                url=reverse("benchmarking:answer", args=[record.pk, group[0].pk]),
                detail=_("{codes}. Due {date}.").format(codes=codes, date=date_format(due, "j F Y")),
                due=due,
                tag=days_left(due, today),
                urgent=due < today,
            )
        )
    if access.can(user, Can.REVIEW_RETURNS):
        queue = review_queue()
        for record in queue[:5]:
            waited = (today - record.submitted_at.date()).days if record.submitted_at else 0
            items.append(
                Item(
                    title=_("Review {name}'s return: {title}").format(
                        name=record.organisation.shown_name, title=record.exercise.title
                    ),
                    url=reverse("benchmarking:review", args=[record.pk]),
                    detail=ngettext(
                        "Submitted {count} day ago.", "Submitted {count} days ago.", waited
                    ).format(count=waited),
                    due=record.submitted_at.date() if record.submitted_at else None,
                    tag=ngettext("Waiting {count} day", "Waiting {count} days", waited).format(count=waited),
                )
            )
        if len(queue) > 5:
            items.append(
                Item(
                    title=ngettext(
                        "{count} more return waiting for review",
                        "{count} more returns waiting for review",
                        len(queue) - 5,
                    ).format(count=len(queue) - 5),
                    url=reverse("benchmarking:home"),
                    due=queue[5].submitted_at.date() if queue[5].submitted_at else None,
                )
            )
        # Every open exercise with how many returns are in; those closing within a week are
        # dated (and so sort among what is due).
        running = (
            Exercise.objects.filter(status=Exercise.Status.OPEN)
            .annotate(
                missing=Count("returns", filter=Q(returns__status__in=open_statuses)),
                total=Count("returns"),
            )
            .order_by("closes_on", "pk")
        )
        for exercise in running:
            closing = exercise.closes_on <= today + timedelta(days=7)
            returned = exercise.total - exercise.missing
            items.append(
                Item(
                    title=_("{title} closes on {date}").format(
                        title=exercise.title, date=date_format(exercise.closes_on, "j F Y")
                    ),
                    url=reverse("benchmarking:exercise", args=[exercise.pk]),
                    detail=ngettext(
                        "{returned} of {total} returns in; {count} force has not returned yet.",
                        "{returned} of {total} returns in; {count} forces have not returned yet.",
                        exercise.missing,
                    ).format(returned=returned, total=exercise.total, count=exercise.missing),
                    due=exercise.closes_on if closing else None,
                    tag=days_left(exercise.closes_on, today) if closing else _("Open"),
                )
            )
    return items


HEADLINE_ACTIONS = 5


def national_headlines() -> dict | None:
    """The national team's headline figures from the latest published exercise: returns in,
    and the actions with the most forces showing a gap (from the kept national picture, so a
    fixed handful of queries)."""
    from benchmarking import picture

    exercise = (
        Exercise.objects.filter(status=Exercise.Status.PUBLISHED)
        .select_related("version__framework")
        .order_by("-published_at", "-pk")
        .first()
    )
    if exercise is None:
        return None
    built = picture.build(exercise)
    ranked = sorted(built["actions"], key=lambda a: (-a["gaps"], a["code"]))
    return {
        "exercise": exercise,
        "returned": built["returned"],
        "total": built["total"],
        "gaps": [a for a in ranked if a["gaps"]][:HEADLINE_ACTIONS],
        "actions": len(built["actions"]),
    }


def publish_checklist(exercise: Exercise) -> dict:
    """What stands between an exercise and a complete national picture: returns in, returns
    not yet reviewed, answers in returns that count without a national rating, forces that
    chose not to be named. `gaps` says whether publishing needs a stated reason."""
    counted = (Return.Status.SUBMITTED, Return.Status.ACCEPTED)
    returns = Return.objects.filter(exercise=exercise).aggregate(
        total=Count("pk"),
        returned=Count("pk", filter=Q(status__in=counted)),
        not_reviewed=Count("pk", filter=Q(status=Return.Status.SUBMITTED)),
        not_named=Count("pk", filter=Q(status__in=counted, share_name=False)),
    )
    unrated = Answer.objects.filter(
        return_record__exercise=exercise, return_record__status__in=counted, national_rating__isnull=True
    ).count()
    return {
        **returns,
        "unrated": unrated,
        "gaps": returns["returned"] < returns["total"] or returns["not_reviewed"] > 0 or unrated > 0,
    }


# Standing positions: each force's current self-assessment, kept between exercises.

POSITION_LABELS: dict[str, str | Promise] = {
    **{f: FIELD_LABELS[f] for f in ("rating", "what_we_are_doing", "planned_activity", "planned_by")},
    "potential_for_improvement": FIELD_LABELS["potential_for_improvement"],
    "can_share": FIELD_LABELS["can_share"],
    "share_contact": FIELD_LABELS["share_contact"],
    "sees_gap": FIELD_LABELS["sees_gap"],
    "evidence": _("Evidence"),
    "owner": _("Owner"),
    "reviewed_on": _("Last reviewed"),
    "source": _("Where the change came from"),
}


def position_of(
    organisation, code: str, number: int | None, *, lock: bool = False
) -> StandingPosition | None:
    """A force's standing position on an action (number None) or one of its objectives, found
    by code and number whatever version of the plan it was saved under; `lock` holds the row
    for a save."""
    positions = StandingPosition.objects.filter(organisation=organisation, action__code=code).select_related(
        "owner", "updated_by"
    )
    positions = (
        positions.filter(objective__isnull=True)
        if number is None
        else positions.filter(objective__number=number)
    )
    if lock:
        positions = positions.select_for_update(of=("self",))
    return positions.order_by("-updated_at", "pk").first()


def review_due_before(today):
    """Positions last reviewed before this day are due for review (POSITION_REVIEW_DAYS)."""
    from datetime import timedelta

    from django.conf import settings

    return today - timedelta(days=settings.POSITION_REVIEW_DAYS)


def positions_stamp(organisation_ids=None) -> str:
    """Names the state of the positions of some forces (every force's, for None): changes
    with any save of one."""
    positions = StandingPosition.objects.all()
    if organisation_ids is not None:
        positions = positions.filter(organisation_id__in=organisation_ids)
    found = positions.aggregate(latest=Max("updated_at"), count=Count("pk"))
    return f"{found['latest'].isoformat() if found['latest'] else '-'}/{found['count']}"


def _brought_together(positions) -> int | None:
    """A force's rating on a whole action: its position on the action, or where it keeps its
    positions per objective, the lowest of them (as an exercise brings them together)."""
    whole = [p for p in positions if p["objective__number"] is None and p["rating"] is not None]
    if whole:
        return whole[0]["rating"]
    parts = [p["rating"] for p in positions if p["rating"] is not None]
    return min(parts) if parts else None


def force_positions(organisation, version, today) -> list[dict]:
    """A force's positions on every force action of the plan version, by theme: each action
    with its position on the whole action (or None), its objectives' positions, and whether
    any is due for review. Three queries, whatever the history."""
    from framework.models import Action, Theme

    actions = list(
        Action.objects.filter(version=version, scope=Action.Scope.FORCE)
        .prefetch_related("objectives")
        .order_by("sort_key")
    )
    themes = {t.pk: t for t in Theme.objects.filter(version=version)}
    kept: dict[tuple[str, int | None], StandingPosition] = {}
    for p in (
        StandingPosition.objects.filter(organisation=organisation, action__code__in=[a.code for a in actions])
        .select_related("action", "objective", "owner")
        .order_by("updated_at", "pk")
    ):
        kept[(p.action.code, p.objective.number if p.objective else None)] = p
    due_before = review_due_before(today)
    groups: list[dict] = []
    for action in actions:
        whole = kept.get((action.code, None))
        parts = [(o, kept.get((action.code, o.number))) for o in action.objectives.all()]
        every = [p for p in [whole, *(p for _unused, p in parts)] if p is not None]
        row = {
            "action": action,
            "position": whole,
            "objectives": parts,
            "kept": len(every),
            "due": [p for p in every if p.reviewed_on < due_before],
        }
        if not groups or groups[-1]["theme"].pk != action.theme_id:
            groups.append({"theme": themes[action.theme_id], "rows": []})
        groups[-1]["rows"].append(row)
    return groups


def position_history(position: StandingPosition) -> list[dict]:
    """Every change to a position, newest first: who, when, each field before and after."""
    records = list(position.history.select_related("history_user").order_by("history_date", "history_id"))
    people = {
        u.pk: u.full_name or u.email
        for u in User.objects.filter(pk__in={r.owner_id for r in records if r.owner_id})
    }
    return changes(records, POSITION_LABELS, lambda r: _("This position"), {"owner": people})


def rating_history(organisation_id, code: str) -> list[dict]:
    """A force's ratings on an action over time, oldest first: each save of its standing
    position on the whole action (or, kept per objective, the lowest of them then), with
    when and where from. Read from the position's history, so every update counts."""
    return _rating_histories(organisation_id, [code]).get(code, [])


def live_picture(version, today) -> dict:
    """The national picture of current standing positions, self-assessed and not reviewed:
    for each force action of the version, how many forces rate it at each level (a force's
    position on the whole action, or the lowest of its objectives'), how many see a gap, can
    share and are due for review, and each force's rating (for marking the reader's own).
    Four queries, whatever the history; kept until any position changes or the day does."""
    key = f"live-picture:{version.pk}:{today.isoformat()}:{positions_stamp()}"
    return kept(key, lambda: _live_picture(version, today))


def _live_picture(version, today) -> dict:
    from framework.models import Action
    from organisations.models import Organisation

    actions = list(
        Action.objects.filter(version=version, scope=Action.Scope.FORCE)
        .select_related("theme")
        .order_by("sort_key")
    )
    forces = Organisation.objects.filter(kind=Organisation.Kind.FORCE).count()
    due_before = review_due_before(today)
    by_code: dict[str, dict[int, list]] = {a.code: {} for a in actions}
    for p in StandingPosition.objects.filter(action__code__in=list(by_code)).values(
        "organisation_id",
        "action__code",
        "objective__number",
        "rating",
        "sees_gap",
        "can_share",
        "reviewed_on",
    ):
        by_code[p["action__code"]].setdefault(p["organisation_id"], []).append(p)
    rows = []
    for action in actions:
        per_force = by_code[action.code]
        ratings = {org: _brought_together(kept) for org, kept in per_force.items()}
        counts = [sum(1 for r in ratings.values() if r == value) for value in range(1, 6)]
        rows.append(
            {
                "action": action,
                "counts": counts,
                "forces": len(per_force),
                "unrated": sum(1 for r in ratings.values() if r is None),
                "gaps": sum(1 for kept in per_force.values() if any(p["sees_gap"] for p in kept)),
                "sharing": sum(1 for kept in per_force.values() if any(p["can_share"] for p in kept)),
                "due": sum(
                    1 for kept in per_force.values() if min(p["reviewed_on"] for p in kept) < due_before
                ),
                "ratings": ratings,
            }
        )
    return {"rows": rows, "forces": forces}


def live_action(version, code: str, today) -> list[dict]:
    """Every force's standing position on one action, by force name: for the national team
    (it names forces). Forces without a position are listed too."""
    from organisations.models import Organisation

    kept: dict[int, list[StandingPosition]] = {}
    for p in (
        StandingPosition.objects.filter(action__code=code)
        .select_related("objective", "owner")
        .order_by("objective__number", "pk")
    ):
        kept.setdefault(p.organisation_id, []).append(p)
    due_before = review_due_before(today)
    rows = []
    for force in Organisation.objects.filter(kind=Organisation.Kind.FORCE).select_related("region"):
        positions = kept.get(force.pk, [])
        whole = next((p for p in positions if p.objective_id is None), None)
        rating = _brought_together(
            [
                {"objective__number": p.objective.number if p.objective else None, "rating": p.rating}
                for p in positions
            ]
        )
        rows.append(
            {
                "force": force,
                "position": whole,
                "objectives": [p for p in positions if p.objective_id],
                "rating": rating,
                "gap": any(p.sees_gap for p in positions),
                "can_share": any(p.can_share for p in positions),
                "reviewed_on": max((p.reviewed_on for p in positions), default=None),
                "due": bool(positions) and min(p.reviewed_on for p in positions) < due_before,
            }
        )
    return rows


def review_screen(record: Return) -> dict:
    """Everything the reviewer of a return reads, for every answer at once: the answer with
    its evidence, what the force said in the exercise before (the same question, or the whole
    action where that asked at another grain), and its standing position's ratings over time.
    Seven queries, however many answers, exercises or saves there are."""
    from django.db.models import Prefetch

    from benchmarking.models import Evidence

    answers = list(
        record.answers.select_related("action__theme", "objective")
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("added_at", "pk")))
        .order_by("action__sort_key", "objective__number")
    )
    exercise = record.exercise
    before = (
        Exercise.objects.filter(
            returns__organisation_id=record.organisation_id, opens_on__lt=exercise.opens_on
        )
        .exclude(status=Exercise.Status.DRAFT)
        .order_by("-opens_on", "-pk")
        .first()
    )
    earlier: dict[tuple[str, int | None], list] = {}
    if before is not None:
        levels = {level.value: level.label for level in before.rating_levels.all()}
        for a in (
            Answer.objects.filter(
                return_record__exercise=before, return_record__organisation_id=record.organisation_id
            )
            .select_related("action", "objective")
            .order_by("objective__number")
        ):
            a.rating_label = levels.get(a.rating, "") if a.rating is not None else ""  # type: ignore[attr-defined]
            earlier.setdefault((a.action.code, a.objective.number if a.objective else None), []).append(a)
    codes = sorted({a.action.code for a in answers})
    trends = _rating_histories(record.organisation_id, codes)
    for answer in answers:
        number = answer.objective.number if answer.objective else None
        same = earlier.get((answer.action.code, number))
        if same is None and number is not None:
            same = earlier.get((answer.action.code, None))
        if same is None and number is None:
            same = [
                a
                for (code, n), found in earlier.items()
                if code == answer.action.code and n is not None
                for a in found
            ]
        answer.previous = same or []  # type: ignore[attr-defined]
        answer.trend = trends.get(answer.action.code, [])  # type: ignore[attr-defined]
    return {"answers": answers, "before": before}


def _rating_histories(organisation_id, codes) -> dict[str, list[dict]]:
    """rating_history for several actions in one query."""
    found: dict[str, list[dict]] = {}
    records = (
        StandingPosition.history.model.objects.filter(organisation_id=organisation_id, action__code__in=codes)
        .order_by("history_date", "history_id")
        .values("action__code", "history_date", "rating", "objective__number", "source", "history_type")
    )
    by_code: dict[str, list[dict]] = {}
    for r in records:
        by_code.setdefault(r["action__code"], []).append(r)
    for code, rows in by_code.items():
        found[code] = _points(rows)
    return found


def _points(rows) -> list[dict]:
    """A force's rating on an action at each save of its positions there, one point a day:
    the position on the whole action, or where it keeps positions per objective, the lowest."""
    points: list[dict] = []
    latest: dict[int | None, int | None] = {}
    for r in rows:
        latest[r["objective__number"]] = None if r["history_type"] == "-" else r["rating"]
        rating = latest.get(None)
        if rating is None:
            parts = [v for k, v in latest.items() if k is not None and v is not None]
            rating = min(parts) if parts else None
        if points and points[-1]["when"].date() == r["history_date"].date():
            points.pop()  # the day's last word
        points.append({"when": r["history_date"], "rating": rating, "source": r["source"]})
    return points


def flagged_answers(exercise, action) -> list[Answer]:
    """The answers on an action in an exercise's counted returns that the review flagged as
    promising practice or that show a gap (the force's or the reviewer's), by force: what the
    national team reads when it writes the action's key findings."""
    from benchmarking.picture import COUNTED

    return list(
        Answer.objects.filter(
            return_record__exercise=exercise, action=action, return_record__status__in=COUNTED
        )
        .filter(Q(promising_practice=True) | Q(sees_gap=True) | Q(reviewer_sees_gap=True))
        .select_related("return_record__organisation", "objective")
        .order_by("return_record__organisation__name", "objective__number")
    )


def similar_forces() -> dict[int, list]:
    """Every force's comparison group, by force id: its most similar forces, by name."""
    groups: dict[int, list] = {}
    from benchmarking.models import SimilarForce

    for link in SimilarForce.objects.select_related("similar").order_by("similar__name"):
        groups.setdefault(link.organisation_id, []).append(link.similar)
    return groups


def similar_forces_history(organisation) -> list[dict]:
    """Who added or removed which force from a force's comparison group, and when."""
    from benchmarking.models import SimilarForce
    from organisations.models import Organisation

    records = list(
        SimilarForce.history.filter(organisation_id=organisation.pk)
        .select_related("history_user")
        .order_by("-history_date")
    )
    names = dict(
        Organisation.objects.filter(pk__in={r.similar_id for r in records}).values_list("pk", "name")
    )
    return [
        {
            "who": r.history_user,
            "when": r.history_date,
            "what": f"{'Added' if r.history_type == '+' else 'Removed'} {names.get(r.similar_id, 'a force since removed')}",
        }
        for r in records
        if r.history_type in "+-"
    ]


def action_trend(organisation_id, code: str) -> list[dict]:
    """A force's ratings on an action in every published exercise that asked about it, oldest
    first: its own (the mean of its answers, to one place), the national review's, and the
    mean of every force that returned. Two queries, however many exercises."""
    from django.db.models import Avg

    from benchmarking.picture import COUNTED

    asked = Answer.objects.filter(
        action__code=code,
        return_record__exercise__status=Exercise.Status.PUBLISHED,
        return_record__status__in=COUNTED,
        rating__isnull=False,
    )
    national = {
        row["return_record__exercise_id"]: row
        for row in asked.order_by().values("return_record__exercise_id").annotate(mean=Avg("rating"))
    }
    own: dict[int, dict] = {}
    for row in (
        asked.filter(return_record__organisation_id=organisation_id)
        .order_by()
        .values("return_record__exercise_id")
        .annotate(own=Avg("rating"), review=Avg("national_rating"))
    ):
        own[row["return_record__exercise_id"]] = row
    exercises = (
        Exercise.objects.filter(pk__in=list(national))
        .order_by("published_at", "pk")
        .values("pk", "title", "published_at")
    )
    points = []
    for e in exercises:
        mine = own.get(e["pk"], {})
        points.append(
            {
                "exercise_id": e["pk"],
                "title": e["title"],
                "label": f"{e['published_at']:%Y}" if e["published_at"] else e["title"],
                "own": round(mine["own"], 1) if mine.get("own") is not None else None,
                "review": round(mine["review"], 1) if mine.get("review") is not None else None,
                "national_mean": round(national[e["pk"]]["mean"], 1),
            }
        )
    return points


def ratings_before(record: Return) -> tuple[Exercise | None, dict[str, float]]:
    """The force's own ratings by action code (the mean of its answers) in the latest
    published exercise before this return's that it returned: what its report's "since last
    time" reads. Two queries."""
    from django.db.models import Avg

    from benchmarking.picture import COUNTED

    before = (
        Exercise.objects.filter(
            status=Exercise.Status.PUBLISHED,
            opens_on__lt=record.exercise.opens_on,
            returns__organisation_id=record.organisation_id,
            returns__status__in=COUNTED,
        )
        .order_by("-opens_on", "-pk")
        .first()
    )
    if before is None:
        return None, {}
    rows = (
        Answer.objects.filter(
            return_record__exercise=before,
            return_record__organisation_id=record.organisation_id,
            rating__isnull=False,
        )
        .order_by()
        .values("action__code")
        .annotate(mean=Avg("rating"))
    )
    return before, {row["action__code"]: round(row["mean"]) for row in rows}


def similar_to(organisation_id) -> list:
    """A force's most similar forces, by name."""
    from benchmarking.models import SimilarForce

    return [
        link.similar
        for link in SimilarForce.objects.filter(organisation_id=organisation_id)
        .select_related("similar")
        .order_by("similar__name")
    ]


def force_on_actions(organisation_id, codes: list[str]) -> dict[str, dict]:
    """What a force says about some actions, by code: its standing position on the whole action
    and its answers in the latest exercise it answered (open or published), with that
    exercise. For other apps (a peer review's scope). Three queries."""
    found: dict[str, dict] = {code: {"position": None, "answers": [], "exercise": None} for code in codes}
    for p in StandingPosition.objects.filter(
        organisation_id=organisation_id, action__code__in=codes, objective__isnull=True
    ).select_related("action"):
        found[p.action.code]["position"] = p
    latest = (
        Return.objects.filter(
            organisation_id=organisation_id,
            exercise__status__in=[Exercise.Status.OPEN, Exercise.Status.CLOSED, Exercise.Status.PUBLISHED],
        )
        .select_related("exercise")
        .order_by("-exercise__opens_on", "-pk")
        .first()
    )
    if latest is not None:
        for a in (
            Answer.objects.filter(return_record=latest, action__code__in=codes)
            .select_related("action", "objective")
            .order_by("objective__number")
        ):
            found[a.action.code]["answers"].append(a)
            found[a.action.code]["exercise"] = latest.exercise
    return found


def work_on_actions(action_ids: list[int]):
    """Forces' standing positions on the actions, counted (framework.attached)."""
    rows = StandingPosition.objects.filter(action__in=action_ids).values("action").annotate(n=Count("pk"))
    return [(row["action"], _("standing positions"), row["n"]) for row in rows]


def positions_to_carry(pairs, organisation_ids):
    """Forces' standing positions (on whole actions) that a successor's crosswalk would carry:
    one proposal for each position on an old element whose force has none yet on the new
    element it maps to (framework.carrying)."""
    from framework.carrying import Proposal

    positions = StandingPosition.objects.filter(
        objective__isnull=True, action__code__in={p.old.code for p in pairs}
    ).select_related("action__version", "organisation")
    held = StandingPosition.objects.filter(
        objective__isnull=True, action__code__in={p.new.code for p in pairs}
    )
    if organisation_ids is not None:
        positions = positions.filter(organisation__in=organisation_ids)
        held = held.filter(organisation__in=organisation_ids)
    taken = set(held.values_list("organisation", "action__version__framework", "action__code"))
    by_old: dict[tuple, list] = {}
    for position in positions:
        by_old.setdefault((position.action.version.framework_id, position.action.code), []).append(position)
    found = []
    for pair in pairs:
        for position in by_old.get((pair.old.version.framework_id, pair.old.code), []):
            key = (position.organisation_id, pair.new.version.framework_id, pair.new.code)
            if key in taken:
                continue
            taken.add(key)
            rating = (
                _("rated {rating}").format(rating=position.rating)
                if position.rating is not None
                else _("not rated")
            )
            found.append(
                Proposal(
                    organisation_id=position.organisation_id,
                    what="standing position",
                    pair=pair,
                    how="copied",
                    summary=_("{rating}, reviewed {date}").format(
                        rating=rating, date=date_format(position.reviewed_on, "j F Y")
                    ),
                    key=position.pk,
                )
            )
    return found
