from core.commands import QueueTaskCommand
from organisations.tasks import review_access


class Command(QueueTaskCommand):
    help = (
        "Queues the daily access check for the background worker (run once a day, e.g. from cron): "
        "suspends accounts unused for SUSPEND_AFTER_DAYS and opens each force's quarterly team review."
    )
    task = review_access
