"""The plan as JSON: GET /api/v1/frameworks/ and /frameworks/<framework>/[versions/<label>/].

Drafts are the national team's until they are published."""

from django.http import HttpResponse
from ninja import Router, Schema

from accounts.api_auth import PLAN_READER
from core.api import ApiError, Error
from framework import selectors
from framework.models import Framework
from organisations.access import is_national_team

router = Router(tags=["The plan"], auth=PLAN_READER)
ERRORS = {401: Error, 404: Error}


class VersionSummary(Schema):
    label: str
    title: str
    status: str
    partial: bool


class FrameworkSummary(Schema):
    slug: str
    name: str
    short_name: str
    versions: list[VersionSummary]


class Frameworks(Schema):
    frameworks: list[FrameworkSummary]


class FrameworkName(Schema):
    slug: str
    name: str
    short_name: str


class VersionInfo(Schema):
    label: str
    title: str
    status: str
    published_on: str | None
    partial: bool


class Theme(Schema):
    code: str
    title: str
    grouping: str
    description: str


class PerennialIssue(Schema):
    slug: str
    name: str
    diagnosis: str


class PeelMeasure(Schema):
    code: str
    text: str
    parent: str | None


class Objective(Schema):
    number: int
    text: str
    what_we_mean: str
    what_forces_are_doing: list[str]
    what_we_need: list[str]


class UsefulLink(Schema):
    title: str
    url: str | None


class LogicModelRow(Schema):
    activity: str
    outputs: list[str]
    short_medium_term_impacts: list[str]
    impact_assessment_questions: list[str]


class SuggestedMeasure(Schema):
    kind: str
    code: str | None
    text: str


class ToolkitObjective(Schema):
    number: int
    title: str
    text: str
    plan_objectives: list[int]
    activities: list[LogicModelRow]
    suggested_measures: list[SuggestedMeasure]
    unintended_consequences: list[str]


class Toolkit(Schema):
    title: str
    action_title: str
    action_detail: str
    objectives: list[ToolkitObjective]


class Action(Schema):
    code: str
    title: str
    detail: str
    theme: str
    scope: str
    owner: str
    interim: bool
    organisational_impact: str
    external_impact: str
    objectives: list[Objective]
    peel_measures: list[str]
    perennial_issues: list[str]
    useful_links: list[UsefulLink]
    toolkit: Toolkit | None


class FrameworkVersion(Schema):
    framework: FrameworkName
    version: VersionInfo
    themes: list[Theme]
    perennial_issues: list[PerennialIssue]
    peel_measures: list[PeelMeasure]
    actions: list[Action]


@router.get(
    "/frameworks/", response={200: Frameworks, 401: Error}, summary="The frameworks and their versions"
)
def frameworks(request):
    national = is_national_team(request.user)
    found = []
    for f in Framework.objects.prefetch_related("versions"):
        versions = [
            {"label": v.label, "title": v.title, "status": v.status, "partial": v.is_partial}
            for v in sorted(f.versions.all(), key=lambda v: -v.sequence)
            if v.status == "published" or national
        ]
        # A framework with drafts only is the national team's until it is published.
        if versions:
            found.append({"slug": f.slug, "name": f.name, "short_name": f.short_name, "versions": versions})
    return {"frameworks": found}


def _version(request, framework: str, label: str | None) -> HttpResponse:
    version = selectors.get_version(framework, label, include_drafts=is_national_team(request.user))
    if version is None:
        which = f"version {label!r}" if label else "a published version"
        raise ApiError(404, "not_found", f"There is no framework {framework!r} with {which}.")
    # The text is built once per change of the content and cached (framework.selectors).
    return HttpResponse(selectors.version_as_json_text(version), content_type="application/json")


@router.get(
    "/frameworks/{framework}/",
    response={200: FrameworkVersion, **ERRORS},
    summary="The latest published version of a framework",
)
def framework_latest(request, framework: str):
    return _version(request, framework, None)


@router.get(
    "/frameworks/{framework}/versions/{label}/",
    response={200: FrameworkVersion, **ERRORS},
    summary="One version of a framework",
)
def framework_version(request, framework: str, label: str):
    return _version(request, framework, label)
