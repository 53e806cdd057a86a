"""Requesting, deciding and scoping a peer review."""

import pytest

from core.testing import assert_good_page
from framework.models import Action
from reviews import services
from reviews.models import KeyQuestion, PeerReview, TeamMember
from reviews.tests.factories import a_review

NORFOLK = "norfolk-constabulary"


def _action(code):
    return Action.objects.get(version__framework__slug="nvap", version__label="3", code=code)


def _request(**overrides):
    from organisations.models import Organisation

    data = {
        "organisation": str(Organisation.objects.get(slug=NORFOLK).pk),
        "actions": [_action("2.4.1").pk],
        "why": "Victims tell us they are not kept informed.",
        "once": "0b8f9c2e-6a51-4c1e-9a57-2f1f0f3f8b11",
    }
    data.update(overrides)
    return data


def test_a_force_lead_requests_a_review_with_questions_from_the_plan(client, cast):
    from organisations.models import Organisation

    norfolk = Organisation.objects.get(slug=NORFOLK)
    client.force_login(cast["lead_a"])
    page = client.get("/reviews/request/")
    assert_good_page(page)
    data = _request(organisation=str(norfolk.pk), actions=[_action("2.4.1").pk, _action("2.2.1").pk])
    sent = client.post("/reviews/request/", data)
    review = PeerReview.objects.get()
    assert sent.status_code == 302 and sent["Location"] == f"/reviews/{review.pk}/"
    assert (review.status, review.organisation, review.requested_by) == ("requested", norfolk, cast["lead_a"])
    assert {a.code for a in review.actions.all()} == {"2.4.1", "2.2.1"}
    sheet = KeyQuestion.objects.filter(review=review, source__startswith="Action sheet")
    assert sheet.count() == _action("2.4.1").objectives.count() + _action("2.2.1").objectives.count()
    toolkit = KeyQuestion.objects.filter(review=review, source__startswith="Toolkit objective")
    assert toolkit.exists(), "2.2.1 has a toolkit: its impact assessment questions are asked"
    again = client.post("/reviews/request/", data)
    assert again.status_code == 302 and PeerReview.objects.count() == 1, "a double click makes one review"
    page = client.get(f"/reviews/{review.pk}/")
    assert_good_page(page)
    html = page.content.decode()
    assert "Waiting for the national team to decide." in html and "2.4.1" in html
    assert "The force keeps no standing position on this action." in html


def test_only_a_force_lead_requests_and_other_forces_never_see_a_review(client, cast):
    client.force_login(cast["editor_a"])
    assert client.get("/reviews/request/").status_code == 403
    review = a_review(cast["lead_a"])
    client.force_login(cast["viewer_a"])
    assert client.get(f"/reviews/{review.pk}/").status_code == 200
    client.force_login(cast["lead_b"])
    assert client.get(f"/reviews/{review.pk}/").status_code == 404
    assert f"/reviews/{review.pk}/" not in client.get("/reviews/").content.decode()
    client.force_login(cast["inspector"])
    assert client.get(f"/reviews/{review.pk}/").status_code == 404


def test_bad_requests_are_explained_and_nothing_is_written(client, cast):
    from organisations.models import Organisation

    kent = Organisation.objects.get(slug="kent-police")
    client.force_login(cast["lead_a"])
    for data, message in [
        (_request(actions=[]), "Choose at least one action to review"),
        (_request(actions=["nonsense"]), "Choose actions from the list"),
        (_request(why=""), "Say why a review is wanted"),
        (_request(why="x" * 5001), "Use 5,000 characters or fewer"),
        (_request(organisation=str(kent.pk)), "Choose a force from the list"),
        (
            _request(
                preferred_from_day="10",
                preferred_from_month="6",
                preferred_from_year="2027",
                preferred_to_day="1",
                preferred_to_month="6",
                preferred_to_year="2027",
            ),
            "The latest date must be on or after the earliest",
        ),
        (
            _request(preferred_from_day="31", preferred_from_month="2", preferred_from_year="2027"),
            "must be a real date",
        ),
    ]:
        page = client.post("/reviews/request/", data)
        assert page.status_code == 400, message
        assert_good_page(page)
        assert message in page.content.decode(), message
    assert not PeerReview.objects.exists()


def test_the_national_team_accepts_a_request_and_a_force_agrees_to_a_proposal(client, cast):
    review = a_review(cast["lead_a"])
    url = f"/reviews/{review.pk}/decision/"
    client.force_login(cast["lead_a"])
    assert client.get(url).status_code == 403, "a force does not decide its own request"
    client.force_login(cast["analyst"])
    assert_good_page(client.get(url))
    bad = client.post(url, {"decision": "decline", "note": ""})
    assert bad.status_code == 400 and "Say why the review is declined" in bad.content.decode()
    backwards = client.post(
        url,
        {
            "decision": "accept",
            "fieldwork_from_day": "12",
            "fieldwork_from_month": "5",
            "fieldwork_from_year": "2027",
            "fieldwork_to_day": "10",
            "fieldwork_to_month": "5",
            "fieldwork_to_year": "2027",
        },
    )
    assert backwards.status_code == 400 and "must end on or after" in backwards.content.decode()
    review.refresh_from_db()
    assert review.status == "requested"
    done = client.post(
        url,
        {
            "decision": "accept",
            "fieldwork_from_day": "10",
            "fieldwork_from_month": "5",
            "fieldwork_from_year": "2027",
            "fieldwork_to_day": "12",
            "fieldwork_to_month": "5",
            "fieldwork_to_year": "2027",
        },
    )
    assert done.status_code == 302
    review.refresh_from_db()
    assert review.status == "accepted" and str(review.fieldwork_from) == "2027-05-10"
    assert client.get(url).status_code == 403, "decided once"
    proposal = a_review(cast["admin"], proposed=True)
    assert client.get(f"/reviews/{proposal.pk}/decision/").status_code == 403, (
        "the force agrees to a proposal"
    )
    client.force_login(cast["lead_a"])
    assert client.post(f"/reviews/{proposal.pk}/decision/", {"decision": "accept"}).status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "accepted"
    history = client.get(f"/reviews/{review.pk}/").content.decode()
    assert "History of this review" in history and "Accepted: scoping" in history


def test_the_team_is_formed_after_a_conflict_of_interest_check(client, cast):
    review = a_review(cast["lead_a"])
    url = f"/reviews/{review.pk}/team/"
    client.force_login(cast["admin"])
    assert_good_page(client.get(url))
    for data, message in [
        ({"user": "", "role": "lead", "conflict": "none"}, "Choose a reviewer"),
        (
            {"user": str(cast["editor_a"].pk), "role": "lead", "conflict": "none"},
            "Choose a reviewer from the list",
        ),
        (
            {"user": str(cast["analyst"].pk), "role": "boss", "conflict": "none"},
            "Choose a role from the list",
        ),
        (
            {"user": str(cast["analyst"].pk), "role": "lead", "conflict": "declared", "statement": ""},
            "Say what the reviewer",
        ),
        (
            {"user": str(cast["analyst"].pk), "role": "lead"},
            "Say whether the reviewer has a link with the force",
        ),
    ]:
        page = client.post(url, data)
        assert page.status_code == 400, message
        assert_good_page(page)
        assert message in page.content.decode(), message
    assert not TeamMember.objects.exists()
    added = client.post(
        url,
        {
            "user": str(cast["analyst"].pk),
            "role": "lead",
            "conflict": "declared",
            "statement": "Worked there until 2019.",
        },
    )
    assert added.status_code == 302
    member = TeamMember.objects.get()
    assert (member.user, member.role, member.no_conflict, member.conflict_statement) == (
        cast["analyst"],
        "lead",
        False,
        "Worked there until 2019.",
    )
    again = client.post(url, {"user": str(cast["analyst"].pk), "role": "lead", "conflict": "none"})
    assert again.status_code == 400 and TeamMember.objects.count() == 1, "a double click adds one"
    with pytest.raises(services.ReviewError, match="A member of the force cannot review it"):
        services.team_member_add(
            review=review, by=cast["admin"], user=cast["editor_a"], role="academic", no_conflict=True
        )
    remove = f"/reviews/{review.pk}/team/{member.pk}/remove/"
    assert_good_page(client.get(remove))
    assert TeamMember.objects.exists(), "asking is not removing"
    assert client.post(remove).status_code == 302 and not TeamMember.objects.exists()
    assert "Team: " in client.get(f"/reviews/{review.pk}/").content.decode(), "the history keeps it"
    client.force_login(cast["lead_a"])
    assert client.get(url).status_code == 403


def test_the_team_adds_and_removes_key_questions(client, cast):
    review = a_review(cast["lead_a"])
    client.force_login(cast["analyst"])
    url = f"/reviews/{review.pk}/questions/"
    bad = client.post(url, {"action": str(_action("2.2.1").pk), "text": "Off scope?"})
    assert bad.status_code == 400 and "Choose one of the review&#x27;s actions" in bad.content.decode()
    empty = client.post(url, {"action": str(_action("2.4.1").pk), "text": ""})
    assert empty.status_code == 400 and "Write the question" in empty.content.decode()
    before = review.questions.count()
    assert (
        client.post(url, {"action": str(_action("2.4.1").pk), "text": "Do victims hear back?"}).status_code
        == 302
    )
    question = review.questions.get(text="Do victims hear back?")
    assert review.questions.count() == before + 1 and question.source == "The review team"
    remove = f"/reviews/{review.pk}/questions/{question.pk}/remove/"
    assert_good_page(client.get(remove))
    assert client.post(remove).status_code == 302
    assert review.questions.count() == before


def test_the_api_lists_a_forces_own_reviews_and_every_one_for_the_national_team(client, cast):
    from accounts import services as account_services

    def get(user, url="/api/v1/peer-reviews/"):
        token = account_services.api_token_create(user=user, name="Power BI")[1]
        return client.get(url, HTTP_AUTHORIZATION=f"Bearer {token}")

    ours = a_review(cast["lead_a"])
    services.review_decide(review=ours, by=cast["admin"], accept=True)
    services.finding_add(
        review=ours, by=cast["admin"], kind="strength", action=ours.actions.get(), text="Good."
    )
    a_review(cast["lead_b"], slug="kent-police", codes=("2.6.2",))
    mine = get(cast["lead_a"]).json()
    assert mine["count"] == 1
    (review,) = mine["results"]
    assert (review["force"], review["actions"], review["status"]) == (NORFOLK, ["2.4.1"], "accepted")
    assert review["findings"] == [], "findings reach the force once the report is drafted"
    every = get(cast["analyst"]).json()
    assert every["count"] == 2
    norfolk = next(r for r in every["results"] if r["force"] == NORFOLK)
    assert norfolk["findings"] == [
        {"type": "strength", "action": "2.4.1", "objective": None, "text": "Good.", "response_status": None}
    ]
    assert get(cast["inspector"]).json()["count"] == 0
    bad = get(cast["analyst"], "/api/v1/peer-reviews/?page_size=0")
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "bad_pagination"
    assert "/api/v1/peer-reviews/" in client.get("/api/v1/schema/").json()["paths"]
