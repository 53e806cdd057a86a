"""Find help never dead-ends: where nothing is published for a gap, the page offers what the
plan says forces are doing, the toolkit's activities and forces rated highly (named only when
they agreed); a force that has not returned is told so; and a force can ask the national team,
who answer in the service."""

import re

import pytest
from django.test import Client

from benchmarking import services as benchmarking
from benchmarking.models import Return
from benchmarking.tests.factories import open_exercise
from core.models import Notification
from core.testing import assert_good_page
from framework.models import LogicModelRow, Objective
from practice.models import HelpRequest

pytestmark = pytest.mark.django_db
NORFOLK = "norfolk-constabulary"


def as_(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text(page) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.content.decode()))


def gap_on(exercise, by, code="2.2.1"):
    own = Return.objects.get(exercise=exercise, organisation__slug=NORFOLK).answers.get(action__code=code)
    benchmarking.answer_save(
        answer=own,
        by=by,
        revision=own.revision,
        values={"rating": 1, "what_we_are_doing": "Little", "can_share": False, "sees_gap": True},
    )


def test_with_nothing_published_the_page_offers_what_the_plan_says_and_a_way_to_ask(cast):
    exercise = open_exercise(cast["admin"])
    gap_on(exercise, cast["lead_a"])
    page = as_(cast["lead_a"]).get(f"/practice/help/{NORFOLK}/")
    assert_good_page(page)
    words = text(page)
    assert "Nothing on 2.2.1 is published yet." in words
    doing = [
        p
        for o in Objective.objects.filter(action__code="2.2.1", action__version__label="3")
        for p in o.what_forces_are_doing
    ]
    activities = LogicModelRow.objects.filter(
        objective__toolkit__action__code="2.2.1", objective__toolkit__action__version__label="3"
    ).values_list("activity", flat=True)
    assert doing and activities, "the plan's content has both for 2.2.1"
    html = page.content.decode()
    from django.utils.html import escape

    assert escape(doing[0]) in html
    assert escape(activities[0]) in html
    assert f'href="/practice/help/{NORFOLK}/ask/?action=2.2.1"' in html
    assert "is not submitted yet; so far its answers show a gap on 1 action" in words


def test_forces_rated_highly_are_named_only_when_they_agreed(cast):
    exercise = open_exercise(cast["admin"])
    gap_on(exercise, cast["lead_a"])
    for slug, named, can_share in [
        ("kent-police", True, False),
        ("essex-police", True, True),
        ("suffolk-constabulary", False, False),
    ]:
        record = Return.objects.get(exercise=exercise, organisation__slug=slug)
        Return.objects.filter(pk=record.pk).update(status=Return.Status.SUBMITTED, share_name=named)
        record.answers.filter(action__code="2.2.1").update(
            rating=5, can_share=can_share, share_contact="lead@essex.police.uk" if can_share else ""
        )
    benchmarking.exercise_close(exercise=exercise, by=cast["admin"])
    benchmarking.exercise_publish(
        exercise=exercise, by=cast["admin"], reason="Published with returns missing, as a test."
    )
    words = text(as_(cast["viewer_a"]).get(f"/practice/help/{NORFOLK}/"))
    assert "Essex Police 5 lead@essex.police.uk" in words
    assert "Kent Police 5 Did not offer to share: ask the national team to put you in touch" in words
    assert "Suffolk" not in words


def test_a_force_that_did_not_return_is_told_so_rather_than_no_gaps(cast):
    exercise = open_exercise(cast["admin"])
    benchmarking.exercise_close(exercise=exercise, by=cast["admin"])
    benchmarking.exercise_publish(
        exercise=exercise, by=cast["admin"], reason="Published with returns missing, as a test."
    )
    words = text(as_(cast["viewer_a"]).get(f"/practice/help/{NORFOLK}/"))
    assert "Norfolk Constabulary has not returned its return for “NVAP benchmarking 2026”" in words
    assert "shows no gaps" not in words


def test_a_force_asks_once_however_often_the_form_is_sent_and_the_national_team_is_told(cast):
    client = as_(cast["editor_a"])
    form = client.get(f"/practice/help/{NORFOLK}/ask/?action=2.3.1")
    assert_good_page(form)
    assert 'value="2.3.1" selected' in form.content.decode()
    once = form.context["form"].initial["once"]
    data = {"action": "2.3.1", "question": "Who has a shared referral pathway with partners?", "once": once}
    first = client.post(f"/practice/help/{NORFOLK}/ask/", data)
    second = client.post(f"/practice/help/{NORFOLK}/ask/", data)
    item = HelpRequest.objects.get()
    assert first["Location"] == second["Location"] == f"/practice/help-requests/{item.pk}/"
    assert (item.organisation.slug, item.action.code, item.asked_by) == (NORFOLK, "2.3.1", cast["editor_a"])
    told = set(
        Notification.objects.filter(
            message__startswith="Norfolk Constabulary asks for help on 2.3.1: “Who has"
        ).values_list("user", flat=True)
    )
    assert told == {cast["admin"].pk, cast["analyst"].pk}
    assert_good_page(client.get(f"/practice/help-requests/{item.pk}/"))
    assert "Who has a shared referral pathway" in text(client.get(f"/practice/help/{NORFOLK}/"))


@pytest.mark.parametrize(
    "data,message",
    [
        ({"action": "", "question": "Help"}, "Choose the action you need help with"),
        ({"action": "9.9.9", "question": "Help"}, "Choose the action from the list"),
        ({"action": "2.3.1", "question": "   "}, "Say what your force needs help with"),
        ({"action": "2.3.1", "question": "x" * 5001}, "Keep the question to 5000 characters or fewer"),
    ],
)
def test_bad_questions_are_refused_with_a_clear_message_and_nothing_saved(cast, data, message):
    page = as_(cast["editor_a"]).post(f"/practice/help/{NORFOLK}/ask/", data)
    assert page.status_code == 400
    assert_good_page(page)
    assert "govuk-error-summary" in page.content.decode() and message in page.content.decode()
    assert not HelpRequest.objects.exists()


def test_only_the_force_and_the_national_team_see_a_question_and_only_the_national_team_answers(cast):
    from framework.models import Action

    item = HelpRequest.objects.create(
        organisation=cast["lead_a"].memberships.get().organisation,
        action=Action.objects.get(code="2.3.1", version__label="3"),
        question="Anyone?",
        asked_by=cast["lead_a"],
    )
    url = f"/practice/help-requests/{item.pk}/"
    assert as_(cast["lead_b"]).get(url).status_code == 404
    assert as_(cast["lead_b"]).get(f"/practice/help/{NORFOLK}/ask/").status_code == 404
    assert as_(cast["viewer_a"]).get(url).status_code == 200
    assert as_(cast["viewer_a"]).get(f"/practice/help/{NORFOLK}/ask/").status_code == 403
    assert as_(cast["lead_a"]).post(url, {"answer": "Mine"}).status_code == 403
    assert as_(cast["lead_a"]).get("/practice/help-requests/").status_code in (403, 404)
    item.refresh_from_db()
    assert item.answer == ""


def test_the_national_team_answers_the_force_is_told_and_a_stale_answer_does_not_overwrite(cast):
    from framework.models import Action

    item = HelpRequest.objects.create(
        organisation=cast["lead_a"].memberships.get().organisation,
        action=Action.objects.get(code="2.3.1", version__label="3"),
        question="Anyone?",
        asked_by=cast["editor_a"],
    )
    url = f"/practice/help-requests/{item.pk}/"
    analyst, admin = as_(cast["analyst"]), as_(cast["admin"])
    listing = analyst.get("/practice/help-requests/")
    assert_good_page(listing) and f'href="{url}"' in listing.content.decode()
    home = analyst.get("/")
    assert "Answer 1 question from forces asking for help" in text(home)
    seen = analyst.get(url).context["form"].initial["version"]
    assert_good_page(admin.get(url))
    assert admin.post(url, {"answer": "Try Essex.", "version": seen}).status_code == 302
    stale = analyst.post(url, {"answer": "Try Kent.", "version": seen})
    assert stale.status_code == 400 and "saved this after you opened it" in stale.content.decode()
    item.refresh_from_db()
    assert (item.status, item.answer, item.answered_by) == ("answered", "Try Essex.", cast["admin"])
    told = set(
        Notification.objects.filter(
            message="The national team answered your question on 2.3.1: “Try Essex.”"
        ).values_list("user", flat=True)
    )
    assert {cast["editor_a"].pk, cast["lead_a"].pk} <= told and cast["viewer_a"].pk not in told
    history = item.history.order_by("history_date")
    assert [(h.status, h.answer) for h in history] == [("open", ""), ("answered", "Try Essex.")]
    empty = admin.post(url, {"answer": " ", "version": ""})
    assert empty.status_code == 400 and "Write the answer to the force" in empty.content.decode()
    assert "Answer 1 question" not in text(analyst.get("/"))
