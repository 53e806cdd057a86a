"""Every API operation, called by every role (and by nobody, and with a bad token), with good
and bad parameters, answers only with a status its published OpenAPI description lists, and
a body that validates against the schema it gives for that status. The description is the
one the API serves, generated from the code."""

import re

import pytest
from jsonschema import Draft202012Validator

from accounts import services as account_services
from benchmarking import services as benchmarking
from benchmarking.models import Return
from benchmarking.tests.factories import complete_return, open_exercise
from organisations.models import Membership, Organisation
from practice.tests.factories import example, published

ROLES = [
    "nobody",
    "bad token",
    "editor_a",
    "lead_a",
    "viewer_a",
    "lead_b",
    "analyst",
    "admin",
    "peer",
    "inspector",
]


@pytest.fixture
def world(cast, client):
    from accounts.models import User

    peer = User.objects.create_user(email="peer@vkpp.test", password="x", full_name="Peer")
    Membership.objects.create(
        user=peer, organisation=Organisation.objects.get(slug="vkpp"), role=Membership.Role.PEER_REVIEWER
    )
    cast = {**cast, "peer": peer}
    exercise = open_exercise(cast["admin"], codes=("2.1.1", "2.2.1"))
    record = Return.objects.get(exercise=exercise, organisation__slug="norfolk-constabulary")
    complete_return(record, cast["lead_a"])
    benchmarking.return_submit(return_record=record, by=cast["lead_a"], declaration=True)
    answer = record.answers.first()
    benchmarking.answer_review(
        answer=answer,
        by=cast["analyst"],
        values={
            "national_rating": 2,
            "promising_practice": True,
            "promising_practice_reason": "Evaluated",
            "reviewer_sees_gap": True,
        },
    )
    norfolk = record.organisation
    entry = published(norfolk, cast["editor_a"], cast["analyst"]).library_entry
    example(norfolk, cast["editor_a"], code="2.1.1")  # a draft: never in the library
    schema = client.get("/api/v1/schema/").json()
    tokens = {
        name: account_services.api_token_create(user=user, name="BI")[1]
        for name, user in cast.items()
        if name in ROLES
    }
    tokens["bad token"] = "nvh_not-a-real-token"
    return {"exercise": exercise, "entry": entry, "schema": schema, "tokens": tokens}


def _calls(world):
    """(operation path, method, concrete URL) for every operation, with good and bad values."""
    values = {
        "framework": ["nvap", "no-such-plan"],
        "label": ["3", "99"],
        "id": {"exercises": [world["exercise"].pk, 999999, "x"], "practice": [world["entry"].pk, 999999]},
    }
    queries = ["", "?page=2&page_size=1", "?page=0", "?page_size=501", "?mine=1", "?q=referral&action=2.2.1"]
    for path, item in world["schema"]["paths"].items():
        for method in item:
            names = re.findall(r"{(\w+)}", path)
            options = [path]
            for name in names:
                found = values[name]
                if isinstance(found, dict):
                    found = next(v for k, v in found.items() if f"/{k}/" in path)
                options = [o.replace("{" + name + "}", str(v)) for o in options for v in found]
            for url in options:
                for query in queries if not names or path.endswith("answers/") else [""]:
                    yield path, method, url + query


def _validator(schema, response_schema):
    return Draft202012Validator({**response_schema, "components": schema["components"]})


def test_every_operation_describes_every_response_it_gives(world):
    schema = world["schema"]
    assert schema["openapi"].startswith("3.1")
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            for status, response in operation["responses"].items():
                assert "schema" in response["content"]["application/json"], f"{method} {path} {status}"
            assert {"200", "401"} <= set(operation["responses"]), f"{method} {path}"


@pytest.mark.parametrize("role", ROLES)
def test_every_answer_to_every_role_matches_the_published_schema(client, world, role):
    schema = world["schema"]
    headers = {} if role == "nobody" else {"HTTP_AUTHORIZATION": f"Bearer {world['tokens'][role]}"}
    seen = set()
    for path, method, url in _calls(world):
        response = getattr(client, method)(url, **headers)
        documented = schema["paths"][path][method]["responses"]
        assert str(response.status_code) in documented, f"{role}: {url} gave {response.status_code}"
        assert response["Content-Type"].split(";")[0] == "application/json"
        body_schema = documented[str(response.status_code)]["content"]["application/json"]["schema"]
        problems = [
            f"{e.json_path}: {e.message}"
            for e in _validator(schema, body_schema).iter_errors(response.json())
        ]
        assert not problems, f"{role}: {url}: {problems[:3]}"
        seen.add(response.status_code)
    expected = {401} if role in ("nobody", "bad token") else {200, 400, 404}
    assert expected <= seen, f"{role} saw only {seen}"


def test_a_force_token_never_receives_the_national_review_before_publication(client, world, cast):
    url = f"/api/v1/exercises/{world['exercise'].pk}/answers/"
    for role in ("lead_a", "editor_a", "viewer_a"):
        answers = client.get(url, HTTP_AUTHORIZATION=f"Bearer {world['tokens'][role]}").json()["results"]
        assert answers, role
        for answer in answers:
            assert (answer["national_rating"], answer["promising_practice"], answer["reviewer_sees_gap"]) == (
                None,
                None,
                None,
            ), role
    national = client.get(url, HTTP_AUTHORIZATION=f"Bearer {world['tokens']['analyst']}").json()["results"]
    assert any(a["national_rating"] == 2 and a["promising_practice"] for a in national)


def test_a_method_the_api_never_takes_is_a_json_405(client, world):
    response = client.post("/api/v1/exercises/", HTTP_AUTHORIZATION=f"Bearer {world['tokens']['analyst']}")
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"
    assert "GET" in response["Allow"]


def test_too_many_requests_is_a_json_429_with_a_wait(client, world, settings):

    settings.API_RATE_LIMIT = "3/m"
    headers = {"HTTP_AUTHORIZATION": f"Bearer {world['tokens']['analyst']}"}
    statuses = [client.get("/api/v1/exercises/", **headers).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = client.get("/api/v1/exercises/", **headers)
    assert refused.json()["error"]["code"] == "too_many_requests"
    assert int(refused["Retry-After"]) >= 1
    # Another person has a limit of their own.
    other = {"HTTP_AUTHORIZATION": f"Bearer {world['tokens']['lead_a']}"}
    assert client.get("/api/v1/exercises/", **other).status_code == 200
