"""Benchmarking for BI tools: GET /api/v1/exercises/, /api/v1/exercises/<id>/answers/ and
/api/v1/positions/.

Scoped like the pages: the national team sees everything; a force sees the exercises it took
part in and only its own answers; anyone else sees published exercises and no answers. The
national review of an answer reaches a force only once the exercise is published."""

import hashlib
from datetime import date, datetime

from django.db.models import Q
from ninja import Field, Router
from ninja.pagination import paginate

from accounts.api_auth import SIGNED_IN
from benchmarking import access
from benchmarking.models import Answer, Exercise, StandingPosition
from benchmarking.picture import stamp
from benchmarking.rules import review_is_visible
from core.api import ONS_CODE, ApiError, Error, Kept, Out, Pages, Shaped, send_kept

router = Router(tags=["Benchmarking"], auth=SIGNED_IN)


class ExerciseOut(Out):
    id: int
    title: str
    status: str
    framework: str
    framework_version: str
    granularity: str
    opens_on: date
    closes_on: date
    published_at: datetime | None


REVIEW = "The national review: null for a force until the exercise is published."


class AnswerOut(Out):
    id: int
    force: str
    force_name: str
    force_ons_code: str | None = Field(description=ONS_CODE)
    return_status: str
    action: str
    objective: int | None
    rating: int | None
    what_we_are_doing: str
    planned_activity: str
    planned_by: date | None
    potential_for_improvement: str
    can_share: bool | None
    share_contact: str
    sees_gap: bool | None
    written_in: str = Field(description="The language the force wrote its answer in: en-gb or cy")
    national_rating: int | None = Field(description=REVIEW)
    promising_practice: bool | None = Field(description=REVIEW)
    reviewer_sees_gap: bool | None = Field(description=REVIEW)
    updated_at: datetime


def _visible_exercises(user):
    exercises = Exercise.objects.select_related("version__framework").order_by("-opens_on", "-pk")
    if access.is_national_team(user):
        return exercises
    taking_part = Exercise.objects.filter(returns__organisation_id__in=access.forces_of(user)).values("pk")
    return exercises.exclude(status=Exercise.Status.DRAFT).filter(
        Q(pk__in=taking_part) | Q(status=Exercise.Status.PUBLISHED)
    )


def _exercise(e: Exercise) -> dict:
    return {
        "id": e.pk,
        "title": e.title,
        "status": e.status,
        "framework": e.version.framework.slug,
        "framework_version": e.version.label,
        "granularity": e.granularity,
        "opens_on": e.opens_on,
        "closes_on": e.closes_on,
        "published_at": e.published_at,
    }


def _answer(a: Answer, review: bool) -> dict:
    """An answer; `review` says whether the caller may see the national review yet."""
    r = a.return_record
    return {
        "id": a.pk,
        "force": r.organisation.slug,
        "force_name": r.organisation.name,
        "force_ons_code": r.organisation.ons_code or None,
        "return_status": r.status,
        "action": a.action.code,
        "objective": a.objective.number if a.objective_id else None,
        "rating": a.rating,
        "what_we_are_doing": a.what_we_are_doing,
        "planned_activity": a.planned_activity,
        "planned_by": a.planned_by,
        "potential_for_improvement": a.potential_for_improvement,
        "can_share": a.can_share,
        "share_contact": a.share_contact,
        "sees_gap": a.sees_gap,
        "written_in": a.written_in,
        "national_rating": a.national_rating if review else None,
        "promising_practice": a.promising_practice if review else None,
        "reviewer_sees_gap": a.reviewer_sees_gap if review else None,
        "updated_at": a.updated_at,
    }


@router.get(
    "/exercises/",
    response={200: list[ExerciseOut], 400: Error, 401: Error},
    summary="Benchmarking exercises the caller may see",
)
@paginate(Pages)
def exercises(request):
    return Shaped(_visible_exercises(request.user), _exercise)


@router.get(
    "/exercises/{id}/answers/",
    response={200: list[AnswerOut], 400: Error, 401: Error, 404: Error},
    summary="Answers of an exercise: all of them for the national team, a force's own for a force",
)
@paginate(Pages)
def exercise_answers(request, id: int):
    exercise = _visible_exercises(request.user).filter(pk=id).first()
    if exercise is None:
        raise ApiError(404, "not_found", "There is no such exercise, or it is not yours to see.")
    national = access.is_national_team(request.user)
    answers = Answer.objects.filter(return_record__exercise=exercise)
    forces = None if national else sorted(access.forces_of(request.user))
    if forces is not None:
        answers = answers.filter(return_record__organisation_id__in=forces)
    answers = answers.select_related(
        "return_record__organisation", "return_record__exercise", "action", "objective"
    ).order_by("return_record__organisation__name", "action__sort_key", "objective__number", "pk")
    review = review_is_visible(exercise, national_team=national)
    # Kept until any answer or return of the exercise changes (picture.stamp), per audience.
    audience = hashlib.sha256(f"{stamp(exercise)}|{forces}|{review}".encode()).hexdigest()
    send_kept(request, f"api:answers:{audience}")
    return Kept(Shaped(answers, lambda a: _answer(a, review)), f"api:answers:{audience}")


class PositionOut(Out):
    id: int
    force: str
    force_name: str
    force_ons_code: str | None = Field(description=ONS_CODE)
    action: str
    objective: int | None = Field(description="The objective's number, or null for the whole action.")
    rating: int | None
    gap: bool | None = Field(description="Whether the force sees a gap; null when it has not said.")
    can_share: bool | None
    reviewed_on: date
    updated_at: datetime


def _position(p: StandingPosition) -> dict:
    return {
        "id": p.pk,
        "force": p.organisation.slug,
        "force_name": p.organisation.name,
        "force_ons_code": p.organisation.ons_code or None,
        "action": p.action.code,
        "objective": p.objective.number if p.objective_id else None,
        "rating": p.rating,
        "gap": p.sees_gap,
        "can_share": p.can_share,
        "reviewed_on": p.reviewed_on,
        "updated_at": p.updated_at,
    }


@router.get(
    "/positions/",
    response={200: list[PositionOut], 400: Error, 401: Error},
    summary="Standing positions: a force's own, or every force's for the national team",
    description="Each force's current self-assessment of each action (and of objectives where it keeps "
    "them), self-assessed and not reviewed. A force sees its own; the national team sees every force's; "
    "anyone else sees none.",
)
@paginate(Pages)
def positions(request):
    found = StandingPosition.objects.select_related("organisation", "action", "objective")
    if not access.is_national_team(request.user):
        found = found.filter(organisation_id__in=access.forces_of(request.user))
    return Shaped(
        found.order_by("organisation__name", "action__sort_key", "objective__number", "pk"), _position
    )
