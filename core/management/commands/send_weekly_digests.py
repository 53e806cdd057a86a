from core.commands import QueueTaskCommand
from core.notify import send_weekly_digests


class Command(QueueTaskCommand):
    help = (
        "Queues the weekly summary emails for the background worker (run once a week, e.g. from cron): "
        "one email to each person with notifications waiting for a weekly summary (the community's "
        "default), listing them."
    )
    task = send_weekly_digests
