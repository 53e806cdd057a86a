"""Demo impact realisation plans, so every role has something to see after `bin/run`."""

from datetime import date, timedelta

from django.utils import timezone

from accounts.models import User
from framework.models import Action, ToolkitObjective
from impact import services
from impact.models import Measure, Plan, Side


def _months(end: date, count: int) -> list[str]:
    year, month = end.year, end.month
    periods = []
    for _ in range(count):
        periods.append(f"{year}-{month:02d}")
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return list(reversed(periods))


def _plan(slug, lead_email, owner_email, start, step):
    from organisations.models import Organisation

    action = Action.objects.get(version__framework__slug="nvap", version__label="3", code="2.2.1")
    organisation = Organisation.objects.get(slug=slug)
    if Plan.objects.filter(organisation=organisation, action=action).exists():
        return None
    lead = User.objects.get(email=lead_email)
    owner = User.objects.get(email=owner_email)
    plan = services.plan_create(
        organisation=organisation,
        action=action,
        by=lead,
        reporting_period="April 2026 to March 2027",
        project_lead=lead.full_name,
        prepared_by=owner.full_name,
        date_prepared=timezone.localdate() - timedelta(days=60),
        status=Plan.Status.ACTIVE,
    )
    toolkit_objective = ToolkitObjective.objects.get(toolkit__action=action, number=1)
    item = services.plan_objective_add(plan=plan, by=lead, toolkit_objective=toolkit_objective)
    services.changes_save(
        item, lead, {"impact_owner": owner, "next_steps": "Roll the referral guide out to response teams."}
    )
    rows = list(toolkit_objective.logic_model_rows.all())
    services.activity_add(plan_objective=item, by=owner, row=rows[0])
    services.activity_add(plan_objective=item, by=owner, row=rows[1], side=Side.EXTERNAL)
    services.risk_add(
        plan_objective=item,
        by=owner,
        text=toolkit_objective.unintended_consequences[0],
        mitigation="Track referral volumes monthly with partner agencies.",
        from_toolkit=True,
    )
    suggested = toolkit_objective.suggested_measures.first()
    periods = _months(timezone.localdate().replace(day=1) - timedelta(days=1), 24)
    measure = services.measure_create(
        organisation=organisation,
        by=owner,
        unit=Measure.Unit.PERCENTAGE,
        suggested=suggested,
        plan_objective=item,
        baseline=start,
        baseline_period=periods[0],
        target=85,
    )
    services.measurements_save(
        measure=measure,
        by=owner,
        rows=[
            (period, str(min(100, round(start + step * index, 1))), "")
            for index, period in enumerate(periods)
        ],
    )
    services.progress_update_add(
        plan_objective=item, by=owner, rag="amber", narrative="Referral guide drafted; training booked."
    )
    services.progress_update_add(
        plan_objective=item, by=owner, rag="green", narrative="Guide published; first two teams trained."
    )
    return plan


def demo_plans_create() -> bool:
    """Plans for 2.2.1 in four forces, tracking the same suggested measure from different
    starting points. Each force's once only."""
    made = [
        _plan("norfolk-constabulary", "lead@norfolk.demo", "contributor@norfolk.demo", 52, 1.2),
        _plan("kent-police", "lead@kent.demo", "lead@kent.demo", 61, 0.6),
        _plan("suffolk-constabulary", "lead@suffolk.demo", "lead@suffolk.demo", 47, 0.9),
        _plan("essex-police", "lead@essex.demo", "lead@essex.demo", 70, -0.3),
    ]
    return any(made)
