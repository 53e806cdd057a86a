from django.core.management.base import BaseCommand

from benchmarking.tasks import send_return_reminders


class Command(BaseCommand):
    help = "Queues today's deadline reminders for the background worker (run once a day, e.g. from cron)."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="send them now instead of queuing them")

    def handle(self, *args, now=False, **options):
        if now:
            sent = send_return_reminders.call()
            self.stdout.write(f"Sent {sent} reminder(s).")
        else:
            result = send_return_reminders.enqueue()
            self.stdout.write(f"Queued the reminders (task {result.id}); `manage.py db_worker` sends them.")
