from accounts.models import User
from organisations.models import Membership, Organisation
from organisations.roles import Can, roles_with


def members_of(organisation: Organisation) -> list[Membership]:
    return list(
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("role", "user__email")
    )


def people_who_can(capability: Can, organisation_id: int | None = None) -> list[User]:
    """Active people holding a capability (in that organisation, when one is given), by name."""
    members = Membership.objects.filter(role__in=roles_with(capability))
    if organisation_id is not None:
        members = members.filter(organisation_id=organisation_id)
    return list(
        User.objects.filter(memberships__in=members, is_active=True).distinct().order_by("full_name", "email")
    )


def writers_of(organisation_id: int) -> list[User]:
    """The people who write a force's work (its lead and contributors)."""
    return people_who_can(Can.WRITE_FORCE_WORK, organisation_id)
