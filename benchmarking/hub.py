"""What benchmarking says on an action's page (framework.hub): the reader's force on the
action (its standing position, its answer in the open return, and its ratings, gap and flags in
the latest published exercise) and, for everyone signed in, the national distribution of that exercise."""

from django.template.loader import render_to_string

from benchmarking import access, picture
from benchmarking.models import Answer, Exercise, KeyFinding, RatingLevel, Return, StandingPosition
from framework import crosswalks


def _published(action) -> Exercise | None:
    """The latest published exercise that asked about this version of the plan (read once
    for both of the page's parts)."""
    if not hasattr(action, "_latest_published"):
        action._latest_published = (
            Exercise.objects.filter(status=Exercise.Status.PUBLISHED, version_id=action.version_id)
            .order_by("-published_at", "-pk")
            .first()
        )
    return action._latest_published


def _levels(exercise_ids) -> dict[tuple[int, int], str]:
    return {
        (level.exercise_id, level.value): level.label
        for level in RatingLevel.objects.filter(exercise_id__in=exercise_ids)
    }


def force_part(request, action) -> str:
    forces = [m.organisation for m in access.memberships_of(request.user) if m.organisation.is_force]
    if not forces:
        return ""
    ids = [f.pk for f in forces]
    answers = list(
        Answer.objects.filter(
            return_record__organisation_id__in=ids,
            action_id=action.pk,
            return_record__exercise__status__in=(Exercise.Status.OPEN, Exercise.Status.PUBLISHED),
        )
        .select_related("return_record__exercise", "return_record__organisation", "objective")
        .order_by("-return_record__exercise__opens_on", "objective__number")
    )
    published = _published(action)
    levels = _levels({a.return_record.exercise_id for a in answers})
    positions = {
        p.organisation_id: p
        for p in StandingPosition.objects.filter(
            organisation_id__in=ids, action__code=action.code, objective__isnull=True
        ).order_by("updated_at", "pk")
    }
    rows = []
    for force in forces:
        mine = [a for a in answers if a.return_record.organisation_id == force.pk]
        open_answers = [a for a in mine if a.return_record.exercise.status == Exercise.Status.OPEN]
        latest = [a for a in mine if published and a.return_record.exercise_id == published.pk]
        returned = bool(latest) and latest[0].return_record.status in picture.COUNTED
        for a in open_answers + latest:
            a.rating_label = levels.get((a.return_record.exercise_id, a.rating), "")
            a.national_label = levels.get((a.return_record.exercise_id, a.national_rating), "")
        rows.append(
            {
                "force": force,
                "open": open_answers,
                "latest": latest if returned else [],
                "not_returned": published is not None and not returned,
                "position": positions.get(force.pk),
            }
        )
    # Through the crosswalk: the elements elsewhere the force's work on this one informs.
    informs = crosswalks.informs(
        action.version.framework_id, action.code, include_drafts=access.is_national_team(request.user)
    )
    return render_to_string(
        "benchmarking/_on_action_force.html",
        {
            "rows": rows,
            "published": published,
            "action": action,
            "several": len(forces) > 1,
            "informs": informs,
        },
        request=request,
    )


def national_part(request, action) -> str:
    exercise = _published(action)
    if exercise is None:
        return render_to_string("benchmarking/_on_action_national.html", {"exercise": None}, request=request)
    built = picture.build(exercise)
    row = next((a for a in built["actions"] if a["id"] == action.pk), None)
    if row is None:
        return ""
    bars = [
        {"value": value, "label": label, "count": count}
        for (value, label), count in zip(built["levels"], row["distribution"], strict=True)
    ]
    finding = KeyFinding.objects.filter(exercise=exercise, action_id=action.pk).order_by("pk").first()
    sharing = list(
        Answer.objects.filter(
            return_record__exercise=exercise,
            action_id=action.pk,
            can_share=True,
            return_record__status__in=picture.COUNTED,
            return_record__share_name=True,
        )
        .exclude(share_contact="")
        .select_related("return_record__organisation")
        .order_by("-rating", "return_record__organisation__name")[:10]
    )
    return render_to_string(
        "benchmarking/_on_action_national.html",
        {
            "exercise": exercise,
            "row": row,
            "bars": bars,
            "top": max(row["distribution"], default=0) or 1,
            "returned": built["returned"],
            "total": built["total"],
            "finding": finding,
            "sharing": sharing,
            "Return": Return,
        },
        request=request,
    )
