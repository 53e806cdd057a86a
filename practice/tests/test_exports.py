"""Large library exports: written by the background worker into the file store, followed on a
progress page, downloaded once ready, one file however many times it is asked for, and no
file left behind when writing fails or the file has been kept long enough."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from conftest import run_queued_tasks
from core.testing import body
from organisations.models import Organisation
from practice import exports
from practice.models import LibraryExport
from practice.tests.factories import published


@pytest.fixture
def library(cast):
    norfolk = Organisation.objects.get(slug="norfolk-constabulary")
    kent = Organisation.objects.get(slug="kent-police")
    published(norfolk, cast["editor_a"], cast["analyst"])
    published(kent, cast["lead_b"], cast["analyst"], title="Kent clinic")


@pytest.fixture
def large(settings):
    """Every export of more than one entry counts as large."""
    settings.LIBRARY_EXPORT_INLINE_LIMIT = 1


def _rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8"))))


def _start(client, url, django_capture_on_commit_callbacks, times=1):
    with django_capture_on_commit_callbacks(execute=True):
        answers = [client.post(url) for _ in range(times)]
    return answers


def test_a_small_export_is_sent_at_once(client, cast, library):
    client.force_login(cast["viewer_a"])
    response = client.get("/practice/library/export.csv")
    assert response.status_code == 200 and response.streaming
    assert _rows(body(response))[0][0] == "Title"
    assert LibraryExport.objects.count() == 0


def test_a_large_export_is_written_in_the_background_and_downloaded_when_ready(
    client, cast, library, large, django_capture_on_commit_callbacks
):
    client.force_login(cast["viewer_a"])
    start = client.get("/practice/library/export.csv?q=clinic&page=3")
    assert start.status_code == 200
    assert "Download 2 examples as CSV" in start.content.decode()
    assert LibraryExport.objects.count() == 0, "opening the page starts nothing"

    # A double-click on "Prepare the file" makes one export and queues one task.
    first, second = _start(
        client, "/practice/library/export.csv?q=clinic&page=3", django_capture_on_commit_callbacks, 2
    )
    export = LibraryExport.objects.get()
    assert first.status_code == second.status_code == 302
    assert first.url == second.url == f"/practice/library/exports/{export.pk}/"
    assert DBTaskResult.objects.filter(task_path="practice.tasks.build_library_export").count() == 1
    assert export.params == "q=clinic" and export.contacts and export.requested_by == cast["viewer_a"]

    waiting = client.get(first.url).content.decode()
    assert "Waiting to start" in waiting and 'data-export-progress="' in waiting
    progress = client.get(f"/practice/library/exports/{export.pk}/progress/").json()
    assert progress == {
        "status": "queued",
        "label": "Waiting to start",
        "written": 0,
        "total": 0,
        "percent": 0,
        "counted": "",
    }
    # Not ready: the download address leads back to the progress page.
    assert client.get(f"/practice/library/exports/{export.pk}/download/").url == first.url

    run_queued_tasks()
    export.refresh_from_db()
    assert (export.status, export.total, export.written) == ("ready", 2, 2)
    ready = client.get(first.url).content.decode()
    assert "Your file is ready" in ready and f"/practice/library/exports/{export.pk}/download/" in ready
    assert client.get(f"/practice/library/exports/{export.pk}/progress/").json()["percent"] == 100
    welsh = client.get(f"/cy/practice/library/exports/{export.pk}/progress/").json()
    assert (welsh["label"], welsh["counted"]) == (
        "Yn barod i’w lawrlwytho",
        "2 o 2 enghraifft wedi’u hysgrifennu",
    )
    download = client.get(f"/practice/library/exports/{export.pk}/download/")
    assert download["Content-Disposition"].startswith('attachment; filename="practice-library-')
    rows = _rows(body(download))
    assert rows[0][-2:] == ["Contact name", "Contact email"]
    assert sorted(row[0] for row in rows[1:]) == ["Kent clinic", "Referral quality clinic"]
    assert export.size == len(body(client.get(f"/practice/library/exports/{export.pk}/download/")))

    # Asking again for the same filters finds the file already made.
    again = client.get("/practice/library/export.csv?q=clinic")
    assert again.status_code == 302 and again.url == first.url


def test_an_xlsx_export_in_the_background(client, cast, library, large, django_capture_on_commit_callbacks):
    from openpyxl import load_workbook

    client.force_login(cast["admin"])
    (answer,) = _start(client, "/practice/library/export.xlsx", django_capture_on_commit_callbacks)
    run_queued_tasks()
    download = client.get(answer.url + "download/")
    sheet = load_workbook(io.BytesIO(body(download)), read_only=True).active
    titles = sorted(row[0] for row in sheet.iter_rows(min_row=2, values_only=True))
    assert titles == ["Kent clinic", "Referral quality clinic"]


def test_a_publication_means_a_fresh_file(client, cast, library, large, django_capture_on_commit_callbacks):
    client.force_login(cast["viewer_a"])
    _start(client, "/practice/library/export.csv", django_capture_on_commit_callbacks)
    run_queued_tasks()
    published(Organisation.objects.get(slug="kent-police"), cast["lead_b"], cast["analyst"], title="Third")
    page = client.get("/practice/library/export.csv")
    assert page.status_code == 200 and "Download 3 examples" in page.content.decode()
    _start(client, "/practice/library/export.csv", django_capture_on_commit_callbacks)
    assert LibraryExport.objects.count() == 2
    run_queued_tasks()
    newest = LibraryExport.objects.latest("created_at")
    assert len(_rows(body(client.get(f"/practice/library/exports/{newest.pk}/download/")))) == 4


def test_contacts_stay_with_signed_in_people(
    client, cast, library, large, settings, django_capture_on_commit_callbacks
):
    settings.PLAN_IS_PUBLIC = True
    client.force_login(cast["viewer_a"])
    (signed_in,) = _start(client, "/practice/library/export.csv", django_capture_on_commit_callbacks)
    client.logout()
    # The signed-in person's file (with contact details) is not there for anyone else.
    assert client.get(signed_in.url).status_code == 404
    assert client.get(signed_in.url + "download/").status_code == 404
    assert client.get(signed_in.url + "progress/").status_code == 404
    (public,) = _start(client, "/practice/library/export.csv", django_capture_on_commit_callbacks)
    assert public.url != signed_in.url
    run_queued_tasks()
    rows = _rows(body(client.get(public.url + "download/")))
    assert "Contact email" not in rows[0] and len(rows) == 3
    assert LibraryExport.objects.get(pk=public.url.split("/")[-2]).requested_by is None


def test_progress_is_recorded_as_the_file_is_written(cast, library):
    export = LibraryExport.objects.create(key="k", fmt="csv", library_version=1)
    seen = []
    for _row in exports._counted(iter(range(5)), export, every=2):
        seen.append(LibraryExport.objects.get(pk=export.pk).written)
    assert seen == [0, 0, 0, 2, 2]


def test_a_failed_export_leaves_no_file_and_can_be_tried_again(
    client, cast, library, large, monkeypatch, django_capture_on_commit_callbacks
):
    from core import tables

    def broken(lines, sheet_name, file):
        next(iter(lines))
        file.write(b"half a workbook")
        raise OSError("disk full")

    monkeypatch.setattr(tables, "write_xlsx", broken)
    client.force_login(cast["viewer_a"])
    (answer,) = _start(client, "/practice/library/export.xlsx", django_capture_on_commit_callbacks)
    run_queued_tasks()
    export = LibraryExport.objects.get()
    assert (export.status, export.failure, export.file.name) == ("failed", "disk full", "")
    assert not default_storage.exists(f"exports/practice-library-{export.pk}.xlsx")
    page = client.get(answer.url).content.decode()
    assert "The file could not be made" in page and "Try again" in page
    # A failed file is not offered again: the next request is asked to prepare it afresh.
    assert client.get("/practice/library/export.xlsx").status_code == 200

    monkeypatch.undo()
    (retry,) = _start(client, "/practice/library/export.xlsx", django_capture_on_commit_callbacks)
    assert retry.url == answer.url and LibraryExport.objects.count() == 1
    run_queued_tasks()
    export.refresh_from_db()
    assert (export.status, export.failure) == ("ready", "")


def test_a_stalled_export_is_queued_again_and_a_running_one_is_not(
    client, cast, library, large, django_capture_on_commit_callbacks
):
    client.force_login(cast["viewer_a"])
    _start(client, "/practice/library/export.csv", django_capture_on_commit_callbacks)
    export = LibraryExport.objects.get()
    LibraryExport.objects.filter(pk=export.pk).update(status="running")
    _start(client, "/practice/library/export.csv", django_capture_on_commit_callbacks)
    builds = DBTaskResult.objects.filter(task_path="practice.tasks.build_library_export")
    assert builds.count() == 1, "a file being written is not started twice"
    # A worker that disappeared: no progress for longer than exports.STALLED.
    LibraryExport.objects.filter(pk=export.pk).update(updated_at=timezone.now() - exports.STALLED * 2)
    _start(client, "/practice/library/export.csv", django_capture_on_commit_callbacks)
    assert builds.count() == 2
    assert LibraryExport.objects.get(pk=export.pk).status == "queued"
    # Only one worker writes it: a second claim of the same export does nothing.
    run_queued_tasks()
    assert exports.build(export.pk) == 0
    assert LibraryExport.objects.get(pk=export.pk).status == "ready"


def test_files_are_removed_once_kept_long_enough(
    client, cast, library, large, django_capture_on_commit_callbacks
):
    client.force_login(cast["viewer_a"])
    _start(client, "/practice/library/export.csv", django_capture_on_commit_callbacks)
    run_queued_tasks()
    old = LibraryExport.objects.get()
    assert default_storage.exists(old.file.name)
    assert exports.purge(now=timezone.now() + exports.KEEP - timedelta(minutes=1)) == 0
    assert exports.purge(now=timezone.now() + exports.KEEP + timedelta(minutes=1)) == 1
    assert not default_storage.exists(old.file.name) and not LibraryExport.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "/practice/library/export.pdf",
        "/practice/library/exports/not-a-uuid/",
        "/practice/library/exports/00000000-0000-0000-0000-000000000000/",
        "/practice/library/exports/00000000-0000-0000-0000-000000000000/progress/",
        "/practice/library/exports/00000000-0000-0000-0000-000000000000/download/",
    ],
)
def test_unknown_exports_are_not_found(client, cast, url):
    client.force_login(cast["viewer_a"])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code in (404, 405)


def test_odd_filters_make_an_export_of_nothing_rather_than_an_error(
    client, cast, library, large, django_capture_on_commit_callbacks
):
    client.force_login(cast["viewer_a"])
    # Filters that match nothing, or are not filters at all, never reach the worker as a crash.
    weird = "/practice/library/export.csv?q=%00%27%22&action=not-an-action&stage=zzz&page=-4"
    response = client.get(weird)
    assert response.status_code == 200 and response.streaming
    assert _rows(body(response))[0][0] == "Title"
