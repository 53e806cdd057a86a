import pytest

from accounts import services as account_services
from accounts.models import ApiToken
from benchmarking import services
from benchmarking.models import Return
from benchmarking.tests.factories import complete_return, open_exercise


@pytest.fixture
def exercise(cast):
    exercise = open_exercise(cast["admin"])
    complete_return(
        Return.objects.get(exercise=exercise, organisation__slug="norfolk-constabulary"), cast["lead_a"]
    )
    return exercise


def _token(user):
    return account_services.api_token_create(user=user, name="Power BI")[1]


def _get(client, url, token):
    return client.get(url, HTTP_AUTHORIZATION=f"Bearer {token}")


def test_tokens_are_shown_once_and_stored_hashed(client, cast):
    client.force_login(cast["editor_a"])
    response = client.post("/accounts/api-tokens/", {"name": "Power BI"})
    secret = response.context["secret"]
    assert secret.startswith("nvh_") and secret in response.content.decode()
    token = ApiToken.objects.get()
    assert secret not in (token.key_hash, token.prefix) and len(token.key_hash) == 64
    assert secret not in client.get("/accounts/api-tokens/").content.decode()
    bad = client.post("/accounts/api-tokens/", {"name": ""})
    assert bad.status_code == 400 and "Enter a name for the token" in bad.content.decode()


def test_a_force_token_sees_only_its_own_answers(client, cast, exercise):
    url = f"/api/v1/exercises/{exercise.pk}/answers/"
    own = _get(client, url, _token(cast["viewer_a"])).json()
    assert own["count"] == 3 and {a["force"] for a in own["results"]} == {"norfolk-constabulary"}
    assert {a["force_ons_code"] for a in own["results"]} == {"E23000024"}, "the force's ONS code"
    other = _get(client, url, _token(cast["lead_b"])).json()
    assert {(a["force"], a["force_ons_code"]) for a in other["results"]} == {("kent-police", "E23000032")}
    assert "norfolk-constabulary" not in str(other)


def test_a_national_token_sees_every_answer_paginated(client, cast, exercise):
    token = _token(cast["analyst"])
    first = _get(client, f"/api/v1/exercises/{exercise.pk}/answers/?page_size=50", token).json()
    assert first["count"] == 44 * 3 and len(first["results"]) == 50
    assert first["next"].endswith("page=2") or "page=2" in first["next"]
    last = _get(client, f"/api/v1/exercises/{exercise.pk}/answers/?page_size=50&page=3", token).json()
    assert len(last["results"]) == 32 and last["next"] is None
    bad = _get(client, f"/api/v1/exercises/{exercise.pk}/answers/?page=0", token)
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "bad_pagination"


def test_exercises_are_listed_by_scope(client, cast, exercise):
    from django.utils import timezone

    from framework.models import FrameworkVersion

    services.exercise_create(
        created_by=cast["admin"],
        version=FrameworkVersion.objects.get(label="3"),
        title="Draft",
        opens_on=timezone.localdate(),
        closes_on=timezone.localdate(),
    )
    national = _get(client, "/api/v1/exercises/", _token(cast["analyst"])).json()
    assert national["count"] == 2
    force = _get(client, "/api/v1/exercises/", _token(cast["lead_a"])).json()
    assert [e["title"] for e in force["results"]] == ["NVAP benchmarking 2026"], "no drafts for forces"
    inspector = _get(client, "/api/v1/exercises/", _token(cast["inspector"])).json()
    assert inspector["count"] == 0, "unpublished exercises stay with the national team and forces"
    missing = _get(client, f"/api/v1/exercises/{exercise.pk}/answers/", _token(cast["inspector"]))
    assert missing.status_code == 404


def test_revoked_and_unknown_tokens_get_401(client, cast, exercise):
    secret = _token(cast["lead_a"])
    assert _get(client, "/api/v1/exercises/", secret).status_code == 200
    client.force_login(cast["lead_a"])
    token = ApiToken.objects.get()
    confirm = client.get(f"/accounts/api-tokens/{token.pk}/revoke/")
    assert "Revoke the token “Power BI”?" in confirm.content.decode()
    client.post(f"/accounts/api-tokens/{token.pk}/revoke/")
    client.logout()
    revoked = _get(client, "/api/v1/exercises/", secret)
    assert revoked.status_code == 401 and revoked.json()["error"]["code"] == "invalid_token"
    assert _get(client, "/api/v1/exercises/", "nvh_made-up").status_code == 401
    assert client.get("/api/v1/exercises/").status_code == 401


def test_a_token_cannot_revoke_someone_elses(client, cast):
    secret = _token(cast["lead_a"])
    token = ApiToken.objects.get()
    client.force_login(cast["lead_b"])
    assert client.post(f"/accounts/api-tokens/{token.pk}/revoke/").status_code == 404
    assert _get(client, "/api/v1/exercises/", secret).status_code == 200


def test_tokens_also_read_the_plan(client, cast):
    assert _get(client, "/api/v1/frameworks/nvap/", _token(cast["inspector"])).status_code == 200


def test_pages_of_answers_are_kept_only_until_the_exercise_changes(client, cast, exercise):
    """A page of answers is kept per audience until any answer or return of the exercise
    changes: the next read after a save shows the saved answer, and a force's page never
    comes from the national team's."""
    url = f"/api/v1/exercises/{exercise.pk}/answers/?page_size=100"
    national, force = _token(cast["analyst"]), _token(cast["lead_b"])
    first = _get(client, url, national).json()
    norfolk = [r for r in first["results"] if r["force"] == "norfolk-constabulary"]
    assert norfolk and all(r["what_we_are_doing"] != "Changed after the first read" for r in norfolk)
    kent = _get(client, url, force).json()["results"]
    assert kent and {r["force"] for r in kent} == {"kent-police"}, "Kent's own answers only"
    record = Return.objects.get(exercise=exercise, organisation__slug="norfolk-constabulary")
    answer = record.answers.order_by("pk").first()
    services.answer_save(
        answer=answer,
        by=cast["lead_a"],
        revision=answer.revision,
        values={"what_we_are_doing": "Changed after the first read"},
    )
    again = _get(client, url, national).json()
    assert [r["what_we_are_doing"] for r in again["results"] if r["id"] == answer.pk] == [
        "Changed after the first read"
    ]


def test_a_page_of_answers_is_sent_again_as_kept_until_the_exercise_changes(
    client, cast, exercise, monkeypatch
):
    """A page, once sent, is sent again as it was (not paged, checked or encoded again) to
    callers with the same view of the exercise, until it changes; other pages, other callers'
    views and a changed exercise are made afresh."""
    from core import api

    url = f"/api/v1/exercises/{exercise.pk}/answers/?page_size=20"
    national, force = _token(cast["analyst"]), _token(cast["lead_b"])
    first = _get(client, url, national)
    assert first.status_code == 200

    def paged_again(*args, **kwargs):
        raise AssertionError("paged again")

    real = api.Pages.paginate_queryset
    monkeypatch.setattr(api.Pages, "paginate_queryset", paged_again)
    again = _get(client, url, _token(cast["admin"]))  # (another of the national team)
    assert again.status_code == 200 and again.content == first.content
    assert again["Content-Type"] == first["Content-Type"] == "application/json; charset=utf-8"
    monkeypatch.setattr(api.Pages, "paginate_queryset", real)
    kent = _get(client, url, force).json()
    assert {r["force"] for r in kent["results"]} == {"kent-police"}, "another view of the exercise"
    assert _get(client, url + "&page=2", national).json()["results"][0] not in first.json()["results"]
    record = Return.objects.get(exercise=exercise, organisation__slug="norfolk-constabulary")
    answer = record.answers.order_by("pk").first()
    services.answer_save(
        answer=answer,
        by=cast["lead_a"],
        revision=answer.revision,
        values={"what_we_are_doing": "Sent afresh"},
    )
    monkeypatch.setattr(api.Pages, "paginate_queryset", paged_again)
    with pytest.raises(AssertionError, match="paged again"):
        _get(client, url, national)
