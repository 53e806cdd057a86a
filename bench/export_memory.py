"""One export of the whole library in a process of its own, as a person makes it: the request
that asks for it (timed), then the worker's job that writes the file into the file store (as
`manage.py db_worker` runs it). Prints the request's time, the job's time, queries, the file's
size and the process's peak memory as JSON, then removes the file.

    DATABASE_URL=... python bench/export_memory.py csv|xlsx
"""

import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nvaphub.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()
from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from accounts.models import User  # noqa: E402
from bench.generate import signed_in  # noqa: E402
from core.requests import QueryCounter  # noqa: E402
from practice import exports  # noqa: E402
from practice.models import LibraryEntry, LibraryExport  # noqa: E402


def peak_mb() -> int:
    """This process's peak resident memory (VmHWM: getrusage's figure can carry the parent's
    peak across fork and exec, and the benchmark that starts this one is large)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


setup_test_environment()
settings.ALLOWED_HOSTS = ["testserver"]
fmt = sys.argv[1]
client = Client()
signed_in(client, User.objects.get(email="bench-user-0@norfolk-constabulary.bench"))
# Counted without Django's debug cursor, which keeps every query it sees.
start = time.perf_counter()
answer = client.post(f"/practice/library/export.{fmt}")
asked_ms = (time.perf_counter() - start) * 1000
assert answer.status_code == 302, answer.status_code
export = LibraryExport.objects.get(pk=answer.url.rstrip("/").rsplit("/", 1)[-1])
with QueryCounter() as queries:
    start = time.perf_counter()
    written = exports.build(export.pk)
    elapsed = (time.perf_counter() - start) * 1000
export.refresh_from_db()
assert export.status == "ready" and written == export.total, export.failure
print(
    json.dumps(
        {
            "entries": LibraryEntry.objects.count(),
            "request_ms": round(asked_ms),
            "ms": round(elapsed),
            "queries": queries.count,
            "bytes": export.size,
            "peak_mb": peak_mb(),
        }
    )
)
export.file.delete(save=False)
export.delete()
