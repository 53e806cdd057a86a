"""Who may do what, in one table.

Each capability is named once here and held by the roles listed against it. Views,
templates (through the `can` context variable), queries for people to notify, and tests
all ask this table; no other module lists roles to decide what someone may do.

National capabilities are held through a membership of any organisation. Force
capabilities are held only in the organisation of the membership that grants them: a lead
of Norfolk leads Norfolk, not Kent.
"""

from enum import StrEnum

from organisations.models import Membership

Role = Membership.Role


class Can(StrEnum):
    # National: held wherever the membership is.
    SEE_EVERY_FORCE = "see_every_force"  # read every force's work, published or not
    ADMINISTER = "administer"  # the admin site, organisations and people
    RUN_EXERCISES = "run_exercises"  # create, open, close and publish benchmarking exercises
    REVIEW_RETURNS = "review_returns"  # rate answers, flag practice and gaps, write key findings
    ASSESS_PRACTICE = "assess_practice"  # assess examples, open calls, import assessed examples
    RUN_PEER_REVIEWS = "run_peer_reviews"  # accept, schedule and staff peer reviews of forces
    CODE_CASE_REVIEWS = "code_case_reviews"  # record, screen and code case reviews; write briefings
    FACILITATE_COMMUNITY = "facilitate_community"  # facilitate every community space; open new ones
    AUTHOR_FRAMEWORKS = "author_frameworks"  # draft, publish and crosswalk frameworks; carry work across
    # In a force: held only in the membership's own organisation.
    READ_FORCE_WORK = "read_force_work"  # a force's returns, plans, measures and examples
    WRITE_FORCE_WORK = "write_force_work"  # answer returns, write plans, submit examples
    LEAD_FORCE = "lead_force"  # submit the force's return, be asked to sign off


FORCE_CAPABILITIES = frozenset({Can.READ_FORCE_WORK, Can.WRITE_FORCE_WORK, Can.LEAD_FORCE})

TABLE: dict[Can, frozenset[str]] = {
    Can.SEE_EVERY_FORCE: frozenset({Role.NATIONAL_ADMIN, Role.NATIONAL_ANALYST, Role.PEER_REVIEWER}),
    Can.ADMINISTER: frozenset({Role.NATIONAL_ADMIN}),
    Can.RUN_EXERCISES: frozenset({Role.NATIONAL_ADMIN, Role.NATIONAL_ANALYST}),
    Can.REVIEW_RETURNS: frozenset({Role.NATIONAL_ADMIN, Role.NATIONAL_ANALYST}),
    Can.ASSESS_PRACTICE: frozenset({Role.NATIONAL_ADMIN, Role.NATIONAL_ANALYST}),
    Can.RUN_PEER_REVIEWS: frozenset({Role.NATIONAL_ADMIN, Role.NATIONAL_ANALYST}),
    Can.CODE_CASE_REVIEWS: frozenset({Role.NATIONAL_ADMIN, Role.NATIONAL_ANALYST}),
    Can.FACILITATE_COMMUNITY: frozenset({Role.NATIONAL_ADMIN, Role.NATIONAL_ANALYST}),
    Can.AUTHOR_FRAMEWORKS: frozenset({Role.NATIONAL_ADMIN}),
    Can.READ_FORCE_WORK: frozenset({Role.FORCE_LEAD, Role.CONTRIBUTOR, Role.VIEWER}),
    Can.WRITE_FORCE_WORK: frozenset({Role.FORCE_LEAD, Role.CONTRIBUTOR}),
    Can.LEAD_FORCE: frozenset({Role.FORCE_LEAD}),
}


def roles_with(capability: Can) -> frozenset[str]:
    """The roles that hold a capability: for queries such as "who should be told"."""
    return TABLE[capability]


def capabilities_of(role: str) -> frozenset[Can]:
    return frozenset(capability for capability, roles in TABLE.items() if role in roles)


def holds(roles: set[str], capability: Can) -> bool:
    return bool(roles & TABLE[capability])
