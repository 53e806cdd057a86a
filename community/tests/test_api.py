"""GET /api/v1/community/threads/: the threads each caller may read, and nothing else."""

import pytest

from accounts.services import api_token_create
from community.models import Thread
from community.tests.factories import space_of, thread_in

pytestmark = pytest.mark.django_db


def _get(client, user, query=""):
    token = api_token_create(user=user, name="BI")[1]
    return client.get(f"/api/v1/community/threads/{query}", HTTP_AUTHORIZATION=f"Bearer {token}")


def test_each_caller_reads_the_threads_of_the_spaces_they_may_read(client, cast, spaces):
    thread_in(space_of(), cast["editor_a"], kind=Thread.Kind.QUESTION, title="Open question")
    thread_in(spaces["private"], cast["lead_b"], title="Private talk")
    thread_in(spaces["restricted"], cast["lead_b"], title="Restricted talk")
    titles = lambda answer: {t["title"] for t in answer.json()["results"]}  # noqa: E731
    assert titles(_get(client, cast["lead_a"])) == {"Open question"}
    assert titles(_get(client, cast["lead_b"])) == {"Open question", "Private talk", "Restricted talk"}
    assert titles(_get(client, cast["analyst"])) == {"Open question", "Private talk", "Restricted talk"}
    waiting = _get(client, cast["analyst"], "?kind=question&status=open").json()
    assert waiting["count"] == 1
    (row,) = waiting["results"]
    assert (row["space"], row["action"], row["status"], row["posts"]) == (space_of().slug, "2.2.1", "open", 1)
    assert row["address"] == f"/community/threads/{row['id']}/"
    assert "body" not in row


def test_inspectors_are_refused_and_bad_filters_answered_in_json(client, cast):
    refused = _get(client, cast["inspector"])
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden"
    bad = _get(client, cast["lead_a"], "?kind=nonsense")
    assert bad.status_code == 400 and "Unknown type: nonsense" in bad.json()["error"]["message"]
    bad = _get(client, cast["lead_a"], "?status=nonsense")
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "bad_filter"
