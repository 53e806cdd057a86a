"""The one roles table: each role holds exactly the capabilities the product promises it."""

import pytest

from organisations import access
from organisations.models import Membership
from organisations.roles import FORCE_CAPABILITIES, TABLE, Can, capabilities_of

Role = Membership.Role

EXPECTED = {
    Role.FORCE_LEAD: {Can.READ_FORCE_WORK, Can.WRITE_FORCE_WORK, Can.LEAD_FORCE},
    Role.CONTRIBUTOR: {Can.READ_FORCE_WORK, Can.WRITE_FORCE_WORK},
    Role.VIEWER: {Can.READ_FORCE_WORK},
    Role.NATIONAL_ADMIN: {
        Can.SEE_EVERY_FORCE,
        Can.ADMINISTER,
        Can.RUN_EXERCISES,
        Can.REVIEW_RETURNS,
        Can.ASSESS_PRACTICE,
        Can.RUN_PEER_REVIEWS,
        Can.CODE_CASE_REVIEWS,
        Can.FACILITATE_COMMUNITY,
        Can.AUTHOR_FRAMEWORKS,
    },
    Role.NATIONAL_ANALYST: {
        Can.SEE_EVERY_FORCE,
        Can.RUN_EXERCISES,
        Can.REVIEW_RETURNS,
        Can.ASSESS_PRACTICE,
        Can.RUN_PEER_REVIEWS,
        Can.CODE_CASE_REVIEWS,
        Can.FACILITATE_COMMUNITY,
    },
    Role.PEER_REVIEWER: {Can.SEE_EVERY_FORCE},
    Role.INSPECTOR: set(),
}


@pytest.mark.parametrize("role", list(Role))
def test_each_role_holds_exactly_its_capabilities(role):
    assert capabilities_of(role) == EXPECTED[role]


def test_every_capability_is_in_the_table_and_force_ones_belong_to_force_roles():
    assert set(TABLE) == set(Can)
    for capability in FORCE_CAPABILITIES:
        assert TABLE[capability] <= Membership.FORCE_ROLES


def test_force_capabilities_hold_only_in_the_members_own_force(cast):
    norfolk = cast["lead_a"].memberships.get().organisation_id
    kent = cast["lead_b"].memberships.get().organisation_id
    assert access.can_in(cast["lead_a"], Can.LEAD_FORCE, norfolk)
    assert not access.can_in(cast["lead_a"], Can.LEAD_FORCE, kent)
    assert not access.can_in(cast["editor_a"], Can.LEAD_FORCE, norfolk)
    assert access.can_in(cast["editor_a"], Can.WRITE_FORCE_WORK, norfolk)
    assert not access.can_in(cast["viewer_a"], Can.WRITE_FORCE_WORK, norfolk)
    # A national capability is never held by a force role, wherever asked.
    assert not access.can(cast["lead_a"], Can.REVIEW_RETURNS)
    assert access.can(cast["analyst"], Can.REVIEW_RETURNS)
    assert not access.can(cast["inspector"], Can.SEE_EVERY_FORCE)


def test_templates_read_capabilities_through_can(client, cast):
    """The `can` context variable answers from the table: the analyst sees the exercise
    button, a force lead does not."""
    client.force_login(cast["analyst"])
    assert "Create an exercise" in client.get("/benchmarking/").content.decode()
    client.force_login(cast["lead_a"])
    assert "Create an exercise" not in client.get("/benchmarking/").content.decode()
