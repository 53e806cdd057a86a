"""A backup restores: a database and file store filled by the service are backed up, restored
into an empty database and store, and hold the same rows and files; a restore never writes
over a database in use."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.places import empty_service

ROOT = Path(__file__).resolve().parent.parent
COUNT = (
    "import json; from django.core.files.storage import default_storage as s; "
    "from django.apps import apps; "
    "m = {n: apps.get_model(n).objects.count() for n in "
    "['accounts.User', 'organisations.Organisation', 'framework.Action', 'benchmarking.Answer', "
    "'impact.Measurement', 'practice.LibraryEntry']}; "
    "m['file'] = s.open('evidence/backup-test.pdf').read().decode(); print(json.dumps(m))"
)
PUT_FILE = (
    "from django.core.files.storage import default_storage as s; from django.core.files.base import ContentFile; "
    "s.save('evidence/backup-test.pdf', ContentFile(b'%PDF-1.7 backed up'))"
)


def _counts(env) -> dict:
    return json.loads(_manage(env, "shell", "-c", COUNT).stdout.strip().splitlines()[-1])


def _manage(env, *args, check=True):
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    if check and done.returncode:
        raise AssertionError(f"{args}: {done.stdout}\n{done.stderr}")
    return done


@pytest.fixture
def two_places(tmp_path):
    """A database and file store for the service, and an empty pair to restore into."""
    with (
        empty_service(tmp_path, "backup_source") as source,
        empty_service(tmp_path, "backup_restored") as restored,
    ):
        yield source, restored


def test_a_backup_restores_into_an_empty_database_with_the_same_rows_and_files(two_places, tmp_path):
    source, restored = two_places
    _manage(source, "migrate", "--no-input", "-v", "0")
    _manage(source, "setup_demo")
    _manage(source, "shell", "-c", PUT_FILE)
    before = _counts(source)
    assert before["benchmarking.Answer"] > 0 and before["impact.Measurement"] > 0

    made = _manage(source, "backup", "--to", str(tmp_path / "backup"))
    assert "Backed up" in made.stdout
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert "evidence/backup-test.pdf" in manifest["files"]

    done = _manage(restored, "restore", str(tmp_path / "backup"))
    assert "all match the backup" in done.stdout
    after = _counts(restored)
    assert after == before
    # The restored service is a working one: nothing waits to migrate.
    assert "[ ]" not in _manage(restored, "showmigrations").stdout

    again = _manage(restored, "restore", str(tmp_path / "backup"), check=False)
    assert again.returncode != 0 and "not empty" in again.stderr
    assert _counts(restored) == before


def test_restore_refuses_a_folder_that_is_not_a_backup(two_places, tmp_path):
    _, restored = two_places
    done = _manage(restored, "restore", str(tmp_path), check=False)
    assert done.returncode != 0 and "is not a backup" in done.stderr
