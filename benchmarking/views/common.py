"""What the pages of this app share: helpers used by more than one group of pages."""

import hashlib

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


def scale_key(levels) -> str:
    """A short name for a rating scale as drawn (values, labels, descriptors): part of the key
    of anything kept that shows it, since a draft exercise's scale can still change."""
    drawn = repr([(level.value, level.label, level.descriptor) for level in levels])
    return hashlib.sha256(drawn.encode()).hexdigest()[:16]


def national_return(request, pk):
    record, _unused = access.get_return_for_user(request.user, pk)
    return record
