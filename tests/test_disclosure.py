"""One rule for the national review: hidden from the force until the picture is published, on
pages, history and API alike; final once published; written only by analysts and admins. And
people who leave a force stop owning, seeing and being reminded of its work."""

import pytest

from accounts.models import User
from benchmarking import services
from benchmarking.models import Answer, Return
from benchmarking.tests.factories import complete_return, open_exercise
from conftest import PASSWORD
from impact.models import PlanObjective
from impact.tests.factories import plan_with_everything
from organisations.models import Membership, Organisation

SECRET_COMMENT = "Reviewer only: the evidence is thin"


@pytest.fixture
def reviewed(cast):
    exercise = open_exercise(cast["admin"], codes=("2.1.1",))
    record = Return.objects.get(exercise=exercise, organisation__slug="norfolk-constabulary")
    complete_return(record, cast["lead_a"])
    services.return_submit(return_record=record, by=cast["lead_a"], declaration=True)
    answer = record.answers.first()
    services.answer_review(
        answer=answer,
        by=cast["analyst"],
        values={
            "national_rating": 2,
            "promising_practice": True,
            "promising_practice_reason": "Evaluated",
            "reviewer_sees_gap": True,
            "reviewer_comment": SECRET_COMMENT,
        },
    )
    return exercise, record, answer


def _force_sees(client, cast, exercise, record, answer):
    client.force_login(cast["lead_a"])
    page = client.get(f"/benchmarking/returns/{record.pk}/answers/{answer.pk}/").content.decode()
    exported = client.get(f"/benchmarking/returns/{record.pk}/answers.csv").content.decode()
    api = client.get(f"/api/v1/exercises/{exercise.pk}/answers/").json()["results"][0]
    return page, exported, api


def test_the_force_does_not_see_the_national_review_before_publication(client, cast, reviewed):
    exercise, record, answer = reviewed
    page, exported, api = _force_sees(client, cast, exercise, record, answer)
    assert SECRET_COMMENT not in page and "National rating" not in page and "promising practice" not in page
    assert SECRET_COMMENT not in exported and "Evaluated" not in exported
    assert (api["national_rating"], api["promising_practice"], api["reviewer_sees_gap"]) == (None, None, None)
    client.force_login(cast["analyst"])
    national = client.get(f"/api/v1/exercises/{exercise.pk}/answers/").json()["results"]
    assert any(a["national_rating"] == 2 for a in national)


def test_the_force_sees_the_national_review_once_published(client, cast, reviewed):
    exercise, record, answer = reviewed
    services.exercise_close(exercise=exercise, by=cast["admin"])
    services.exercise_publish(
        exercise=exercise, by=cast["admin"], reason="Published with returns missing, as a test."
    )
    page, exported, api = _force_sees(client, cast, exercise, record, answer)
    assert SECRET_COMMENT in page and SECRET_COMMENT in exported
    assert (api["national_rating"], api["promising_practice"], api["reviewer_sees_gap"]) == (2, True, True)


def test_published_reviews_and_findings_are_final(client, cast, reviewed):
    from framework.models import Action

    exercise, record, answer = reviewed
    services.exercise_close(exercise=exercise, by=cast["admin"])
    services.exercise_publish(
        exercise=exercise, by=cast["admin"], reason="Published with returns missing, as a test."
    )
    with pytest.raises(services.BenchmarkingError, match="final"):
        services.answer_review(
            answer=answer, by=cast["analyst"], values={"reviewer_comment": "Changed later"}
        )
    with pytest.raises(services.BenchmarkingError, match="final"):
        services.key_finding_save(
            exercise=exercise,
            action=Action.objects.get(code="2.1.1", version__label="3"),
            by=cast["analyst"],
            text="New",
        )
    with pytest.raises(services.BenchmarkingError, match="final"):
        services.return_send_back(return_record=record, by=cast["analyst"], comment="Again")
    client.force_login(cast["analyst"])
    refused = client.post(
        f"/benchmarking/returns/{record.pk}/answers/{answer.pk}/review/",
        {"national_rating": "3", "reviewer_comment": "Changed later"},
    )
    assert refused.status_code == 400 and "final" in refused.content.decode()
    assert Answer.objects.get(pk=answer.pk).reviewer_comment == SECRET_COMMENT


def test_peer_reviewers_read_reviews_but_do_not_write_them(client, cast, reviewed):
    exercise, record, answer = reviewed
    peer = User.objects.create_user(email="peer@vkpp.test", password=PASSWORD)
    Membership.objects.create(
        user=peer, organisation=Organisation.objects.get(slug="vkpp"), role=Membership.Role.PEER_REVIEWER
    )
    client.force_login(peer)
    review = f"/benchmarking/returns/{record.pk}/answers/{answer.pk}/review/"
    assert client.get(review).status_code == 200
    assert client.post(review, {"national_rating": "5", "reviewer_comment": "Peer"}).status_code == 403
    assert (
        client.post(f"/benchmarking/returns/{record.pk}/review/", {"decision": "accept"}).status_code == 403
    )
    assert Return.objects.get(pk=record.pk).status == Return.Status.SUBMITTED
    assert Answer.objects.get(pk=answer.pk).national_rating == 2


def test_someone_who_leaves_a_force_stops_owning_its_work(client, cast):
    norfolk = Organisation.objects.get(slug="norfolk-constabulary")
    plan_with_everything(norfolk, cast["editor_a"])
    exercise = open_exercise(cast["admin"], codes=("2.1.1",))
    answer = Answer.objects.filter(
        return_record__exercise=exercise, return_record__organisation=norfolk
    ).first()
    Answer.objects.filter(pk=answer.pk).update(assigned_to=cast["editor_a"])
    client.force_login(cast["editor_a"])
    assert "To ensure officers" in client.get("/impact/mine/").content.decode()
    Membership.objects.filter(user=cast["editor_a"], organisation=norfolk).delete()
    assert PlanObjective.objects.get().impact_owner is None
    assert Answer.objects.get(pk=answer.pk).assigned_to is None
    assert "To ensure officers" not in client.get("/impact/mine/").content.decode()
