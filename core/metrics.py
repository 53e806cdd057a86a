"""Prometheus metrics beyond django-prometheus's requests and latencies: database queries per
request by view, and the background task queue's depth and the age of its oldest task.

With PROMETHEUS_MULTIPROC_DIR set (several gunicorn workers), every worker writes its figures
there and a scrape of any one of them reports them all."""

import os

from django.utils import timezone
from prometheus_client import REGISTRY, CollectorRegistry, Histogram, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily

from core.requests import QueryCounter

QUERIES = Histogram(
    "nvaphub_db_queries_per_request",
    "Database queries run by one request, by view.",
    ["view"],
    buckets=(0, 2, 5, 10, 15, 20, 30, 50, 100, 200),
)


class QueryCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with QueryCounter() as counter:
            response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        QUERIES.labels(view=match.view_name if match else "<unresolved>").observe(counter.count)
        return response


class TaskQueueCollector:
    """Read at each scrape, from the queue's table: the same answer from every server."""

    def collect(self):
        from django.db.models import Count, Min
        from django_tasks_db.models import DBTaskResult

        waiting = DBTaskResult.objects.filter(status="READY").aggregate(
            n=Count("pk"), oldest=Min("enqueued_at")
        )
        running = DBTaskResult.objects.filter(status="RUNNING").count()
        failed = DBTaskResult.objects.filter(status="FAILED").count()
        depth = GaugeMetricFamily(
            "nvaphub_task_queue_depth", "Background tasks by status.", labels=["status"]
        )
        depth.add_metric(["ready"], waiting["n"])
        depth.add_metric(["running"], running)
        depth.add_metric(["failed"], failed)
        yield depth
        age = (timezone.now() - waiting["oldest"]).total_seconds() if waiting["oldest"] else 0.0
        yield GaugeMetricFamily(
            "nvaphub_task_queue_oldest_age_seconds", "How long the oldest waiting task has waited.", value=age
        )


def exposition() -> bytes:
    """Every metric, in Prometheus's text format."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        processes = CollectorRegistry()
        multiprocess.MultiProcessCollector(processes)
        text = generate_latest(processes)
    else:
        text = generate_latest(REGISTRY)
    queue = CollectorRegistry()
    queue.register(TaskQueueCollector())
    return text + generate_latest(queue)
