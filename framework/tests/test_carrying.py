"""Carrying forces' work to a successor through the crosswalk."""

from datetime import date

import pytest
from django.urls import reverse

from benchmarking.models import StandingPosition
from framework import authoring, carrying, crosswalks
from framework import models as m
from organisations.models import Organisation


@pytest.fixture
def norfolk(content):
    return Organisation.objects.get(slug="norfolk-constabulary")


def _successor(cast, *, relation="equivalent", remove=None, review=True):
    """NVAP version 4 with a new action 2.8.1 mapped to version 3's 2.2.1 (or to `remove`,
    taken out of version 4), published."""
    admin = cast["admin"]
    draft = authoring.start_draft(m.Framework.objects.get(slug="nvap"), admin)
    old_code = remove or "2.2.1"
    if remove:
        authoring.remove_action(draft.actions.get(code=remove), admin)
    new = authoring.save_action(
        draft,
        None,
        {
            "code": "2.8.1",
            "theme": draft.themes.get(code="2"),
            "title": "Online harm",
            "detail": "Forces respond.",
        },
        {},
        admin,
    )
    old = m.Action.objects.get(version__framework__slug="nvap", version__label="3", code=old_code)
    link, _ = crosswalks.save(new, old, relation, "", admin)
    if not review:
        m.CrosswalkLink.objects.filter(pk=link.pk).update(needs_review=True)
    return authoring.publish(draft, admin)


def _position(norfolk, code="2.2.1", rating=3):
    action = m.Action.objects.get(version__label="3", version__framework__slug="nvap", code=code)
    return StandingPosition.objects.create(
        organisation=norfolk,
        action=action,
        rating=rating,
        evidence="The 2026 referral audit",
        reviewed_on=date(2026, 9, 1),
    )


def test_a_position_is_copied_to_the_mapped_successor_element_and_the_old_one_stays(cast, norfolk):
    old = _position(norfolk)
    version = _successor(cast)
    found = carrying.proposals(version)
    assert [(p.organisation_id, p.what, p.pair.old.code, p.pair.new.code, p.how) for p in found] == [
        (norfolk.pk, "standing position", "2.2.1", "2.8.1", "copied")
    ]
    assert carrying.carry(version, cast["admin"]) == 1
    new = StandingPosition.objects.get(organisation=norfolk, action__code="2.8.1")
    assert (new.rating, new.evidence, new.reviewed_on) == (3, "The 2026 referral audit", date(2026, 9, 1))
    assert new.source == "Carried from NVAP 2.2.1 when NVAP version 4 was adopted"
    assert new.history.first().history_user == cast["admin"]
    assert StandingPosition.objects.filter(pk=old.pk, rating=3).exists()
    # Carrying again carries nothing: the work is already there.
    assert carrying.proposals(version) == []
    assert carrying.carry(version, cast["admin"]) == 0


@pytest.mark.parametrize("relation,review", [("related", True), ("equivalent", False)])
def test_related_links_and_links_waiting_for_review_carry_nothing(cast, norfolk, relation, review):
    _position(norfolk)
    version = _successor(cast, relation=relation, review=review)
    assert carrying.proposals(version) == []


def test_an_impact_plan_moves_only_when_its_element_has_left_the_plan(cast, norfolk):
    from impact.tests.factories import plan_with_everything

    plan, _ = plan_with_everything(norfolk, cast["editor_a"])
    old_action = plan.action
    version = _successor(cast, remove=old_action.code)
    found = carrying.proposals(version)
    assert [(p.what, p.how) for p in found] == [("impact plan", "moved")]
    carrying.carry(version, cast["admin"])
    plan.refresh_from_db()
    assert plan.action.code == "2.8.1" and plan.action.version.label == "4"
    assert plan.history.order_by("history_date")[0].action_id == old_action.pk


def test_the_carry_page_previews_each_force_then_carries_after_a_confirmation(client, cast, norfolk):
    _position(norfolk)
    _position(Organisation.objects.get(slug="kent-police"), rating=2)
    _successor(cast)
    client.force_login(cast["admin"])
    url = reverse("framework:carry", args=["nvap", "4"])
    page = client.get(url).content.decode()
    assert (
        "Norfolk Constabulary" in page
        and "Kent Police" in page
        and "Carry 2 pieces of work for 2 forces" in page
    )
    preview = client.get(url + "?force=norfolk-constabulary").content.decode()
    assert (
        "Their standing position on NVAP 2.2.1 (rated 3, reviewed 1 September 2026) is copied to 2.8.1"
        in preview
    )
    assert "Kent" not in preview.split("What would be carried")[1]
    client.post(url, {"force": "norfolk-constabulary"})
    assert StandingPosition.objects.filter(action__code="2.8.1").count() == 1
    client.force_login(cast["lead_a"])
    assert client.get(url).status_code == 403


def test_the_force_sees_on_its_action_page_what_its_work_informs_elsewhere(client, cast, norfolk):
    _position(norfolk)
    version = _successor(cast)
    carrying.carry(version, cast["admin"])
    client.force_login(cast["lead_a"])
    page = client.get("/plan/nvap/v/3/actions/2.2.1/").content.decode()
    assert "Elsewhere, this work informs" in page and "NVAP 4 2.8.1 Online harm" in page
    page = client.get("/plan/nvap/actions/2.8.1/").content.decode()
    assert "Standing position: rated 3" in page


def test_the_position_and_the_impact_plan_say_what_they_inform_elsewhere(client, cast, norfolk):
    from impact.tests.factories import plan_with_everything

    plan, _ = plan_with_everything(norfolk, cast["editor_a"])
    _position(norfolk, code=plan.action.code)
    client.force_login(cast["lead_a"])
    position_url = f"/benchmarking/positions/norfolk-constabulary/{plan.action.code}/"
    assert "Elsewhere, this work informs" not in client.get(position_url).content.decode()
    assert "Elsewhere, this work informs" not in client.get(f"/impact/plans/{plan.pk}/").content.decode()
    draft = authoring.start_draft(m.Framework.objects.get(slug="nvap"), cast["admin"])
    new = authoring.save_action(
        draft,
        None,
        {
            "code": "2.8.1",
            "theme": draft.themes.get(code="2"),
            "title": "Online harm",
            "detail": "Forces respond.",
        },
        {},
        cast["admin"],
    )
    crosswalks.save(new, plan.action, "narrower", "", cast["admin"])
    # A draft's element is the national team's until it is published.
    assert "2.8.1 Online harm" not in client.get(position_url).content.decode()
    authoring.publish(draft, cast["admin"])
    page = client.get(position_url).content.decode()
    assert "Is broader than" in page and "NVAP 4 2.8.1 Online harm" in page
    page = client.get(f"/impact/plans/{plan.pk}/").content.decode()
    assert "This impact plan counts towards them" in page and "NVAP 4 2.8.1 Online harm" in page
