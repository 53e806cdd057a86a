"""One library export of the whole library, through the view, in a process of its own:
prints its time, query count, size and the process's peak memory as JSON.

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
from core.requests import QueryCounter  # noqa: E402
from practice.models import LibraryEntry  # noqa: E402


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
client.force_login(User.objects.get(email="bench-user-0@norfolk-constabulary.bench"))
size = 0
# Counted without Django's debug cursor, which keeps every query it sees.
with QueryCounter() as queries:
    start = time.perf_counter()
    response = client.get(f"/practice/library/export.{fmt}")
    assert response.status_code == 200, response.status_code
    for chunk in response.streaming_content:
        size += len(chunk)
    response.close()
    elapsed = (time.perf_counter() - start) * 1000
print(
    json.dumps(
        {
            "entries": LibraryEntry.objects.count(),
            "ms": round(elapsed),
            "queries": queries.count,
            "bytes": size,
            "peak_mb": peak_mb(),
        }
    )
)
