"""Small inputs that used to give error pages, downloads named .bin, stray files after a failed
write, and force data a browser could keep."""

from unittest import mock

import pytest
from django.conf import settings as project_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError

from benchmarking import services as benchmarking
from benchmarking.models import Evidence, Return
from benchmarking.tests.factories import open_exercise
from impact.tests.factories import plan_with_everything
from organisations.models import Organisation
from practice import services as practice
from practice.tests.factories import example as practice_example

PDF = b"%PDF-1.7\n%a small but real start"


@pytest.mark.parametrize("query", ["page=²", "page=¹²", "year=¹", "year=99999999999999999999", "page=-1"])
def test_odd_numbers_in_the_library_query_are_ignored(client, cast, query):
    client.force_login(cast["editor_a"])
    assert client.get(f"/practice/?{query}").status_code == 200


@pytest.mark.parametrize("page", ["²", "12345678901234567890", "0", "-3", "1e3"])
def test_odd_page_numbers_in_the_api_are_a_clear_400(client, cast, page):
    client.force_login(cast["editor_a"])
    response = client.get(f"/api/v1/practice/?page={page}")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_pagination"


def test_an_odd_row_count_in_the_values_table_is_ignored(client, cast):
    norfolk = Organisation.objects.get(slug="norfolk-constabulary")
    _plan, measure = plan_with_everything(norfolk, cast["editor_a"])
    client.force_login(cast["editor_a"])
    response = client.post(f"/impact/measures/{measure.pk}/values/", {"rows": "²"})
    # No rows read, so the page asks for at least one value.
    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()


def test_a_300_character_contact_email_is_refused_with_a_message(client, cast):
    from framework.models import Action

    client.force_login(cast["editor_a"])
    action = Action.objects.get(code="2.2.1", version__label="3")
    response = client.post(
        "/practice/examples/new/",
        {
            "title": "T",
            "summary": "S",
            "actions": [action.pk],
            "evidence_stage": "local",
            "delivery_status": "live",
            "contact_email": "a" * 290 + "@force.police.uk",
        },
    )
    assert response.status_code == 400
    assert "254 characters or fewer" in response.content.decode()


@pytest.mark.parametrize("value", ["12345678901234567890", "1e999", "-99999999999"])
def test_a_measure_value_beyond_what_is_stored_is_refused_with_a_message(client, cast, value):
    norfolk = Organisation.objects.get(slug="norfolk-constabulary")
    _plan, measure = plan_with_everything(norfolk, cast["editor_a"])
    measure.unit = "score"
    measure.save()
    client.force_login(cast["editor_a"])
    response = client.post(f"/impact/measures/{measure.pk}/", {"period": "2026-04", "value": value})
    assert response.status_code == 400
    assert "Enter a number" in response.content.decode()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_evidence_and_attachments_download_with_their_checked_extension(client, cast, media):
    exercise = open_exercise(cast["admin"])
    answer = Return.objects.get(exercise=exercise, organisation__slug="norfolk-constabulary").answers.first()
    item = benchmarking.evidence_file_add(
        answer=answer, by=cast["editor_a"], title="Policy", upload=SimpleUploadedFile("x", PDF)
    )
    client.force_login(cast["editor_a"])
    response = client.get(f"/benchmarking/returns/{answer.return_record_id}/evidence/{item.pk}/")
    assert response["Content-Disposition"] == 'attachment; filename="policy.pdf"'
    norfolk = Organisation.objects.get(slug="norfolk-constabulary")
    example = practice_example(norfolk, cast["editor_a"])
    attachment = practice.attachment_add(
        example=example, by=cast["editor_a"], title="Leaflet", upload=SimpleUploadedFile("y", PDF)
    )
    assert attachment.file.name.endswith(".pdf")
    response = client.get(f"/practice/examples/{example.pk}/attachments/{attachment.pk}/")
    assert response["Content-Disposition"] == 'attachment; filename="leaflet.pdf"'


def test_a_failed_database_write_leaves_no_file_behind(cast, media):
    exercise = open_exercise(cast["admin"])
    answer = Return.objects.get(exercise=exercise, organisation__slug="norfolk-constabulary").answers.first()
    with mock.patch.object(Evidence, "save", side_effect=IntegrityError("disk full")):
        with pytest.raises(IntegrityError):
            benchmarking.evidence_file_add(
                answer=answer, by=cast["editor_a"], title="Policy", upload=SimpleUploadedFile("x", PDF)
            )
    assert not any(p.is_file() for p in media.rglob("*"))


def test_force_data_is_never_kept_by_browsers_or_proxies(client, cast):
    assert "no-store" not in client.get("/accessibility/").get("Cache-Control", "")
    client.force_login(cast["editor_a"])
    for url in ["/", "/practice/", "/impact/", "/api/v1/practice/"]:
        assert client.get(url)["Cache-Control"] == "no-store", url


def test_database_connections_are_checked_before_reuse():
    assert project_settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
