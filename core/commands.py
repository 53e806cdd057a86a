"""A management command that queues one background task (or runs it at once with --now)."""

from typing import Any

from django.core.management.base import BaseCommand


class QueueTaskCommand(BaseCommand):
    task: Any = None  # a django-tasks task that returns how many messages it sent

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="send them now instead of queuing them")

    def handle(self, *args, now=False, **options):
        if now:
            self.stdout.write(f"Sent {self.task.call()} reminder(s).")
        else:
            result = self.task.enqueue()
            self.stdout.write(f"Queued the reminders (task {result.id}); `manage.py db_worker` sends them.")
