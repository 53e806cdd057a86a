"""Who may read, post in and facilitate each community space.

A space is open (everyone in a force or the national team), restricted (a facilitator approves
who joins; others see only its name) or private (invited people only; a 404 for anyone else).
National admins and analysts facilitate every space (`Can.FACILITATE_COMMUNITY`); a space's own
facilitators (national or force volunteers) are appointed in it. A post a facilitator has hidden
reaches facilitators only. Inspectors are not part of the community."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404

from community.models import Member, Post, Space, Thread

# The shared decorators and primitives (organisations.access.__all__), so this app's views
# import one access module: their own.
from organisations.access import *
from organisations.access import Role, memberships_of

PARTICIPATING_ROLES = frozenset(
    {
        Role.FORCE_LEAD,
        Role.CONTRIBUTOR,
        Role.VIEWER,
        Role.NATIONAL_ADMIN,
        Role.NATIONAL_ANALYST,
        Role.PEER_REVIEWER,
    }
)


def takes_part(user) -> bool:
    """Whether the person is part of the community at all: anyone in a force, and the national
    team (admins, analysts, peer reviewers)."""
    return user.is_authenticated and any(m.role in PARTICIPATING_ROLES for m in memberships_of(user))


def facilitates_all(user) -> bool:
    return user.is_authenticated and can(user, Can.FACILITATE_COMMUNITY)


def places_of(user) -> dict[int, Member]:
    """The person's rows in spaces (asked, invited, member, facilitator, suspended), read once
    a request."""
    found = getattr(user, "_community_places", None)
    if found is None:
        found = {m.space_id: m for m in Member.objects.filter(user=user)} if user.is_authenticated else {}
        user._community_places = found
    return found


@dataclass(frozen=True)
class Place:
    """What one person may do in one space."""

    member: Member | None
    sees: bool  # the space's name and summary
    reads: bool  # its threads, posts and files
    posts: bool  # start threads and reply (not when suspended)
    facilitates: bool

    @property
    def status(self) -> str:
        return self.member.status if self.member else ""

    @property
    def suspended(self) -> bool:
        return bool(self.member and self.member.suspended)


def place_in(user, space: Space) -> Place:
    if not takes_part(user):
        return Place(None, False, False, False, False)
    member = places_of(user).get(space.pk)
    national = facilitates_all(user)
    facilitates = national or bool(member and member.facilitator and member.status == Member.Status.MEMBER)
    joined = bool(member and member.status == Member.Status.MEMBER)
    invited = bool(member and member.status == Member.Status.INVITED)
    if space.access == Space.Access.OPEN:
        reads = True
    else:
        reads = facilitates or joined
    sees = reads or space.access == Space.Access.RESTRICTED or invited
    posts = reads and (facilitates or not (member and member.suspended))
    return Place(member, sees, reads, posts, facilitates)


def community_page(view):
    """Signed-in people who take part in the community (a 403 for anyone else signed in)."""
    from functools import wraps

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not takes_part(request.user):
            raise PermissionDenied("The community is for people in a force or the national team.")
        return view(request, *args, **kwargs)

    return signed_in(wrapper)


def get_space_for_user(user, slug: str, *, contents: bool = True) -> tuple[Space, Place]:
    """The space and what the person may do there. A private space is a 404 to anyone not
    invited; with `contents`, so is a restricted space to anyone who has not joined."""
    space = Space.objects.filter(slug=slug).first()
    if space is None:
        raise Http404("No such space")
    place = place_in(user, space)
    if not place.sees or (contents and not place.reads):
        raise Http404("No such space")
    return space, place


def get_thread_for_user(user, pk) -> tuple[Thread, Place]:
    thread = Thread.objects.select_related("space", "author").filter(pk=pk).first()
    if thread is None:
        raise Http404("No such thread")
    place = place_in(user, thread.space)
    if not place.reads:
        raise Http404("No such thread")
    return thread, place


def get_post_for_user(user, pk) -> tuple[Post, Place]:
    """A post the person may read: hidden posts reach facilitators only."""
    post = Post.objects.select_related("thread__space", "author").filter(pk=pk).first()
    if post is None:
        raise Http404("No such post")
    place = place_in(user, post.thread.space)
    if not place.reads or (post.hidden and not place.facilitates):
        raise Http404("No such post")
    return post, place


def require_facilitator(place: Place) -> None:
    if not place.facilitates:
        raise PermissionDenied("Only the space's facilitators can do this.")


def require_posting(place: Place) -> None:
    if not place.posts:
        raise PermissionDenied(
            "A facilitator has suspended you from posting in this space."
            if place.suspended
            else "Join the space to post in it."
        )


def readable_space_ids(user) -> list[int] | None:
    """The restricted and private spaces whose posts the person may read, beside every open
    one (None: every space, for national facilitators)."""
    if facilitates_all(user):
        return None
    return [pk for pk, m in places_of(user).items() if m.status == Member.Status.MEMBER]


def facilitated_space_ids(user) -> list[int] | None:
    """The spaces the person facilitates (None: all of them)."""
    if facilitates_all(user):
        return None
    return [pk for pk, m in places_of(user).items() if m.facilitator and m.status == Member.Status.MEMBER]
