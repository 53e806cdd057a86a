"""Published learning from safeguarding case reviews, for BI tools:
GET /api/v1/case-review-learning/. Everyone signed in reads the same: learning the national
team has published, never coding in progress."""

from datetime import date

from django.http import QueryDict
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from accounts.api_auth import SIGNED_IN
from casereviews import selectors
from casereviews.models import LearningPoint, ReviewType
from core.api import ApiError, Error, Out, Pages, Shaped

router = Router(tags=["Learning from case reviews"], auth=SIGNED_IN)


class ReviewRef(Out):
    id: int
    type: str = Field(description="; ".join(f"{k}: {v}" for k, v in ReviewType.choices))
    year: int
    published_on: date
    address: str = Field(description="The address of the published report")


class LearningOut(Out):
    id: int
    review: ReviewRef
    text: str
    page: str
    kind: str = Field(description="missed (a missed opportunity), strength or gap (a practice gap)")
    stage: str
    actions: list[str] = Field(description="NVAP action codes")
    perennial_issues: list[str] = Field(description="Perennial issue slugs")
    themes: list[str] = Field(description="Theme names, from the national team's list")


class Filters(Schema):
    action: list[str] = Field([], description="An action code, e.g. 2.2.1 (any of those given)")
    type: list[str] = Field([], description="A review type (any of those given)")
    theme: list[str] = Field([], description="A theme name (any of those given)")


def _point(p: LearningPoint) -> dict:
    return {
        "id": p.pk,
        "review": {
            "id": p.review_id,
            "type": p.review_kind,
            "year": p.year,
            "published_on": p.review.published_on,
            "address": p.review.report_url,
        },
        "text": p.text,
        "page": p.page,
        "kind": p.kind,
        "stage": p.stage,
        "actions": sorted({a.code for a in p.actions.all()}),
        "perennial_issues": [i.slug for i in p.perennial_issues.all()],
        "themes": [t.name for t in p.themes.all()],
    }


@router.get(
    "/case-review-learning/",
    response={200: list[LearningOut], 400: Error, 401: Error},
    summary="Published learning from safeguarding case reviews, coded to the plan",
)
@paginate(Pages)
def case_review_learning(request, filters: Query[Filters]):
    wrong = [t for t in filters.type if t not in ReviewType.values]
    if wrong:
        raise ApiError(
            400, "bad_filter", f"Unknown review type: {wrong[0]}. Use one of {', '.join(ReviewType.values)}."
        )
    params = QueryDict(mutable=True)
    params.setlist("action", filters.action[:20])
    params.setlist("type", filters.type[:20])
    if filters.theme:
        from casereviews.models import LearningTheme

        ids = list(LearningTheme.objects.filter(name__in=filters.theme[:20]).values_list("pk", flat=True))
        if not ids:
            raise ApiError(400, "bad_filter", f"Unknown theme: {filters.theme[0]}.")
        params.setlist("theme", [str(i) for i in ids])
    points, _ = selectors.filtered(params)
    return Shaped(selectors.listed(points).order_by("-year", "-pk"), _point)
