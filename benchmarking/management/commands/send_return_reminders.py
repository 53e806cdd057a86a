from benchmarking.tasks import send_return_reminders
from core.commands import QueueTaskCommand


class Command(QueueTaskCommand):
    help = "Queues today's deadline reminders for the background worker (run once a day, e.g. from cron)."
    task = send_return_reminders
