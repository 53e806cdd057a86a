"""What the pages of this app share: helpers used by more than one group of pages."""

from benchmarking import access
from core.cache import kept
from core.forms import render_checked


def can_run_exercises(user) -> bool:
    return access.can(user, access.Can.RUN_EXERCISES)


def render_page(request, template, context, form=None, problems=None, **kwargs):
    return render_checked(request, f"benchmarking/{template}", context, form, problems, **kwargs)


def rating_levels(record):
    """The exercise's rating scale. It is fixed once the exercise opens, so from then on it
    is kept (a draft's is read afresh)."""
    exercise = record.exercise
    if exercise.status == exercise.Status.DRAFT:
        return list(exercise.rating_levels.all())
    return kept(
        f"rating-levels:{exercise.pk}:{exercise.status}",
        lambda: list(exercise.rating_levels.all()),
        local=True,
    )


def national_return(request, pk):
    record, _ = access.get_return_for_user(request.user, pk)
    return record
