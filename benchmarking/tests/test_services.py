from datetime import timedelta

import pytest
from django.utils import timezone

from benchmarking import services
from benchmarking.models import Answer, Exercise, Return
from benchmarking.rules import return_is_editable
from benchmarking.tests.factories import COMPLETE, complete_return, open_exercise
from organisations.models import Organisation


@pytest.fixture
def exercise(cast):
    return open_exercise(cast["admin"])


def _return(exercise, slug="norfolk-constabulary"):
    return Return.objects.get(exercise=exercise, organisation__slug=slug)


def test_opening_creates_one_return_per_force_with_an_answer_per_action(exercise):
    assert exercise.status == Exercise.Status.OPEN
    assert exercise.returns.count() == Organisation.objects.filter(kind="force").count() == 44
    assert Answer.objects.filter(return_record__exercise=exercise).count() == 44 * 3
    assert list(exercise.rating_levels.values_list("label", flat=True))[:2] == ["Not started", "Planned"]


def test_the_default_scope_is_every_force_action(cast):
    from framework.models import FrameworkVersion

    version = FrameworkVersion.objects.get(label="3")
    exercise = services.exercise_create(
        created_by=cast["admin"],
        version=version,
        title="All",
        opens_on=timezone.localdate(),
        closes_on=timezone.localdate(),
    )
    assert exercise.actions.count() == 16
    assert not exercise.actions.filter(scope="national").exists()


def test_per_objective_exercises_ask_about_every_objective(cast):
    exercise = open_exercise(cast["admin"], codes=("2.2.1",), granularity="objective")
    assert _return(exercise).answers.count() == 4


def test_an_exercise_opens_once(exercise, cast):
    with pytest.raises(services.BenchmarkingError, match="Only a draft exercise can be opened"):
        services.exercise_open(exercise=exercise, by=cast["admin"])


def test_a_new_exercise_starts_from_the_previous_answers(exercise, cast):
    record = _return(exercise)
    complete_return(record, cast["lead_a"])
    follow_up = open_exercise(cast["admin"], previous=exercise)
    answers = _return(follow_up).answers.all()
    assert {a.what_we_are_doing for a in answers} == {COMPLETE["what_we_are_doing"]}
    assert _return(follow_up, "kent-police").answers.filter(rating__isnull=False).count() == 0


def test_saving_an_answer_moves_the_return_in_progress_and_keeps_history(exercise, cast):
    answer = _return(exercise).answers.first()
    services.answer_save(answer=answer, by=cast["editor_a"], revision=0, values={"rating": 2})
    answer.refresh_from_db()
    assert (answer.rating, answer.revision, answer.updated_by) == (2, 1, cast["editor_a"])
    assert answer.return_record.status == Return.Status.IN_PROGRESS
    before, after = answer.history.order_by("history_date")[:2]
    assert (before.rating, after.rating, after.history_user) == (None, 2, cast["editor_a"])


def test_a_save_from_an_older_revision_is_refused_and_both_versions_survive(exercise, cast):
    answer = _return(exercise).answers.first()
    services.answer_save(
        answer=answer, by=cast["editor_a"], revision=0, values={"what_we_are_doing": "First"}
    )
    with pytest.raises(services.ConflictError) as conflict:
        services.answer_save(
            answer=answer, by=cast["lead_a"], revision=0, values={"what_we_are_doing": "Second"}
        )
    assert conflict.value.current.what_we_are_doing == "First"
    answer.refresh_from_db()
    assert answer.what_we_are_doing == "First"


def test_submission_lists_every_incomplete_answer(exercise, cast):
    record = _return(exercise)
    first = record.answers.first()
    services.answer_save(answer=first, by=cast["lead_a"], revision=0, values=COMPLETE)
    with pytest.raises(services.IncompleteReturnError) as error:
        services.return_submit(return_record=record, by=cast["lead_a"], declaration=True)
    assert len(error.value.missing) == 2
    assert first not in error.value.missing


def test_sharing_knowledge_needs_a_contact(exercise, cast):
    answer = _return(exercise).answers.first()
    services.answer_save(answer=answer, by=cast["lead_a"], revision=0, values={**COMPLETE, "can_share": True})
    answer.refresh_from_db()
    assert not answer.is_complete


def test_submission_needs_the_declaration(exercise, cast):
    record = _return(exercise)
    complete_return(record, cast["lead_a"])
    with pytest.raises(services.BenchmarkingError, match="declaration"):
        services.return_submit(return_record=record, by=cast["lead_a"], declaration=False)


def test_the_review_cycle(exercise, cast):
    record = _return(exercise)
    complete_return(record, cast["lead_a"])
    services.return_submit(return_record=record, by=cast["lead_a"], declaration=True)
    record.refresh_from_db()
    assert not return_is_editable(record), "a submitted return is read-only to the force"
    with pytest.raises(services.BenchmarkingError, match="Say what the force needs to change"):
        services.return_send_back(return_record=record, by=cast["analyst"], comment=" ")
    services.return_send_back(return_record=record, by=cast["analyst"], comment="Add your evidence for 2.2.1")
    record.refresh_from_db()
    assert record.status == Return.Status.RETURNED and return_is_editable(record)
    services.return_submit(return_record=record, by=cast["lead_a"], declaration=True)
    services.return_accept(return_record=record, by=cast["analyst"])
    record.refresh_from_db()
    assert record.status == Return.Status.ACCEPTED
    assert [h.status for h in record.history.order_by("history_date")][-4:] == [
        "submitted",
        "returned",
        "submitted",
        "accepted",
    ]


def test_reviewing_an_answer(exercise, cast):
    record = _return(exercise)
    complete_return(record, cast["lead_a"])
    answer = record.answers.first()
    with pytest.raises(services.BenchmarkingError, match="once the force has submitted"):
        services.answer_review(answer=answer, by=cast["analyst"], values={"national_rating": 4})
    services.return_submit(return_record=record, by=cast["lead_a"], declaration=True)
    with pytest.raises(services.BenchmarkingError, match="Give a reason"):
        services.answer_review(answer=answer, by=cast["analyst"], values={"promising_practice": True})
    services.answer_review(
        answer=answer,
        by=cast["analyst"],
        values={
            "national_rating": 4,
            "promising_practice": True,
            "promising_practice_reason": "Evaluated",
            "reviewer_sees_gap": True,
        },
    )
    answer.refresh_from_db()
    assert (answer.national_rating, answer.gap) == (4, Answer.Gap.REVIEWER)


def test_returns_lock_after_the_close_date_unless_extended(exercise, cast):
    record = _return(exercise)
    later = exercise.closes_on + timedelta(days=1)
    assert return_is_editable(record)
    assert not return_is_editable(record, today=later)
    services.return_extension_grant(return_record=record, by=cast["analyst"], until=later)
    record.refresh_from_db()
    assert return_is_editable(record, today=later)
    assert not return_is_editable(record, today=later + timedelta(days=1))
    with pytest.raises(services.BenchmarkingError, match="must end after"):
        services.return_extension_grant(return_record=record, by=cast["analyst"], until=exercise.closes_on)


def test_closing_locks_every_return_and_publishing_needs_a_closed_exercise(exercise, cast):
    with pytest.raises(services.BenchmarkingError, match="Close the exercise"):
        services.exercise_publish(
            exercise=exercise, by=cast["admin"], reason="Published with returns missing, as a test."
        )
    services.exercise_close(exercise=exercise, by=cast["admin"])
    assert not return_is_editable(_return(exercise))
    services.exercise_publish(
        exercise=exercise, by=cast["admin"], reason="Published with returns missing, as a test."
    )
    exercise.refresh_from_db()
    assert exercise.status == Exercise.Status.PUBLISHED and exercise.published_by == cast["admin"]


def _answered(exercise, slug, code, values_by_objective):
    """Writes the force's answers on `code` directly (number None: the whole action)."""
    from benchmarking.models import Answer

    mine = Answer.objects.filter(
        return_record__exercise=exercise, return_record__organisation__slug=slug, action__code=code
    )
    for number, values in values_by_objective.items():
        (mine if number is None else mine.filter(objective__number=number)).update(**values)


def test_a_per_objective_exercise_starts_each_objective_from_the_answer_on_the_whole_action(cast):
    from benchmarking.models import Answer, Exercise

    first = open_exercise(cast["admin"], codes=("2.1.1",))
    _answered(
        first,
        "norfolk-constabulary",
        "2.1.1",
        {None: {"rating": 4, "what_we_are_doing": "Triage desk.", "sees_gap": False}},
    )
    services.exercise_close(exercise=first, by=cast["admin"])
    Exercise.objects.filter(pk=first.pk).update(opens_on=first.opens_on - timezone.timedelta(days=400))
    first.refresh_from_db()
    second = open_exercise(cast["admin"], codes=("2.1.1",), granularity="objective", previous=first)
    mine = Answer.objects.filter(
        return_record__exercise=second, return_record__organisation__slug="norfolk-constabulary"
    )
    assert mine.count() >= 2
    for answer in mine:
        assert (answer.rating, answer.what_we_are_doing, answer.sees_gap) == (4, "Triage desk.", False)
        assert answer.started_from == f"Started from your answer on the whole of 2.1.1 in {first.title}."
    untouched = Answer.objects.filter(
        return_record__exercise=second, return_record__organisation__slug="kent-police"
    )
    assert all(a.rating is None and a.started_from == "" for a in untouched), "nothing to start from"


def test_a_per_action_exercise_brings_the_objectives_answers_together(cast):
    from benchmarking.models import Answer, Exercise

    first = open_exercise(cast["admin"], codes=("2.1.1",), granularity="objective")
    _answered(
        first,
        "norfolk-constabulary",
        "2.1.1",
        {
            1: {"rating": 4, "what_we_are_doing": "Scripts.", "sees_gap": False, "can_share": False},
            2: {
                "rating": 2,
                "what_we_are_doing": "Audits.",
                "sees_gap": True,
                "can_share": True,
                "share_contact": "a@b.c",
            },
        },
    )
    services.exercise_close(exercise=first, by=cast["admin"])
    Exercise.objects.filter(pk=first.pk).update(opens_on=first.opens_on - timezone.timedelta(days=400))
    first.refresh_from_db()
    second = open_exercise(cast["admin"], codes=("2.1.1",), previous=first)
    answer = Answer.objects.get(
        return_record__exercise=second, return_record__organisation__slug="norfolk-constabulary"
    )
    assert answer.rating == 2, "the lowest rating"
    assert answer.what_we_are_doing == "Objective 1: Scripts.\n\nObjective 2: Audits."
    assert (answer.sees_gap, answer.can_share, answer.share_contact) == (True, True, "a@b.c")
    assert answer.started_from.startswith("Started from your answers on objectives 1, 2 of 2.1.1 in ")
    from django.test import Client

    client = Client()
    client.force_login(cast["lead_a"])
    page = client.get(f"/benchmarking/returns/{answer.return_record_id}/answers/{answer.pk}/")
    html = page.content.decode()
    assert "Check it reads as one answer." in html
    assert f"Last time you said, in {first.title}" in html
    assert "Objective 2: rated 2" in html and "a gap" in html
