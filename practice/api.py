"""The practice library for other tools: GET /api/v1/practice/ and /api/v1/practice/<id>/.

Published examples for any signed-in caller (with the library's filters: q, action, theme,
strand, stage, outcome, force, region, year); `?mine=1` lists the caller's own force's
examples, whatever their status. Nothing unpublished of another force is ever returned."""

from core import openapi
from core.api import json_error, paginate, signed_in_api
from practice import access, library
from practice.models import Example, LibraryEntry


def _entry_json(e: LibraryEntry) -> dict:
    return {
        "id": e.pk,
        "title": e.title,
        "force": e.organisation.slug,
        "force_name": e.organisation.name,
        "region": e.region.slug if e.region else None,
        "summary": e.summary,
        "problem": e.problem,
        "what_was_done": e.what_was_done,
        "partners": e.partners,
        "strands": [s.slug for s in e.strands.all()],
        "actions": [a.code for a in e.actions.all()],
        "evidence_stage": e.evidence_stage,
        "outcome": e.outcome or None,
        "evaluation_details": e.evaluation_details,
        "evaluation_link": e.evaluation_link or None,
        "outcomes": e.outcomes,
        "resources_costs": e.resources_costs,
        "start_date": e.start_date.isoformat() if e.start_date else None,
        "status": e.delivery_status,
        "contact_name": e.contact_name,
        "contact_email": e.contact_email,
        "published_at": e.published_at.isoformat(),
    }


def _example_json(e: Example) -> dict:
    return {
        "id": e.pk,
        "title": e.title,
        "force": e.organisation.slug,
        "status": e.status,
        "summary": e.summary,
        "strands": [s.slug for s in e.strands.all()],
        "actions": [a.code for a in e.actions.all()],
        "evidence_stage": e.evidence_stage,
        "updated_at": e.updated_at.isoformat(),
        "library_entry": getattr(getattr(e, "library_entry", None), "pk", None),
    }


@signed_in_api
def practice(request):
    if request.GET.get("mine") == "1":
        forces = [m.organisation_id for m in access.memberships_of(request.user) if m.organisation.is_force]
        own = (
            Example.objects.filter(organisation_id__in=forces)
            .select_related("organisation", "library_entry")
            .prefetch_related("strands", "actions")
            .order_by("-updated_at", "-pk")
        )
        return paginate(request, own, _example_json)
    entries = (
        library.matching(request.GET)
        .select_related("organisation", "region")
        .prefetch_related("strands", "actions")
    )
    return paginate(request, entries, _entry_json)


@signed_in_api
def practice_entry(request, pk):
    entry = (
        LibraryEntry.objects.select_related("organisation", "region")
        .prefetch_related("strands", "actions")
        .filter(pk=pk)
        .first()
    )
    if entry is None:
        return json_error(404, "not_found", "There is no such published practice example.")
    from django.http import JsonResponse

    return JsonResponse(_entry_json(entry))


_FILTERS = [
    {"name": name, "in": "query", "schema": {"type": "string"}, "description": description}
    for name, description in [
        ("q", "Words to search for (ranked)"),
        ("action", "An action code, e.g. 2.2.1 (repeatable)"),
        ("theme", "A theme code (repeatable)"),
        ("strand", "A vulnerability strand slug (repeatable)"),
        ("stage", "not_evaluated, local or independent (repeatable)"),
        ("outcome", "worked, promising or did_not_work (repeatable)"),
        ("force", "A force slug (repeatable)"),
        ("region", "A region slug (repeatable)"),
        ("year", "Year published (repeatable)"),
        ("mine", "1: the caller's own force's examples, any status, instead of the library"),
    ]
]
_ERROR = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
openapi.register(
    {
        "/practice/": {
            "get": {
                "summary": "Published practice examples (or, with mine=1, the caller's force's own)",
                "security": [{"bearer": []}, {"session": []}],
                "parameters": [
                    *_FILTERS,
                    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
                    {
                        "name": "page_size",
                        "in": "query",
                        "schema": {"type": "integer", "minimum": 1, "maximum": 500},
                    },
                ],
                "responses": {
                    "200": {"description": "A page of practice examples"},
                    "400": {"description": "Bad pagination", **_ERROR},
                    "401": {"description": "No or revoked token", **_ERROR},
                },
            }
        },
        "/practice/{id}/": {
            "get": {
                "summary": "One published practice example",
                "security": [{"bearer": []}, {"session": []}],
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                "responses": {
                    "200": {"description": "The example"},
                    "404": {"description": "No such published example", **_ERROR},
                    "401": {"description": "No or revoked token", **_ERROR},
                },
            }
        },
    }
)
