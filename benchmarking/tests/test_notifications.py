from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command

from benchmarking import services
from benchmarking.models import Return
from benchmarking.tasks import send_return_reminders
from benchmarking.tests.factories import complete_return, open_exercise
from conftest import run_queued_tasks
from core.models import Notification


@pytest.fixture
def record(cast):
    exercise = open_exercise(cast["admin"], codes=("2.1.1",))
    return Return.objects.get(exercise=exercise, organisation__slug="norfolk-constabulary")


def test_submitting_returning_and_accepting_tell_the_right_people(
    cast, record, django_capture_on_commit_callbacks
):
    complete_return(record, cast["lead_a"])
    with django_capture_on_commit_callbacks(execute=True):
        services.return_submit(return_record=record, by=cast["lead_a"], declaration=True)
    run_queued_tasks()
    recipients = {m.to[0] for m in mail.outbox}
    assert {"analyst@vkpp.test", "admin@vkpp.test", "lead@force-a.test"} == recipients
    assert "lead@force-b.test" not in recipients
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.return_send_back(return_record=record, by=cast["analyst"], comment="Add evidence")
    run_queued_tasks()
    assert {m.to[0] for m in mail.outbox} == {"lead@force-a.test", "editor@force-a.test"}
    assert "Add evidence" in mail.outbox[0].body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.return_submit(return_record=record, by=cast["lead_a"], declaration=True)
        services.return_accept(return_record=record, by=cast["analyst"])
    run_queued_tasks()
    assert any("accepted" in m.subject for m in mail.outbox)
    assert Notification.objects.filter(user=cast["viewer_a"]).count() == 0, "viewers are not emailed"


def test_the_notifications_page_lists_and_marks_them_read(client, cast, record):
    complete_return(record, cast["lead_a"])
    services.return_submit(return_record=record, by=cast["lead_a"], declaration=True)
    client.force_login(cast["analyst"])
    assert 'Notifications <strong class="govuk-tag govuk-tag--red">1' in client.get("/").content.decode()
    html = client.get("/notifications/").content.decode()
    assert "Norfolk Constabulary submitted its return" in html
    assert not Notification.objects.filter(user=cast["analyst"], read_at__isnull=True).exists()


def test_reminders_go_once_to_leads_with_incomplete_returns(cast, record, django_capture_on_commit_callbacks):
    exercise = record.exercise
    exercise.closes_on = record.exercise.opens_on + timedelta(days=30)
    exercise.save()
    done = Return.objects.get(exercise=exercise, organisation__slug="kent-police")
    complete_return(done, cast["lead_b"])
    services.return_submit(return_record=done, by=cast["lead_b"], declaration=True)
    run_queued_tasks()
    mail.outbox.clear()
    from unittest import mock

    with mock.patch("benchmarking.notifications.today", return_value=exercise.closes_on - timedelta(days=3)):
        with django_capture_on_commit_callbacks(execute=True):
            assert send_return_reminders.call() == 1
        with django_capture_on_commit_callbacks(execute=True):
            assert send_return_reminders.call() == 0, "never twice"
    run_queued_tasks()
    assert [m.to[0] for m in mail.outbox] == ["lead@force-a.test"]
    assert "due in 3 days" in mail.outbox[0].subject
    with mock.patch("benchmarking.notifications.today", return_value=exercise.closes_on - timedelta(days=5)):
        assert send_return_reminders.call() == 0, "no reminder on other days"


def test_the_reminder_command_queues_the_task(db, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django_tasks import default_task_backend

    call_command("send_return_reminders")
    assert [r.task.name for r in default_task_backend.results] == ["send_return_reminders"]


def test_people_are_told_when_they_are_given_answers_to_write_and_when_relieved(cast, record):
    """One message to each person given answers and to each relieved of them, naming which;
    the lead who assigns to themself is not told of their own change."""
    from core.models import Email

    editor, lead = cast["editor_a"], cast["lead_a"]
    answer = record.answers.get()
    services.answers_assign(return_record=record, by=lead, assignments={answer.pk: editor})
    told = Notification.objects.get(user=editor)
    assert told.message.startswith("Lead gave you 2.1.1 in Norfolk Constabulary's return to ")
    assert told.url == f"/benchmarking/returns/{record.pk}/"
    assert Email.objects.get(to=editor.email).subject == "NVAP Hub: You have answers to write"
    services.answers_assign(return_record=record, by=lead, assignments={answer.pk: lead})
    relieved = Notification.objects.filter(user=editor).latest("pk")
    assert "gave 2.1.1 in Norfolk Constabulary's return" in relieved.message
    assert "no longer yours to write" in relieved.message
    assert not Notification.objects.filter(user=lead).exists(), "nobody is told of their own change"
    services.answers_assign(return_record=record, by=lead, assignments={answer.pk: lead})
    assert Notification.objects.filter(user=editor).count() == 2, "an unchanged assignment tells nobody"
