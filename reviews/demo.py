"""The demo's peer reviews: Norfolk's request for a review of 2.4.1 Voice of the Victim,
accepted and being scoped; and Kent's completed review of 2.6.2 Officer Norms, with its
findings, final report (shared with Essex, its summary published) and action plan (the pilots
covered those two actions)."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from framework.models import Action
from organisations.models import Organisation
from reviews import services
from reviews.models import PeerReview


def _action(code):
    return Action.objects.get(version__framework__slug="nvap", version__label="3", code=code)


@transaction.atomic
def demo_reviews_create() -> int:
    """Once only."""
    if PeerReview.objects.exists():
        return 0
    admin = User.objects.get(email="admin@vkpp.demo")
    analyst = User.objects.get(email="analyst@vkpp.demo")
    peer = User.objects.get(email="peer@vkpp.demo")
    today = timezone.localdate()

    norfolk = services.review_request(
        organisation=Organisation.objects.get(slug="norfolk-constabulary"),
        by=User.objects.get(email="lead@norfolk.demo"),
        actions=[_action("2.4.1")],
        why="Victims' feedback says they are not kept informed after reporting; we want an outside view "
        "of how the victim's voice reaches our decisions.",
        preferred_from=today + timedelta(days=60),
        preferred_to=today + timedelta(days=120),
    )
    services.review_decide(
        review=norfolk,
        by=admin,
        accept=True,
        note="Accepted: fieldwork over three days.",
        fieldwork_from=today + timedelta(days=75),
        fieldwork_to=today + timedelta(days=77),
    )
    services.team_member_add(review=norfolk, by=admin, user=peer, role="lead", no_conflict=True)
    services.team_member_add(
        review=norfolk,
        by=admin,
        user=analyst,
        role="subject_expert",
        no_conflict=False,
        statement="Worked on a regional victims' project with the force in 2021; no current link.",
    )
    services.evidence_request_add(
        review=norfolk,
        by=peer,
        title="Victim contact policy and the Victims' Code compliance audit",
        kind="policy",
        due_on=today + timedelta(days=45),
    )
    services.evidence_request_add(
        review=norfolk,
        by=peer,
        title="Twenty closed domestic abuse cases from the last quarter",
        kind="cases",
        due_on=today + timedelta(days=45),
        detail="Chosen at random by the force's auditor; no names in the list sent.",
    )

    kent_org = Organisation.objects.get(slug="kent-police")
    kent = services.review_request(
        organisation=kent_org,
        by=admin,
        actions=[_action("2.6.2")],
        why="Part of the national pilot of NVAP action peer reviews.",
        proposed=True,
    )
    services.review_decide(review=kent, by=User.objects.get(email="lead@kent.demo"), accept=True)
    services.team_member_add(review=kent, by=admin, user=peer, role="lead", no_conflict=True)
    action = _action("2.6.2")
    entry = services.fieldwork_add(
        review=kent,
        by=peer,
        kind="focus_group",
        held_on=today - timedelta(days=200),
        participants="Eight response officers and two sergeants",
        notes="Officers could describe the expected standards; fewer knew how concerns are raised.",
        actions=[action],
    )
    services.fieldwork_add(
        review=kent,
        by=peer,
        kind="case_audit",
        held_on=today - timedelta(days=199),
        participants="Fifteen case files",
        notes="Three cases showed no supervisory review within the set time.",
        actions=[action],
    )
    services.finding_add(
        review=kent,
        by=peer,
        kind="strength",
        action=action,
        text="Leaders set out clear expectations of officers' conduct with vulnerable people.",
        fieldwork=[entry],
    )
    services.finding_add(
        review=kent,
        by=peer,
        kind="promising",
        action=action,
        text="A peer support scheme for officers after traumatic incidents, evaluated with a university.",
    )
    opportunity = services.finding_add(
        review=kent,
        by=peer,
        kind="opportunity",
        action=action,
        text="Not every officer knows how to raise a concern about a colleague's conduct.",
        suggested_step="Brief every team on the routes for raising concerns, and check it landed.",
        fieldwork=[entry],
    )
    services.report_draft(
        review=kent,
        by=peer,
        summary="A force with clear standards and a caring culture; "
        "the routes for raising concerns are the next step.",
    )
    services.report_finalise(review=kent, by=peer)
    PeerReview.objects.filter(pk=kent.pk).update(report_final_at=timezone.now() - timedelta(days=185))
    kent.refresh_from_db()
    services.report_share(
        review=kent,
        by=User.objects.get(email="lead@kent.demo"),
        forces=[Organisation.objects.get(slug="essex-police")],
        publish_summary=True,
    )
    services.response_save(
        finding=opportunity,
        by=User.objects.get(email="lead@kent.demo"),
        values={
            "action_text": "Team briefings on raising concerns, then a pulse survey to check they landed.",
            "owner": User.objects.get(email="lead@kent.demo"),
            "due_on": today + timedelta(days=30),
            "status": "open",
            "progress": "",
        },
    )
    # Answered soon after the report: six months on, the owner is asked how it goes.
    from reviews.models import Response

    Response.objects.filter(finding=opportunity).update(updated_at=timezone.now() - timedelta(days=180))
    return 2
