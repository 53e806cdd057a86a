"""Evidence requests: the review team asks, the force gives files or says why it cannot."""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from core.models import Notification
from core.testing import assert_good_page
from reviews import services
from reviews.models import EvidenceFile, EvidenceRequest
from reviews.tests.factories import a_review

PDF = b"%PDF-1.7\n%fake but starts right"


def _stored(review) -> list[str]:
    """The files kept for a review, wherever uploads are kept (a folder or an object store)."""
    try:
        return default_storage.listdir(f"reviews/{review.pk}")[1]
    except FileNotFoundError:
        return []


@pytest.fixture
def review(cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    review = a_review(cast["lead_a"])
    services.review_decide(review=review, by=cast["analyst"], accept=True)
    return review


def _ask(**overrides):
    data = {
        "title": "Victim contact policy",
        "kind": "policy",
        "detail": "",
        "due_on_day": "1",
        "due_on_month": "3",
        "due_on_year": "2027",
        "once": "6c0d3f8e-1a2b-4c5d-8e9f-0a1b2c3d4e5f",
    }
    data.update(overrides)
    return data


def test_the_team_asks_and_the_force_is_told(client, cast, review):
    client.force_login(cast["analyst"])
    url = f"/reviews/{review.pk}/evidence/"
    assert_good_page(client.get(url))
    asked = client.post(url, _ask())
    assert asked.status_code == 302
    item = EvidenceRequest.objects.get()
    assert (item.title, item.kind, str(item.due_on), item.status) == (
        "Victim contact policy",
        "policy",
        "2027-03-01",
        "open",
    )
    assert client.post(url, _ask()).status_code == 302 and EvidenceRequest.objects.count() == 1, "asked once"
    told = Notification.objects.filter(user=cast["lead_a"], message__contains="Victim contact policy")
    assert told.count() == 1 and told.get().url == f"/reviews/{review.pk}/evidence/{item.pk}/"
    assert not Notification.objects.filter(user=cast["lead_b"]).exists()
    client.force_login(cast["lead_a"])
    assert client.post(url, _ask(once="")).status_code == 403, "the force does not ask itself"


def test_bad_requests_for_evidence_are_explained_and_nothing_is_written(client, cast, review):
    client.force_login(cast["analyst"])
    url = f"/reviews/{review.pk}/evidence/"
    for data, message in [
        (_ask(title=""), "Say what the force is asked for"),
        (_ask(title="x" * 201), "Use 200 characters or fewer"),
        (_ask(kind="gossip"), "Choose a kind from the list"),
        (_ask(due_on_day="", due_on_month="", due_on_year=""), "Enter the date it is due by"),
        (_ask(due_on_day="31", due_on_month="2"), "must be a real date"),
    ]:
        page = client.post(url, data)
        assert page.status_code == 400, message
        assert message in page.content.decode(), message
    assert not EvidenceRequest.objects.exists()


def test_the_force_gives_a_file_and_the_request_is_provided(
    client, cast, review, django_capture_on_commit_callbacks
):
    item = services.evidence_request_add(
        review=review, by=cast["analyst"], title="Policy", kind="policy", due_on=review.created_at.date()
    )
    url = f"/reviews/{review.pk}/evidence/{item.pk}/"
    client.force_login(cast["editor_a"])
    assert_good_page(client.get(url))
    sent = client.post(
        url, {"kind": "file", "file_title": "", "upload": SimpleUploadedFile("policy.pdf", PDF)}
    )
    assert sent.status_code == 302
    item.refresh_from_db()
    stored = EvidenceFile.objects.get()
    assert (
        item.status == "provided"
        and stored.content_type == "application/pdf"
        and "policy.pdf" not in stored.file.name
    )
    download = client.get(f"/reviews/{review.pk}/evidence/{item.pk}/files/{stored.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    client.force_login(cast["analyst"])
    assert client.get(f"/reviews/{review.pk}/evidence/{item.pk}/files/{stored.pk}/").status_code == 200
    client.force_login(cast["lead_b"])
    assert client.get(f"/reviews/{review.pk}/evidence/{item.pk}/files/{stored.pk}/").status_code == 404
    client.force_login(cast["viewer_a"])
    assert client.post(url, {"kind": "file", "upload": SimpleUploadedFile("b.pdf", PDF)}).status_code == 403
    # Removing asks first, and the request is waiting again.
    client.force_login(cast["editor_a"])
    remove = f"/reviews/{review.pk}/evidence/{item.pk}/files/{stored.pk}/remove/"
    assert_good_page(client.get(remove))
    assert len(_stored(review)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(remove).status_code == 302
    item.refresh_from_db()
    assert item.status == "open" and not EvidenceFile.objects.exists()
    assert _stored(review) == [], "the file goes with it"


@pytest.mark.parametrize(
    "name,data,message",
    [
        (
            "policy.pdf",
            b"MZ\x90\x00 an executable named like a PDF",
            "must be a PDF, Word, Excel or PowerPoint",
        ),
        ("empty.pdf", b"", "The file is empty"),
        ("page.html", b"<html><script>alert(1)</script></html>", "must be a PDF, Word, Excel or PowerPoint"),
    ],
)
def test_hostile_files_are_refused_and_leave_nothing_behind(
    client, cast, review, settings, name, data, message
):
    item = services.evidence_request_add(
        review=review, by=cast["analyst"], title="Data", kind="data", due_on=review.created_at.date()
    )
    client.force_login(cast["lead_a"])
    page = client.post(
        f"/reviews/{review.pk}/evidence/{item.pk}/",
        {"kind": "file", "upload": SimpleUploadedFile(name, data)},
    )
    assert page.status_code == 400 and message in page.content.decode()
    assert not EvidenceFile.objects.exists()
    assert _stored(review) == [], "no stray file"
    item.refresh_from_db()
    assert item.status == "open"


def test_the_force_says_why_it_cannot_provide_something(client, cast, review):
    item = services.evidence_request_add(
        review=review, by=cast["analyst"], title="Cases", kind="cases", due_on=review.created_at.date()
    )
    url = f"/reviews/{review.pk}/evidence/{item.pk}/"
    client.force_login(cast["lead_a"])
    empty = client.post(url, {"kind": "cannot", "reason": ""})
    assert empty.status_code == 400 and "Say why the force cannot provide it" in empty.content.decode()
    assert (
        client.post(url, {"kind": "cannot", "reason": "The system was replaced in 2024."}).status_code == 302
    )
    item.refresh_from_db()
    assert (item.status, item.cannot_reason) == ("cannot", "The system was replaced in 2024.")
    client.force_login(cast["analyst"])
    listing = client.get(f"/reviews/{review.pk}/evidence/").content.decode()
    assert "1 of 1 request answered" in listing and "Cannot be provided" in listing


def test_evidence_is_asked_for_only_once_the_review_is_accepted(cast):
    waiting = a_review(cast["lead_a"], codes=("2.6.2",))
    with pytest.raises(services.ReviewError, match="once the review is accepted"):
        services.evidence_request_add(
            review=waiting, by=cast["analyst"], title="x", kind="other", due_on=waiting.created_at.date()
        )
