"""Two people editing the same thing never silently overwrite each other; a double-clicked
submit never creates two of anything."""

import pytest
from django.db import IntegrityError, transaction

from core.testing import assert_good_page
from framework.models import Action
from impact.models import Measure, Plan, PlanActivity, PlanObjective, PlanRisk, ProgressUpdate
from impact.tests.factories import plan_with_everything
from organisations.models import Organisation
from practice.models import Example
from practice.tests.factories import example as practice_example
from practice.tests.factories import values as example_values


@pytest.fixture
def norfolk():
    return Organisation.objects.get(slug="norfolk-constabulary")


@pytest.fixture
def built(norfolk, cast):
    return plan_with_everything(norfolk, cast["editor_a"])


def _edits(built, norfolk, cast):
    """(url, the field both people change, first person's data, second person's data, reader)."""
    plan, measure = built
    objective = PlanObjective.objects.get(plan=plan)
    activity = PlanActivity.objects.filter(plan_objective=objective).first()
    risk = PlanRisk.objects.filter(plan_objective=objective).first()
    example = practice_example(norfolk, cast["editor_a"])
    action = Action.objects.get(code="2.2.1", version__label="3")
    plan_data = {
        "reporting_period": "2026 to 2027",
        "project_lead": "Pat Lead",
        "prepared_by": "Sam Writer",
        "date_prepared": "2026-04-01",
        "status": "active",
        "update_frequency": "monthly",
    }
    example_data = example_values() | {
        "strands": [example.strands.first().pk],
        "actions": [action.pk],
        "evidence_stage": "local",
        "outcome": "promising",
        "delivery_status": "live",
    }
    return {
        "plan": (
            f"/impact/plans/{plan.pk}/edit/",
            "project_lead",
            plan_data | {"project_lead": "Ann First"},
            plan_data | {"project_lead": "Bob Second"},
            lambda: Plan.objects.get(pk=plan.pk).project_lead,
        ),
        "objective": (
            f"/impact/plans/{plan.pk}/objectives/{objective.pk}/",
            "next_steps",
            {"next_steps": "Ann's next steps", "impact_owner": ""},
            {"next_steps": "Bob's next steps", "impact_owner": ""},
            lambda: PlanObjective.objects.get(pk=objective.pk).next_steps,
        ),
        "activity": (
            f"/impact/plans/{plan.pk}/activities/{activity.pk}/",
            "text",
            {"text": "Ann's activity", "outputs": "", "side": "organisational", "status": "planned"},
            {"text": "Bob's activity", "outputs": "", "side": "organisational", "status": "planned"},
            lambda: PlanActivity.objects.get(pk=activity.pk).text,
        ),
        "risk": (
            f"/impact/plans/{plan.pk}/risks/{risk.pk}/",
            "text",
            {"text": "Ann's risk", "mitigation": "", "side": "organisational"},
            {"text": "Bob's risk", "mitigation": "", "side": "organisational"},
            lambda: PlanRisk.objects.get(pk=risk.pk).text,
        ),
        "measure": (
            f"/impact/measures/{measure.pk}/edit/",
            "name",
            {"name": "Ann's measure", "direction": "higher", "side": "organisational", "target": "80"},
            {"name": "Bob's measure", "direction": "higher", "side": "organisational", "target": "80"},
            lambda: Measure.objects.get(pk=measure.pk).name,
        ),
        "practice example": (
            f"/practice/examples/{example.pk}/edit/",
            "title",
            example_data | {"title": "Ann's title"},
            example_data | {"title": "Bob's title"},
            lambda: Example.objects.get(pk=example.pk).title,
        ),
    }


@pytest.mark.parametrize("thing", ["plan", "objective", "activity", "risk", "measure", "practice example"])
def test_two_people_editing_one_thing_lose_nothing(client, cast, built, norfolk, thing):
    url, _field, first, second, stored = _edits(built, norfolk, cast)[thing]
    ann, bob = cast["editor_a"], cast["lead_a"]
    client.force_login(ann)
    ann_version = client.get(url).context["form"]["version"].value()
    client.force_login(bob)
    bob_version = client.get(url).context["form"]["version"].value()
    assert ann_version == bob_version
    client.force_login(ann)
    saved = client.post(url, {**first, "version": ann_version})
    assert saved.status_code == 302, saved.content.decode()[-2000:]
    assert "Ann" in stored()
    client.force_login(bob)
    refused = client.post(url, {**second, "version": bob_version})
    assert refused.status_code == 400
    assert_good_page(refused)
    html = refused.content.decode()
    assert "saved this after you opened it" in html and "Their version and yours" in html
    assert "Ann" in html and "Bob" in html, "both versions are shown"
    assert "Ann" in stored(), "the first save stands"
    # Bob's words are still in the form, which now carries the saved version: saving again is his choice.
    again = refused.context["form"]
    assert again.data["version"] != bob_version
    assert (
        client.post(url, dict(again.data.lists()) if hasattr(again.data, "lists") else again.data).status_code
        == 302
    )
    assert "Bob" in stored()


def test_a_missing_fingerprint_is_refused_rather_than_trusted(client, cast, built):
    plan, _ = built
    client.force_login(cast["editor_a"])
    refused = client.post(
        f"/impact/plans/{plan.pk}/edit/",
        {
            "reporting_period": "x",
            "project_lead": "Nobody checked",
            "prepared_by": "x",
            "date_prepared": "2026-04-01",
            "status": "active",
            "update_frequency": "monthly",
        },
    )
    assert refused.status_code == 400
    assert Plan.objects.get(pk=plan.pk).project_lead == "Pat Lead"


def test_a_double_clicked_progress_update_is_posted_once(client, cast, built):
    plan, _ = built
    objective = PlanObjective.objects.get(plan=plan)
    url = f"/impact/plans/{plan.pk}/objectives/{objective.pk}/progress/"
    client.force_login(cast["editor_a"])
    once = client.get(url).context["form"]["once"].value()
    before = ProgressUpdate.objects.count()
    for _ in range(2):
        assert client.post(url, {"rag": "green", "narrative": "Done", "once": once}).status_code == 302
    assert ProgressUpdate.objects.count() == before + 1


def test_a_double_clicked_measure_is_added_once(client, cast, built):
    plan, _ = built
    objective = PlanObjective.objects.get(plan=plan)
    url = f"/impact/plans/{plan.pk}/objectives/{objective.pk}/measures/"
    client.force_login(cast["editor_a"])
    once = client.get(url).context["form"]["once"].value()
    data = {
        "suggestion": "own",
        "name": "Referrals audited",
        "unit": "count",
        "direction": "higher",
        "frequency": "monthly",
        "side": "organisational",
        "once": once,
    }
    before = Measure.objects.count()
    first = client.post(url, data)
    assert first.status_code == 302, first.content.decode()[-1500:]
    assert client.post(url, data).status_code == 302
    assert Measure.objects.count() == before + 1


def test_a_double_clicked_example_is_made_once(client, cast, norfolk):
    client.force_login(cast["editor_a"])
    once = client.get("/practice/examples/new/").context["form"]["once"].value()
    action = Action.objects.get(code="2.2.1", version__label="3")
    data = example_values() | {
        "actions": [action.pk],
        "evidence_stage": "local",
        "delivery_status": "live",
        "once": once,
    }
    for _ in range(2):
        assert client.post("/practice/examples/new/", data).status_code == 302
    assert Example.objects.filter(title=data["title"]).count() == 1


def test_a_second_start_of_the_same_plan_goes_to_the_first(client, cast, norfolk):
    url = "/impact/forces/norfolk-constabulary/start/2.3.1/"
    client.force_login(cast["editor_a"])
    page = client.get(url)
    assert page.status_code == 200
    objective = Action.objects.get(code="2.3.1", version__label="3").objectives.first()
    data = {
        "objectives": [f"o{objective.pk}"],
        "reporting_period": "2026",
        "project_lead": "Pat",
        "prepared_by": "Sam",
        "date_prepared": "2026-04-01",
        "status": "active",
        "update_frequency": "monthly",
    }
    first = client.post(url, data)
    assert first.status_code == 302
    second = client.post(url, data)
    assert second.status_code == 302 and second.url == first.url
    assert Plan.objects.filter(organisation=norfolk, action__code="2.3.1").count() == 1


def test_the_database_refuses_a_second_example_from_one_answer(cast, norfolk):
    from benchmarking.models import Return
    from benchmarking.tests.factories import open_exercise

    exercise = open_exercise(cast["admin"])
    answer = Return.objects.get(exercise=exercise, organisation=norfolk).answers.first()
    first = practice_example(norfolk, cast["editor_a"])
    Example.objects.filter(pk=first.pk).update(source_answer=answer)
    second = practice_example(norfolk, cast["editor_a"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Example.objects.filter(pk=second.pk).update(source_answer=answer)
