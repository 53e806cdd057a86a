"""For load balancers and operators: is the process up (/healthz), can it serve (/readyz),
and how is it doing (/metrics, for Prometheus)."""

import hmac

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connections
from django.http import Http404, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core import metrics as core_metrics
from organisations import access


def _database():
    """A new connection to a database server (so a server that restarted or went away is
    seen, whatever this process's kept-alive connection holds); SQLite's file, in place."""
    if connections["default"].vendor == "sqlite":
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
        return
    fresh = connections.create_connection("default")
    try:
        with fresh.cursor() as cursor:
            cursor.execute("SELECT 1")
    finally:
        fresh.close()


def _cache():
    cache.set("readyz:probe", "ok", 10)
    if cache.get("readyz:probe") != "ok":
        raise RuntimeError("the cache did not return what was just stored")


def _files():
    default_storage.listdir("")


_migrated = False


def _migrations():
    """Ready only once every migration this code knows is applied (then never asked again:
    migrations are not taken back under a running server)."""
    global _migrated
    if _migrated:
        return
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections["default"])
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise RuntimeError("migrations are waiting to be applied")
    _migrated = True


CHECKS = {"database": _database, "cache": _cache, "files": _files, "migrations": _migrations}


def _run(check) -> str:
    """'ok', or why not. Each part's client has a timeout of its own (settings: the database's
    connect_timeout, Redis's socket timeouts, the object store's), so no check hangs."""
    try:
        check()
    except Exception as error:  # noqa: BLE001 (any failure means not ready; say which kind)
        return f"failed: {type(error).__name__}"
    return "ok"


@access.public
@never_cache
@require_GET
def healthz(request):
    """The process is up and answering. Touches nothing else."""
    return JsonResponse({"status": "ok"})


@access.public
@never_cache
@require_GET
def readyz(request):
    """The database, the cache, the file store and the migrations, each checked; 503 with the
    failing ones named when any is not ready."""
    results = {name: _run(check) for name, check in CHECKS.items()}
    ready = all(result == "ok" for result in results.values())
    return JsonResponse(
        {"status": "ready" if ready else "unready", "checks": results}, status=200 if ready else 503
    )


def _may_read_metrics(request) -> bool:
    token = settings.METRICS_TOKEN
    given = request.META.get("HTTP_AUTHORIZATION", "")
    if token and given.startswith("Bearer "):
        return hmac.compare_digest(given.removeprefix("Bearer ").encode(), token.encode())
    return request.user.is_authenticated and access.can(request.user, access.Can.ADMINISTER)


@access.public
@never_cache
@require_GET
def metrics(request):
    """Prometheus's text format, for a scraper holding METRICS_TOKEN or a signed-in national
    admin; anyone else finds nothing here."""
    if not _may_read_metrics(request):
        raise Http404
    return HttpResponse(core_metrics.exposition(), content_type="text/plain; version=0.0.4; charset=utf-8")
