"""Backups that restore: the database (a consistent snapshot) and every uploaded file, with a
manifest of row counts and file checksums that a restore is checked against.

A backup folder holds `database.dump` (PostgreSQL, pg_dump's custom format) or
`database.sqlite3` (SQLite, the online backup API), `files/` (the file store's contents, from
disk or the object store alike) and `manifest.json`.
"""

import hashlib
import json
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.apps import apps
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone


class BackupError(Exception):
    pass


def _tables() -> list[str]:
    """Every table the service's models own, with its many-to-many link tables."""
    names = set()
    for model in apps.get_models(include_auto_created=True):
        if model._meta.managed and not model._meta.proxy:
            names.add(model._meta.db_table)
    return sorted(names)


def _count(cursor, tables) -> dict[str, int]:
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 (names from the models)
        counts[table] = cursor.fetchone()[0]
    return counts


def _pg_url() -> list[str]:
    settings = connection.settings_dict
    args = [
        "-h",
        settings["HOST"] or "127.0.0.1",
        "-p",
        str(settings["PORT"] or 5432),
        "-U",
        settings["USER"] or "postgres",
    ]
    return [*args, "-d", settings["NAME"]]


def _pg_env() -> dict:
    import os

    env = dict(os.environ)
    if connection.settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = connection.settings_dict["PASSWORD"]
    return env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client).")
    return found


def _pg_tool(name: str, *args: str) -> None:
    """Runs pg_dump or pg_restore on the configured database; a failure says what it printed."""
    done = subprocess.run(  # noqa: S603 (arguments from the settings, no shell)
        [_tool(name), *args], env=_pg_env(), capture_output=True, text=True, timeout=3600
    )
    if done.returncode:
        raise BackupError(f"{name} failed: {done.stderr.strip()}")


def _sha256(stream, copy_to=None) -> str:
    """The stream's SHA-256, read a megabyte at a time (and copied on, when asked)."""
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(1024 * 1024), b""):
        digest.update(chunk)
        if copy_to is not None:
            copy_to.write(chunk)
    return digest.hexdigest()


def _walk(folder: str = ""):
    try:
        directories, files = default_storage.listdir(folder)
    except FileNotFoundError:  # a store on disk that has never held a file
        return
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for name in directories:
        yield from _walk(f"{folder}/{name}" if folder else name)


def backup(target: Path) -> dict:
    """Writes a backup into `target` (a new folder) and returns its manifest."""
    target.mkdir(parents=True, exist_ok=False)
    tables = _tables()
    if connection.vendor == "postgresql":
        # The dump and the counts read the same snapshot, so the manifest is the dump's own.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = _count(cursor, tables)
            _pg_tool(
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-acl",
                f"--snapshot={snapshot}",
                "-f",
                str(target / "database.dump"),
                *_pg_url(),
            )
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        copy = sqlite3.connect(target / "database.sqlite3")
        with copy:
            connection.connection.backup(copy)
        counts = _count(copy.cursor(), tables)
        copy.close()
    else:
        raise BackupError(f"Backups of {connection.vendor} databases are not supported.")
    files = {}
    for name in _walk():
        path = target / "files" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(name, "rb") as source, path.open("wb") as out:
            files[name] = _sha256(source, copy_to=out)
    manifest = {
        "made_at": timezone.now().isoformat(),
        "database": connection.vendor,
        "counts": counts,
        "files": files,
    }
    (target / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return manifest


def restore(source: Path) -> dict:
    """Restores a backup into an empty database and file store, then checks every count and
    every file against the manifest. Returns what it found."""
    manifest = json.loads((source / "manifest.json").read_text())
    if manifest["database"] != connection.vendor:
        raise BackupError(f"This backup is of a {manifest['database']} database, not {connection.vendor}.")
    tables = set(connection.introspection.table_names())
    if tables & set(_tables()):
        raise BackupError("The database is not empty: restore into a new, empty database.")
    if next(_walk(), None) is not None:
        raise BackupError("The file store is not empty: restore into a new, empty one.")
    if connection.vendor == "postgresql":
        _pg_tool(
            "pg_restore",
            "--no-owner",
            "--no-acl",
            "--exit-on-error",
            *_pg_url(),
            str(source / "database.dump"),
        )
    else:
        connection.close()
        shutil.copyfile(source / "database.sqlite3", connection.settings_dict["NAME"])
    for name in manifest["files"]:
        with (source / "files" / name).open("rb") as content:
            saved = default_storage.save(name, File(content))
        if saved != name:
            raise BackupError(f"The file store renamed {name} to {saved}.")
    return check(manifest)


def check(manifest: dict) -> dict:
    with connection.cursor() as cursor:
        counts = _count(cursor, sorted(manifest["counts"]))
    files = {}
    for name in _walk():
        with default_storage.open(name, "rb") as content:
            files[name] = _sha256(content)
    problems = [
        f"{t}: {manifest['counts'][t]} rows backed up, {counts[t]} restored"
        for t in counts
        if counts[t] != manifest["counts"][t]
    ]
    problems += [
        f"{name}: missing or changed"
        for name in manifest["files"]
        if files.get(name) != manifest["files"][name]
    ]
    return {"tables": len(counts), "rows": sum(counts.values()), "files": len(files), "problems": problems}
