"""Health, readiness, request ids and metrics: what load balancers and operators rely on."""

import json
import logging
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection, connections

from tests.places import free_port

ROOT = Path(__file__).resolve().parent.parent


def _wait_for_port(port: int, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise AssertionError(f"nothing listening on {port}")


def test_healthz_answers_anyone_without_touching_the_database(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"].startswith("max-age=0")


def test_readyz_checks_each_part(client, db):
    response = client.get("/readyz")
    assert response.status_code == 200, response.content
    assert response.json() == {
        "status": "ready",
        "checks": {"database": "ok", "cache": "ok", "files": "ok", "migrations": "ok"},
    }


def test_health_addresses_are_not_redirected_to_https(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/organisations/").status_code == 301


class Owned:
    """A server process this test starts, stops and starts again on the same port."""

    def __init__(self, command, port):
        self.command, self.port, self.process = command, port, None

    def start(self):
        self.process = subprocess.Popen(self.command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _wait_for_port(self.port)

    def stop(self):
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None


@pytest.fixture
def own_redis(settings):
    """A Redis server of the test's own, as the cache."""
    port = free_port()
    server = Owned(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], port
    )
    server.start()
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.SharedRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    yield server
    server.stop()


def test_the_shared_cache_keeps_one_redis_client_and_survives_a_restart(db, own_redis):
    from django.core.cache import cache

    cache.set("greeting", {"text": "hello"})
    assert cache.get("greeting") == {"text": "hello"}
    client = cache._cache.get_client()
    assert cache._cache.get_client() is client, "one client for every operation"
    own_redis.stop()
    with pytest.raises(Exception):  # noqa: B017 - redis-py's ConnectionError, whichever form
        cache.get("greeting")
    own_redis.start()
    cache.set("greeting", "again")  # the kept client connects afresh
    assert cache.get("greeting") == "again" and cache._cache.get_client() is client


def test_readyz_goes_unready_while_redis_is_stopped_and_ready_after(client, db, own_redis):
    assert client.get("/readyz").json()["checks"]["cache"] == "ok"
    own_redis.stop()
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unready"
    assert body["checks"]["cache"].startswith("failed: ")
    assert body["checks"]["database"] == "ok"
    own_redis.start()
    assert client.get("/readyz").status_code == 200


@pytest.fixture
def database_through_own_process(db):
    """The readiness check's database connection goes through a forwarder of the test's own
    to the PostgreSQL server: stopping the forwarder is the database going away."""
    if connection.vendor != "postgresql":
        pytest.skip("a database server that can stop: PostgreSQL only")
    target = connections.settings["default"]
    port = free_port()
    forwarder = Owned(
        [
            sys.executable,
            str(ROOT / "tests" / "tcp_forward.py"),
            str(port),
            target["HOST"] or "127.0.0.1",
            str(target["PORT"] or 5432),
        ],
        port,
    )
    forwarder.start()
    before = (target["HOST"], target["PORT"])
    target["HOST"], target["PORT"] = "127.0.0.1", port  # new connections only: the test's own stays
    yield forwarder
    target["HOST"], target["PORT"] = before
    forwarder.stop()


def test_readyz_goes_unready_while_the_database_is_unreachable_and_ready_after(
    client, database_through_own_process
):
    assert client.get("/readyz").json()["checks"]["database"] == "ok"
    database_through_own_process.stop()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"].startswith("failed: ")
    database_through_own_process.start()
    assert client.get("/readyz").json()["checks"]["database"] == "ok"


def test_every_response_carries_a_request_id_and_error_pages_show_it(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    request_id = response["X-Request-ID"]
    assert len(request_id) == 32
    assert request_id in response.content.decode()
    assert client.get("/healthz")["X-Request-ID"] != request_id


def test_a_request_id_from_the_proxy_is_kept_and_a_strange_one_replaced(client, db):
    assert client.get("/healthz", HTTP_X_REQUEST_ID="lb-1234abcd")["X-Request-ID"] == "lb-1234abcd"
    replaced = client.get("/healthz", HTTP_X_REQUEST_ID="<script>")["X-Request-ID"]
    assert replaced != "<script>" and len(replaced) == 32


def test_the_server_error_page_shows_the_request_id(rf):
    from core.requests import current_request_id
    from core.views import error_500

    token = current_request_id.set("abc123def456")
    try:
        response = error_500(rf.get("/"))
    finally:
        current_request_id.reset(token)
    assert response.status_code == 500
    assert "abc123def456" in response.content.decode()


def test_log_lines_are_json_with_the_request_id(client, db):
    from pythonjsonlogger.json import JsonFormatter

    from core.requests import RequestIdFilter

    lines = []

    class Keep(logging.Handler):
        def emit(self, record):
            lines.append(self.format(record))

    handler = Keep()
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter("%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s"))
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        response = client.get("/no-such-page/")
    finally:
        logger.removeHandler(handler)
    record = json.loads(lines[-1])
    assert record["request_id"] == response["X-Request-ID"]
    assert "Not Found" in record["message"]


def test_the_configured_log_handler_uses_the_request_id_filter_and_json_when_asked():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings; import django; django.setup(); "
            "import logging; logging.getLogger('nvaphub').warning('hello')",
        ],
        cwd=ROOT,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "nvaphub.settings",
            "DEBUG": "1",
            "LOG_FORMAT": "json",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert line["message"] == "hello" and line["level"] == "WARNING" and line["request_id"] == "-"


def _metric(text: str, line_start: str) -> float:
    found = [line.rsplit(" ", 1)[1] for line in text.splitlines() if line.startswith(line_start + " ")]
    return float(found[0]) if found else 0.0


def test_metrics_are_for_the_scraper_token_or_a_national_admin(client, cast, settings):
    settings.METRICS_TOKEN = "a-scraper-token-for-tests"
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 404
    client.force_login(cast["analyst"])
    assert client.get("/metrics").status_code == 404
    client.logout()
    client.force_login(cast["admin"])
    assert client.get("/metrics").status_code == 200


def test_metrics_count_requests_by_view_and_status_and_queries_by_view(client, cast, settings):
    settings.METRICS_TOKEN = "a-scraper-token-for-tests"

    def scrape():
        response = client.get("/metrics", HTTP_AUTHORIZATION="Bearer a-scraper-token-for-tests")
        assert response.status_code == 200
        return response.content.decode()

    served = 'django_http_responses_total_by_status_view_method_total{method="GET",status="302",view="framework:overview"}'
    queries = 'nvaphub_db_queries_per_request_count{view="framework:overview"}'
    latency = (
        'django_http_requests_latency_seconds_by_view_method_count{method="GET",view="framework:overview"}'
    )
    before = scrape()
    client.get("/plan/nvap/")  # signed out: sent to sign in
    after = scrape()
    for name in (served, queries, latency):
        assert _metric(after, name) == _metric(before, name) + 1, name
    assert "nvaphub_task_queue_oldest_age_seconds" in after


def test_the_task_queue_metrics_count_waiting_tasks(client, cast, settings):
    from core.mail import email_queue

    settings.METRICS_TOKEN = "a-scraper-token-for-tests"
    email_queue(to="someone@force-a.test", subject="Test", body="Body")
    email_queue(to="someone@force-a.test", subject="Test", body="Body")
    text = client.get("/metrics", HTTP_AUTHORIZATION="Bearer a-scraper-token-for-tests").content.decode()
    assert 'nvaphub_task_queue_depth{status="ready"} 2.0' in text
