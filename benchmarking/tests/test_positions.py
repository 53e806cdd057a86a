"""Standing positions: each force's current self-assessment, kept between exercises, what
each exercise starts from and what submitting a return brings up to date."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from benchmarking import services
from benchmarking.models import Answer, Exercise, Return, StandingPosition
from benchmarking.tests.factories import COMPLETE, complete_return, open_exercise
from conftest import run_queued_tasks
from core.testing import assert_good_page
from framework.models import Action, FrameworkVersion
from organisations.models import Organisation

NORFOLK = "norfolk-constabulary"
URL = f"/benchmarking/positions/{NORFOLK}/2.1.1/"


def _post(**overrides):
    data = {
        "revision": "0",
        "rating": "3",
        "what_we_are_doing": "A vulnerability desk triages every call.",
        "evidence": "Audit of 100 calls, March.",
        "planned_activity": "",
        "planned_by": "",
        "potential_for_improvement": "",
        "can_share": "no",
        "share_contact": "",
        "sees_gap": "yes",
        "owner": "",
    }
    data.update(overrides)
    return data


def _action(code):
    return Action.objects.get(version__framework__slug="nvap", version__label="3", code=code)


def _keep(by, slug, code, number=None, **values):
    """Saves a force's position directly, as its own page would."""
    action = _action(code)
    objective = action.objectives.get(number=number) if number else None
    current = (
        StandingPosition.objects.filter(
            organisation__slug=slug, action__code=code, objective__number=number
        ).first()
        if number
        else StandingPosition.objects.filter(
            organisation__slug=slug, action__code=code, objective__isnull=True
        ).first()
    )
    return services.position_save(
        organisation=Organisation.objects.get(slug=slug),
        action=action,
        objective=objective,
        by=by,
        revision=current.revision if current else 0,
        values={**COMPLETE, **values},
    )


def test_a_contributor_keeps_the_forces_position_outside_any_exercise(client, cast):
    client.force_login(cast["editor_a"])
    page = client.get(URL)
    assert_good_page(page)
    assert "has no standing position on this action yet" in page.content.decode()
    saved = client.post(URL, _post(owner=str(cast["editor_a"].pk)))
    assert saved.status_code == 302 and saved["Location"] == f"/benchmarking/positions/{NORFOLK}/"
    position = StandingPosition.objects.get(organisation__slug=NORFOLK, action__code="2.1.1")
    assert (position.rating, position.sees_gap, position.evidence, position.owner) == (
        3,
        True,
        "Audit of 100 calls, March.",
        cast["editor_a"],
    )
    assert position.reviewed_on == timezone.localdate() and position.revision == 1
    listing = client.get(f"/benchmarking/positions/{NORFOLK}/")
    assert_good_page(listing)
    assert "1 of " in listing.content.decode() and "3 Developing" in listing.content.decode()
    # A second save changes it, and its history says who changed what from what.
    client.post(URL, _post(revision="1", rating="4", owner=str(cast["editor_a"].pk)))
    page = client.get(URL).content.decode()
    assert "Ratings over time" in page and "History of this position" in page
    assert position.history.count() == 2
    assert not Exercise.objects.exists(), "no exercise was needed"


def test_a_position_is_read_by_its_force_and_the_national_team_only(client, cast):
    _keep(cast["editor_a"], NORFOLK, "2.1.1")
    client.force_login(cast["viewer_a"])
    assert client.get(URL).status_code == 200
    assert client.post(URL, _post()).status_code == 403, "a viewer reads but does not change"
    client.force_login(cast["lead_b"])
    assert client.get(URL).status_code == 404
    assert client.get(f"/benchmarking/positions/{NORFOLK}/").status_code == 404
    client.force_login(cast["analyst"])
    assert client.get(URL).status_code == 200
    assert client.get("/benchmarking/positions/vkpp/").status_code == 404, "a national body keeps none"


def test_bad_input_to_a_position_is_explained_and_nothing_is_saved(client, cast):
    client.force_login(cast["editor_a"])
    for data, message in [
        (_post(rating="9"), "Choose a rating from the scale"),
        (_post(what_we_are_doing=""), "Say what the force is doing"),
        (_post(can_share="yes"), "Enter a contact, as the force can share knowledge or skills"),
        (_post(owner="999999"), "Choose an owner from the list"),
        (_post(owner=str(cast["lead_b"].pk)), "Choose an owner from the list"),
        (_post(evidence="x" * 5001), "Use 5,000 characters or fewer"),
        (_post(**{"planned_by": "2026-13-45"}), "must be a real date"),
    ]:
        page = client.post(URL, data)
        assert page.status_code == 400, message
        assert_good_page(page)
        assert message in page.content.decode()
    assert not StandingPosition.objects.exists()
    assert client.get(f"/benchmarking/positions/{NORFOLK}/9.9.9/").status_code == 404
    assert client.get(f"/benchmarking/positions/{NORFOLK}/2.1.1/objectives/99/").status_code == 404


def test_two_people_keeping_one_position_lose_nothing(client, cast):
    client.force_login(cast["editor_a"])
    assert client.post(URL, _post()).status_code == 302
    client.force_login(cast["lead_a"])
    assert client.post(URL, _post(revision="1", rating="4")).status_code == 302
    client.force_login(cast["editor_a"])
    stale = client.post(URL, _post(revision="1", rating="2"))
    html = stale.content.decode()
    assert stale.status_code == 400 and "Their version and yours" in html
    assert StandingPosition.objects.get().rating == 4
    # A double-clicked first save creates one position, not two.
    client.post(f"/benchmarking/positions/{NORFOLK}/2.2.1/", _post())
    again = client.post(f"/benchmarking/positions/{NORFOLK}/2.2.1/", _post())
    assert again.status_code == 400
    assert StandingPosition.objects.filter(action__code="2.2.1").count() == 1


def test_a_per_objective_exercise_starts_from_the_position_on_the_whole_action(cast):
    _keep(cast["editor_a"], NORFOLK, "2.1.1", rating=4, what_we_are_doing="Triage desk.")
    exercise = open_exercise(cast["admin"], codes=("2.1.1",), granularity="objective")
    mine = Answer.objects.filter(return_record__exercise=exercise, return_record__organisation__slug=NORFOLK)
    assert mine.count() == _action("2.1.1").objectives.count() >= 2
    for answer in mine:
        assert (answer.rating, answer.what_we_are_doing) == (4, "Triage desk.")
        assert answer.started_from == "Started from your standing position on the whole of 2.1.1."
    kent = Answer.objects.filter(
        return_record__exercise=exercise, return_record__organisation__slug="kent-police"
    )
    assert all(a.rating is None for a in kent), "another force's position is not Kent's"


def test_a_per_action_exercise_brings_the_objectives_positions_together(cast):
    _keep(cast["editor_a"], NORFOLK, "2.1.1", 1, rating=4, what_we_are_doing="Scripts.")
    _keep(cast["editor_a"], NORFOLK, "2.1.1", 2, rating=2, what_we_are_doing="Audits.", sees_gap=True)
    exercise = open_exercise(cast["admin"], codes=("2.1.1",))
    answer = Answer.objects.get(return_record__exercise=exercise, return_record__organisation__slug=NORFOLK)
    assert answer.rating == 2 and answer.sees_gap is True
    assert answer.what_we_are_doing == "Objective 1: Scripts.\n\nObjective 2: Audits."
    assert answer.started_from.startswith("Started from your standing positions on objectives 1, 2 of 2.1.1")


def test_a_position_is_started_from_before_the_previous_exercises_answer(cast):
    first = open_exercise(cast["admin"], codes=("2.1.1", "2.2.1"))
    Answer.objects.filter(return_record__exercise=first, return_record__organisation__slug=NORFOLK).update(
        rating=1, what_we_are_doing="Old words."
    )
    services.exercise_close(exercise=first, by=cast["admin"])
    _keep(cast["editor_a"], NORFOLK, "2.1.1", rating=5, what_we_are_doing="New words.")
    second = open_exercise(cast["admin"], codes=("2.1.1", "2.2.1"), previous=first)
    answers = {
        a.action.code: a
        for a in Answer.objects.filter(
            return_record__exercise=second, return_record__organisation__slug=NORFOLK
        )
    }
    assert (answers["2.1.1"].rating, answers["2.1.1"].what_we_are_doing) == (5, "New words.")
    assert (answers["2.2.1"].rating, answers["2.2.1"].what_we_are_doing) == (1, "Old words."), (
        "no position on 2.2.1: the previous exercise's answer"
    )


def test_submitting_a_return_brings_the_positions_up_to_date(cast):
    _keep(cast["editor_a"], NORFOLK, "2.1.1", rating=1, owner=cast["editor_a"])
    exercise = open_exercise(cast["admin"])
    record = Return.objects.get(exercise=exercise, organisation__slug=NORFOLK)
    complete_return(record, cast["lead_a"])
    services.return_submit(return_record=record, by=cast["lead_a"], declaration=True)
    positions = {p.action.code: p for p in StandingPosition.objects.filter(organisation__slug=NORFOLK)}
    assert set(positions) == {"2.1.1", "2.2.1", "2.3.1"}
    for position in positions.values():
        assert position.rating == COMPLETE["rating"]
        assert position.source == f"From the force's return to {exercise.title}"
        assert position.reviewed_on == timezone.localdate()
    assert positions["2.1.1"].owner == cast["editor_a"], "the owner stays"
    assert positions["2.1.1"].history.first().history_user == cast["lead_a"]
    assert not StandingPosition.objects.filter(organisation__slug="kent-police").exists()


def test_a_standing_position_never_changes_a_submitted_or_accepted_answer(cast):
    exercise = open_exercise(cast["admin"])
    record = Return.objects.get(exercise=exercise, organisation__slug=NORFOLK)
    complete_return(record, cast["lead_a"])
    services.return_submit(return_record=record, by=cast["lead_a"], declaration=True)
    submitted = {a.pk: (a.rating, a.what_we_are_doing, a.revision) for a in record.answers.all()}
    _keep(cast["editor_a"], NORFOLK, "2.1.1", rating=5, what_we_are_doing="Changed since.")
    assert {a.pk: (a.rating, a.what_we_are_doing, a.revision) for a in record.answers.all()} == submitted
    services.return_accept(return_record=record, by=cast["analyst"])
    _keep(cast["editor_a"], NORFOLK, "2.1.1", rating=1, what_we_are_doing="And again.")
    assert {a.pk: (a.rating, a.what_we_are_doing, a.revision) for a in record.answers.all()} == submitted
    record.refresh_from_db()
    assert record.status == Return.Status.ACCEPTED


def test_the_live_picture_never_shows_other_forces_names_to_a_force(client, cast):
    _keep(cast["editor_a"], NORFOLK, "2.1.1", rating=4)
    _keep(cast["lead_b"], "kent-police", "2.1.1", rating=2, sees_gap=True)
    client.force_login(cast["lead_b"])
    page = client.get("/benchmarking/positions/live/")
    assert_good_page(page)
    html = page.content.decode()
    assert "Self-assessed and not reviewed" in html
    others = Organisation.objects.filter(kind="force").exclude(slug="kent-police")
    assert not [f.name for f in others if f.name in html or (f.short_name and f"{f.short_name}<" in html)]
    assert "Kent" in html, "its own force is marked"
    assert client.get("/benchmarking/positions/live/2.1.1/").status_code == 403
    client.force_login(cast["analyst"])
    names = client.get("/benchmarking/positions/live/2.1.1/")
    assert_good_page(names)
    assert "Norfolk Constabulary" in names.content.decode() and "Kent Police" in names.content.decode()


def test_the_live_picture_counts_each_forces_current_rating(cast):
    from benchmarking import selectors

    version = FrameworkVersion.objects.get(framework__slug="nvap", label="3")
    _keep(cast["editor_a"], NORFOLK, "2.1.1", rating=4)
    _keep(cast["lead_b"], "kent-police", "2.1.1", 1, rating=3, sees_gap=True)
    _keep(cast["lead_b"], "kent-police", "2.1.1", 2, rating=2)
    row = next(
        r
        for r in selectors.live_picture(version, timezone.localdate())["rows"]
        if r["action"].code == "2.1.1"
    )
    assert row["counts"] == [0, 1, 0, 1, 0], "Kent's objectives brought together: the lowest"
    assert (row["forces"], row["gaps"], row["due"]) == (2, 1, 0)


def test_positions_not_reviewed_for_six_months_are_due_on_the_home_page(client, cast, settings):
    position = _keep(cast["editor_a"], NORFOLK, "2.1.1")
    StandingPosition.objects.filter(pk=position.pk).update(
        reviewed_on=timezone.localdate() - timedelta(days=settings.POSITION_REVIEW_DAYS + 1)
    )
    client.force_login(cast["editor_a"])
    home = client.get("/").content.decode()
    assert "Review 1 of Norfolk Constabulary&#x27;s standing positions" in home
    assert "Due for review" in client.get(f"/benchmarking/positions/{NORFOLK}/").content.decode()
    client.force_login(cast["lead_b"])
    assert "standing positions" not in client.get("/").content.decode()
    # Saving it again says it stands: no longer due.
    client.force_login(cast["editor_a"])
    client.post(URL, _post(revision=str(position.revision)))
    assert "Review 1 of" not in client.get("/").content.decode()


def test_the_positions_api_gives_a_force_its_own_and_the_national_team_all(client, cast):
    from accounts import services as account_services

    def get(user, url="/api/v1/positions/"):
        token = account_services.api_token_create(user=user, name="Power BI")[1]
        return client.get(url, HTTP_AUTHORIZATION=f"Bearer {token}")

    _keep(cast["editor_a"], NORFOLK, "2.1.1", rating=4)
    _keep(cast["lead_b"], "kent-police", "2.1.1", rating=2, sees_gap=True)
    mine = get(cast["lead_b"]).json()
    assert mine["count"] == 1
    (kent,) = mine["results"]
    assert (kent["force"], kent["force_ons_code"], kent["action"], kent["rating"], kent["gap"]) == (
        "kent-police",
        Organisation.objects.get(slug="kent-police").ons_code,
        "2.1.1",
        2,
        True,
    )
    assert {"can_share", "updated_at", "objective", "reviewed_on"} <= set(kent)
    every = get(cast["analyst"]).json()
    assert {p["force"] for p in every["results"]} == {NORFOLK, "kent-police"}
    assert get(cast["inspector"]).json()["count"] == 0, "an inspector keeps no force's positions"
    bad = get(cast["analyst"], "/api/v1/positions/?page=0")
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "bad_pagination"
    assert client.get("/api/v1/positions/").status_code == 401
    assert "/api/v1/positions/" in client.get("/api/v1/schema/").json()["paths"]


def test_the_live_picture_reads_the_same_number_of_queries_however_many_positions(client, cast):
    client.force_login(cast["analyst"])

    def count():
        from django.core.cache import cache

        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/benchmarking/positions/live/").status_code == 200
        return len(queries)

    _keep(cast["editor_a"], NORFOLK, "2.1.1")
    count()  # (what the process keeps for itself is read once)
    few = count()
    for slug in Organisation.objects.filter(kind="force").values_list("slug", flat=True)[:10]:
        for code in ("2.2.1", "2.3.1", "2.4.1"):
            _keep(cast["admin"], slug, code)
    assert count() == few


def test_forces_are_told_once_each_when_an_exercise_opens(cast, django_capture_on_commit_callbacks):
    from core.models import Notification

    with django_capture_on_commit_callbacks(execute=True):
        exercise = open_exercise(cast["admin"], tell_forces=True)
    run_queued_tasks()
    with pytest.raises(services.BenchmarkingError):
        services.exercise_open(exercise=exercise, by=cast["admin"])
    run_queued_tasks()
    for person in ("editor_a", "lead_a", "lead_b"):
        told = Notification.objects.filter(user=cast[person], message__contains=exercise.title)
        assert told.count() == 1, person
        assert sum(1 for m in mail.outbox if m.to == [cast[person].email]) == 1, person
    assert "due on" in mail.outbox[0].subject
    assert not Notification.objects.filter(user=cast["viewer_a"]).exists()
