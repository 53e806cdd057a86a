"""The plan as JSON: GET /api/v1/frameworks/<framework>/[versions/<label>/]."""

from django.http import HttpResponse, JsonResponse

from core import openapi
from core.api import json_error, plan_api
from framework import selectors
from framework.models import Framework
from organisations.access import is_national_team


@plan_api
def frameworks(request):
    national = is_national_team(request.user)
    data = [
        {
            "slug": f.slug,
            "name": f.name,
            "short_name": f.short_name,
            "versions": [
                {"label": v.label, "title": v.title, "status": v.status, "partial": v.is_partial}
                for v in f.versions.order_by("-sequence")
                if v.status == "published" or national
            ],
        }
        for f in Framework.objects.prefetch_related("versions")
    ]
    return JsonResponse({"frameworks": data})


@plan_api
def framework_version(request, framework, label=None):
    version = selectors.get_version(framework, label, include_drafts=is_national_team(request.user))
    if version is None:
        which = f"version {label!r}" if label else "a published version"
        return json_error(404, "not_found", f"There is no framework {framework!r} with {which}.")
    return HttpResponse(selectors.version_as_json_text(version), content_type="application/json")


_VERSION_RESPONSES = {
    "200": {
        "description": "The framework version",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/FrameworkVersion"}}},
    },
    "401": {
        "description": "Not signed in (when the plan is not public)",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    },
    "404": {
        "description": "No such framework or version",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    },
}

openapi.register(
    {
        "/frameworks/": {
            "get": {
                "summary": "List the frameworks and their versions",
                "responses": {"200": {"description": "Frameworks"}},
            }
        },
        "/frameworks/{framework}/": {
            "get": {
                "summary": "The latest published version of a framework",
                "parameters": [
                    {"name": "framework", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "responses": _VERSION_RESPONSES,
            }
        },
        "/frameworks/{framework}/versions/{label}/": {
            "get": {
                "summary": "One version of a framework",
                "parameters": [
                    {"name": "framework", "in": "path", "required": True, "schema": {"type": "string"}},
                    {"name": "label", "in": "path", "required": True, "schema": {"type": "string"}},
                ],
                "responses": _VERSION_RESPONSES,
            }
        },
    },
    {
        "FrameworkVersion": {
            "type": "object",
            "required": ["framework", "version", "themes", "perennial_issues", "peel_measures", "actions"],
            "properties": {
                "framework": {"type": "object"},
                "version": {"type": "object"},
                "themes": {"type": "array", "items": {"type": "object"}},
                "perennial_issues": {"type": "array", "items": {"type": "object"}},
                "peel_measures": {"type": "array", "items": {"type": "object"}},
                "actions": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": [
                            "code",
                            "title",
                            "detail",
                            "theme",
                            "owner",
                            "interim",
                            "objectives",
                            "peel_measures",
                            "perennial_issues",
                            "toolkit",
                        ],
                        "properties": {
                            "code": {"type": "string"},
                            "title": {"type": "string"},
                            "detail": {"type": "string"},
                            "theme": {"type": "string"},
                            "owner": {"type": "string"},
                            "interim": {"type": "boolean"},
                            "objectives": {"type": "array", "items": {"type": "object"}},
                            "peel_measures": {"type": "array", "items": {"type": "string"}},
                            "perennial_issues": {"type": "array", "items": {"type": "string"}},
                            "toolkit": {"type": ["object", "null"]},
                        },
                    },
                },
            },
        }
    },
)
