"""The practice library for other tools: GET /api/v1/practice/ and /api/v1/practice/<id>/.

Published examples for any signed-in caller, with the library's filters; `?mine=1` lists the
caller's own force's examples, whatever their status, in a shape of their own. Nothing
unpublished of another force is ever returned."""

from datetime import date, datetime

from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from accounts.api_auth import SIGNED_IN
from core.api import ONS_CODE, ApiError, Error, Kept, Out, Pages, Shaped, send_kept
from practice import access, library
from practice.models import Example, LibraryEntry

router = Router(tags=["Practice library"], auth=SIGNED_IN)


class LibraryEntryOut(Out):
    id: int
    title: str
    force: str
    force_name: str
    force_ons_code: str | None = Field(description=ONS_CODE)
    region: str | None
    summary: str
    problem: str
    what_was_done: str
    partners: str
    strands: list[str]
    actions: list[str]
    evidence_stage: str
    outcome: str | None
    evaluation_details: str
    evaluation_link: str | None
    outcomes: str
    resources_costs: str
    start_date: date | None
    status: str
    contact_name: str
    contact_email: str
    published_at: datetime


class OwnExampleOut(Out):
    """One of the caller's own force's examples, whatever its status (`?mine=1`)."""

    id: int
    title: str
    force: str
    force_ons_code: str | None = Field(description=ONS_CODE)
    status: str
    summary: str
    strands: list[str]
    actions: list[str]
    evidence_stage: str
    updated_at: datetime
    library_entry: int | None


class Filters(Schema):
    q: str | None = Field(None, description="Words to search for (ranked)", max_length=200)
    action: list[str] = Field([], description="An action code, e.g. 2.2.1")
    theme: list[str] = Field([], description="A theme code")
    strand: list[str] = Field([], description="A vulnerability strand slug")
    stage: list[str] = Field([], description="not_evaluated, local or independent")
    outcome: list[str] = Field([], description="worked, promising or did_not_work")
    force: list[str] = Field([], description="A force slug")
    region: list[str] = Field([], description="A region slug")
    year: list[str] = Field([], description="Year published")
    mine: bool = Field(
        False, description="The caller's own force's examples, any status, instead of the library"
    )


def _entry(e: LibraryEntry) -> dict:
    """An entry read through library.linked(..., strands=True)."""
    return {
        "id": e.pk,
        "title": e.title,
        "force": e.organisation.slug,
        "force_name": e.organisation.name,
        "force_ons_code": e.organisation.ons_code or None,
        "region": e.region.slug if e.region else None,
        "summary": e.summary,
        "problem": e.problem,
        "what_was_done": e.what_was_done,
        "partners": e.partners,
        "strands": [s.slug for s in e.strand_list],
        "actions": [a.code for a in e.action_list],
        "evidence_stage": e.evidence_stage,
        "outcome": e.outcome or None,
        "evaluation_details": e.evaluation_details,
        "evaluation_link": e.evaluation_link or None,
        "outcomes": e.outcomes,
        "resources_costs": e.resources_costs,
        "start_date": e.start_date,
        "status": e.delivery_status,
        "contact_name": e.contact_name,
        "contact_email": e.contact_email,
        "published_at": e.published_at,
    }


def _own(e: Example) -> dict:
    return {
        "id": e.pk,
        "title": e.title,
        "force": e.organisation.slug,
        "force_ons_code": e.organisation.ons_code or None,
        "status": e.status,
        "summary": e.summary,
        "strands": [s.slug for s in e.strands.all()],
        "actions": [a.code for a in e.actions.all()],
        "evidence_stage": e.evidence_stage,
        "updated_at": e.updated_at,
        "library_entry": getattr(getattr(e, "library_entry", None), "pk", None),
    }


@router.get(
    "/practice/",
    response={200: list[LibraryEntryOut | OwnExampleOut], 400: Error, 401: Error},
    summary="Published practice examples (or, with mine=1, the caller's force's own)",
)
@paginate(Pages)
def practice(request, filters: Query[Filters]):
    if filters.mine:
        forces = access.forces_of(request.user)
        own = (
            Example.objects.filter(organisation_id__in=forces)
            .select_related("organisation", "library_entry")
            .prefetch_related("strands", "actions")
            .order_by("-updated_at", "-pk")
        )
        return Shaped(own, _own)
    # The library changes only when the national team publishes: a page, once shaped, is
    # kept until then (every signed-in caller receives the same fields).
    key = library.versioned_key("practice:api", request.GET)
    send_kept(request, key)
    entries = library.linked(library.matching(request.GET), strands=True)
    return Kept(Shaped(entries, _entry), key)


@router.get(
    "/practice/{id}/",
    response={200: LibraryEntryOut, 401: Error, 404: Error},
    summary="One published practice example",
)
def practice_entry(request, id: int):
    entry = library.linked(LibraryEntry.objects.filter(pk=id), strands=True).first()
    if entry is None:
        raise ApiError(404, "not_found", "There is no such published practice example.")
    return _entry(entry)
