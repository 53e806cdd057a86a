"""After the report: the force answers each opportunity, can track it in its impact plan, is
followed up at 6 and 12 months, and the review closes when every action is done or explained."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from core.models import Notification
from framework.models import Action
from reviews import rules, services
from reviews.models import PeerReview, Response
from reviews.tasks import send_review_follow_ups
from reviews.tests.factories import a_review


@pytest.fixture
def final(cast):
    review = a_review(cast["lead_a"])
    services.review_decide(review=review, by=cast["admin"], accept=True)
    action = Action.objects.get(version__framework__slug="nvap", version__label="3", code="2.4.1")
    services.finding_add(
        review=review,
        by=cast["admin"],
        kind="opportunity",
        action=action,
        text="Updates are patchy.",
        suggested_step="Name an owner for each victim's updates.",
    )
    services.finding_add(
        review=review, by=cast["admin"], kind="strength", action=action, text="Strong training."
    )
    services.report_draft(review=review, by=cast["admin"], summary="A listening force.")
    services.report_finalise(review=review, by=cast["admin"])
    review.refresh_from_db()
    return review


def _answer(cast, **overrides):
    data = {
        "action_text": "A victim contact owner on every case.",
        "owner": str(cast["editor_a"].pk),
        "due_on_day": "1",
        "due_on_month": "9",
        "due_on_year": "2027",
        "status": "open",
        "progress": "",
    }
    data.update(overrides)
    return data


def test_the_force_answers_an_opportunity_and_tracks_it_in_its_impact_plan(client, cast, final):
    from impact.models import PlanActivity

    opportunity = final.findings.get(kind="opportunity")
    url = f"/reviews/{final.pk}/action-plan/{opportunity.pk}/"
    client.force_login(cast["lead_a"])
    assert "Not answered yet" in client.get(f"/reviews/{final.pk}/action-plan/").content.decode()
    for data, message in [
        (_answer(cast, action_text=""), "Say what the force will do"),
        (_answer(cast, owner=str(cast["lead_b"].pk)), "Choose an owner from the list"),
        (_answer(cast, status="explained"), "Explain why it is not taken forward"),
        (_answer(cast, due_on_day="", due_on_month="", due_on_year=""), "Enter the date it is due by"),
    ]:
        page = client.post(url, data)
        assert page.status_code == 400 and message in page.content.decode(), message
    assert not Response.objects.exists()
    assert client.post(url, _answer(cast)).status_code == 302
    response = Response.objects.get()
    assert (response.owner, str(response.due_on), response.status) == (cast["editor_a"], "2027-09-01", "open")
    assert client.post(url, {"step": "activity"}).status_code == 302
    response.refresh_from_db()
    activity = PlanActivity.objects.get()
    assert response.impact_activity == activity and "A victim contact owner on every case." in activity.text
    plan = activity.plan_objective.plan
    assert (plan.organisation.slug, plan.action.code) == ("norfolk-constabulary", "2.4.1")
    again = client.post(url, {"step": "activity"})
    assert again.status_code == 400 and "already an activity" in again.content.decode()
    client.force_login(cast["viewer_a"])
    assert client.post(url, _answer(cast)).status_code == 403
    client.force_login(cast["lead_b"])
    assert client.get(url).status_code == 404


def test_the_owner_is_followed_up_at_six_and_twelve_months_once_each(
    cast, final, django_capture_on_commit_callbacks
):
    opportunity = final.findings.get(kind="opportunity")
    services.response_save(
        finding=opportunity,
        by=cast["lead_a"],
        values={
            "action_text": "Owners named.",
            "owner": cast["editor_a"],
            "due_on": date(2027, 9, 1),
            "status": "open",
            "progress": "",
        },
    )
    assert send_review_follow_ups.call() == 0, "not yet six months"
    PeerReview.objects.filter(pk=final.pk).update(report_final_at=timezone.now() - timedelta(days=190))
    with django_capture_on_commit_callbacks(execute=True):
        assert send_review_follow_ups.call() == 1
        assert send_review_follow_ups.call() == 0, "each goes once"
    told = Notification.objects.filter(user=cast["editor_a"], message__contains="6 months")
    assert told.count() == 1 and told.get().url == f"/reviews/{final.pk}/action-plan/{opportunity.pk}/"
    PeerReview.objects.filter(pk=final.pk).update(report_final_at=timezone.now() - timedelta(days=370))
    assert send_review_follow_ups.call() == 1
    assert Notification.objects.filter(user=cast["editor_a"], message__contains="12 months").count() == 1


def test_the_review_closes_when_every_action_is_done_or_explained(cast, final):
    opportunity = final.findings.get(kind="opportunity")
    values = {
        "action_text": "Owners named.",
        "owner": None,
        "due_on": date(2027, 9, 1),
        "status": "open",
        "progress": "",
    }
    services.response_save(finding=opportunity, by=cast["lead_a"], values=values)
    final.refresh_from_db()
    assert final.status == PeerReview.Status.FOLLOW_UP
    services.response_save(
        finding=opportunity, by=cast["lead_a"], values={**values, "status": "done", "progress": "Live."}
    )
    final.refresh_from_db()
    assert final.status == PeerReview.Status.CLOSED
    with pytest.raises(services.ReviewError):
        services.response_save(finding=opportunity, by=cast["lead_a"], values=values)


def test_follow_ups_fall_six_and_twelve_months_after_the_report():
    final_on = date(2027, 8, 31)
    assert rules.months_after(final_on, 6) == date(2028, 2, 29)
    assert rules.follow_up_due(final_on, date(2028, 2, 28), []) is None
    assert rules.follow_up_due(final_on, date(2028, 2, 29), []) == 6
    assert rules.follow_up_due(final_on, date(2028, 3, 1), [6]) is None
    assert rules.follow_up_due(final_on, date(2028, 9, 1), [6]) == 12
    assert rules.follow_up_due(final_on, date(2028, 9, 1), []) == 12, "a missed 6-month one is overtaken"


def test_each_person_finds_what_a_review_needs_of_them_on_their_home_page(client, cast, final):
    waiting = a_review(cast["lead_a"], codes=("2.6.2",))
    client.force_login(cast["analyst"])
    assert (
        "Decide Norfolk Constabulary&#x27;s request for a peer review of 2.6.2"
        in client.get("/").content.decode()
    )
    client.force_login(cast["lead_a"])
    home = client.get("/").content.decode()
    assert "Answer 1 opportunity for improvement from the peer review of 2.4.1" in home
    opportunity = final.findings.get(kind="opportunity")
    services.response_save(
        finding=opportunity,
        by=cast["lead_a"],
        values={
            "action_text": "Owners named.",
            "owner": cast["editor_a"],
            "due_on": date(2027, 9, 1),
            "status": "open",
            "progress": "",
        },
    )
    Response.objects.filter(finding=opportunity).update(updated_at=timezone.now() - timedelta(days=200))
    PeerReview.objects.filter(pk=final.pk).update(report_final_at=timezone.now() - timedelta(days=190))
    client.force_login(cast["editor_a"])
    assert (
        "Give a 6-month update on your action from the peer review of 2.4.1"
        in client.get("/").content.decode()
    )
    client.force_login(cast["lead_b"])
    home = client.get("/").content.decode()
    assert "Decide" not in home and "opportunit" not in home and waiting.organisation.name not in home
