from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from conftest import run_queued_tasks
from framework.models import Action, ToolkitObjective
from impact import selectors, services
from impact.models import Plan, PlanActivity
from impact.tasks import send_progress_reminders
from organisations.models import Organisation


@pytest.fixture
def objective(cast):
    plan = services.plan_create(
        organisation=Organisation.objects.get(slug="norfolk-constabulary"),
        action=Action.objects.get(code="2.2.1", version__label="3"),
        by=cast["editor_a"],
        status="active",
    )
    item = services.plan_objective_add(
        plan=plan,
        by=cast["editor_a"],
        toolkit_objective=ToolkitObjective.objects.get(toolkit__action=plan.action, number=1),
    )
    item.impact_owner = cast["editor_a"]
    item.save()
    return item


def test_the_journey_to_good_marks_each_logic_model_activity(objective, cast):
    rows = list(objective.toolkit_objective.logic_model_rows.all())
    done = services.activity_add(plan_objective=objective, by=cast["editor_a"], row=rows[0])
    done.status = PlanActivity.Status.DONE
    done.save()
    services.activity_add(plan_objective=objective, by=cast["editor_a"], row=rows[1])
    journey = selectors.journey_to_good(objective.plan)
    assert [len(step["activities"]) for step in journey] == [3, 3, 2]
    assert [a["status"] for a in journey[0]["activities"]] == ["done", "planned", "not_considered"]


def test_interim_actions_have_no_journey(cast):
    plan = services.plan_create(
        organisation=Organisation.objects.get(slug="kent-police"),
        action=Action.objects.get(code="2.3.1", version__label="3"),
        by=cast["lead_b"],
    )
    assert selectors.journey_to_good(plan) == []


def test_overdue_updates_follow_the_plans_frequency(objective, cast):
    now = timezone.now()
    assert selectors.overdue_objectives(now) == []
    assert selectors.overdue_objectives(now + timedelta(days=32)) == [objective]
    Plan.objects.filter(pk=objective.plan_id).update(update_frequency="quarterly")
    assert selectors.overdue_objectives(now + timedelta(days=32)) == []
    services.progress_update_add(
        plan_objective=objective, by=cast["editor_a"], rag="green", narrative="On track"
    )
    assert selectors.overdue_objectives(now + timedelta(days=93)) == [objective]


def test_owners_with_overdue_updates_are_reminded(objective, cast, django_capture_on_commit_callbacks):
    Plan.objects.filter(pk=objective.plan_id).update(created_at=timezone.now() - timedelta(days=40))
    with django_capture_on_commit_callbacks(execute=True):
        assert send_progress_reminders.call() == 1
    run_queued_tasks()
    assert [m.to[0] for m in mail.outbox] == ["editor@force-a.test"]
    assert "progress update is due" in mail.outbox[0].subject
    link = f"/impact/plans/{objective.plan_id}/objectives/{objective.pk}/progress/"
    assert link in mail.outbox[0].body


def test_the_reminder_command_queues_the_task(db, settings):
    from django.core.management import call_command
    from django_tasks import default_task_backend

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    call_command("send_progress_reminders")
    assert [r.task.name for r in default_task_backend.results] == ["send_progress_reminders"]
