"""Benchmarking for BI tools: GET /api/v1/exercises/ and /api/v1/exercises/<id>/answers/.

Scoped like the pages: the national team sees everything; a force sees the exercises it
took part in and only its own answers; anyone else sees published exercises and no answers.
"""

from django.db.models import Q

from benchmarking import access
from benchmarking.models import Answer, Exercise
from benchmarking.rules import review_is_visible
from core import openapi
from core.api import json_error, paginate, signed_in_api


def _visible_exercises(user):
    exercises = Exercise.objects.select_related("version__framework").order_by("-opens_on", "-pk")
    if access.is_national_team(user):
        return exercises
    forces = [m.organisation_id for m in access.memberships_of(user) if m.organisation.is_force]
    taking_part = Exercise.objects.filter(returns__organisation_id__in=forces).values("pk")
    return exercises.exclude(status=Exercise.Status.DRAFT).filter(
        Q(pk__in=taking_part) | Q(status=Exercise.Status.PUBLISHED)
    )


def _exercise_json(e: Exercise) -> dict:
    return {
        "id": e.pk,
        "title": e.title,
        "status": e.status,
        "framework": e.version.framework.slug,
        "framework_version": e.version.label,
        "granularity": e.granularity,
        "opens_on": e.opens_on.isoformat(),
        "closes_on": e.closes_on.isoformat(),
        "published_at": e.published_at.isoformat() if e.published_at else None,
    }


@signed_in_api
def exercises(request):
    return paginate(request, _visible_exercises(request.user), _exercise_json)


def _answer_json(a: Answer, show_review: bool = True) -> dict:
    """An answer; the national review fields are null until the force may see them."""
    r = a.return_record
    review = show_review or review_is_visible(r.exercise, national_team=False)
    return {
        "id": a.pk,
        "force": r.organisation.slug,
        "force_name": r.organisation.name,
        "return_status": r.status,
        "action": a.action.code,
        "objective": a.objective.number if a.objective_id else None,
        "rating": a.rating,
        "what_we_are_doing": a.what_we_are_doing,
        "planned_activity": a.planned_activity,
        "planned_by": a.planned_by.isoformat() if a.planned_by else None,
        "potential_for_improvement": a.potential_for_improvement,
        "can_share": a.can_share,
        "share_contact": a.share_contact,
        "sees_gap": a.sees_gap,
        "national_rating": a.national_rating if review else None,
        "promising_practice": a.promising_practice if review else None,
        "reviewer_sees_gap": a.reviewer_sees_gap if review else None,
        "updated_at": a.updated_at.isoformat(),
    }


@signed_in_api
def exercise_answers(request, pk):
    exercise = _visible_exercises(request.user).filter(pk=pk).first()
    if exercise is None:
        return json_error(404, "not_found", "There is no such exercise, or it is not yours to see.")
    answers = Answer.objects.filter(return_record__exercise=exercise)
    if not access.is_national_team(request.user):
        forces = [m.organisation_id for m in access.memberships_of(request.user) if m.organisation.is_force]
        answers = answers.filter(return_record__organisation_id__in=forces)
    answers = answers.select_related(
        "return_record__organisation", "return_record__exercise", "action", "objective"
    ).order_by("return_record__organisation__name", "action__sort_key", "objective__number", "pk")
    national = access.is_national_team(request.user)
    return paginate(request, answers, lambda a: _answer_json(a, show_review=national))


_PAGE = {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}}
_SIZE = {"name": "page_size", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 500}}
_ERRORS = {
    "400": {
        "description": "Bad pagination",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    },
    "401": {
        "description": "No or revoked token",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    },
}
openapi.register(
    {
        "/exercises/": {
            "get": {
                "summary": "Benchmarking exercises the caller may see",
                "security": [{"bearer": []}, {"session": []}],
                "parameters": [_PAGE, _SIZE],
                "responses": {"200": {"description": "A page of exercises"}, **_ERRORS},
            }
        },
        "/exercises/{id}/answers/": {
            "get": {
                "summary": "Answers of an exercise: all for the national team, a force's own for a force",
                "security": [{"bearer": []}, {"session": []}],
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}},
                    _PAGE,
                    _SIZE,
                ],
                "responses": {
                    "200": {"description": "A page of answers"},
                    "404": {
                        "description": "No such exercise, or not the caller's",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                    },
                    **_ERRORS,
                },
            }
        },
    }
)
