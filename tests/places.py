"""Fresh places for tests that run the service in processes of its own: a free port, and an
empty database and file store of the kind this test run uses (PostgreSQL and the S3-compatible
store in CI's second pass; SQLite and a folder otherwise)."""

import os
import socket
import subprocess
import uuid
from contextlib import contextmanager

from django.db import connection


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def empty_service(tmp_path, label: str):
    """Environment variables for the service on a new, empty database and file store; the
    database is dropped afterwards."""
    run = f"{label}_{uuid.uuid4().hex[:8]}"
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "MEDIA_ROOT", "S3_PREFIX")}
    env.update(DEBUG="1", MEDIA_ROOT=str(tmp_path / f"{run}-files"), S3_PREFIX=f"tests-{run}")
    server = None
    if connection.vendor == "postgresql":
        settings = connection.settings_dict
        server = f"postgres://{settings['USER'] or 'postgres'}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
        subprocess.run(["psql", f"{server}/postgres", "-qc", f"CREATE DATABASE nvaphub_{run}"], check=True)
        env["DATABASE_URL"] = f"{server}/nvaphub_{run}"
    else:
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / (run + '.sqlite3')}"
    try:
        yield env
    finally:
        if server:
            subprocess.run(
                ["psql", f"{server}/postgres", "-qc", f"DROP DATABASE IF EXISTS nvaphub_{run} WITH (FORCE)"]
            )
