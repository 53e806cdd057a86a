"""What impact realisation says on an action's page (framework.hub): the reader's force's
plan for the action, with each objective's latest RAG and its measures moving towards or away
from target, or a way to start one; and, for everyone signed in, how many forces have a plan."""

from django.template.loader import render_to_string

from impact import access
from impact.models import Plan
from impact.selectors import plans_on_action, trend


def force_part(request, action) -> str:
    forces = [m.organisation for m in access.memberships_of(request.user) if m.organisation.is_force]
    if not forces:
        return ""
    plans = {p.organisation_id: p for p in plans_on_action([f.pk for f in forces], action.pk)}
    rows = []
    for force in forces:
        plan = plans.get(force.pk)
        objectives = []
        if plan is not None:
            for item in plan.objectives.all():
                measures = [(m, trend(m)) for m in item.measures.all()]
                objectives.append({"item": item, "rag": item.latest_rag or "", "measures": measures})
        rows.append(
            {
                "force": force,
                "plan": plan,
                "objectives": objectives,
                "can_start": plan is None and access.writes_for(request.user, force),
            }
        )
    return render_to_string(
        "impact/_on_action_force.html",
        {"rows": rows, "action": action, "several": len(forces) > 1},
        request=request,
    )


def national_part(request, action) -> str:
    counts = Plan.objects.filter(action_id=action.pk).exclude(status=Plan.Status.DRAFT).count()
    return render_to_string("impact/_on_action_national.html", {"count": counts}, request=request)
