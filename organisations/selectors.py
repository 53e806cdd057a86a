from datetime import timedelta

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from organisations.models import Membership, Organisation, name_in_page_language
from organisations.roles import Can, roles_with


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
        {"role": _("Role")},
        lambda r: (
            people[r.user_id].full_name or people[r.user_id].email if r.user_id in people else _("Someone")
        ),
        {"role": roles},
    )
    invitations = list(
        Invitation.history.filter(organisation_id=organisation.pk)
        .select_related("history_user")
        .order_by("-history_date")[:TEAM_CHANGES]
    )
    from organisations.models import AccessEvent

    for event in AccessEvent.objects.filter(organisation=organisation).select_related("person", "by")[
        :TEAM_CHANGES
    ]:
        mfa = event.kind in AccessEvent.MFA_KINDS
        after = event.get_kind_display() + (f": {event.detail}" if event.detail else "")
        entries.append(
            {
                "who": event.by,
                "when": event.at,
                "what": (event.person.full_name or event.person.email) if event.person else "Everyone",
                "kind": "changed",
                "changes": [
                    {"field": "Second factor" if mfa else "Can sign in", "before": "", "after": after}
                ],
            }
        )
    statuses = dict(Invitation.Status.choices)
    entries += changes(
        invitations,
        {"status": _("Invitation"), "sent_at": _("Sent"), "role": _("Role")},
        lambda r: _("Invitation for {email}").format(email=r.email),
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


def review_waiting(organisation: Organisation):
    """This organisation's team review waiting for a lead to confirm it, or None."""
    from organisations.models import TeamReview

    return (
        TeamReview.objects.filter(organisation=organisation, confirmed_at__isnull=True)
        .order_by("-quarter")
        .first()
    )


def reviews_waiting_for(user) -> list[dict]:
    """The team reviews waiting for this person as a force lead: (organisation name, slug),
    kept with what else is kept about them until their data next changes (the daily check
    and a confirmation tell core.personal)."""
    from core import personal
    from organisations.access import memberships_of
    from organisations.models import TeamReview
    from organisations.roles import Can, holds

    led = [m.organisation_id for m in memberships_of(user) if holds({m.role}, Can.LEAD_FORCE)]
    if not led:
        return []
    return personal.cached(
        user,
        "team-reviews",
        lambda: [
            dict(row)
            for row in TeamReview.objects.filter(organisation_id__in=led, confirmed_at__isnull=True)
            .order_by("organisation__name")
            .values("organisation__name", "organisation__welsh_name", "organisation__slug")
        ],
    )


def idle_among(team: list[dict], now, days: int) -> set[int]:
    """The ids of the people of a team (team_of) who can sign in but have not signed in, been
    restored or joined in the last `days` days (superusers aside): what
    organisations.services.idle_since finds among everyone, worked out from the rows the
    team page has already read."""
    from organisations.services import last_used

    cutoff = now - timedelta(days=days)
    return {
        p["user"].pk
        for p in team
        if p["user"].is_active and not p["user"].is_superuser and last_used(p["user"]) < cutoff
    }


def needs_you(user, today) -> list:
    """What the organisation's team needs of its leads now: the quarter's "confirm your
    team" task, and invitations about to expire unaccepted."""
    from datetime import timedelta

    from django.urls import reverse
    from django.utils import timezone

    from core.work import Item
    from organisations.access import memberships_of
    from organisations.models import Invitation
    from organisations.roles import Can, holds

    items = [
        Item(
            title=_("Confirm {name}'s team for this quarter").format(
                name=name_in_page_language(r["organisation__name"], r.get("organisation__welsh_name", ""))
            ),
            url=reverse("organisations:detail", args=[r["organisation__slug"]]) + "#review",
            detail=_("Check who can see its work; remove anyone who has left."),
            tag=_("This quarter"),
        )
        for r in reviews_waiting_for(user)
    ]
    led = {m.organisation_id: m.organisation for m in memberships_of(user) if holds({m.role}, Can.LEAD_FORCE)}
    if led:
        soon = timezone.now() + timedelta(days=2)
        expiring = (
            Invitation.objects.filter(
                organisation_id__in=led,
                status=Invitation.Status.PENDING,
                expires_at__gt=timezone.now(),
                expires_at__lte=soon,
            )
            .values_list("organisation_id", "email", "expires_at")
            .order_by("expires_at")[:10]
        )
        for organisation_id, email, expires_at in expiring:
            items.append(
                Item(
                    title=_("The invitation for {email} expires on {date}").format(
                        email=email, date=date_format(expires_at, "j F")
                    ),
                    url=reverse("organisations:detail", args=[led[organisation_id].slug]) + "#invitations",
                    detail=_("Send it again if they still need to join."),
                    due=expires_at.date(),
                )
            )
    return items
