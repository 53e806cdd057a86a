"""Who may see and change a peer review.

A review belongs to its force: the force's people and the national team see it; other forces
never do (a 404, as if it did not exist). Built on the primitives in organisations.access."""

from django.http import Http404

# The shared decorators and primitives (organisations.access.__all__), so this app's views
# import one access module: their own.
from organisations.access import *
from reviews.models import PeerReview


def get_review_for_user(user, pk) -> tuple[PeerReview, bool]:
    """A review and whether the user writes its force's work. Anyone outside the force and the
    national team gets a 404."""
    review = PeerReview.objects.select_related("organisation", "requested_by").filter(pk=pk).first()
    if review is None:
        raise Http404("No such review")
    return force_object_for_user(user, review)


def runs_reviews(user) -> bool:
    """National analysts and admins accept, schedule and staff reviews."""
    return can(user, Can.RUN_PEER_REVIEWS)


def leads(user, organisation_id) -> bool:
    return can_in(user, Can.LEAD_FORCE, organisation_id)


def forces_led_by(user) -> list:
    return [
        m.organisation
        for m in memberships_of(user)
        if m.organisation.is_force and leads(user, m.organisation_id)
    ]


def get_evidence_request_for_user(user, pk, request_pk):
    """An evidence request of a review, with the review and whether the user writes the force's
    work (gives the evidence). A 404 outside the force and the national team."""
    from reviews.models import EvidenceRequest

    review, can_edit = get_review_for_user(user, pk)
    item = EvidenceRequest.objects.filter(review=review, pk=request_pk).select_related("created_by").first()
    if item is None:
        raise Http404("No such request")
    return review, item, can_edit


def is_on_team(user, review) -> bool:
    """Whether the person is one of the review's reviewers."""
    return user.is_authenticated and review.team.filter(user=user).exists()


def writes_findings(user, review) -> bool:
    """The review team records fieldwork and findings (and the national team that runs it)."""
    return is_on_team(user, review) or runs_reviews(user)


def get_report_for_user(user, pk) -> PeerReview:
    """A review whose report the user may read: its force's people and the national team, and
    people of the forces it was shared with once final. A 404 for anyone else."""
    try:
        review, _place = get_review_for_user(user, pk)
        return review
    except Http404:
        shared = PeerReview.objects.select_related("organisation").filter(pk=pk).first()
        if (
            shared is not None
            and shared.report_final_at is not None
            and shared.shared_with.filter(pk__in=forces_of(user)).exists()
        ):
            return shared
        raise
