from core.commands import QueueTaskCommand
from core.notify import send_digests


class Command(QueueTaskCommand):
    help = (
        "Queues the daily summary emails for the background worker (run once a day, e.g. from cron): "
        "one email to each person who chose a summary for some notifications, listing them."
    )
    task = send_digests
