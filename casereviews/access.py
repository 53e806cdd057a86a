"""Who may see and change what in the case review repository.

The national team (analysts and admins) records, screens and codes reviews and writes
briefings; everyone signed in reads published learning and briefings; a force's answer to a
briefing is its own (its people and the national team read it; other forces never do).
Built on the primitives in organisations.access."""

from django.http import Http404

from casereviews.models import Briefing, BriefingResponse, CaseReview

# The shared decorators and primitives (organisations.access.__all__), so this app's views
# import one access module: their own.
from organisations.access import *


def codes(user) -> bool:
    """National analysts and admins record, screen and code reviews, and write briefings."""
    return can(user, Can.CODE_CASE_REVIEWS)


def get_review(pk) -> CaseReview:
    """A recorded review (for the national team's pages only)."""
    review = (
        CaseReview.objects.select_related("force", "created_by", "published_coding").filter(pk=pk).first()
    )
    if review is None:
        raise Http404("No such review")
    return review


def get_briefing_for_user(user, pk) -> Briefing:
    """A briefing: published ones for everyone signed in, drafts for the national team."""
    briefing = Briefing.objects.select_related("created_by", "published_by").filter(pk=pk).first()
    if briefing is None or (not briefing.is_published and not is_national_team(user)):
        raise Http404("No such briefing")
    return briefing


def get_response_for_user(user, pk, response_pk) -> tuple[BriefingResponse, bool]:
    """A force's answer to a briefing, and whether the user writes the force's work. A 404 for
    anyone outside the force and the national team."""
    briefing = get_briefing_for_user(user, pk)
    response = (
        BriefingResponse.objects.select_related("organisation", "action", "created_by", "briefing")
        .filter(briefing=briefing, pk=response_pk)
        .first()
    )
    if response is None:
        raise Http404("No such response")
    return force_object_for_user(user, response)


def forces_written_by(user) -> list:
    return [
        m.organisation
        for m in memberships_of(user)
        if m.organisation.is_force and can_in(user, Can.WRITE_FORCE_WORK, m.organisation_id)
    ]
