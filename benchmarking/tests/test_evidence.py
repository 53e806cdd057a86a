import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from benchmarking.models import Evidence, Return
from benchmarking.tests.factories import open_exercise


@pytest.fixture
def record(cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    exercise = open_exercise(cast["admin"])
    return Return.objects.get(exercise=exercise, organisation__slug="norfolk-constabulary")


def _docx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def _url(record, answer):
    return f"/benchmarking/returns/{record.pk}/answers/{answer.pk}/evidence/"


@pytest.mark.parametrize(
    "name,data,content_type",
    [
        ("policy.pdf", b"%PDF-1.7\n%fake but starts right", "application/pdf"),
        ("chart.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20, "image/png"),
        ("photo.jpg", b"\xff\xd8\xff\xe0" + b"0" * 20, "image/jpeg"),
        ("Plan.DOCX", _docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ],
)
def test_accepted_files_are_typed_by_their_content(client, cast, record, name, data, content_type):
    answer = record.answers.first()
    client.force_login(cast["editor_a"])
    response = client.post(
        _url(record, answer), {"kind": "file", "file_title": "", "upload": SimpleUploadedFile(name, data)}
    )
    assert response.status_code == 302
    item = Evidence.objects.get()
    assert (item.content_type, item.title, item.size) == (content_type, name, len(data))
    assert name not in item.file.name, "stored under a random name"
    download = client.get(f"/benchmarking/returns/{record.pk}/evidence/{item.pk}/")
    assert download["Content-Type"] == content_type
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == data
    # Read in place, where the browser shows the kind itself, sandboxed; a Word file still downloads.
    read = client.get(f"/benchmarking/returns/{record.pk}/evidence/{item.pk}/?read=1")
    shown_here = content_type != "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert read["Content-Disposition"].startswith("inline" if shown_here else "attachment")
    assert (read.get("Content-Security-Policy") == "sandbox") is shown_here


@pytest.mark.parametrize(
    "name,data,message",
    [
        (
            "report.pdf",
            b"MZ\x90\x00 an executable named like a PDF",
            "must be a PDF, Word, Excel or PowerPoint",
        ),
        ("notes.txt", b"plain text", "must be a PDF, Word, Excel or PowerPoint"),
        ("fake.docx", b"PK\x03\x04 not really a zip", "must be a PDF, Word, Excel or PowerPoint"),
    ],
)
def test_other_files_are_refused_and_nothing_is_kept(client, cast, record, name, data, message, tmp_path):
    answer = record.answers.first()
    client.force_login(cast["editor_a"])
    response = client.post(_url(record, answer), {"kind": "file", "upload": SimpleUploadedFile(name, data)})
    assert response.status_code == 400 and message in response.content.decode()
    assert not Evidence.objects.exists()
    assert not any(p.is_file() for p in tmp_path.rglob("*"))


def test_files_over_10_mb_are_refused(client, cast, record):
    answer = record.answers.first()
    client.force_login(cast["editor_a"])
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024))
    response = client.post(_url(record, answer), {"kind": "file", "upload": big})
    assert response.status_code == 400 and "smaller than 10 MB" in response.content.decode()


def test_links_are_added_checked_and_removed_after_confirmation(client, cast, record):
    answer = record.answers.first()
    client.force_login(cast["editor_a"])
    bad = client.post(_url(record, answer), {"kind": "link", "link_title": "", "link_url": "not a url"})
    assert bad.status_code == 400
    assert "Enter a title for the link" in bad.content.decode()
    assert "Enter a web address" in bad.content.decode()
    client.post(
        _url(record, answer), {"kind": "link", "link_title": "Policy", "link_url": "https://example.org/p"}
    )
    item = Evidence.objects.get()
    remove = f"/benchmarking/returns/{record.pk}/evidence/{item.pk}/remove/"
    assert "Remove “Policy”?" in client.get(remove).content.decode()
    assert Evidence.objects.exists()
    client.post(remove)
    assert not Evidence.objects.exists()
    assert item.history.count() == 2, "adding and removing are both in the history"


def test_other_forces_and_viewers_cannot_touch_evidence(client, cast, record):
    answer = record.answers.first()
    client.force_login(cast["editor_a"])
    client.post(_url(record, answer), {"kind": "file", "upload": SimpleUploadedFile("a.pdf", b"%PDF-1.7 x")})
    item = Evidence.objects.get()
    client.force_login(cast["lead_b"])
    assert client.get(f"/benchmarking/returns/{record.pk}/evidence/{item.pk}/").status_code == 404
    client.force_login(cast["viewer_a"])
    assert client.get(f"/benchmarking/returns/{record.pk}/evidence/{item.pk}/").status_code == 200
    upload = SimpleUploadedFile("b.pdf", b"%PDF-1.7 y")
    assert client.post(_url(record, answer), {"kind": "file", "upload": upload}).status_code == 403
    assert client.post(f"/benchmarking/returns/{record.pk}/evidence/{item.pk}/remove/").status_code == 403
