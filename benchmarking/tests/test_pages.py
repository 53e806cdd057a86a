import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from benchmarking.models import Answer, Exercise, Return
from benchmarking.tests.factories import COMPLETE as COMPLETE_ANSWER
from benchmarking.tests.factories import complete_return, open_exercise
from conftest import work_counted
from core.testing import assert_good_page


@pytest.fixture
def exercise(cast):
    return open_exercise(cast["admin"])


@pytest.fixture
def record(exercise):
    return Return.objects.get(exercise=exercise, organisation__slug="norfolk-constabulary")


def _answer_post(answer, **overrides):
    data = {
        "revision": answer.revision,
        "rating": "3",
        "what_we_are_doing": "A vulnerability desk triages every call.",
        "planned_activity": "",
        "planned_by": "",
        "potential_for_improvement": "",
        "can_share": "no",
        "share_contact": "",
        "sees_gap": "no",
    }
    data.update(overrides)
    return data


def test_national_users_create_an_exercise_as_a_draft(client, cast):
    client.force_login(cast["analyst"])
    page = client.get("/benchmarking/exercises/new/")
    assert page.status_code == 200
    assert_good_page(page)
    actions = [a.pk for a in page.context["form"].fields["actions"].queryset[:2]]
    version = page.context["form"].fields["version"].initial.pk
    response = client.post(
        "/benchmarking/exercises/new/",
        {
            "title": "Benchmarking 2027",
            "version": version,
            "granularity": "action",
            "opens_on": "2027-01-04",
            "closes_on": "2027-03-31",
            "actions": actions,
        },
    )
    exercise = Exercise.objects.get(title="Benchmarking 2027")
    assert response.status_code == 302 and exercise.status == "draft"
    assert exercise.actions.count() == 2 and exercise.created_by == cast["analyst"]


def test_a_bad_exercise_form_lists_every_problem_and_writes_nothing(client, cast):
    client.force_login(cast["admin"])
    response = client.post(
        "/benchmarking/exercises/new/", {"title": "", "opens_on": "2027-03-31", "closes_on": "2027-01-01"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    for message in [
        "Enter a title for the exercise",
        "Choose at least one action",
        "The close date must be on or after the open date",
    ]:
        assert message in html
    assert 'href="#id_actions_0"' in html
    assert not Exercise.objects.exists()
    assert_good_page(response)


def test_forces_cannot_run_exercises(client, cast, exercise):
    client.force_login(cast["lead_a"])
    assert client.get("/benchmarking/exercises/new/").status_code == 403
    assert client.get(f"/benchmarking/exercises/{exercise.pk}/").status_code == 403
    assert client.post(f"/benchmarking/exercises/{exercise.pk}/close/").status_code == 403


def test_opening_asks_for_confirmation_first(client, cast):
    client.force_login(cast["admin"])
    from benchmarking import services
    from framework.models import FrameworkVersion

    draft = services.exercise_create(
        created_by=cast["admin"],
        version=FrameworkVersion.objects.get(label="3"),
        title="Draft",
        opens_on=timezone.localdate(),
        closes_on=timezone.localdate(),
    )
    confirm = client.get(f"/benchmarking/exercises/{draft.pk}/open/")
    assert "Open the exercise?" in confirm.content.decode()
    assert not Return.objects.filter(exercise=draft).exists()
    client.post(f"/benchmarking/exercises/{draft.pk}/open/")
    assert Return.objects.filter(exercise=draft).count() == 44
    again = client.post(f"/benchmarking/exercises/{draft.pk}/open/")
    assert again.status_code == 400 and "Only a draft exercise can be opened" in again.content.decode()


def test_the_exercise_page_tracks_responses(client, cast, exercise, record):
    complete_return(record, cast["lead_a"])
    from benchmarking import services

    services.return_submit(return_record=record, by=cast["lead_a"], declaration=True)
    client.force_login(cast["analyst"])
    response = client.get(f"/benchmarking/exercises/{exercise.pk}/")
    assert "1 of 44 forces have returned" in response.content.decode()
    assert_good_page(response)


def test_the_exercise_page_kept_as_drawn_follows_its_returns(client, cast, exercise, record):
    """An open exercise's page is drawn once for each state of its returns and kept, apart for
    those who run exercises (who see the buttons and the deadline links) and those who don't."""
    from benchmarking import services
    from conftest import _member
    from organisations.models import Membership

    url = f"/benchmarking/exercises/{exercise.pk}/"
    client.force_login(cast["admin"])
    client.get(url)
    with CaptureQueriesContext(connection) as reads:
        as_admin = client.get(url).content.decode()
    assert not [q for q in reads if 'FROM "benchmarking_return"' in q["sql"] and "JOIN" in q["sql"]], "kept"
    assert "0 of 44 forces have returned" in as_admin and "Close the exercise" in as_admin
    assert f"/benchmarking/returns/{record.pk}/extension/" in as_admin
    reviewer = _member("reviewer@vkpp.test", "vkpp", Membership.Role.PEER_REVIEWER)
    client.force_login(reviewer)  # (the national team, but not running exercises)
    as_reviewer = client.get(url).content.decode()
    assert "0 of 44 forces have returned" in as_reviewer and "Close the exercise" not in as_reviewer
    assert "/extension/" not in as_reviewer
    complete_return(record, cast["lead_a"])
    services.return_submit(return_record=record, by=cast["lead_a"], declaration=True)
    assert "1 of 44 forces have returned" in client.get(url).content.decode()
    client.force_login(cast["admin"])
    assert "1 of 44 forces have returned" in client.get(url).content.decode()


def test_a_contributor_answers_an_action(client, cast, record):
    answer = record.answers.first()
    client.force_login(cast["editor_a"])
    page = client.get(f"/benchmarking/returns/{record.pk}/answers/{answer.pk}/")
    assert page.status_code == 200
    assert_good_page(page)
    response = client.post(f"/benchmarking/returns/{record.pk}/answers/{answer.pk}/", _answer_post(answer))
    assert response.status_code == 302
    answer.refresh_from_db()
    assert (answer.rating, answer.is_complete, answer.updated_by) == (3, True, cast["editor_a"])
    return_page = client.get(f"/benchmarking/returns/{record.pk}/")
    assert "1 of 3 answers complete" in return_page.content.decode()
    assert_good_page(return_page)


def test_the_answer_form_kept_as_drawn_shows_every_save(client, cast, record):
    """The unchanged form is drawn once per saved version of the answer, and never shown
    after the answer changes, by this page or any other way of saving it."""
    answer = record.answers.first()
    url = f"/benchmarking/returns/{record.pk}/answers/{answer.pk}/"
    client.force_login(cast["editor_a"])
    first = client.get(url)
    assert "core/forms/field.html" in [t.name for t in first.templates]
    again = client.get(url)
    assert "core/forms/field.html" not in [t.name for t in again.templates], "drawn once, then kept"

    def drawn_form(page):
        html = page.content.decode()
        return html[html.index('<input type="hidden" name="revision"') : html.index("Save the answer")]

    assert drawn_form(again) == drawn_form(first)
    assert (
        client.post(url, _answer_post(answer, what_we_are_doing="Weekly triage meeting")).status_code == 302
    )
    html = client.get(url).content.decode()
    assert "Weekly triage meeting" in html and 'name="revision" value="1"' in html
    # A save made elsewhere (the review, the workbook, the admin) moves the saved time too.
    Answer.objects.get(pk=answer.pk).save()
    stored = Answer.objects.get(pk=answer.pk)
    stored.what_we_are_doing = "Changed outside the page"
    stored.save()
    assert "Changed outside the page" in client.get(url).content.decode()
    # A form with problems is drawn from what was sent, never from the kept copy.
    refused = client.post(url, _answer_post(stored, what_we_are_doing="", revision=stored.revision))
    assert refused.status_code == 400 and "Say what the force is doing" in refused.content.decode()


def test_bad_answers_get_the_error_summary_and_write_nothing(client, cast, record):
    answer = record.answers.first()
    client.force_login(cast["editor_a"])
    response = client.post(
        f"/benchmarking/returns/{record.pk}/answers/{answer.pk}/",
        _answer_post(answer, rating="9", what_we_are_doing="", can_share="yes", planned_by="31/02/2026"),
    )
    assert response.status_code == 400
    html = response.content.decode()
    for message in [
        "Choose a rating from the scale",
        "Say what the force is doing",
        "Enter a contact, as the force can share knowledge or skills",
        "The target date must be a real date",
    ]:
        assert message in html, message
    answer.refresh_from_db()
    assert (answer.rating, answer.revision) == (None, 0)


def test_two_people_editing_one_answer_lose_nothing(client, cast, record, django_user_model):
    from django.test import Client

    answer = record.answers.first()
    url = f"/benchmarking/returns/{record.pk}/answers/{answer.pk}/"
    first, second = Client(), Client()
    first.force_login(cast["editor_a"])
    second.force_login(cast["lead_a"])
    first.get(url)
    second.get(url)
    assert first.post(url, _answer_post(answer, what_we_are_doing="Text from the editor")).status_code == 302
    clash = second.post(url, _answer_post(answer, what_we_are_doing="Text from the lead"))
    assert clash.status_code == 400
    html = clash.content.decode()
    assert "saved this after you opened it" in html and "Their version and yours" in html
    assert "Text from the editor" in html and "Text from the lead" in html
    answer.refresh_from_db()
    assert answer.what_we_are_doing == "Text from the editor"
    # Saving again from the refreshed form (it now carries the latest revision) works.
    retry = second.post(url, _answer_post(answer, revision=answer.revision, what_we_are_doing="Both texts"))
    assert retry.status_code == 302


def test_viewers_read_but_cannot_write(client, cast, record):
    answer = record.answers.first()
    client.force_login(cast["viewer_a"])
    page = client.get(f"/benchmarking/returns/{record.pk}/answers/{answer.pk}/")
    assert page.status_code == 200 and "Save the answer" not in page.content.decode()
    assert (
        client.post(
            f"/benchmarking/returns/{record.pk}/answers/{answer.pk}/", _answer_post(answer)
        ).status_code
        == 403
    )
    answer.refresh_from_db()
    assert answer.revision == 0


def test_only_the_lead_submits_and_incomplete_answers_are_listed(client, cast, record):
    client.force_login(cast["editor_a"])
    assert client.get(f"/benchmarking/returns/{record.pk}/submit/").status_code == 403
    client.force_login(cast["lead_a"])
    response = client.post(f"/benchmarking/returns/{record.pk}/submit/", {"declaration": "on"})
    assert response.status_code == 400
    html = response.content.decode()
    for answer in record.answers.all():
        assert f'href="/benchmarking/returns/{record.pk}/answers/{answer.pk}/"' in html
    record.refresh_from_db()
    assert record.status == Return.Status.NOT_STARTED


def test_submitting_needs_the_declaration_then_locks_the_return(client, cast, record):
    complete_return(record, cast["lead_a"])
    client.force_login(cast["lead_a"])
    no_declaration = client.post(f"/benchmarking/returns/{record.pk}/submit/", {})
    assert no_declaration.status_code == 400
    assert "Confirm the sign-off declaration" in no_declaration.content.decode()
    assert client.post(f"/benchmarking/returns/{record.pk}/submit/", {"declaration": "on"}).status_code == 302
    record.refresh_from_db()
    assert record.status == Return.Status.SUBMITTED and record.submitted_by == cast["lead_a"]
    answer = record.answers.first()
    assert (
        client.post(
            f"/benchmarking/returns/{record.pk}/answers/{answer.pk}/", _answer_post(answer)
        ).status_code
        == 403
    )


def test_a_save_that_meets_the_submission_is_refused_and_keeps_the_text(client, cast, record, monkeypatch):
    """Deadline day: a contributor opened the answer while the return was open, and the lead
    submits it in the instant between the page's check and the save. The save is refused
    under the lock, with a message, and the contributor's words stay in the form."""
    from benchmarking.views import returns

    complete_return(record, cast["lead_a"])
    client.force_login(cast["lead_a"])
    assert client.post(f"/benchmarking/returns/{record.pk}/submit/", {"declaration": "on"}).status_code == 302
    answer = record.answers.first()
    before = Answer.objects.get(pk=answer.pk).what_we_are_doing
    # The page's own check ran before the submission: it still found the return open.
    monkeypatch.setattr(
        returns.access,
        "get_answer_in_return_for_user",
        lambda user, pk, answer_pk: (record, Answer.objects.get(pk=answer_pk), True),
    )
    client.force_login(cast["editor_a"])
    words = "Last-minute wording about the vulnerability desk."
    response = client.post(
        f"/benchmarking/returns/{record.pk}/answers/{answer.pk}/",
        _answer_post(answer, what_we_are_doing=words),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "was submitted while you were editing" in page and words in page
    assert Answer.objects.get(pk=answer.pk).what_we_are_doing == before


def test_the_national_team_returns_and_accepts(client, cast, record):
    from benchmarking import services

    complete_return(record, cast["lead_a"])
    services.return_submit(return_record=record, by=cast["lead_a"], declaration=True)
    client.force_login(cast["analyst"])
    page = client.get(f"/benchmarking/returns/{record.pk}/review/")
    assert page.status_code == 200
    assert_good_page(page)
    empty = client.post(
        f"/benchmarking/returns/{record.pk}/review/", {"decision": "send_back", "comment": ""}
    )
    assert empty.status_code == 400 and "Say what the force needs to change" in empty.content.decode()
    client.post(
        f"/benchmarking/returns/{record.pk}/review/", {"decision": "send_back", "comment": "Add evidence"}
    )
    record.refresh_from_db()
    assert record.status == Return.Status.RETURNED
    client.force_login(cast["lead_a"])
    assert "Add evidence" in client.get(f"/benchmarking/returns/{record.pk}/").content.decode()
    client.post(f"/benchmarking/returns/{record.pk}/submit/", {"declaration": "on"})
    client.force_login(cast["analyst"])
    client.post(f"/benchmarking/returns/{record.pk}/review/", {"decision": "accept"})
    record.refresh_from_db()
    assert record.status == Return.Status.ACCEPTED


def test_reviewing_an_answer_flags_practice_and_gaps(client, cast, record):
    from benchmarking import services

    complete_return(record, cast["lead_a"])
    services.return_submit(return_record=record, by=cast["lead_a"], declaration=True)
    answer = record.answers.first()
    url = f"/benchmarking/returns/{record.pk}/answers/{answer.pk}/review/"
    client.force_login(cast["analyst"])
    bad = client.post(
        url, {"national_rating": "4", "promising_practice": "on", "promising_practice_reason": ""}
    )
    assert bad.status_code == 400 and "Give a reason for flagging promising practice" in bad.content.decode()
    client.post(
        url,
        {
            "national_rating": "4",
            "promising_practice": "on",
            "promising_practice_reason": "Evaluated",
            "reviewer_sees_gap": "on",
        },
    )
    answer.refresh_from_db()
    assert (answer.national_rating, answer.promising_practice, answer.gap) == (4, True, Answer.Gap.REVIEWER)
    client.force_login(cast["lead_a"])
    assert client.get(url).status_code == 403, "forces do not review their own answers"


def _review_post(record, per_answer=None, decision="save"):
    """The review screen's form as drawn, with `per_answer` ({answer pk: {field: value}})
    changed: what a reviewer's browser sends."""
    from benchmarking.rules import REVIEW_FIELDS
    from core.concurrency import stamp

    data = {"decision": decision}
    for answer in record.answers.all():
        prefix = f"a{answer.pk}-"
        data[prefix + "seen"] = stamp(answer, REVIEW_FIELDS)
        data[prefix + "national_rating"] = answer.national_rating or ""
        data[prefix + "promising_practice_reason"] = answer.promising_practice_reason
        data[prefix + "reviewer_comment"] = answer.reviewer_comment
        for box in ("promising_practice", "reviewer_sees_gap"):
            if getattr(answer, box):
                data[prefix + box] = "on"
        for name, value in (per_answer or {}).get(answer.pk, {}).items():
            if value is None:
                data.pop(prefix + name, None)
            else:
                data[prefix + name] = value
    return data


def test_the_review_screen_shows_every_answer_with_its_evidence_last_time_and_position(
    client, cast, exercise
):
    from benchmarking import services
    from benchmarking.models import Evidence, StandingPosition

    first = Return.objects.get(exercise=exercise, organisation__slug="norfolk-constabulary")
    complete_return(first, cast["lead_a"])
    services.return_submit(return_record=first, by=cast["lead_a"], declaration=True)
    StandingPosition.history.model.objects.update(history_date=timezone.now() - timezone.timedelta(days=400))
    services.exercise_close(exercise=exercise, by=cast["admin"])
    Exercise.objects.filter(pk=exercise.pk).update(opens_on=exercise.opens_on - timezone.timedelta(days=400))
    second = open_exercise(cast["admin"], previous=exercise)
    record = Return.objects.get(exercise=second, organisation__slug="norfolk-constabulary")
    answer = record.answers.order_by("action__sort_key").first()
    Evidence.objects.create(
        answer=answer,
        kind="link",
        title="Call audit",
        url="https://example.org/audit",
        added_by=cast["lead_a"],
    )
    complete_return(record, cast["lead_a"])
    services.return_submit(return_record=record, by=cast["lead_a"], declaration=True)
    client.force_login(cast["analyst"])
    page = client.get(f"/benchmarking/returns/{record.pk}/review/")
    assert_good_page(page)
    html = page.content.decode()
    for each in record.answers.select_related("action"):
        assert f'id="answer-{each.pk}"' in html and f"{each.action.code} {each.action.title}" in html
        assert f'name="a{each.pk}-national_rating"' in html
    section = html[html.index(f'id="answer-{answer.pk}"') :]
    section = section[: section.index("</section>")]
    assert "Call audit" in section and f"Last time, in {exercise.title}" in section
    assert "Standing position over time (2 changes)" in section, "one from each submitted return"
    assert "Next answer" in section and "Previous answer" not in section
    assert "Keyboard shortcuts" in html


def test_the_reviewer_agrees_with_many_answers_at_once_and_accepts(client, cast, record):
    from benchmarking import services

    complete_return(record, cast["lead_a"])
    services.return_submit(return_record=record, by=cast["lead_a"], declaration=True)
    first, second, third = record.answers.order_by("action__sort_key")
    client.force_login(cast["analyst"])
    data = _review_post(
        record,
        {first.pk: {"agree": "on"}, second.pk: {"agree": "on", "national_rating": "2"}, third.pk: {}},
        "save_accept",
    )
    done = client.post(f"/benchmarking/returns/{record.pk}/review/", data)
    assert done.status_code == 302 and done["Location"] == f"/benchmarking/exercises/{record.exercise_id}/"
    first.refresh_from_db(), second.refresh_from_db(), third.refresh_from_db(), record.refresh_from_db()
    assert first.national_rating == first.rating, "agreeing takes the force's rating"
    assert second.national_rating == 2, "a rating the reviewer chose stands"
    assert third.national_rating is None
    assert record.status == Return.Status.ACCEPTED
    assert first.history.first().history_user == cast["analyst"]


def test_bad_review_input_is_explained_and_nothing_is_saved(client, cast, record):
    from benchmarking import services

    complete_return(record, cast["lead_a"])
    services.return_submit(return_record=record, by=cast["lead_a"], declaration=True)
    first, second, _ = record.answers.order_by("action__sort_key")
    client.force_login(cast["analyst"])
    url = f"/benchmarking/returns/{record.pk}/review/"
    for changes, message in [
        ({first.pk: {"national_rating": "9"}}, "Select a valid choice"),
        ({second.pk: {"promising_practice": "on"}}, "Give a reason for flagging promising practice"),
        ({first.pk: {"reviewer_comment": "x" * 5001}}, "5000 characters"),
    ]:
        page = client.post(url, _review_post(record, {first.pk: {"agree": "on"}, **changes}))
        assert page.status_code == 400, message
        assert_good_page(page)
        assert message in page.content.decode()
    assert not record.answers.exclude(national_rating=None).exists(), "no answer saved"
    record.refresh_from_db()
    assert record.status == Return.Status.SUBMITTED


def test_two_reviewers_of_one_return_lose_nothing(client, cast, record):
    from benchmarking import services

    complete_return(record, cast["lead_a"])
    services.return_submit(return_record=record, by=cast["lead_a"], declaration=True)
    first, second, _ = record.answers.order_by("action__sort_key")
    client.force_login(cast["analyst"])
    url = f"/benchmarking/returns/{record.pk}/review/"
    mine = _review_post(record, {first.pk: {"national_rating": "2"}, second.pk: {"national_rating": "4"}})
    services.answer_review(
        answer=first, by=cast["admin"], values={"national_rating": 5, "reviewer_comment": "Seen it."}
    )
    clash = client.post(url, mine)
    html = clash.content.decode()
    assert clash.status_code == 400
    assert f"Someone else changed the review of {first.action.code}" in html and "Seen it." in html
    first.refresh_from_db(), second.refresh_from_db()
    assert (first.national_rating, second.national_rating) == (5, None), "nothing of either saved"
    # Saving again, with theirs in view, is a choice: it saves.
    again = dict(mine)
    again[f"a{first.pk}-seen"] = re.search(rf'name="a{first.pk}-seen" value="([^"]+)"', html).group(1)
    assert client.post(url, again).status_code == 302
    first.refresh_from_db(), second.refresh_from_db()
    assert (first.national_rating, second.national_rating) == (2, 4)


def test_extensions_need_a_date_after_the_close(client, cast, exercise, record):
    client.force_login(cast["admin"])
    url = f"/benchmarking/returns/{record.pk}/extension/"
    bad = client.post(url, {"until": exercise.closes_on.isoformat()})
    assert bad.status_code == 400 and "must end after" in bad.content.decode()
    later = exercise.closes_on + timezone.timedelta(days=7)
    assert client.post(url, {"until": later.isoformat()}).status_code == 302
    record.refresh_from_db()
    assert record.extension_until == later


def test_the_benchmarking_home_shows_each_user_their_part(client, cast, exercise):
    client.force_login(cast["editor_a"])
    html = client.get("/benchmarking/").content.decode()
    assert (
        "Your force's returns" in html and "Norfolk Constabulary" in html and "Create an exercise" not in html
    )
    client.force_login(cast["admin"])
    html = client.get("/benchmarking/").content.decode()
    assert "Create an exercise" in html and "0 of 44" in html


@pytest.mark.parametrize("page,budget", [("return", 14), ("exercise", 12), ("review", 14)])
def test_benchmarking_pages_cost_a_fixed_number_of_queries(
    client, cast, record, django_assert_max_num_queries, page, budget
):
    urls = {
        "return": f"/benchmarking/returns/{record.pk}/",
        "exercise": f"/benchmarking/exercises/{record.exercise_id}/",
        "review": f"/benchmarking/returns/{record.pk}/review/",
    }
    client.force_login(cast["analyst"])
    work_counted(cast["analyst"])
    with django_assert_max_num_queries(budget):
        assert client.get(urls[page]).status_code == 200


def test_any_save_of_an_answer_moves_it_and_its_return_so_kept_pages_follow(client, cast, record):
    """Someone leaving the force clears what they owned with a save of that field alone: the
    answer and its return still move, so the answer's kept history and the national picture's
    stamp follow (benchmarking.signals)."""
    from benchmarking import picture, services
    from organisations.models import Membership

    answer = record.answers.first()
    services.answers_assign(
        return_record=record, by=cast["lead_a"], assignments={answer.pk: cast["editor_a"]}
    )
    client.force_login(cast["lead_a"])
    url = f"/benchmarking/returns/{record.pk}/answers/{answer.pk}/"
    assert "Editor" in client.get(url).context["history"]["entries"][0]["changes"][0]["after"]
    stamp, saved = picture.stamp(record.exercise), Answer.objects.get(pk=answer.pk).updated_at
    Membership.objects.filter(user=cast["editor_a"], organisation=record.organisation).delete()
    answer.refresh_from_db()
    assert answer.assigned_to is None and answer.updated_at > saved
    assert picture.stamp(record.exercise) != stamp
    newest = client.get(url).context["history"]["entries"][0]
    assert {"field": "Assigned to", "before": "Editor", "after": ""} in newest["changes"]


def test_each_answer_shows_its_history(client, cast, record):
    from benchmarking import services

    answer = record.answers.first()
    services.answer_save(answer=answer, by=cast["editor_a"], revision=0, values={"rating": 2})
    services.answer_save(
        answer=answer, by=cast["lead_a"], revision=1, values={"rating": 4, "what_we_are_doing": "X"}
    )
    client.force_login(cast["viewer_a"])
    response = client.get(f"/benchmarking/returns/{record.pk}/answers/{answer.pk}/")
    history = response.context["history"]["entries"]
    # Newest first: the two changes, then the answer's making when the exercise opened.
    assert [(e["who"], e["kind"]) for e in history] == [
        (cast["lead_a"], "changed"),
        (cast["editor_a"], "changed"),
        (cast["admin"], "added"),
    ]
    assert {"field": "Rating", "before": 2, "after": 4} in history[0]["changes"]
    assert "History of this answer (3 entries)" in response.content.decode()


def test_an_answer_shows_its_latest_changes_and_the_rest_a_click_away(client, cast, record):
    from benchmarking import services
    from benchmarking.selectors import LATEST_CHANGES

    answer = record.answers.first()
    for n in range(LATEST_CHANGES + 3):
        services.answer_save(
            answer=answer, by=cast["editor_a"], revision=n, values={"what_we_are_doing": f"Wording {n}"}
        )
    client.force_login(cast["viewer_a"])
    url = f"/benchmarking/returns/{record.pk}/answers/{answer.pk}/"
    page = client.get(url)
    window = page.context["history"]
    saves = LATEST_CHANGES + 4  # the making of the answer and every save
    assert window["windowed"] and window["saves"] == saves
    assert [e["changes"][0]["after"] for e in window["entries"]] == [
        f"Wording {n}" for n in range(LATEST_CHANGES + 2, 2, -1)
    ]
    # The oldest change shown is read against the save before it, not as the answer's making.
    assert window["entries"][-1]["changes"][0]["before"] == "Wording 2"
    html = page.content.decode()
    assert f"the latest {LATEST_CHANGES} changes of {saves} saves" in html and "?history=all#history" in html
    everything = client.get(url + "?history=all").context["history"]
    assert not everything["windowed"] and len(everything["entries"]) == saves
    assert everything["entries"][-1]["kind"] == "added"


def test_the_lead_assigns_actions_and_owners_see_them(client, cast, record):
    answers = list(record.answers.order_by("action__sort_key"))
    url = f"/benchmarking/returns/{record.pk}/assign/"
    client.force_login(cast["editor_a"])
    assert client.get(url).status_code == 403
    assert "Your actions" not in client.get("/benchmarking/").content.decode()  # (drawn and kept)
    client.force_login(cast["lead_a"])
    page = client.get(url)
    assert_good_page(page)
    assert cast["viewer_a"] not in page.context["people"], "viewers cannot own actions"
    bad = client.post(url, {f"answer-{answers[0].pk}": str(cast["lead_b"].pk)})
    assert bad.status_code == 400 and "Choose someone from the list for 2.1.1" in bad.content.decode()
    client.post(url, {f"answer-{answers[0].pk}": str(cast["editor_a"].pk), f"answer-{answers[1].pk}": ""})
    answers[0].refresh_from_db()
    assert answers[0].assigned_to == cast["editor_a"]
    client.force_login(cast["editor_a"])
    html = client.get("/benchmarking/").content.decode()
    assert "Your actions" in html and "2.1.1 Recognition and Response" in html


def test_the_rating_scale_can_change_while_the_exercise_is_a_draft(client, cast):
    from benchmarking import services
    from framework.models import FrameworkVersion

    draft = services.exercise_create(
        created_by=cast["admin"],
        version=FrameworkVersion.objects.get(label="3"),
        title="Draft",
        opens_on=timezone.localdate(),
        closes_on=timezone.localdate(),
    )
    url = f"/benchmarking/exercises/{draft.pk}/scale/"
    client.force_login(cast["analyst"])
    data = {f"label_{v}": f"Level {v}" for v in range(1, 6)} | {f"descriptor_{v}": "" for v in range(1, 6)}
    bad = client.post(url, data | {"label_2": "Level 1", "label_3": ""})
    assert bad.status_code == 400
    assert "Give each rating a different label" in bad.content.decode()
    assert "Enter a label for rating 3" in bad.content.decode()
    assert client.post(url, data | {"descriptor_5": "Evaluated by a university"}).status_code == 302
    assert list(draft.rating_levels.values_list("label", flat=True)) == [f"Level {v}" for v in range(1, 6)]
    services.exercise_open(exercise=draft, by=cast["admin"])
    locked = client.post(url, data | {"label_1": "Changed"})
    assert (
        locked.status_code == 400 and "only change while the exercise is a draft" in locked.content.decode()
    )


def test_the_return_shows_its_status_history(client, cast, record):
    from benchmarking import services

    complete_return(record, cast["lead_a"])
    services.return_submit(return_record=record, by=cast["lead_a"], declaration=True)
    services.return_send_back(return_record=record, by=cast["analyst"], comment="More evidence")
    client.force_login(cast["viewer_a"])
    history = client.get(f"/benchmarking/returns/{record.pk}/").context["history"]
    assert history[0]["who"] == cast["analyst"]
    assert {"field": "Status", "before": "Submitted", "after": "Returned to the force"} in history[0][
        "changes"
    ]
    assert history[1]["who"] == cast["lead_a"]


def test_the_return_kept_as_drawn_shows_every_change(client, cast, record):
    """A return's answers and history are drawn once for each version and kept, and never
    shown after a save of an answer (by any path), a change of the return, or a change of
    someone's name; what depends on the person asking (submit, the lead's naming choice) is
    drawn for them every time."""
    from benchmarking import services

    url = f"/benchmarking/returns/{record.pk}/"
    parts = "core/_changes.html"  # (drawn within the kept history)
    client.force_login(cast["editor_a"])
    first = client.get(url)
    assert parts in [t.name for t in first.templates]
    again = client.get(url)
    assert parts not in [t.name for t in again.templates], "drawn once, then kept"
    assert again.content.decode().count("answers complete") == 1
    assert "Submit the return" not in again.content.decode()
    client.force_login(cast["lead_a"])
    as_lead = client.get(url).content.decode()
    assert parts not in [t.name for t in client.get(url).templates]
    assert "Submit the return" in as_lead and "Show our name to other forces" in as_lead

    answer = record.answers.order_by("action__sort_key").first()
    services.answer_save(
        answer=answer,
        by=cast["editor_a"],
        revision=answer.revision,
        values={"rating": "3", "what_we_are_doing": "A desk"},
    )

    def row(page):
        html = page.content.decode()
        start = html.index(f"{answer.action.code} {answer.action.title}")
        return html[start : html.index("</tr>", start)]

    saved = row(client.get(url))
    assert "3 Developing</td>" in saved and f"{cast['editor_a']}, " in saved
    cast["editor_a"].full_name = "Edith Editor"
    cast["editor_a"].save()
    assert "Edith Editor" in row(client.get(url)), "a new name shows at once"
    Answer.objects.filter(pk=answer.pk).update(assigned_to=cast["lead_a"])  # past the model:
    assert str(cast["lead_a"]) not in row(client.get(url)), "(a write no page makes)"
    Answer.objects.get(pk=answer.pk).save()  # ... shows from the next save, by any path
    assert str(cast["lead_a"]) in row(client.get(url))
    complete_return(record, cast["lead_a"])
    services.return_submit(return_record=record, by=cast["lead_a"], declaration=True)
    html = client.get(url).content.decode()
    assert "Submitted" in html and "History of this return" in html and "Submit the return" not in html


def test_the_exercise_list_is_paged_newest_first(client, cast):
    from datetime import date, timedelta

    from benchmarking import services as exercise_services
    from framework.models import FrameworkVersion

    version = FrameworkVersion.objects.get(framework__slug="nvap", label="3")
    start = date(2020, 1, 1)
    for n in range(25):
        exercise_services.exercise_create(
            created_by=cast["admin"],
            version=version,
            title=f"Exercise {n:02}",
            opens_on=start + timedelta(days=30 * n),
            closes_on=start + timedelta(days=30 * n + 20),
        )
    client.force_login(cast["analyst"])

    def titles(response):
        return re.findall(r">(Exercise \d\d)<", response.content.decode())

    first = client.get("/benchmarking/")
    assert titles(first) == [f"Exercise {n:02}" for n in range(24, 4, -1)]
    assert 'href="?exercises=2" rel="next"' in first.content.decode()
    second = client.get("/benchmarking/?exercises=2")
    assert titles(second) == [f"Exercise {n:02}" for n in range(4, -1, -1)]
    assert 'href="?exercises=1" rel="prev"' in second.content.decode()
    assert titles(client.get("/benchmarking/?exercises=junk")) == titles(first)
    assert titles(client.get("/benchmarking/?exercises=99")) == titles(second)
    # Kept as drawn for the person until an exercise or a return changes: a new one shows.
    exercise_services.exercise_create(
        created_by=cast["admin"],
        version=version,
        title="Exercise 25",
        opens_on=date(2023, 1, 1),
        closes_on=date(2023, 1, 20),
    )
    assert titles(client.get("/benchmarking/"))[0] == "Exercise 25"


def test_the_answer_page_counts_its_evidence_with_the_answer(client, cast, record):
    """The link to an answer's evidence says how many pieces there are, read with the answer
    itself: a second look costs the session, the answer, the force's answers to the same
    question in earlier exercises ("last time you said") and the people's stamp, nothing more."""
    from benchmarking import services

    answer = record.answers.order_by("pk").first()
    other = record.answers.order_by("pk").last()
    url = f"/benchmarking/returns/{record.pk}/answers/{answer.pk}/"
    client.force_login(cast["editor_a"])
    assert "Evidence for this answer (0)" in client.get(url).content.decode()
    for n in range(2):
        services.evidence_link_add(
            answer=answer, by=cast["editor_a"], title=f"Audit {n}", url="https://example.org/"
        )
    services.evidence_link_add(
        answer=other, by=cast["editor_a"], title="Elsewhere", url="https://example.org/"
    )
    assert "Evidence for this answer (2)" in client.get(url).content.decode()
    with CaptureQueriesContext(connection) as reads:
        html = client.get(url).content.decode()
    assert "Evidence for this answer (2)" in html and 'name="csrfmiddlewaretoken"' in html
    # (the table each query reads from: its last FROM, after any subquery in its columns; the
    # session is read from the database or, with REDIS_URL, from the cache)
    tables = [re.findall(r'FROM "(\w+)"', q["sql"])[-1] for q in reads]
    assert [t for t in tables if t != "django_session"] == [
        "benchmarking_answer",
        "accounts_user",
        "benchmarking_answer",
    ]


def test_the_lead_checks_every_answer_by_theme_before_signing_off(client, cast, record):
    import re

    answers = list(record.answers.select_related("action__theme"))
    first = answers[0]
    client.force_login(cast["editor_a"])
    client.post(f"/benchmarking/returns/{record.pk}/answers/{first.pk}/", _answer_post(first))
    client.force_login(cast["lead_a"])
    page = client.get(f"/benchmarking/returns/{record.pk}/submit/")
    assert_good_page(page)
    html = page.content.decode()
    words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "Check your answers before submitting the return" in words
    assert f"1 of {len(answers)} answers are complete." in words
    for theme in {a.action.theme for a in answers}:
        assert f"{theme.code}. {theme.title}" in words
    for answer in answers:
        assert f'href="/benchmarking/returns/{record.pk}/answers/{answer.pk}/?from=check"' in html
    assert words.count("Not complete") == len(answers) - 1
    assert "A vulnerability desk triages every call." in words
    # Changing an answer from the check brings the lead back to it.
    second = answers[1]
    saved = client.post(
        f"/benchmarking/returns/{record.pk}/answers/{second.pk}/?from=check", _answer_post(second)
    )
    assert saved.status_code == 302 and saved["Location"] == f"/benchmarking/returns/{record.pk}/submit/"


def test_signing_off_ends_on_a_confirmation_with_the_returns_reference(client, cast, record):
    complete_return(record, cast["lead_a"])
    client.force_login(cast["lead_a"])
    confirmation = f"/benchmarking/returns/{record.pk}/submitted/"
    early = client.get(confirmation)
    assert early.status_code == 302 and early["Location"] == f"/benchmarking/returns/{record.pk}/"
    sent = client.post(f"/benchmarking/returns/{record.pk}/submit/", {"declaration": "on"})
    assert sent.status_code == 302 and sent["Location"] == confirmation
    page = client.get(confirmation)
    assert_good_page(page)
    html = page.content.decode()
    assert "govuk-panel--confirmation" in html and "Return submitted" in html
    assert f"NVAP-{record.exercise_id}-E23000024-{record.pk}" in html
    assert "What happens next" in html
    again = client.post(f"/benchmarking/returns/{record.pk}/submit/", {"declaration": "on"})
    assert again.status_code in (400, 403), "a second click submits nothing more"
    record.refresh_from_db()
    assert record.status == Return.Status.SUBMITTED


def test_a_contributor_saves_an_incomplete_answer_as_a_draft_but_not_as_done(client, cast, record):
    answer = record.answers.first()
    client.force_login(cast["editor_a"])
    url = f"/benchmarking/returns/{record.pk}/answers/{answer.pk}/"
    partial = {"revision": answer.revision, "what_we_are_doing": "Started: a draft policy.", "rating": ""}
    refused = client.post(url, partial)
    assert refused.status_code == 400 and "Choose a rating" in refused.content.decode()
    answer.refresh_from_db()
    assert answer.what_we_are_doing == "", "nothing is saved from a refused save"
    drafted = client.post(url, {**partial, "draft": "1"}, follow=True)
    assert "saved as a draft: complete it before the return is submitted" in drafted.content.decode()
    answer.refresh_from_db()
    assert (answer.what_we_are_doing, answer.rating, answer.is_complete) == (
        "Started: a draft policy.",
        None,
        False,
    )
    client.force_login(cast["lead_a"])
    blocked = client.post(f"/benchmarking/returns/{record.pk}/submit/", {"declaration": "on"})
    assert blocked.status_code == 400
    assert f'href="/benchmarking/returns/{record.pk}/answers/{answer.pk}/"' in blocked.content.decode()


def test_opening_an_exercise_tells_each_forces_writers_with_the_deadline(client, cast):
    from core.models import Notification

    exercise = open_exercise(cast["admin"], codes=("2.1.1",), tell_forces=True)
    record = Return.objects.get(exercise=exercise, organisation__slug="norfolk-constabulary")
    told = Notification.objects.filter(url=f"/benchmarking/returns/{record.pk}/")
    assert set(told.values_list("user", flat=True)) == {cast["lead_a"].pk, cast["editor_a"].pk}
    assert told.first().message == (
        f"NVAP benchmarking 2026 is open. Norfolk Constabulary's return is due on {exercise.closes_on:%-d %B %Y}."
    )
    kent = Return.objects.get(exercise=exercise, organisation__slug="kent-police")
    assert Notification.objects.filter(url=f"/benchmarking/returns/{kent.pk}/", user=cast["lead_b"]).exists()
    assert not Notification.objects.filter(user__in=[cast["viewer_a"], cast["analyst"]]).exists()
    from core.models import Email

    subject = (
        f"NVAP Hub: NVAP benchmarking 2026 is open: your return is due on {exercise.closes_on:%-d %B %Y}"
    )
    assert set(Email.objects.filter(subject=subject).values_list("to", flat=True)) >= {
        cast["lead_a"].email,
        cast["editor_a"].email,
        cast["lead_b"].email,
    }


def test_a_draft_exercise_is_changed_whole_until_it_opens(client, cast):
    from benchmarking import services
    from framework.models import Action, FrameworkVersion

    version = FrameworkVersion.objects.get(framework__slug="nvap", label="3")
    draft = services.exercise_create(
        created_by=cast["admin"],
        version=version,
        title="Draft",
        opens_on=timezone.localdate(),
        closes_on=timezone.localdate() + timezone.timedelta(days=30),
        actions=list(version.actions.filter(code__in=["2.1.1"])),
    )
    client.force_login(cast["admin"])
    url = f"/benchmarking/exercises/{draft.pk}/edit/"
    page = client.get(url)
    assert_good_page(page)
    seen = page.context["form"].initial["version"]
    two = list(
        Action.objects.filter(version=version, code__in=["2.2.1", "2.3.1"]).values_list("pk", flat=True)
    )
    good = {
        "title": "Vulnerability benchmarking 2027",
        "instructions": "Rate each action.",
        "granularity": "objective",
        "opens_on_day": "4",
        "opens_on_month": "1",
        "opens_on_year": "2027",
        "closes_on_day": "26",
        "closes_on_month": "2",
        "closes_on_year": "2027",
        "previous": "",
        "actions": [str(pk) for pk in two],
        "version": seen,
    }
    bad = client.post(url, {**good, "closes_on_day": "1", "closes_on_month": "12", "closes_on_year": "2026"})
    assert (
        bad.status_code == 400 and "The close date must be on or after the open date" in bad.content.decode()
    )
    none = client.post(url, {**good, "actions": []})
    assert none.status_code == 400
    draft.refresh_from_db()
    assert draft.title == "Draft"
    assert client.post(url, good).status_code == 302
    draft.refresh_from_db()
    assert (draft.title, draft.granularity, str(draft.opens_on), str(draft.closes_on)) == (
        "Vulnerability benchmarking 2027",
        "objective",
        "2027-01-04",
        "2027-02-26",
    )
    assert sorted(draft.actions.values_list("code", flat=True)) == ["2.2.1", "2.3.1"]
    assert draft.history.first().title == "Vulnerability benchmarking 2027"
    stale = client.post(url, {**good, "title": "Someone else's title"})
    assert stale.status_code == 400 and "saved this after you opened it" in stale.content.decode()
    services.exercise_open(exercise=draft, by=cast["admin"])
    opened = client.get(url)
    assert opened.status_code == 302 and opened["Location"] == f"/benchmarking/exercises/{draft.pk}/"
    client.force_login(cast["lead_a"])
    assert client.get(url).status_code in (403, 404)


def test_publishing_shows_the_checklist_and_needs_a_reason_when_returns_are_missing(
    client, cast, exercise, record
):
    import re

    complete_return(record, cast["lead_a"])
    Return.objects.filter(pk=record.pk).update(status=Return.Status.SUBMITTED, share_name=False)
    from benchmarking import services

    services.exercise_close(exercise=exercise, by=cast["admin"])
    client.force_login(cast["admin"])
    url = f"/benchmarking/exercises/{exercise.pk}/publish/"
    page = client.get(url)
    assert_good_page(page)
    words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.content.decode()))
    answers = record.answers.count()
    assert "Returns in 1 of 44" in words and "Returns not yet reviewed 1" in words
    assert f"Answers without a national rating {answers}" in words
    assert "Forces that chose not to be named 1" in words
    refused = client.post(url, {"reason": "  "})
    assert refused.status_code == 400
    assert (
        "Say why the picture is published with returns missing or not fully reviewed"
        in refused.content.decode()
    )
    assert 'href="#reason"' in refused.content.decode()
    exercise.refresh_from_db()
    assert exercise.status == Exercise.Status.CLOSED
    assert client.post(url, {"reason": "x" * 2001}).status_code == 400
    assert client.post(url, {"reason": "The deadline for the board report."}).status_code == 302
    exercise.refresh_from_db()
    assert (exercise.status, exercise.publish_note) == ("published", "The deadline for the board report.")
    picture = client.get(f"/benchmarking/exercises/{exercise.pk}/picture/").content.decode()
    assert "Published with returns missing or not fully reviewed" in picture
    assert "The deadline for the board report." in picture


def test_a_complete_reviewed_exercise_publishes_without_a_reason(client, cast, exercise):
    from benchmarking import services
    from benchmarking.models import Answer

    Answer.objects.filter(return_record__exercise=exercise).update(**COMPLETE_ANSWER, national_rating=3)
    Return.objects.filter(exercise=exercise).update(status=Return.Status.ACCEPTED)
    services.exercise_close(exercise=exercise, by=cast["admin"])
    client.force_login(cast["admin"])
    url = f"/benchmarking/exercises/{exercise.pk}/publish/"
    assert 'name="reason"' not in client.get(url).content.decode()
    assert client.post(url, {}).status_code == 302
    exercise.refresh_from_db()
    assert (exercise.status, exercise.publish_note) == ("published", "")
