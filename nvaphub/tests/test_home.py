"""Each role's home: what needs the person now, most urgent first, each item a click from
where it is done; an empty state worded for the role; a query count that does not grow."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from benchmarking import services
from benchmarking.models import Return
from benchmarking.tests.factories import complete_return, open_exercise
from core.testing import assert_good_page

pytestmark = pytest.mark.django_db
NORFOLK = "norfolk-constabulary"


def home_of(person) -> tuple[str, list]:
    client = Client()
    client.force_login(person)
    page = client.get("/")
    assert_good_page(page)
    return page.content.decode(), page.context["items"]


def test_a_force_lead_sees_the_open_return_with_its_due_date_and_progress(cast):
    exercise = open_exercise(
        cast["admin"], codes=("2.1.1", "2.2.1"), closes_on=timezone.localdate() + timedelta(days=10)
    )
    record = Return.objects.get(exercise=exercise, organisation__slug=NORFOLK)
    html, items = home_of(cast["lead_a"])
    mine = [i for i in items if i.url == f"/benchmarking/returns/{record.pk}/"]
    assert len(mine) == 1
    assert mine[0].title == "Norfolk Constabulary's return: NVAP benchmarking 2026"
    assert mine[0].detail.startswith("0 of 2 answers complete, 2 given to nobody. Due ")
    assert mine[0].tag == "10 days left"
    assert "What needs you" in html and f'href="/benchmarking/returns/{record.pk}/"' in html
    complete_return(record, cast["lead_a"])
    _, items = home_of(cast["lead_a"])
    assert [i.detail.endswith("Ready to submit.") for i in items if i.url == mine[0].url] == [True]
    assert not [i for i in home_of(cast["lead_b"])[1] if i.url == mine[0].url], "Kent's lead sees Kent's"


def test_a_return_sent_back_comes_first(cast):
    exercise = open_exercise(cast["admin"], codes=("2.1.1",))
    record = Return.objects.get(exercise=exercise, organisation__slug=NORFOLK)
    complete_return(record, cast["lead_a"])
    services.return_submit(return_record=record, by=cast["lead_a"], declaration=True)
    services.return_send_back(return_record=record, by=cast["analyst"], comment="Say more about 2.1.1")
    other = open_exercise(cast["admin"], codes=("2.2.1",), closes_on=timezone.localdate() + timedelta(days=2))
    _, items = home_of(cast["lead_a"])
    assert items[0].tag == "Sent back to you" and items[0].urgent
    assert any(
        i.url == f"/benchmarking/returns/{Return.objects.get(exercise=other, organisation__slug=NORFOLK).pk}/"
        for i in items[1:]
    )


def test_a_contributor_sees_the_answers_given_to_them(cast):
    exercise = open_exercise(cast["admin"], codes=("2.1.1", "2.2.1"))
    record = Return.objects.get(exercise=exercise, organisation__slug=NORFOLK)
    answer = record.answers.get(action__code="2.2.1")
    services.answers_assign(
        return_record=record, by=cast["lead_a"], assignments={answer.pk: cast["editor_a"]}
    )
    html, items = home_of(cast["editor_a"])
    assert [(i.title, i.url) for i in items] == [
        (
            "Complete your 1 answer in Norfolk Constabulary's return",
            f"/benchmarking/returns/{record.pk}/answers/{answer.pk}/",
        )
    ]
    assert items[0].detail.startswith("2.2.1. Due ")


def test_the_national_team_sees_returns_to_review_oldest_first_and_exercises_closing(cast):
    exercise = open_exercise(
        cast["admin"], codes=("2.1.1",), closes_on=timezone.localdate() + timedelta(days=5)
    )
    for slug in (NORFOLK, "kent-police"):
        record = Return.objects.get(exercise=exercise, organisation__slug=slug)
        complete_return(record, cast["lead_a"])
        services.return_submit(return_record=record, by=cast["lead_a"], declaration=True)
    Return.objects.filter(exercise=exercise, organisation__slug="kent-police").update(
        submitted_at=timezone.now() - timedelta(days=3)
    )
    _, items = home_of(cast["analyst"])
    reviews = [i for i in items if i.title.startswith("Review ")]
    assert [i.title.split("'s")[0] for i in reviews] == ["Review Kent Police", "Review Norfolk Constabulary"]
    assert reviews[0].tag == "Waiting 3 days"
    closing = [i for i in items if "closes on" in i.title]
    assert len(closing) == 1 and closing[0].detail.endswith("forces have not returned yet.")
    assert closing[0].url == f"/benchmarking/exercises/{exercise.pk}/"


def test_assessors_see_practice_examples_waiting(cast):
    from practice import services as practice
    from practice.tests.factories import example

    item = example(cast["editor_a"].memberships.get().organisation, cast["editor_a"])
    practice.example_submit(example=item, by=cast["editor_a"])
    _, items = home_of(cast["analyst"])
    assert [(i.title, i.url) for i in items if "practice" in i.title] == [
        ("Assess 1 practice example", "/practice/examples/")
    ]


@pytest.mark.parametrize(
    "person, words",
    [
        ("lead_a", "When an exercise opens, your force's return appears here"),
        ("editor_a", "When your lead gives you an answer in a return"),
        ("analyst", "Returns waiting for review, exercises about to close"),
        ("inspector", "Nothing here asks anything of an inspector"),
        ("viewer_a", "Nothing here asks anything of you"),
    ],
)
def test_an_empty_home_says_what_will_appear_in_words_for_the_role(cast, person, words):
    html, items = home_of(cast[person])
    assert items == [] and "Nothing needs you now" in html and words in html
    if person == "inspector":
        assert "your force" not in html.lower()


def test_the_home_asks_the_same_number_of_queries_whatever_the_data(cast):
    def queries(person) -> int:
        client = Client()
        client.force_login(person)
        client.get("/")
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/").status_code == 200
        return len(captured)

    open_exercise(cast["admin"], codes=("2.1.1",))
    small = {p: queries(cast[p]) for p in ("lead_a", "analyst")}
    open_exercise(cast["admin"], codes=("2.1.1", "2.2.1", "2.3.1", "2.4.1", "2.5.1"))
    assert {p: queries(cast[p]) for p in ("lead_a", "analyst")} == small


def test_what_is_kept_of_a_home_follows_every_change(cast):
    """The home's items are kept between visits; each change below shows at once."""
    exercise = open_exercise(cast["admin"], codes=("2.1.1", "2.2.1"))
    record = Return.objects.get(exercise=exercise, organisation__slug=NORFOLK)
    assert home_of(cast["editor_a"])[1] == []
    answer = record.answers.get(action__code="2.2.1")
    services.answers_assign(
        return_record=record, by=cast["lead_a"], assignments={answer.pk: cast["editor_a"]}
    )
    assert [i.url for i in home_of(cast["editor_a"])[1]] == [
        f"/benchmarking/returns/{record.pk}/answers/{answer.pk}/"
    ]
    lead_before = [
        i.detail for i in home_of(cast["lead_a"])[1] if i.url == f"/benchmarking/returns/{record.pk}/"
    ]
    complete_return(record, cast["editor_a"])
    lead_after = [
        i.detail for i in home_of(cast["lead_a"])[1] if i.url == f"/benchmarking/returns/{record.pk}/"
    ]
    assert lead_before != lead_after and lead_after[0].startswith("2 of 2 answers complete")
    assert home_of(cast["editor_a"])[1] == [], "complete answers no longer need them"
    before = len(home_of(cast["analyst"])[1])
    services.return_submit(return_record=record, by=cast["lead_a"], declaration=True)
    assert len(home_of(cast["analyst"])[1]) == before + 1, "a submitted return waits for review at once"


def test_a_lead_is_asked_to_start_a_plan_where_the_return_shows_a_gap(cast):
    from benchmarking.tests.factories import COMPLETE
    from framework.models import Action
    from impact import services as impact

    exercise = open_exercise(cast["admin"], codes=("2.1.1", "2.3.1"))
    record = Return.objects.get(exercise=exercise, organisation__slug=NORFOLK)
    answer = record.answers.get(action__code="2.3.1")
    services.answer_save(
        answer=answer, by=cast["lead_a"], revision=answer.revision, values={**COMPLETE, "sees_gap": True}
    )
    _, items = home_of(cast["lead_a"])
    gaps = [i for i in items if i.tag == "Gap, no plan"]
    assert [(i.title, i.url) for i in gaps] == [
        (
            "Start an impact plan for 2.3.1: Norfolk Constabulary shows a gap",
            f"/impact/forces/{NORFOLK}/start/2.3.1/",
        )
    ]
    assert not [i for i in home_of(cast["editor_a"])[1] if i.tag == "Gap, no plan"], "for the force's leads"
    impact.plan_create(
        organisation=record.organisation,
        action=Action.objects.get(version__label="3", code="2.3.1"),
        by=cast["lead_a"],
    )
    assert not [i for i in home_of(cast["lead_a"])[1] if i.tag == "Gap, no plan"], (
        "gone once the plan is started"
    )


def test_a_forces_people_are_shown_their_report_once_the_picture_is_published(cast):
    exercise = open_exercise(cast["admin"], codes=("2.1.1",))
    record = Return.objects.get(exercise=exercise, organisation__slug=NORFOLK)
    complete_return(record, cast["lead_a"])
    services.return_submit(return_record=record, by=cast["lead_a"], declaration=True)
    services.return_accept(return_record=record, by=cast["analyst"])
    assert not [i for i in home_of(cast["viewer_a"])[1] if i.tag == "Published"]
    services.exercise_close(exercise=exercise, by=cast["admin"])
    services.exercise_publish(
        exercise=exercise, by=cast["admin"], reason="Published with returns missing, as a test."
    )
    for person in ("viewer_a", "lead_a"):
        reports = [(i.title, i.url) for i in home_of(cast[person])[1] if i.tag == "Published"]
        assert reports == [
            (
                "Norfolk Constabulary's report: NVAP benchmarking 2026",
                f"/benchmarking/returns/{record.pk}/report/",
            )
        ], person
    assert not [i for i in home_of(cast["inspector"])[1] if i.tag == "Published"], "no force of their own"
    (report,) = [i for i in home_of(cast["lead_a"])[1] if i.tag == "Published"]
    assert report.detail == (
        "The force's position: a gap on 0 of 1 answers, promising practice on 0. See it beside the other forces."
    )
    kent = Return.objects.get(exercise=exercise, organisation__slug="kent-police")
    (theirs,) = [i for i in home_of(cast["lead_b"])[1] if i.tag == "Published"]
    assert theirs.url == f"/benchmarking/returns/{kent.pk}/report/"
    assert theirs.detail == "The national picture is published; the force did not return this exercise."


def test_an_owner_sees_their_objectives_and_those_overdue_first(cast):
    from framework.models import Action
    from impact import services as impact
    from impact.models import Plan, PlanObjective

    plan = impact.plan_create(
        organisation=cast["editor_a"].memberships.get().organisation,
        action=Action.objects.get(version__label="3", code="2.2.1"),
        by=cast["lead_a"],
    )
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.ACTIVE)
    from framework.models import ToolkitObjective

    objective = PlanObjective.objects.create(
        plan=plan,
        impact_owner=cast["editor_a"],
        toolkit_objective=ToolkitObjective.objects.get(toolkit__action__code="2.2.1", number=1),
    )
    _, items = home_of(cast["editor_a"])
    assert [(i.title, i.url, i.tag) for i in items] == [
        ("Your 1 impact objective with updates up to date", "/impact/mine/", "Yours")
    ]
    Plan.objects.filter(pk=plan.pk).update(created_at=timezone.now() - timedelta(days=400))
    from core import cache

    cache.clear()
    _, items = home_of(cast["editor_a"])
    assert items[0].tag == "Overdue" and items[0].url == f"/impact/plans/{plan.pk}/"
    assert items[0].title == f"Give a progress update: 2.2.1, {objective.plan.organisation.name}"


def test_a_lead_sees_measures_with_no_value_for_the_last_period_until_it_is_given(cast):
    from impact import services as impact
    from impact.models import Measure
    from impact.rules import last_period
    from impact.tests.factories import plan_with_everything

    norfolk = cast["lead_a"].memberships.get().organisation
    plan, measure = plan_with_everything(norfolk, cast["editor_a"])
    period = last_period(Measure.Frequency.MONTHLY, timezone.localdate())
    assert not measure.measurements.filter(period=period).exists()
    _, items = home_of(cast["lead_a"])
    missing = [i for i in items if i.tag == "Values missing"]
    assert [(i.title, i.url, i.detail) for i in missing] == [
        (
            "1 measure in Norfolk Constabulary's impact plans has no value for the last period",
            f"/impact/measures/{measure.pk}/values/",
            f"{measure.name}: nothing yet for {period}.",
        )
    ]
    impact.measurements_save(measure=measure, by=cast["editor_a"], rows=[(period, "50", "")])
    assert not [i for i in home_of(cast["lead_a"])[1] if i.tag == "Values missing"]


@pytest.mark.parametrize(
    "frequency,today,period",
    [
        ("monthly", "2026-01-15", "2025-12"),
        ("monthly", "2026-11-26", "2026-10"),
        ("quarterly", "2026-02-01", "2025-Q4"),
        ("quarterly", "2026-11-26", "2026-Q3"),
        ("annual", "2026-11-26", "2025"),
    ],
)
def test_the_last_period_is_the_latest_that_has_ended(frequency, today, period):
    from datetime import date

    from impact.rules import last_period

    assert last_period(frequency, date.fromisoformat(today)) == period


def test_the_header_counts_what_needs_the_person_on_every_page(cast):
    import re

    open_exercise(cast["admin"], codes=("2.1.1",))
    client = Client()
    client.force_login(cast["lead_a"])
    home = client.get("/")
    count = len(home.context["items"])
    assert count == 1
    pattern = r'>Your work <strong class="govuk-tag govuk-tag--blue">1<span class="govuk-visually-hidden"> thing needs you</span>'
    assert re.search(pattern, home.content.decode())
    other = client.get("/plan/nvap/")
    assert re.search(pattern, other.content.decode()), "the same count on another page"
    nobody = Client()
    nobody.force_login(cast["inspector"])
    assert ">Your work</a>" in nobody.get("/plan/nvap/").content.decode(), "no count when nothing needs them"


def test_the_national_team_sees_headlines_of_the_latest_published_exercise(cast):
    import re

    from benchmarking.models import Answer

    exercise = open_exercise(cast["admin"], codes=("2.1.1", "2.2.1"))
    for slug in (NORFOLK, "kent-police"):
        record = Return.objects.get(exercise=exercise, organisation__slug=slug)
        complete_return(record, cast["admin"])
        Return.objects.filter(pk=record.pk).update(status=Return.Status.ACCEPTED)
    for slug, code in [(NORFOLK, "2.2.1"), ("kent-police", "2.2.1"), ("kent-police", "2.1.1")]:
        Answer.objects.filter(
            return_record__exercise=exercise, return_record__organisation__slug=slug, action__code=code
        ).update(sees_gap=True)
    services.exercise_close(exercise=exercise, by=cast["admin"])
    services.exercise_publish(
        exercise=exercise, by=cast["admin"], reason="Published with returns missing, as a test."
    )
    html, _ = home_of(cast["analyst"])
    words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "Headlines from NVAP benchmarking 2026 2 of 44 forces returned." in words
    assert re.search(r"2\.2\.1 [^0-9]+ 2 2\.1\.1 [^0-9]+ 1 ", words), "most gaps first, with counts"
    lead_html, _ = home_of(cast["lead_a"])
    assert "Headlines from" not in lead_html


def test_plan_changes_reach_the_home(cast):
    from framework.models import Framework, FrameworkVersion

    nvap = Framework.objects.get(slug="nvap")
    FrameworkVersion.objects.create(framework=nvap, label="4", sequence=99, title="NVAP version 4")
    _, items = home_of(cast["analyst"])
    assert "Draft NVAP version 4 is waiting to be published" in [i.title for i in items]
    _, items = home_of(cast["lead_a"])
    assert not [i for i in items if "version 4" in i.title], "drafts are the national team's"
    FrameworkVersion.objects.filter(label="4").update(status="published", published_on=timezone.localdate())
    from core import cache

    cache.clear()
    _, items = home_of(cast["lead_a"])
    assert [(i.title, i.url, i.tag) for i in items if "version 4" in i.title] == [
        ("The plan changed: NVAP version 4 is published", "/plan/nvap/versions/", "New")
    ]


def test_the_header_count_costs_a_fixed_handful_of_queries_and_none_once_counted(cast):
    from conftest import WORK_COUNT_QUERIES
    from core import cache
    from impact.tests.factories import plan_with_everything
    from nvaphub.work import count_for

    open_exercise(cast["admin"], codes=("2.1.1", "2.2.1"))
    plan_with_everything(cast["lead_a"].memberships.get().organisation, cast["editor_a"])
    for person in ("lead_a", "editor_a", "viewer_a", "analyst", "admin", "inspector"):
        user = cast[person]
        user.refresh_from_db()
        cache.clear()
        with CaptureQueriesContext(connection) as cold:
            count_for(user)
        with CaptureQueriesContext(connection) as warm:
            count_for(user)
        assert len(cold) <= WORK_COUNT_QUERIES, (person, len(cold))
        assert len(warm) == 0, person
