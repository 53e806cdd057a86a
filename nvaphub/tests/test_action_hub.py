"""The action page as the hub: the reader's force on the action (its open answer, its
published position, its impact plan and practice examples) and, for everyone signed in, the
national distribution from the latest published exercise, published practice and forces that
offer to share. Drawn per reader under the sheet kept for everyone."""

import re
from collections import Counter

import pytest
from django.test import Client

from benchmarking.demo import demo_baseline_create, demo_exercise_create
from benchmarking.models import Answer, Exercise
from core.testing import assert_good_page
from organisations.demo import demo_accounts_create

pytestmark = pytest.mark.django_db
PAGE = "/plan/nvap/actions/2.1.1/"


@pytest.fixture
def demo(content):
    demo_accounts_create()
    baseline = demo_baseline_create()
    demo_exercise_create()
    return baseline


def text_of(user) -> str:
    client = Client()
    if user is not None:
        client.force_login(user)
    page = client.get(PAGE)
    assert_good_page(page)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.content.decode()))


def baseline_answer(baseline, slug, code="2.1.1") -> Answer:
    return Answer.objects.get(
        return_record__exercise=baseline, return_record__organisation__slug=slug, action__code=code
    )


def test_a_force_lead_sees_their_forces_open_answer_and_published_position(demo):
    from accounts.models import User

    norfolk = baseline_answer(demo, "norfolk-constabulary")
    levels = dict(demo.rating_levels.values_list("value", "label"))
    text = text_of(User.objects.get(email="lead@norfolk.demo"))
    assert "Your force on 2.1.1" in text
    assert "In the open return, NVAP benchmarking (demo): rated 3 (Developing)." in text
    assert (
        f"Self-assessed {norfolk.rating} ({levels[norfolk.rating]}); "
        f"national review {norfolk.national_rating} ({levels[norfolk.national_rating]})."
    ) in text
    assert "Norfolk Constabulary's report on 2019 baseline" in text
    assert (
        "Norfolk Constabulary has no impact realisation plan for this action. Start an impact plan for 2.1.1"
        in text
    )
    # Kent's lead sees Kent's position, never Norfolk's.
    kent = text_of(User.objects.get(email="lead@kent.demo"))
    assert "Norfolk Constabulary's report" not in kent and "Kent Police's report on 2019 baseline" in kent


def test_everyone_signed_in_sees_the_national_distribution_of_the_latest_published_exercise(demo):
    from accounts.models import User

    counted = Answer.objects.filter(
        return_record__exercise=demo, return_record__status="accepted", action__code="2.1.1"
    )
    spread = Counter(counted.values_list("rating", flat=True))
    levels = list(demo.rating_levels.values_list("value", "label"))
    for email in ("inspector@hmicfrs.demo", "analyst@vkpp.demo", "lead@norfolk.demo"):
        text = text_of(User.objects.get(email=email))
        assert "Across forces on 2.1.1" in text
        assert (
            "From the national picture of 2019 baseline , published 10 December 2019: 43 of 44 forces returned."
            in text
        )
        for value, label in levels:
            assert f"{value} {label} {spread.get(value, 0)} " in text
        gaps = sum(1 for a in counted if a.sees_gap or a.reviewer_sees_gap)
        assert f"{gaps} force{'s' if gaps != 1 else ''} with a gap" in text
    inspector = text_of(User.objects.get(email="inspector@hmicfrs.demo"))
    assert "Your force" not in inspector, "an inspector is never told about 'your force'"


def test_only_forces_that_chose_to_be_named_are_listed_as_offering_to_share(demo):
    from accounts.models import User

    sharing = Answer.objects.filter(
        return_record__exercise=demo, action__code="2.1.1", can_share=True, return_record__status="accepted"
    ).select_related("return_record__organisation")
    from benchmarking.models import Return

    first = min(sharing, key=lambda a: a.return_record.organisation.name)
    Return.objects.filter(pk=first.return_record_id).update(share_name=False)
    named = {
        a.return_record.organisation.name for a in sharing if a.return_record_id != first.return_record_id
    }
    hidden = {first.return_record.organisation.name}
    assert named, "the demo has forces that offer to share"
    text = text_of(User.objects.get(email="analyst@vkpp.demo"))
    part = text.split("Forces that offer to share their work", 1)[1].split("Impact realisation", 1)[0]
    assert all(name in part for name in named)
    assert not any(name in part for name in hidden)


def test_nothing_unpublished_reaches_the_page_and_signed_out_readers_get_the_sheet_alone(demo, settings):
    from accounts.models import User

    Exercise.objects.filter(pk=demo.pk).update(status=Exercise.Status.CLOSED)
    text = text_of(User.objects.get(email="lead@kent.demo"))
    assert "No benchmarking exercise on this version of the plan has been published yet." in text
    assert "2019 baseline" not in text
    settings.PLAN_IS_PUBLIC = True
    public = text_of(None)
    assert "Across forces" not in public and "Your force" not in public
    assert "2.1.1" in public


def test_a_force_that_did_not_return_is_told_so(demo):
    from accounts.models import User
    from organisations.models import Membership, Organisation

    absent = Organisation.objects.get(returns__exercise=demo, returns__status="not_started")
    lead = User.objects.create_user(email="lead@absent.test", password="x" * 12, full_name="Absent Lead")
    Membership.objects.create(user=lead, organisation=absent, role=Membership.Role.VIEWER)
    text = text_of(lead)
    assert (
        f"{absent.name} did not return 2019 baseline, so it has no published position on this action." in text
    )


def test_the_forces_plan_shows_with_each_objectives_rag_and_where_its_measures_move(demo, cast):
    from impact import services as impact
    from impact.tests.factories import plan_with_everything

    norfolk = cast["lead_a"].memberships.get().organisation
    plan, measure = plan_with_everything(norfolk, cast["editor_a"])
    item = plan.objectives.get()
    impact.progress_update_add(plan_objective=item, by=cast["editor_a"], rag="red", narrative="Stalled.")
    client = Client()
    client.force_login(cast["lead_a"])
    page = client.get("/plan/nvap/actions/2.2.1/")
    assert_good_page(page)
    html = page.content.decode()
    words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert f'href="/impact/plans/{plan.pk}/"' in html
    assert (
        f"Norfolk Constabulary's impact realisation plan for 2.2.1 ({plan.get_status_display().lower()})."
        in words
    )
    assert "Red" in words.split("Impact realisation", 1)[1]
    from impact.selectors import plans_on_action, trend

    measured = plans_on_action([norfolk.pk], plan.action_id)[0].objectives.get().measures.get()
    direction = {"towards": "moving towards its target", "away": "moving away from its target"}.get(
        trend(measured), "level"
    )
    assert f"{measure.name} : {direction}" in words or f"{measure.name}: {direction}" in words
    # Another force's lead sees their own force's (none), never Norfolk's.
    other = Client()
    other.force_login(cast["lead_b"])
    assert f"/impact/plans/{plan.pk}/" not in other.get("/plan/nvap/actions/2.2.1/").content.decode()


def test_published_practice_on_the_action_is_listed_newest_first_with_the_whole_count(demo, cast):
    from practice import services as practice
    from practice.models import LibraryEntry
    from practice.tests.factories import example

    norfolk = cast["lead_a"].memberships.get().organisation
    made = []
    for n in range(7):
        item = example(norfolk, cast["editor_a"], code="2.1.1", title=f"Triage desk {n}")
        practice.example_submit(example=item, by=cast["editor_a"])
        practice.assessment_decide(example=item, by=cast["analyst"], decision="publish", note="")
        made.append(LibraryEntry.objects.get(example=item))
    draft = example(norfolk, cast["editor_a"], code="2.1.1", title="Still a draft")
    client = Client()
    client.force_login(cast["inspector"])
    html = client.get(PAGE).content.decode()
    shown = re.findall(r'href="/practice/library/(\d+)/"', html)
    assert [int(pk) for pk in shown] == [e.pk for e in reversed(made)][:5], "the newest five"
    assert "All 7 published examples for 2.1.1 in the practice library" in html
    assert "Still a draft" not in html, "the library shows only what is published"
    lead = Client()
    lead.force_login(cast["lead_a"])
    own = lead.get(PAGE).content.decode()
    assert f'href="/practice/examples/{draft.pk}/"' in own, "the force's own examples, drafts too"
