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


# Follow-ups of a final report's actions, in months after the report was made final.
FOLLOW_UPS = (6, 12)


def months_after(start, months: int):
    """The same day `months` later (the month's last day where it is shorter)."""
    import calendar

    year, month = divmod(start.month - 1 + months, 12)
    year, month = start.year + year, month + 1
    return start.replace(year=year, month=month, day=min(start.day, calendar.monthrange(year, month)[1]))


def follow_up_due(final_on, today, done: list[int]) -> int | None:
    """The follow-up now due for an open action (6 or 12 months after the report was made
    final), or None: the latest one reached and not yet sent."""
    reached = [m for m in FOLLOW_UPS if months_after(final_on, m) <= today]
    if not reached or reached[-1] in done:
        return None
    return reached[-1]
