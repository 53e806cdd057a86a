from django.core.management.base import BaseCommand

from impact.tasks import send_progress_reminders


class Command(BaseCommand):
    help = (
        "Queues reminders to impact owners whose progress update is overdue (run once a day, e.g. from cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="send them now instead of queuing them")

    def handle(self, *args, now=False, **options):
        if now:
            self.stdout.write(f"Sent {send_progress_reminders.call()} reminder(s).")
        else:
            result = send_progress_reminders.enqueue()
            self.stdout.write(f"Queued the reminders (task {result.id}); `manage.py db_worker` sends them.")
