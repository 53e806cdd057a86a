"""A plan's history: every change to the plan, its objectives, activities, risks, measures and
their values, with who made it, when, and each field before and after."""

from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.history import changes
from framework.models import Objective, ToolkitObjective
from impact.models import Measure, Measurement, Plan, PlanActivity, PlanObjective, PlanRisk, Side

_SIDES = dict(Side.choices)
LIMIT = 300


def _short(text, length=80):
    text = " ".join(str(text).split())
    return text if len(text) <= length else text[: length - 1] + "…"


def plan_history(plan: Plan) -> list[dict]:
    objective_ids = list(
        PlanObjective.history.filter(plan_id=plan.pk).values_list("id", flat=True).distinct()
    )
    measure_ids = list(
        Measure.history.filter(plan_objective_id__in=objective_ids).values_list("id", flat=True).distinct()
    )
    entries = changes(
        Plan.history.filter(id=plan.pk).select_related("history_user"),
        {
            "reporting_period": _("Reporting period"),
            "project_lead": _("Project lead"),
            "prepared_by": _("Prepared by"),
            "date_prepared": _("Date prepared"),
            "status": _("Status"),
            "update_frequency": _("Progress updates due"),
        },
        lambda r: _("The plan"),
        {"status": dict(Plan.Status.choices), "update_frequency": dict(Plan.Frequency.choices)},
    )
    objective_records = list(PlanObjective.history.filter(plan_id=plan.pk).select_related("history_user"))
    texts = dict(
        ToolkitObjective.objects.filter(
            pk__in={r.toolkit_objective_id for r in objective_records if r.toolkit_objective_id}
        ).values_list("pk", "text")
    )
    plain = dict(
        Objective.objects.filter(
            pk__in={r.objective_id for r in objective_records if r.objective_id}
        ).values_list("pk", "text")
    )
    owners = {
        user.pk: user.full_name or user.email
        for user in User.objects.filter(
            pk__in={r.impact_owner_id for r in objective_records if r.impact_owner_id}
        )
    }
    entries += changes(
        objective_records,
        {
            "impact_owner": _("Impact owner"),
            "organisational_impact": _("Organisational impact"),
            "external_impact": _("External impact"),
            "next_steps": _("Next steps"),
            "additional_comments": _("Additional comments"),
        },
        lambda r: _("Objective “{short}”").format(
            short=_short(texts.get(r.toolkit_objective_id) or plain.get(r.objective_id, ""))
        ),
        {"impact_owner": owners},
    )
    entries += changes(
        PlanActivity.history.filter(plan_objective_id__in=objective_ids).select_related("history_user"),
        {"text": _("Activity"), "outputs": _("Outputs"), "side": _("Column"), "status": _("Status")},
        lambda r: _("Activity “{short}”").format(short=_short(r.text)),
        {"side": _SIDES, "status": dict(PlanActivity.Status.choices)},
    )
    entries += changes(
        PlanRisk.history.filter(plan_objective_id__in=objective_ids).select_related("history_user"),
        {"text": _("Risk"), "mitigation": _("Mitigation"), "side": _("Column")},
        lambda r: _("Risk “{short}”").format(short=_short(r.text)),
        {"side": _SIDES},
    )
    entries += changes(
        Measure.history.filter(id__in=measure_ids).select_related("history_user"),
        {
            "name": _("Name"),
            "definition": _("Definition"),
            "unit": _("Unit"),
            "direction": _("Direction"),
            "frequency": _("Frequency"),
            "side": _("Column"),
            "baseline": _("Baseline"),
            "baseline_period": _("Baseline period"),
            "target": _("Target"),
            "plan_objective": _("Objective"),
        },
        lambda r: _("Measure “{short}”").format(short=_short(r.name)),
        {
            "unit": dict(Measure.Unit.choices),
            "direction": dict(Measure.Direction.choices),
            "frequency": dict(Measure.Frequency.choices),
            "side": _SIDES,
        },
    )
    names = dict(Measure.history.filter(id__in=measure_ids).values_list("id", "name"))
    entries += changes(
        Measurement.history.filter(measure_id__in=measure_ids)
        .select_related("history_user")
        .order_by("-history_date")[:LIMIT],
        {"value": _("Value"), "note": _("Note")},
        lambda r: f"{_short(names.get(r.measure_id, 'Measure'), 60)}, {r.period}",
    )
    return sorted(entries, key=lambda e: e["when"], reverse=True)[:LIMIT]
