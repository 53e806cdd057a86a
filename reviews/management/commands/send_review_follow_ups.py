from core.commands import QueueTaskCommand
from reviews.tasks import send_review_follow_ups


class Command(QueueTaskCommand):
    help = "Queues today's peer review follow-ups (6 and 12 months after a report) for the background worker (run once a day)."
    task = send_review_follow_ups
