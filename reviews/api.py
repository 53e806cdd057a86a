"""Peer reviews for BI tools: GET /api/v1/peer-reviews/. A force sees its own reviews, the
national team every one, anyone else none. Findings reach a force once the report is drafted
for it."""

from datetime import date

from ninja import Field, Router
from ninja.pagination import paginate

from accounts.api_auth import SIGNED_IN
from core.api import ONS_CODE, Error, Out, Pages, Shaped
from organisations import access
from reviews import rules
from reviews.models import PeerReview

router = Router(tags=["Peer reviews"], auth=SIGNED_IN)


class FindingOut(Out):
    type: str = Field(description="strength, promising or opportunity")
    action: str
    objective: int | None
    text: str
    response_status: str | None = Field(
        description="The force's action on an opportunity: open, done, explained, or null."
    )


class ReviewOut(Out):
    id: int
    force: str
    force_name: str
    force_ons_code: str | None = Field(description=ONS_CODE)
    actions: list[str]
    status: str
    requested_on: date
    fieldwork_from: date | None
    fieldwork_to: date | None
    report_final_on: date | None
    findings: list[FindingOut] = Field(description="Empty for a force until the report is drafted for it.")


def _review(r: PeerReview, national: bool) -> dict:
    shown = national or rules.findings_shown_to_force(r)
    return {
        "id": r.pk,
        "force": r.organisation.slug,
        "force_name": r.organisation.name,
        "force_ons_code": r.organisation.ons_code or None,
        "actions": [a.code for a in r.actions.all()],
        "status": r.status,
        "requested_on": r.created_at.date(),
        "fieldwork_from": r.fieldwork_from,
        "fieldwork_to": r.fieldwork_to,
        "report_final_on": r.report_final_at.date() if r.report_final_at else None,
        "findings": [
            {
                "type": f.kind,
                "action": f.action.code,
                "objective": f.objective.number if f.objective else None,
                "text": f.text,
                "response_status": getattr(getattr(f, "response", None), "status", None),
            }
            for f in r.findings.all()
        ]
        if shown
        else [],
    }


@router.get(
    "/peer-reviews/",
    response={200: list[ReviewOut], 400: Error, 401: Error},
    summary="Peer reviews the caller may see, with their findings",
)
@paginate(Pages)
def peer_reviews(request):
    national = access.is_national_team(request.user)
    reviews = PeerReview.objects.select_related("organisation").prefetch_related(
        "actions", "findings__action", "findings__objective", "findings__response"
    )
    if not national:
        reviews = reviews.filter(organisation_id__in=access.forces_of(request.user))
    return Shaped(reviews.order_by("-created_at", "-pk"), lambda r: _review(r, national))
