from core.commands import QueueTaskCommand
from impact.tasks import send_progress_reminders


class Command(QueueTaskCommand):
    help = (
        "Queues reminders to impact owners whose progress update is overdue (run once a day, e.g. from cron)."
    )
    task = send_progress_reminders
