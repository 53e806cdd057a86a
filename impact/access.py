"""Who may see and change impact realisation plans and measures.

Built on the primitives in organisations.access; every force-scoped impact view fetches its
object through one of these functions."""

from impact.models import Measure, Plan

# The shared decorators and primitives (organisations.access.__all__), so this app's views
# import one access module: their own.
from organisations.access import *


def get_plan_for_user(user, pk, plans=None) -> tuple[Plan, bool]:
    """A plan (from `plans`, a queryset with what the caller needs prefetched, when given)
    and whether the user may change it."""
    plans = (
        plans
        if plans is not None
        else Plan.objects.select_related("organisation", "action__version__framework")
    )
    return force_object_for_user(user, one(plans, pk))


def get_measure_for_user(user, pk) -> tuple[Measure, bool]:
    """A measure with its force, and the plan and action it serves (every page of a measure
    names them), in one query; whether the user may change it. A 404 when missing or not
    theirs to see."""
    measures = Measure.objects.select_related(
        "organisation", "plan_objective__plan__action", "peel_measure__version"
    )
    return force_object_for_user(user, one(measures, pk))


def writes_for(user, organisation) -> bool:
    """Plans are written by the force's own lead and contributors (as returns are)."""
    return can_in(user, Can.WRITE_FORCE_WORK, organisation.pk)
