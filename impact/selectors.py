"""Reads of impact realisation, with their joins baked in."""

from datetime import timedelta

from django.db.models import Max

from impact.models import Plan, PlanActivity, PlanObjective

# How long an objective may go without a progress update, by the plan's update frequency.
UPDATE_INTERVAL = {Plan.Frequency.MONTHLY: timedelta(days=31), Plan.Frequency.QUARTERLY: timedelta(days=92)}


def journey_to_good(plan: Plan) -> list[dict]:
    """For each toolkit objective of the plan's action: each logic-model activity and whether
    the force has it done, in progress, planned, or not yet considered."""
    toolkit = getattr(plan.action, "toolkit", None)
    if toolkit is None:
        return []
    chosen = {
        activity.logic_model_row_id: activity.status
        for activity in PlanActivity.objects.filter(plan_objective__plan=plan, logic_model_row__isnull=False)
    }
    journey = []
    for objective in toolkit.objectives.prefetch_related("logic_model_rows"):
        journey.append(
            {
                "objective": objective,
                "activities": [
                    {"row": row, "status": chosen.get(row.pk, "not_considered")}
                    for row in objective.logic_model_rows.all()
                ],
            }
        )
    return journey


def overdue_objectives(now):
    """Plan objectives of active plans whose latest progress update (or, without one, the
    plan's start) is older than the plan's update interval."""
    objectives = (
        PlanObjective.objects.filter(plan__status=Plan.Status.ACTIVE)
        .select_related(
            "plan__organisation", "plan__action", "impact_owner", "toolkit_objective", "objective"
        )
        .annotate(last_update=Max("progress_updates__created_at"))
    )
    overdue = []
    for item in objectives:
        since = item.last_update or item.plan.created_at
        if now - since > UPDATE_INTERVAL[item.plan.update_frequency]:
            overdue.append(item)
    return overdue
