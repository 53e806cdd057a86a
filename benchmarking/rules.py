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
