"""The community's threads, for BI tools and the national team's reporting:
GET /api/v1/community/threads/. Each caller reads the threads of the spaces they may read (open
spaces, and restricted or private ones they belong to; every space for the national team's
facilitators), never a post's words: those stay in the service."""

from datetime import datetime

from django.urls import reverse
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from accounts.api_auth import SIGNED_IN
from community import access, selectors
from community.models import Thread
from core.api import ApiError, Error, Out, Pages, Shaped

router = Router(tags=["The practice community"], auth=SIGNED_IN)


class ThreadOut(Out):
    id: int
    space: str = Field(description="The space's short name (its address in the service)")
    space_name: str
    action: str = Field(description="The plan's action code, for an action's space; empty otherwise")
    kind: str = Field(description="; ".join(f"{k}: {v}" for k, v in Thread.Kind.choices))
    title: str
    status: str = Field(
        description="Questions only: open (waiting for the national team), answered or accepted"
    )
    created_at: datetime
    last_post_at: datetime | None
    posts: int
    locked: bool
    address: str = Field(description="The thread's page in the service")


class Filters(Schema):
    space: str = Field("", description="A space's short name, e.g. nvap-2-2-1")
    kind: str = Field("", description="A type of thread: " + ", ".join(Thread.Kind.values))
    status: str = Field("", description="A question's status: " + ", ".join(Thread.Status.values))


def _thread(t: Thread) -> dict:
    return {
        "id": t.pk,
        "space": t.space.slug,
        "space_name": t.space.name,
        "action": t.space.action_code,
        "kind": t.kind,
        "title": t.title,
        "status": t.status,
        "created_at": t.created_at,
        "last_post_at": t.last_post_at,
        "posts": t.post_count,
        "locked": t.locked,
        "address": reverse("community:thread", args=[t.pk]),
    }


@router.get(
    "/community/threads/",
    response={200: list[ThreadOut], 400: Error, 401: Error, 403: Error},
    summary="Threads in the community spaces the caller may read, latest activity first",
)
@paginate(Pages)
def community_threads(request, filters: Query[Filters]):
    if not access.takes_part(request.user):
        raise ApiError(403, "forbidden", "The community is for people in a force or the national team.")
    if filters.kind and filters.kind not in Thread.Kind.values:
        raise ApiError(
            400, "bad_filter", f"Unknown type: {filters.kind}. Use one of {', '.join(Thread.Kind.values)}."
        )
    if filters.status and filters.status not in Thread.Status.values:
        raise ApiError(
            400,
            "bad_filter",
            f"Unknown status: {filters.status}. Use one of {', '.join(Thread.Status.values)}.",
        )
    threads = selectors.readable_threads(request.user)
    if filters.space:
        threads = threads.filter(space__slug=filters.space)
    if filters.kind:
        threads = threads.filter(kind=filters.kind)
    if filters.status:
        threads = threads.filter(status=filters.status)
    return Shaped(threads.select_related("space").order_by("-last_post_at", "-pk"), _thread)
