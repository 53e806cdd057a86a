"""The community's test cast: the plan's 2.2.1 space (open), and three spaces the national team
opened: open, restricted (Kent's lead a member) and private (Kent's lead invited and joined)."""

import pytest

from community import services
from community.models import Space, Thread


def space_of(code="2.2.1") -> Space:
    return Space.objects.get(kind=Space.Kind.ACTION, framework_slug="nvap", action_code=code)


@pytest.fixture
def spaces(cast):
    admin, kent = cast["admin"], cast["lead_b"]
    found = {
        "action": space_of(),
        "open": services.space_create(
            by=admin, name="Data and analysts", summary="Data", access_=Space.Access.OPEN
        ),
        "restricted": services.space_create(
            by=admin, name="Case review learning", summary="Approved members", access_=Space.Access.RESTRICTED
        ),
        "private": services.space_create(
            by=admin, name="Leads' network", summary="Invited members", access_=Space.Access.PRIVATE
        ),
    }
    services.join(space=found["restricted"], user=kent)
    services.request_decide(space=found["restricted"], by=admin, user=kent, approve=True)
    services.invite(space=found["private"], by=admin, email=kent.email)
    services.join(space=found["private"], user=kent)
    return found


def thread_in(space, by, *, kind=Thread.Kind.DISCUSSION, title="A thread", body="Its first post", **extra):
    return services.thread_start(space=space, by=by, kind=kind, title=title, body=body, **extra)
