"""The rules of a peer review, named and tested on their own."""

from reviews.models import PeerReview

# Waiting for the other side to agree: the national team for a force's request, the force's
# lead for the national team's proposal.
WAITING = {PeerReview.Status.REQUESTED, PeerReview.Status.PROPOSED}
# Under way: scoping, fieldwork and the report in draft. Its team and questions can change.
UNDER_WAY = {PeerReview.Status.ACCEPTED, PeerReview.Status.FIELDWORK, PeerReview.Status.REPORTING}


def decided_by_force(review: PeerReview) -> bool:
    """A review the national team proposed is the force's to agree to; a review the force
    requested is the national team's."""
    return review.status == PeerReview.Status.PROPOSED


def scope_is_open(review: PeerReview) -> bool:
    """The team and key questions change while the review is waiting or under way."""
    return review.status in WAITING | UNDER_WAY


def evidence_is_open(review: PeerReview) -> bool:
    """Evidence is asked for and given once the review is accepted, until the report is final."""
    return review.status in UNDER_WAY


def findings_shown_to_force(review: PeerReview) -> bool:
    """The force reads the findings once the report is drafted for it."""
    return review.status in {
        PeerReview.Status.REPORTING,
        PeerReview.Status.FOLLOW_UP,
        PeerReview.Status.CLOSED,
    }


def notes_visible(kind: str, *, on_team: bool, runs_reviews: bool) -> bool:
    """Fieldwork notes are the review team's (and the national team's that runs the review),
    never the force's; a case audit's notes stay inside the review team."""
    if kind == "case_audit":
        return on_team
    return on_team or runs_reviews
