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


def team_of(organisation: Organisation) -> list[dict]:
    """Each person in the organisation, once: their roles, what they own there
    (organisations.ownership) and when they last signed in, by name."""
    from organisations.ownership import owned_in

    people: dict[int, dict] = {}
    for m in Membership.objects.filter(organisation=organisation).select_related("user"):
        person = people.setdefault(m.user_id, {"user": m.user, "memberships": []})
        person["memberships"].append(m)
    owned = owned_in(organisation.pk)
    for user_id, person in people.items():
        person["memberships"].sort(key=lambda m: m.role)
        person["roles"] = ", ".join(m.get_role_display() for m in person["memberships"])
        person["owns"] = owned.get(user_id, [])
    return sorted(
        people.values(), key=lambda p: ((p["user"].full_name or p["user"].email).lower(), p["user"].pk)
    )


def invitations_waiting(organisation: Organisation) -> list:
    from organisations.models import Invitation

    return list(
        Invitation.objects.filter(organisation=organisation, status=Invitation.Status.PENDING)
        .select_related("invited_by")
        .order_by("email")
    )


TEAM_CHANGES = 30


def team_history(organisation: Organisation) -> list[dict]:
    """The latest changes to who is in the organisation, newest first: people joining,
    changing role and leaving, and invitations sent, sent again, withdrawn and accepted."""
    from core.history import changes
    from organisations.models import Invitation

    roles = dict(Membership.Role.choices)
    memberships = list(
        Membership.history.filter(organisation_id=organisation.pk)
        .select_related("history_user")
        .order_by("-history_date")[:TEAM_CHANGES]
    )
    people = {u.pk: u for u in User.objects.filter(pk__in={r.user_id for r in memberships})}
    entries = changes(
        memberships,
        {"role": "Role"},
        lambda r: (
            (people[r.user_id].full_name or people[r.user_id].email) if r.user_id in people else "Someone"
        ),
        {"role": roles},
    )
    invitations = list(
        Invitation.history.filter(organisation_id=organisation.pk)
        .select_related("history_user")
        .order_by("-history_date")[:TEAM_CHANGES]
    )
    statuses = dict(Invitation.Status.choices)
    entries += changes(
        invitations,
        {"status": "Invitation", "sent_at": "Sent", "role": "Role"},
        lambda r: f"Invitation for {r.email}",
        {"status": statuses, "role": roles},
    )
    from django.utils import dateformat, timezone

    for entry in entries:
        for change in entry["changes"]:
            if change["field"] == "Sent":  # sent again: when, as people read times
                for side in ("before", "after"):
                    if change[side]:
                        change[side] = dateformat.format(timezone.localtime(change[side]), "j F Y H:i")
    return sorted(entries, key=lambda e: e["when"], reverse=True)[:TEAM_CHANGES]
