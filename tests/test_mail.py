"""Email: queued with the change that caused it, sent by the background worker, retried with
back-off when the mail server is down, never recorded as sent when it was not; reminders that
go once, on the next run when their day was missed; secrets kept out of logs; long words
shortened where a notification quotes them."""

import logging
import re
import socket
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from benchmarking import services
from benchmarking.models import Return
from benchmarking.tasks import send_return_reminders
from benchmarking.tests.factories import complete_return, open_exercise
from conftest import run_queued_tasks
from core.models import Email, Notification
from impact.models import PlanObjective, ProgressUpdate
from impact.tasks import send_progress_reminders
from impact.tests.factories import plan_with_everything
from organisations.models import Membership, Organisation


def _closed_port() -> int:
    """A local port nothing listens on: a mail server that is down."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def record(cast):
    exercise = open_exercise(cast["admin"])
    return Return.objects.get(exercise=exercise, organisation__slug="norfolk-constabulary")


def test_with_the_mail_server_down_a_submit_succeeds_and_the_email_waits(client, cast, record, settings):
    complete_return(record, cast["lead_a"])
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", _closed_port(), 2
    client.force_login(cast["lead_a"])
    response = client.post(f"/benchmarking/returns/{record.pk}/submit/", {"declaration": "on"})
    assert response.status_code == 302
    assert Return.objects.get(pk=record.pk).status == Return.Status.SUBMITTED
    queued = list(Email.objects.all())
    assert {e.to for e in queued} == {"analyst@vkpp.test", "admin@vkpp.test", "lead@force-a.test"}
    run_queued_tasks()
    for email in Email.objects.all():
        assert email.status == Email.Status.QUEUED and email.sent_at is None
        assert email.attempts == 1 and "ConnectionRefusedError" in email.last_error
    later = DBTaskResult.objects.filter(status="READY")
    assert later.count() == 3 and all(r.run_after > timezone.now() for r in later)
    # The server is back: the next attempts send them, once each.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    later.update(run_after=timezone.now())
    run_queued_tasks()
    assert sorted(m.to[0] for m in mail.outbox) == [
        "admin@vkpp.test",
        "analyst@vkpp.test",
        "lead@force-a.test",
    ]
    assert set(Email.objects.values_list("status", flat=True)) == {Email.Status.SENT}
    run_queued_tasks()
    assert len(mail.outbox) == 3


def test_an_email_that_never_goes_is_marked_failed_not_sent(cast, settings):
    from core.mail import BACKOFF_MINUTES, email_queue, send_email

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", _closed_port(), 2
    email = email_queue(to="lead@force-a.test", subject="Hello", body="secret link", secret=True)
    for _ in range(len(BACKOFF_MINUTES) + 1):
        send_email.call(email.pk)
    email.refresh_from_db()
    assert email.status == Email.Status.FAILED and email.sent_at is None
    assert email.body == "", "a secret is not kept once the email is given up"


def test_the_change_and_its_email_roll_back_together(cast, record):
    from django.db import transaction

    from core.notify import notify

    with pytest.raises(RuntimeError), transaction.atomic():
        notify(users=[cast["lead_a"]], subject="S", message="M", kind="returns")
        raise RuntimeError
    assert not Email.objects.exists() and not DBTaskResult.objects.exists()


def test_password_reset_links_never_reach_the_logs_or_stay_in_the_outbox(client, cast, caplog):
    caplog.set_level(logging.DEBUG)
    client.post("/accounts/password-reset/", {"email": "editor@force-a.test"})
    run_queued_tasks()
    link = re.search(r"/accounts/password-reset/\S+/", mail.outbox[0].body).group(0)
    token = link.rstrip("/").rsplit("/", 1)[-1]
    assert all(token not in record.getMessage() for record in caplog.records)
    assert Email.objects.get().body == "" and Email.objects.get().status == Email.Status.SENT


def test_a_long_comment_sending_a_return_back_is_saved_and_quoted_short(client, cast, record):
    complete_return(record, cast["lead_a"])
    services.return_submit(return_record=record, by=cast["lead_a"], declaration=True)
    comment = "Please add the evidence for each objective. " * 100
    client.force_login(cast["analyst"])
    response = client.post(
        f"/benchmarking/returns/{record.pk}/review/", {"decision": "send_back", "comment": comment}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    assert Return.objects.get(pk=record.pk).status == Return.Status.RETURNED
    message = Notification.objects.filter(user=cast["lead_a"]).latest("pk").message
    assert len(message) <= 500 and message.endswith("…")


def test_a_long_assessment_note_does_not_leave_an_example_under_assessment(cast):
    from practice import services as practice
    from practice.models import Example
    from practice.tests.factories import example

    item = example(Organisation.objects.get(slug="norfolk-constabulary"), cast["editor_a"])
    practice.example_submit(example=item, by=cast["editor_a"])
    practice.assessment_start(example=item, by=cast["analyst"])
    note = "We need to know how the clinic was evaluated and by whom. " * 80
    practice.assessment_decide(example=item, by=cast["analyst"], decision="more_info", note=note)
    assert Example.objects.get(pk=item.pk).status == Example.Status.MORE_INFO
    assert len(Notification.objects.filter(user=cast["editor_a"]).latest("pk").message) <= 500


def _on(day):
    return mock.patch("benchmarking.notifications.today", return_value=day)


def test_a_reminder_missed_on_its_day_goes_on_the_next_run_with_the_extended_deadline(cast, record):
    exercise = record.exercise
    exercise.closes_on = exercise.opens_on + timedelta(days=30)
    exercise.save()
    services.return_extension_grant(
        return_record=record, by=cast["admin"], until=exercise.closes_on + timedelta(days=10)
    )
    deadline = exercise.closes_on + timedelta(days=10)
    kent = Return.objects.get(exercise=exercise, organisation__slug="kent-police")
    complete_return(kent, cast["lead_b"])
    services.return_submit(return_record=kent, by=cast["lead_b"], declaration=True)
    with _on(deadline - timedelta(days=12)):  # the 14-day reminder's day was missed
        assert send_return_reminders.call() == 1
        assert send_return_reminders.call() == 0, "never twice"
    with _on(deadline - timedelta(days=5)):
        assert send_return_reminders.call() == 0, "nothing between thresholds"
    with _on(deadline - timedelta(days=2)):  # the 3-day reminder's day was missed too
        assert send_return_reminders.call() == 1
    with _on(deadline + timedelta(days=1)):
        assert send_return_reminders.call() == 0, "none after the deadline"
    run_queued_tasks()
    reminders = [m for m in mail.outbox if "due" in m.subject]
    assert [m.subject for m in reminders] == [
        "NVAP Hub: Your return is due in 12 days",
        "NVAP Hub: Your return is due in 2 days",
    ]
    assert f"{deadline:%-d %B %Y}" in reminders[0].body


def test_progress_reminders_go_once_per_overdue_update_and_only_to_current_members(cast):
    norfolk = Organisation.objects.get(slug="norfolk-constabulary")
    plan, _ = plan_with_everything(norfolk, cast["editor_a"])
    type(plan).objects.filter(pk=plan.pk).update(status="active")
    objective = PlanObjective.objects.get()
    assert objective.impact_owner == cast["editor_a"]
    ProgressUpdate.objects.update(created_at=timezone.now() - timedelta(days=40))
    assert send_progress_reminders.call() == 1
    assert send_progress_reminders.call() == 0, "once for this overdue update"
    ProgressUpdate.objects.create(
        plan_objective=objective, rag="green", narrative="Done", created_by=cast["editor_a"]
    )
    ProgressUpdate.objects.filter(narrative="Done").update(created_at=timezone.now() - timedelta(days=35))
    assert send_progress_reminders.call() == 1, "the next overdue update is reminded again"
    ProgressUpdate.objects.filter(narrative="Done").update(created_at=timezone.now() - timedelta(days=34))
    Membership.objects.filter(user=cast["editor_a"]).delete()
    assert send_progress_reminders.call() == 0, "a former member is not reminded"


def test_national_admins_read_the_outbox_without_bodies(client, cast):
    from core.mail import email_queue

    email_queue(to="lead@force-a.test", subject="Reset your password", body="secret-link-123", secret=True)
    client.force_login(cast["admin"])
    listing = client.get("/admin/core/email/")
    assert listing.status_code == 200 and "Reset your password" in listing.content.decode()
    detail = client.get(f"/admin/core/email/{Email.objects.get().pk}/change/")
    assert detail.status_code == 200 and "secret-link-123" not in detail.content.decode()
