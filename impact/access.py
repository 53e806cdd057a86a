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
    return force_object_for_user(user, one(Measure.objects.select_related("organisation"), pk))


def writes_for(user, organisation) -> bool:
    """Plans are written by the force's own lead and contributors (as returns are)."""
    return can_in(user, Can.WRITE_FORCE_WORK, organisation.pk)
