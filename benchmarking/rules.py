"""The business rules of a benchmarking exercise, named and tested on their own."""

from django.utils import timezone

from benchmarking.models import Exercise, Return

EDITABLE_RETURN_STATUSES = {Return.Status.NOT_STARTED, Return.Status.IN_PROGRESS, Return.Status.RETURNED}


def return_deadline(record: Return):
    """The last day a force may change its return: the close date, or its extension."""
    if record.extension_until and record.extension_until > record.exercise.closes_on:
        return record.extension_until
    return record.exercise.closes_on


def return_is_editable(record: Return, today=None) -> bool:
    """Open exercise, not past the force's deadline, and not with the national team."""
    today = today or timezone.localdate()
    return (
        record.exercise.status == Exercise.Status.OPEN
        and record.status in EDITABLE_RETURN_STATUSES
        and today <= return_deadline(record)
    )


# The national review of an answer: what the national team writes about it.
REVIEW_FIELDS = [
    "national_rating",
    "promising_practice",
    "promising_practice_reason",
    "reviewer_sees_gap",
    "reviewer_comment",
]


def review_is_visible(exercise: Exercise, *, national_team: bool) -> bool:
    """The national review of an answer (national rating, promising practice, the reviewer's
    view of a gap and comment) is the national team's until the picture is published; then
    the force sees it, on every page, history, export and API alike."""
    return national_team or exercise.status == Exercise.Status.PUBLISHED


def review_is_final(exercise: Exercise) -> bool:
    """Once the national picture is published, reviews, decisions and key findings stand:
    forces and inspectors have read them."""
    return exercise.status == Exercise.Status.PUBLISHED


def reference(record) -> str:
    """A return's reference, for the force's records and for talking to the national team:
    the exercise, the force (its ONS police force area code where it has one) and the return."""
    force = record.organisation.ons_code or record.organisation.slug.upper()
    return f"NVAP-{record.exercise_id}-{force}-{record.pk}"
