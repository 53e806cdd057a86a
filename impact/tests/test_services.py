from decimal import Decimal

import pytest

from framework.models import Action, ToolkitObjective
from impact import rules, services
from impact.models import Measurement, Plan
from organisations.models import Organisation


@pytest.fixture
def plan(cast):
    action = Action.objects.get(code="2.2.1", version__label="3")
    return services.plan_create(
        organisation=Organisation.objects.get(slug="norfolk-constabulary"),
        action=action,
        by=cast["editor_a"],
        reporting_period="2026-27",
        project_lead="Nora Lead",
    )


@pytest.fixture
def objective(plan, cast):
    toolkit_objective = ToolkitObjective.objects.get(toolkit__action=plan.action, number=1)
    return services.plan_objective_add(plan=plan, by=cast["editor_a"], toolkit_objective=toolkit_objective)


def test_one_plan_per_force_and_action_and_only_for_forces(plan, cast):
    with pytest.raises(services.ImpactError, match="already has a plan for 2.2.1"):
        services.plan_create(organisation=plan.organisation, action=plan.action, by=cast["editor_a"])
    with pytest.raises(services.ImpactError, match="belong to forces"):
        services.plan_create(
            organisation=Organisation.objects.get(slug="vkpp"), action=plan.action, by=cast["admin"]
        )


def test_an_objective_starts_with_the_actions_impacts(objective, plan):
    assert objective.organisational_impact == plan.action.organisational_impact
    assert objective.text.startswith("To ensure officers/staff take appropriate action")


def test_objectives_must_belong_to_the_plans_action(plan, cast):
    other = ToolkitObjective.objects.get(toolkit__action__code="2.6.1", number=1)
    with pytest.raises(services.ImpactError, match="objective of this plan's action"):
        services.plan_objective_add(plan=plan, by=cast["editor_a"], toolkit_objective=other)


def test_interim_actions_use_the_plans_own_objectives(cast):
    action = Action.objects.get(code="2.3.1", version__label="3")
    plan = services.plan_create(
        organisation=Organisation.objects.get(slug="kent-police"), action=action, by=cast["lead_b"]
    )
    item = services.plan_objective_add(
        plan=plan, by=cast["lead_b"], objective=action.objectives.get(number=1)
    )
    assert item.text.startswith("To identify vulnerable people")


def test_activities_come_from_the_logic_model_or_the_force(objective, cast):
    row = objective.toolkit_objective.logic_model_rows.first()
    from_toolkit = services.activity_add(plan_objective=objective, by=cast["editor_a"], row=row)
    assert from_toolkit.text == row.activity
    assert "internally and externally" in from_toolkit.outputs
    own = services.activity_add(plan_objective=objective, by=cast["editor_a"], text="Referral masterclass")
    assert own.logic_model_row is None
    other_row = ToolkitObjective.objects.get(toolkit__action__code="2.6.1", number=1).logic_model_rows.first()
    with pytest.raises(services.ImpactError, match="this objective's logic model"):
        services.activity_add(plan_objective=objective, by=cast["editor_a"], row=other_row)
    with pytest.raises(services.ImpactError, match="Describe the activity"):
        services.activity_add(plan_objective=objective, by=cast["editor_a"], text="  ")
    assert from_toolkit.history.first().history_user == cast["editor_a"]


def test_risks_and_progress_updates(objective, cast):
    consequence = objective.toolkit_objective.unintended_consequences[0]
    risk = services.risk_add(
        plan_objective=objective,
        by=cast["editor_a"],
        text=consequence,
        mitigation="Protected CPD time",
        from_toolkit=True,
    )
    assert risk.from_toolkit and risk.mitigation == "Protected CPD time"
    services.progress_update_add(
        plan_objective=objective, by=cast["editor_a"], rag="amber", narrative="Begun"
    )
    services.progress_update_add(
        plan_objective=objective, by=cast["lead_a"], rag="green", narrative="Rolled out"
    )
    assert [u.rag for u in objective.progress_updates.all()] == ["green", "amber"], "a timeline, newest first"
    with pytest.raises(services.ImpactError, match="red, amber or green"):
        services.progress_update_add(plan_objective=objective, by=cast["lead_a"], rag="blue", narrative="x")


def test_measures_from_suggested_measures_carry_their_source(objective, cast):
    peel = objective.toolkit_objective.suggested_measures.get(code="6.2.2")
    measure = services.measure_create(
        organisation=objective.plan.organisation,
        by=cast["editor_a"],
        suggested=peel,
        unit="percentage",
        plan_objective=objective,
    )
    assert (measure.source, measure.peel_measure.code) == ("peel", "6.2.2")
    other = objective.toolkit_objective.suggested_measures.get(kind="other", text="Staff survey")
    assert (
        services.measure_create(
            organisation=objective.plan.organisation, by=cast["editor_a"], suggested=other, unit="score"
        ).source
        == "toolkit"
    )


@pytest.mark.parametrize(
    "frequency,good,bad",
    [
        ("monthly", "2026-01", "2026-13"),
        ("quarterly", "2026-q1", "2026-Q5"),
        ("annual", "2026", "26"),
    ],
)
def test_periods_follow_the_measures_frequency(frequency, good, bad):
    assert rules.period_parse(frequency, good) == good.upper()
    with pytest.raises(rules.RuleBroken, match="Write the period as"):
        rules.period_parse(frequency, bad)


@pytest.mark.parametrize(
    "unit,value,message",
    [
        ("percentage", "101", "from 0 to 100"),
        ("count", "2.5", "whole number"),
        ("days", "-1", "0 or more"),
        ("score", "abc", "Enter a number"),
        ("rate_per_1000", "", "Enter a number"),
    ],
)
def test_values_must_suit_the_unit(unit, value, message):
    with pytest.raises(rules.RuleBroken, match=message):
        rules.value_parse(unit, value)


def test_a_batch_of_values_is_all_or_nothing_with_every_problem_listed(objective, cast):
    measure = services.measure_create(
        organisation=objective.plan.organisation,
        by=cast["editor_a"],
        name="Referrals checked",
        unit="percentage",
    )
    bad = [("2026-01", "50", ""), ("2026-13", "40", ""), ("2026-02", "140", ""), ("2026-01", "10", "")]
    with pytest.raises(services.MeasurementsRejected) as rejected:
        services.measurements_save(measure=measure, by=cast["editor_a"], rows=bad)
    assert [str(p) for p in rejected.value.problems] == [
        "Row 2, column “Period”: Write the period as YYYY-MM, for example 2026-01",
        "Row 3, column “Value”: Enter a percentage from 0 to 100",
        "Row 4, column “Period”: 2026-01 is also on row 1",
    ]
    assert not Measurement.objects.exists()
    months = [(f"2026-{m:02d}", str(40 + m), "") for m in range(1, 13)]
    assert services.measurements_save(measure=measure, by=cast["editor_a"], rows=months) == 12
    assert services.measurements_save(measure=measure, by=cast["editor_a"], rows=months) == 0, (
        "unchanged: nothing"
    )
    months[0] = ("2026-01", "99", "Corrected")
    assert services.measurements_save(measure=measure, by=cast["editor_a"], rows=months) == 1
    january = Measurement.objects.get(measure=measure, period="2026-01")
    assert january.value == Decimal("99") and january.history.count() == 2


def test_a_plan_change_is_kept_in_the_history(plan, cast):
    plan.project_lead = "Someone else"
    plan._history_user = cast["lead_a"]
    plan.save()
    assert [h.project_lead for h in Plan.objects.get(pk=plan.pk).history.order_by("history_date")] == [
        "Nora Lead",
        "Someone else",
    ]


def test_an_objectives_new_owner_and_the_one_before_are_told(objective, cast):
    from core.models import Email, Notification

    editor, lead = cast["editor_a"], cast["lead_a"]
    services.changes_save(objective, lead, {"impact_owner": editor})
    told = Notification.objects.get(user=editor)
    assert told.message.startswith(
        "Lead made you the owner of an objective in Norfolk Constabulary's impact plan"
    )
    assert told.url == f"/impact/plans/{objective.plan_id}/"
    assert Email.objects.filter(to=editor.email, subject="NVAP Hub: An objective is yours").count() == 1
    services.changes_save(objective, lead, {"impact_owner": None})
    relieved = Notification.objects.filter(user=editor).latest("pk")
    assert relieved.message.startswith("Lead gave an objective you owned to someone else or nobody")
    services.changes_save(objective, lead, {"next_steps": "Something else"})
    assert Notification.objects.filter(user=editor).count() == 2, "other changes tell nobody"
    assert not Notification.objects.filter(user=lead).exists()
