"""Who may see, change and assess practice examples.

Built on the primitives in organisations.access; every force-scoped practice view fetches
its object through one of these functions."""

# The shared decorators and primitives (organisations.access.__all__), so this app's views
# import one access module: their own.
from organisations.access import *
from practice.models import Example, HelpRequest


def get_example_for_user(user, pk) -> tuple[Example, bool]:
    """A force's example (its working copy, whatever its status) and whether the user may
    change it: the force's people and the national team see it; its writers change it.
    Anyone else gets a 404, published or not: the library shows published examples."""
    example = (
        Example.objects.select_related("organisation", "call", "source_answer__return_record", "owner")
        .filter(pk=pk)
        .first()
    )
    return force_object_for_user(user, example)


def is_assessor(user) -> bool:
    return can(user, Can.ASSESS_PRACTICE)


def force_written_by(user):
    """The force whose examples the user writes, or None."""
    for membership in memberships_of(user):
        if membership.organisation.is_force and can_in(
            user, Can.WRITE_FORCE_WORK, membership.organisation_id
        ):
            return membership.organisation
    return None


def get_help_request_for_user(user, pk) -> tuple[HelpRequest, bool]:
    """A force's question to the national team, and whether the user may answer it: the
    force's people and the national team see it; the national team answers. Anyone else gets a
    404."""
    item = (
        HelpRequest.objects.select_related("organisation", "action", "asked_by", "answered_by")
        .filter(pk=pk)
        .first()
    )
    found, _ = force_object_for_user(user, item)
    return found, can(user, Can.ASSESS_PRACTICE)
