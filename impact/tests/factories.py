"""A plan with one of everything, for tests that need a realistic one."""

from datetime import date

from framework.models import Action, ToolkitObjective
from impact import services
from impact.models import Measure, Side


def plan_with_everything(organisation, by, code="2.2.1"):
    """A 2.2.1 plan: objective 1 from the toolkit with an owner, a toolkit activity and one of
    the force's own, a toolkit risk, a progress update and a suggested measure with 3 values."""
    action = Action.objects.get(code=code, version__label="3")
    plan = services.plan_create(
        organisation=organisation,
        action=action,
        by=by,
        reporting_period="April 2026 to March 2027",
        project_lead="Pat Lead",
        prepared_by="Sam Writer",
        date_prepared=date(2026, 4, 1),
    )
    toolkit_objective = ToolkitObjective.objects.get(toolkit__action=action, number=1)
    objective = services.plan_objective_add(plan=plan, by=by, toolkit_objective=toolkit_objective)
    services.changes_save(objective, by, {"impact_owner": by, "next_steps": "Train the second cohort."})
    row = toolkit_objective.logic_model_rows.first()
    services.activity_add(plan_objective=objective, by=by, row=row)
    services.activity_add(
        plan_objective=objective, by=by, text="Referral clinic", outputs="Weekly clinic", side=Side.EXTERNAL
    )
    services.risk_add(
        plan_objective=objective,
        by=by,
        text=toolkit_objective.unintended_consequences[0],
        mitigation="Monitor volumes monthly",
        from_toolkit=True,
    )
    services.progress_update_add(
        plan_objective=objective, by=by, rag="amber", narrative="Training has started."
    )
    measure = services.measure_create(
        organisation=organisation,
        by=by,
        unit=Measure.Unit.PERCENTAGE,
        suggested=toolkit_objective.suggested_measures.first(),
        plan_objective=objective,
        target=80,
    )
    services.measurements_save(
        measure=measure, by=by, rows=[("2026-01", "50", ""), ("2026-02", "55", ""), ("2026-03", "61", "")]
    )
    return plan, measure
