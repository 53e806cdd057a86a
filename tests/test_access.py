"""Access rules: every URL declares its policy, and force-scoped pages refuse other forces."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from organisations import access
from organisations.models import Organisation

# URL names that belong to Django's admin or static serving, not to our views.
EXCLUDED_NAMESPACES = {"admin"}


def _walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or namespace
            if ns in EXCLUDED_NAMESPACES:
                continue
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback, namespace, pattern.name


ALL_PATTERNS = list(_walk(get_resolver().url_patterns))


def test_the_walk_finds_every_area_of_the_site():
    routes = {route for route, *_ in ALL_PATTERNS}
    assert "organisations/<slug:slug>/" in routes
    assert "plan/<slug:framework>/actions/<str:code>/" in routes
    assert "api/v1/frameworks/<framework>/" in routes


@pytest.mark.parametrize("route,view,namespace,name", ALL_PATTERNS, ids=[p[0] or "/" for p in ALL_PATTERNS])
def test_every_view_declares_who_may_reach_it(route, view, namespace, name):
    policy = getattr(view, "access_policy", None)
    assert policy in {
        access.PUBLIC,
        access.SIGNED_IN,
        access.PLAN_READER,
        access.FORCE_SCOPED,
        access.NATIONAL_ADMIN,
        access.NATIONAL_TEAM,
        access.RESTRICTED,
    }, f"{route} ({name}) does not declare an access policy from organisations.access"


def test_routes_that_take_an_organisation_are_force_scoped():
    for route, view, _namespace, _name in ALL_PATTERNS:
        if "<slug:slug>" in route and route.startswith("organisations/"):
            assert view.access_policy == access.FORCE_SCOPED, route


FORCE_SCOPED = [
    (route, name, ns) for route, view, ns, name in ALL_PATTERNS if view.access_policy == access.FORCE_SCOPED
]


@pytest.fixture
def force_a_objects(cast):
    """Values for every URL parameter of a force-scoped route, all belonging to force A."""
    from benchmarking.models import Return
    from benchmarking.tests.factories import open_exercise

    exercise = open_exercise(cast["admin"])
    record = Return.objects.get(exercise=exercise, organisation__slug="norfolk-constabulary")
    from benchmarking import services

    answer = record.answers.first()
    link = services.evidence_link_add(
        answer=answer, by=cast["lead_a"], title="Policy", url="https://example.org/p"
    )
    from impact.tests.factories import plan_with_everything

    plan, measure = plan_with_everything(record.organisation, cast["editor_a"])
    objective = plan.objectives.first()
    from practice.tests.factories import example

    practice = example(record.organisation, cast["editor_a"], attach=True)
    from organisations.services import invitation_send

    invitation = invitation_send(
        organisation=record.organisation, email="invited@force-a.test", role="viewer", by=cast["lead_a"]
    )
    from practice.services import help_request_ask

    question, _ = help_request_ask(
        organisation=record.organisation, action=answer.action, by=cast["editor_a"], question="Who can help?"
    )
    from reviews import services as review_services
    from reviews.tests.factories import a_review

    review = a_review(cast["lead_a"])
    member = review_services.team_member_add(
        review=review, by=cast["admin"], user=cast["analyst"], role="lead", no_conflict=True
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    review_services.review_decide(review=review, by=cast["admin"], accept=True)
    asked = review_services.evidence_request_add(
        review=review,
        by=cast["admin"],
        title="Victim contact policy",
        kind="policy",
        due_on=review.created_at.date(),
    )
    given = review_services.evidence_file_add(
        item=asked,
        by=cast["lead_a"],
        title="Policy",
        upload=SimpleUploadedFile("policy.pdf", b"%PDF-1.7\n%fake"),
    )
    from casereviews import services as learning
    from casereviews.tests.factories import a_review as a_case_review
    from casereviews.tests.factories import coded

    case_review = a_case_review(cast["admin"])
    learning.subject_add(
        review=case_review, by=cast["admin"], age_band="25_44", sex="female", ethnicity="white"
    )
    point = coded(case_review, cast["admin"]).points.get()
    learning.learning_publish(review=case_review, by=cast["admin"], coding=point.coding)
    briefing = learning.briefing_create(
        by=cast["admin"],
        fields={
            "kind": "quarterly",
            "title": "Learning from 2024",
            "period_from": case_review.published_on.replace(month=1, day=1),
            "period_to": case_review.published_on.replace(month=12, day=31),
            "review_kinds": [],
            "action_codes": [],
            "commentary": "",
        },
    )
    briefing = learning.briefing_publish(briefing=briefing, by=cast["admin"])
    briefing_response = learning.response_add(
        briefing=briefing,
        organisation=record.organisation,
        action=answer.action,
        by=cast["editor_a"],
        text="Attending officers now see the call history.",
    )
    return {
        "slug": "norfolk-constabulary",
        "subject_pk": case_review.subjects.get().pk,
        "point_pk": point.pk,
        "response_pk": briefing_response.pk,
        "member_pk": member.pk,
        "request_pk": asked.pk,
        "file_pk": given.pk,
        "finding_pk": review_services.finding_add(
            review=review,
            by=cast["analyst"],
            kind="opportunity",
            action=review.actions.get(),
            text="Victims are not always updated.",
            suggested_step="Name an owner.",
        ).pk,
        "question_pk": review.questions.first().pk,
        # <pk> is whatever the route is about: a return, a plan or a measure.
        "pk": {
            "case-reviews/reviews/": case_review.pk,
            "case-reviews/briefings/": briefing.pk,
            "case-reviews/themes/": point.themes.get().pk,
            "reviews/": review.pk,
            "impact/plans/": plan.pk,
            "impact/measures/": measure.pk,
            "practice/examples/": practice.pk,
            "practice/help-requests/": question.pk,
            "": record.pk,
        },
        "attachment_pk": practice.attachments.get().pk,
        "answer_pk": answer.pk,
        "evidence_pk": link.pk,
        "objective_pk": objective.pk,
        "kind": "activities",
        "item_pk": objective.activities.first().pk,
        "code": plan.action.code,
        "objective": 1,
        "chart": "groups",
        "fmt": "svg",
        "exercise": exercise,
        "person_pk": cast["viewer_a"].pk,
        "invitation_pk": invitation.pk,
    }


# Pages a force sees only once the national picture is published.
HIDDEN_UNTIL_PUBLISHED = {"benchmarking:report", "benchmarking:report-pdf", "benchmarking:compare"}


def _publish(exercise, by):
    from benchmarking import services

    services.exercise_close(exercise=exercise, by=by)
    services.exercise_publish(exercise=exercise, by=by, reason="Published with returns missing, as a test.")


MISSING = {
    "slug": "no-such-force",
    "pk": 999999,
    "answer_pk": 999999,
    "evidence_pk": 999999,
    "objective_pk": 999999,
    "kind": "activities",
    "item_pk": 999999,
    "code": "2.2.1",
    "objective": 99,
    "member_pk": 999999,
    "question_pk": 999999,
    "request_pk": 999999,
    "file_pk": 999999,
    "finding_pk": 999999,
    "subject_pk": 999999,
    "point_pk": 999999,
    "response_pk": 999999,
    "chart": "groups",
    "fmt": "svg",
    "attachment_pk": 999999,
    "person_pk": 999999,
    "invitation_pk": 999999,
}


def _url_for(route, values):
    import re

    def value(match):
        name = match.group(2)
        assert name in values, f"the access test does not know how to fill <{name}> in {route}"
        found = values[name]
        if isinstance(found, dict):
            found = next(v for prefix, v in found.items() if route.startswith(prefix))
        return str(found)

    return "/" + re.sub(r"<(\w+:)?(\w+)>", value, route)


@pytest.mark.parametrize("route,name,namespace", FORCE_SCOPED)
def test_force_scoped_pages_refuse_other_forces(client, cast, force_a_objects, route, name, namespace):
    own = _url_for(route, force_a_objects)
    client.force_login(cast["lead_b"])
    get, post = client.get(own).status_code, client.post(own).status_code
    # 404 for every method the page takes; 405 only for the method it never takes, whoever asks.
    expected_get = 405 if EXPECTED[f"{namespace}:{name}"][0] == 405 else 404
    assert (get, post) in ((expected_get, 404), (expected_get, 405)), f"another force got {get} / {post}"
    assert post == 404 or expected_get == 404, "one of the two methods must be the 404"
    missing = _url_for(route, MISSING)
    assert 404 in {client.get(missing).status_code, client.post(missing).status_code}


# What each role gets when it opens each force-scoped page of force A: (force lead, contributor,
# viewer, national analyst). Pages that read are open to all four; pages that write are the
# lead's and contributors' (the viewer and the national team get a 403, never a 404: the page
# exists, the role may not write); the lead alone submits and assigns; a link kept as evidence
# redirects to its address; a plan already started sends the editor to it; the share-name
# switch only takes a POST. The report is the national team's until the picture is published.
READ, WRITE = (200, 200, 200, 200), (200, 200, 403, 403)
EXPECTED = {
    "organisations:detail": READ,
    # Running the team: the force's leads (and national admins).
    "organisations:invite": (200, 403, 403, 403),
    "organisations:changes": (200, 403, 403, 403),
    "organisations:invitation-resend": (405, 405, 405, 405),
    "organisations:invitation-withdraw": (200, 403, 403, 403),
    "organisations:role": (200, 403, 403, 403),
    "organisations:remove": (200, 403, 403, 403),
    "organisations:restore": (405, 405, 405, 405),
    "organisations:review-confirm": (405, 405, 405, 405),
    "organisations:second-factor-reset": (200, 403, 403, 403),
    "organisations:second-factors": (200, 403, 403, 403),
    "benchmarking:return": READ,
    "benchmarking:answer": READ,
    "benchmarking:evidence": READ,
    "benchmarking:evidence-download": (302, 302, 302, 302),
    "benchmarking:evidence-remove": WRITE,
    "benchmarking:submit": (200, 403, 403, 403),
    # The confirmation: once the return is submitted; before, it sends everyone to the return.
    "benchmarking:submitted": (302, 302, 302, 302),
    "benchmarking:assign": (200, 403, 403, 403),
    "benchmarking:report": (404, 404, 404, 200),
    "benchmarking:workbook": READ,
    "benchmarking:workbook-upload": WRITE,
    "benchmarking:return-csv": READ,
    "benchmarking:report-pdf": (404, 404, 404, 200),
    "benchmarking:share-name": (405, 405, 405, 405),
    # Standing positions: read by the force and the national team, kept by the force.
    "benchmarking:force-positions": READ,
    "benchmarking:position": READ,
    "benchmarking:position-objective": READ,
    # Comparing with peers: a part of the report, so the national team's until publication.
    "benchmarking:compare": (404, 404, 404, 200),
    # (force A's return in the walk is not rated, so there is nothing to chart: a 404 for all;
    # benchmarking/tests/test_peers.py downloads the charts of a rated one)
    "benchmarking:compare-chart": (404, 404, 404, 404),
    # Peer reviews: the force and the national team read a review; the national team decides
    # a force's request, forms the team and sets the questions.
    "reviews:detail": READ,
    # (the walk's review is decided: nobody decides it again; reviews/tests/test_scoping.py
    # shows who decides a waiting one)
    "reviews:decide": (403, 403, 403, 403),
    "reviews:team": (403, 403, 403, 200),
    "reviews:team-remove": (403, 403, 403, 200),
    "reviews:questions": (403, 403, 403, 200),
    "reviews:question-remove": (403, 403, 403, 200),
    # Evidence: the force gives it (its viewers and the national team read), the team asks.
    "reviews:evidence": READ,
    "reviews:evidence-request": READ,
    "reviews:evidence-file": READ,
    "reviews:evidence-file-remove": WRITE,
    # Fieldwork: the log (notes shown to the team only); findings: the force reads them once
    # the report is drafted (the walk's review is still scoping).
    "reviews:fieldwork": READ,
    "reviews:findings": (403, 403, 403, 200),
    # The report: its page says it is not drafted yet; its PDF exists once drafted.
    "reviews:report": READ,
    "reviews:report-pdf": (404, 404, 404, 404),
    # The action plan: the force answers each opportunity once the report is final.
    "reviews:action-plan": READ,
    "reviews:respond": READ,
    "impact:dashboard": READ,
    "impact:plan-start": (302, 302, 403, 403),
    "impact:plan": READ,
    "impact:plan-edit": WRITE,
    "impact:journey": READ,
    "impact:history": READ,
    "impact:xlsx": READ,
    "impact:pdf": READ,
    "impact:import": WRITE,
    "impact:objectives-add": WRITE,
    "impact:objective": WRITE,
    "impact:activities-add": WRITE,
    "impact:measure-add": WRITE,
    "impact:risk-add": WRITE,
    "impact:progress": WRITE,
    "impact:item": WRITE,
    "impact:item-remove": WRITE,
    "impact:measure": READ,
    "impact:measure-chart": READ,
    "impact:measure-edit": WRITE,
    "impact:measure-values": WRITE,
    "impact:measure-upload": WRITE,
    "impact:measure-remove": WRITE,
    "practice:example": READ,
    "practice:example-edit": WRITE,
    "practice:example-submit": WRITE,
    "practice:example-owner": WRITE,
    "practice:example-history": READ,
    "practice:attachment-add": WRITE,
    "practice:attachment": READ,
    "practice:attachment-remove": WRITE,
    "practice:from-answer": READ,
    "practice:help": READ,
    "practice:help-ask": WRITE,
    "practice:help-request": READ,
    # Learning from case reviews: a force's response to a briefing is its own; its people and
    # the national team read it (its writers change it).
    "casereviews:response": READ,
}
# POST-only routes: what each role's POST gets.
EXPECTED_POST = {
    "benchmarking:share-name": (302, 403, 403, 403),
    "organisations:invitation-resend": (302, 403, 403, 403),
    "organisations:restore": (302, 403, 403, 403),
    "organisations:review-confirm": (302, 403, 403, 403),
}
ROLES = ("lead_a", "editor_a", "viewer_a", "analyst")


def test_every_force_scoped_route_has_an_expected_answer_per_role():
    assert {f"{namespace}:{name}" for _route, name, namespace in FORCE_SCOPED} == set(EXPECTED)


@pytest.mark.parametrize("route,name,namespace", FORCE_SCOPED)
def test_force_scoped_pages_answer_each_role_exactly(client, cast, force_a_objects, route, name, namespace):
    url = _url_for(route, force_a_objects)
    key = f"{namespace}:{name}"
    got = []
    for user in ROLES:
        client.force_login(cast[user])
        got.append(client.get(url).status_code)
    assert tuple(got) == EXPECTED[key], f"{key}: {dict(zip(ROLES, got, strict=True))}"
    if key in EXPECTED_POST:
        posted = []
        for user in ROLES:
            client.force_login(cast[user])
            posted.append(client.post(url).status_code)
        assert tuple(posted) == EXPECTED_POST[key], f"{key} POST: {dict(zip(ROLES, posted, strict=True))}"
    if key in HIDDEN_UNTIL_PUBLISHED:
        _publish(force_a_objects["exercise"], cast["admin"])
        for user in ROLES:
            client.force_login(cast[user])
            assert client.get(url).status_code == 200, f"{key} after publication, {user}"


@pytest.mark.parametrize("route,name,namespace", FORCE_SCOPED)
def test_force_scoped_pages_need_sign_in(client, force_a_objects, route, name, namespace):
    url = _url_for(route, force_a_objects)
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/sign-in/")


def test_inspectors_do_not_see_a_forces_unpublished_work(client, cast):
    client.force_login(cast["inspector"])
    assert client.get("/organisations/norfolk-constabulary/").status_code == 404


@pytest.mark.parametrize(
    "user,can_edit",
    [("lead_a", True), ("editor_a", True), ("viewer_a", False), ("analyst", False), ("admin", True)],
)
def test_the_access_function_reports_who_may_write(cast, user, can_edit):
    organisation, editable = access.get_organisation_for_user(cast[user], "norfolk-constabulary")
    assert organisation.slug == "norfolk-constabulary"
    assert editable is can_edit


def test_read_only_users_get_403_on_writes(cast):
    from django.core.exceptions import PermissionDenied

    _, can_edit = access.get_organisation_for_user(cast["viewer_a"], "norfolk-constabulary")
    with pytest.raises(PermissionDenied):
        access.require_write(can_edit)


def test_the_organisation_page_lists_its_people_and_not_other_forces(client, cast):
    client.force_login(cast["editor_a"])
    html = client.get("/organisations/norfolk-constabulary/").content.decode()
    assert "viewer@force-a.test" in html
    assert "lead@force-b.test" not in html


def test_the_admin_is_for_national_admins_only(client, cast):
    client.force_login(cast["admin"])
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/organisations/organisation/").status_code == 200
    client.force_login(cast["lead_a"])
    # The admin sends anyone who is not a national admin to sign in as one.
    for url in ("/admin/", "/admin/organisations/organisation/"):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response.url
    client.logout()
    response = client.get("/admin/")
    assert response.status_code == 302


def test_the_organisations_file_has_the_44_forces_and_the_national_bodies(content):
    forces = Organisation.objects.filter(kind=Organisation.Kind.FORCE)
    assert forces.count() == 44
    assert forces.filter(region__isnull=True).get().slug == "british-transport-police"
    assert forces.filter(country="Wales").count() == 4
    assert set(Organisation.objects.filter(kind="national").values_list("slug", flat=True)) == {
        "vkpp",
        "college-of-policing",
        "hmicfrs",
    }


def test_a_force_role_cannot_be_held_in_a_national_body(cast):
    from django.core.exceptions import ValidationError

    from organisations.models import Membership

    membership = Membership(
        user=cast["editor_a"], organisation=Organisation.objects.get(slug="vkpp"), role="viewer"
    )
    with pytest.raises(ValidationError):
        membership.full_clean()


def test_changes_to_roles_are_recorded(cast):
    from organisations.models import Membership

    membership = Membership.objects.get(user=cast["viewer_a"])
    membership.role = Membership.Role.CONTRIBUTOR
    membership.save()
    before, after = membership.history.order_by("history_date")[:2]
    assert (before.role, after.role) == ("viewer", "contributor")
    assert after.history_type == "~"


def test_demo_accounts_are_never_created_when_debug_is_off(db, settings):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    from accounts.models import User

    settings.DEBUG = False
    with pytest.raises(CommandError, match="demo accounts are never created"):
        call_command("setup_demo")
    assert not User.objects.filter(email__endswith=".demo").exists()


def test_demo_accounts_cover_every_role(db, settings, capsys):
    from django.core.management import call_command

    from organisations.models import Membership

    settings.DEBUG = True
    call_command("setup_demo")
    output = capsys.readouterr().out
    assert set(
        Membership.objects.filter(user__email__endswith=".demo").values_list("role", flat=True)
    ) == set(Membership.Role.values)
    assert "lead@norfolk.demo" in output and "demo-password-2026" in output
    from impact.models import Plan

    plans = Plan.objects.select_related("organisation")
    assert {p.organisation.slug for p in plans} == {
        "norfolk-constabulary",
        "kent-police",
        "suffolk-constabulary",
        "essex-police",
    }
    assert all(p.objectives.get().measures.get().measurements.count() == 24 for p in plans)
    from benchmarking.models import Answer, Exercise, Return

    baseline = Exercise.objects.get(title="2019 baseline")
    assert baseline.status == "published" and baseline.published_at.year == 2019
    returns = Return.objects.filter(exercise=baseline)
    assert (returns.count(), returns.filter(status="accepted").count()) == (44, 43)
    answers = Answer.objects.filter(return_record__exercise=baseline, return_record__status="accepted")
    ratings = set(answers.values_list("rating", flat=True))
    assert ratings == {1, 2, 3, 4, 5}, "a spread of ratings, every answer rated"
    norfolk = answers.get(return_record__organisation__slug="norfolk-constabulary", action__code="2.3.1")
    assert (norfolk.rating, norfolk.sees_gap) == (2, True), "the baseline agrees with the open return"
    flagged = answers.filter(promising_practice=True).count()
    from practice.models import Example, LibraryEntry

    assert flagged >= 20, "a few dozen practice examples come from the flagged answers"
    assert Example.objects.filter(source_answer__isnull=False).count() == flagged
    assert LibraryEntry.objects.count() == 2 + flagged - 3
    assert Example.objects.filter(status="submitted").count() == 1 + 3
    shape = list(answers.order_by("pk").values_list("rating", "sees_gap", "national_rating"))
    from organisations.models import Invitation, TeamReview

    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.organisation.slug, invitation.status) == (
        "new.colleague@norfolk.demo",
        "norfolk-constabulary",
        "pending",
    )
    assert TeamReview.objects.filter(confirmed_at__isnull=True).count() == 44, "every force's leads are asked"
    call_command("setup_demo")
    assert Plan.objects.count() == 4, "a second run adds no more demo plans"
    assert Example.objects.count() == 3 + flagged and Invitation.objects.count() == 1
    assert Exercise.objects.count() == 2
    # The same every time: drawn again from the seed, the baseline is the same.
    Exercise.objects.filter(title="2019 baseline").delete()
    Example.objects.filter(source_answer__isnull=False).update(source_answer=None)
    call_command("setup_demo")
    again = Answer.objects.filter(
        return_record__exercise__title="2019 baseline", return_record__status="accepted"
    )
    assert list(again.order_by("pk").values_list("rating", "sees_gap", "national_rating")) == shape


def test_the_plan_is_read_only_in_the_admin(client, cast):
    from framework.models import Action

    client.force_login(cast["admin"])
    action = Action.objects.get(code="2.2.1", version__label="3")
    assert client.get("/admin/framework/action/").status_code == 200
    page = client.get(f"/admin/framework/action/{action.pk}/change/")
    assert page.status_code == 200
    assert 'name="title"' not in page.content.decode(), "no editable fields"
    client.post(f"/admin/framework/action/{action.pk}/change/", {"title": "Changed"})
    action.refresh_from_db()
    assert action.title == "Appropriate Action"


def test_every_app_with_tests_is_in_the_test_run():
    """A new app's tests must not be silently left out of `bin/test`."""
    import tomllib

    from django.conf import settings

    paths = tomllib.loads((settings.BASE_DIR / "pyproject.toml").read_text())["tool"]["pytest"][
        "ini_options"
    ]["testpaths"]
    apps_with_tests = {p.parent.parent.name for p in settings.BASE_DIR.glob("*/tests/__init__.py")}
    assert apps_with_tests <= set(paths), apps_with_tests - set(paths)


FEATURE_APPS = ("benchmarking", "impact", "practice", "reviews", "casereviews")


@pytest.mark.parametrize("app", FEATURE_APPS)
def test_each_feature_app_owns_its_access_functions(app):
    """Each feature app declares its own get_<thing>_for_user functions in its access.py,
    built on the shared force_object_for_user primitive."""
    import importlib
    import inspect

    module = importlib.import_module(f"{app}.access")
    own = [
        name
        for name, value in vars(module).items()
        if name.startswith("get_") and name.endswith("_for_user") and inspect.getmodule(value) is module
    ]
    assert own, f"{app}.access has no access functions of its own"
    source = inspect.getsource(module)
    assert "force_object_for_user(" in source


@pytest.mark.parametrize("route,name,namespace", FORCE_SCOPED)
def test_force_scoped_views_use_their_own_apps_access_module(route, name, namespace):
    """A force-scoped view of a feature app takes its access functions (and decorators) from
    its own app's access module; the walk above proves they refuse other forces."""
    import inspect

    view = next(v for r, v, ns, n in ALL_PATTERNS if r == route)
    module = inspect.getmodule(inspect.unwrap(view))
    app = module.__name__.split(".")[0]
    if app not in FEATURE_APPS:
        return
    own_access = __import__(f"{app}.access", fromlist=["access"])
    assert module.access is own_access, f"{module.__name__} should import {app}.access"
