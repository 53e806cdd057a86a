"""Changes to who is in an organisation: invitations, roles and removals. Each runs in one
transaction, records who made it (the history of memberships and invitations), and keeps
the organisation's rules: roles that fit the organisation, and a force never without a lead."""

import hashlib
import secrets
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core import personal
from core.history import attributed
from core.mail import email_queue
from organisations.models import Invitation, Membership, Organisation
from organisations.roles import Can, roles_with

Role = Membership.Role
# The roles that lead a force (organisations.roles): a force always keeps one of them.
LEADS = roles_with(Can.LEAD_FORCE)


class TeamError(Exception):
    """A change to a team that its rules do not allow; the message says why, for the page."""


def roles_for(organisation: Organisation) -> list[tuple[str, str | Promise]]:
    """The roles someone may hold in this organisation, as (value, label) choices."""
    allowed = Membership.FORCE_ROLES if organisation.is_force else Membership.NATIONAL_ROLES
    return [(value, label) for value, label in Role.choices if value in allowed]


def _key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _send(invitation: Invitation, key: str) -> None:
    """Queues the invitation's email in the caller's transaction. The link is a secret, so
    the outbox forgets the body once it is sent."""
    link = settings.SITE_URL + reverse("organisations:invitation", kwargs={"key": key})
    body = render_to_string(
        "organisations/invitation_email.txt",
        {"invitation": invitation, "link": link, "days": settings.INVITATION_DAYS},
    )
    subject = _("NVAP Hub: join {name}").format(name=invitation.organisation.shown_name)
    email_queue(to=invitation.email, subject=subject, body=body, secret=True)


def _fresh_key(invitation: Invitation) -> str:
    key = secrets.token_urlsafe(32)
    now = timezone.now()
    invitation.key_hash = _key_hash(key)
    invitation.sent_at = now
    invitation.expires_at = now + timedelta(days=settings.INVITATION_DAYS)
    return key


def invitation_send(*, organisation: Organisation, email: str, role: str, by) -> Invitation:
    """Invites `email` to join `organisation` as `role`, by email. Someone already in the
    organisation, or already invited to it, is not invited again: the message says so."""
    email = email.strip().lower()
    if role not in dict(roles_for(organisation)):
        raise TeamError(
            _("Choose a role that people in {name} can hold.").format(name=organisation.shown_name)
        )
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise TeamError(
            _("{email} is already in {name}. Change their role instead.").format(
                email=email, name=organisation.shown_name
            )
        )
    try:
        with transaction.atomic():
            invitation = Invitation(organisation=organisation, email=email, role=role, invited_by=by)
            key = _fresh_key(invitation)
            attributed(invitation, by).save()
            _send(invitation, key)
    except IntegrityError:
        raise TeamError(
            _("{email} has already been invited to {name}. Send the invitation again from the list.").format(
                email=email, name=organisation.shown_name
            )
        ) from None
    return invitation


@transaction.atomic
def invitation_resend(*, invitation: Invitation, by) -> Invitation:
    """Sends a waiting invitation again with a new link (the old one stops working) and
    another INVITATION_DAYS to use it."""
    invitation = Invitation.objects.select_for_update().select_related("organisation").get(pk=invitation.pk)
    if invitation.status != Invitation.Status.PENDING:
        raise TeamError(_("This invitation has already been accepted or withdrawn."))
    key = _fresh_key(invitation)
    attributed(invitation, by).save(update_fields=["key_hash", "sent_at", "expires_at"])
    _send(invitation, key)
    return invitation


@transaction.atomic
def invitation_withdraw(*, invitation: Invitation, by) -> None:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status != Invitation.Status.PENDING:
        raise TeamError(_("This invitation has already been accepted or withdrawn."))
    invitation.status = Invitation.Status.WITHDRAWN
    attributed(invitation, by).save(update_fields=["status"])


def invitation_for_key(key: str) -> Invitation | None:
    """The waiting, unexpired invitation a link's key belongs to, or None (used, withdrawn,
    expired, sent again since, or never sent)."""
    if not key or len(key) > 100:
        return None
    return (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(key_hash=_key_hash(key), status=Invitation.Status.PENDING, expires_at__gt=timezone.now())
        .first()
    )


@transaction.atomic
def invitation_accept(*, key: str, user=None, full_name: str = "", password: str = ""):
    """Accepts an invitation once: the signed-in `user` (whose email must be the one
    invited), or a new account made with `full_name` and `password`. Returns the person.
    A second use of the link, or a use after it expired, changes nothing."""
    found = invitation_for_key(key)
    invitation = (
        Invitation.objects.select_for_update()
        .filter(pk=found.pk, status=Invitation.Status.PENDING, key_hash=found.key_hash)
        .first()
        if found
        else None
    )
    if invitation is None:
        raise TeamError(_("This invitation link has expired or has already been used. Ask for a new one."))
    User = get_user_model()
    if user is None:
        existing = User.objects.select_for_update().filter(email__iexact=invitation.email).first()
        if existing is not None and existing.is_active:
            raise TeamError(_("You already have an account: sign in, then open the invitation link again."))
        if existing is not None:
            # Someone who left (or was suspended) and is invited back: the link came to their
            # address, so it may set their password again; what they wrote before is theirs.
            existing.set_password(password)
            existing.is_active, existing.restored_at = True, timezone.now()
            existing.full_name = existing.full_name or full_name.strip()
            existing.save()
            user = existing
        else:
            user = User.objects.create_user(
                email=invitation.email, password=password, full_name=full_name.strip()
            )
    elif user.email.lower() != invitation.email.lower():
        raise TeamError(
            _("This invitation is for {email}. Sign out, then open the link again to accept it.").format(
                email=invitation.email
            )
        )
    return _joined(invitation, user)


def _joined(invitation, user):
    """The invited person joins: their role, and the invitation marked accepted."""
    if not user.is_active:
        user.is_active = True
        user.save()
    attributed(Membership(user=user, organisation=invitation.organisation, role=invitation.role), user).save()
    invitation.status, invitation.accepted_at, invitation.accepted_by = (
        Invitation.Status.ACCEPTED,
        timezone.now(),
        user,
    )
    attributed(invitation, user).save(update_fields=["status", "accepted_at", "accepted_by"])
    return user


def invitation_waiting_for(*, email: str, organisation) -> Invitation | None:
    """The waiting, unexpired invitation for this address to this organisation, or None."""
    return (
        Invitation.objects.filter(
            email__iexact=email,
            organisation=organisation,
            status=Invitation.Status.PENDING,
            expires_at__gt=timezone.now(),
        )
        .order_by("-sent_at")
        .first()
    )


@transaction.atomic
def invitation_accept_signed_on(*, invitation_pk: int, full_name: str = ""):
    """Accepts an invitation for someone who signed in with single sign-on as the invited
    address: their account has no password (their organisation's sign-in is theirs)."""
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("organisation")
        .filter(pk=invitation_pk, status=Invitation.Status.PENDING, expires_at__gt=timezone.now())
        .first()
    )
    if invitation is None:
        raise TeamError(_("This invitation has expired or has already been used. Ask for a new one."))
    User = get_user_model()
    user = User.objects.select_for_update().filter(email__iexact=invitation.email).first()
    if user is None:
        user = User.objects.create_user(
            email=invitation.email, password=None, full_name=full_name.strip()[:200]
        )
    elif not user.is_active:
        user.restored_at = timezone.now()
    return _joined(invitation, user)


def _leads_left(organisation: Organisation, without_user_id: int) -> int:
    return (
        Membership.objects.select_for_update()
        .filter(organisation=organisation, role__in=LEADS)
        .exclude(user_id=without_user_id)
        .count()
    )


@transaction.atomic
def role_change(*, organisation: Organisation, person, role: str, was: str, by) -> bool:
    """Gives `person` the role `role` in `organisation` in place of `was`, the role the page
    showed (if it has changed since, someone else changed it: the page says so). A force's
    last lead keeps the role. Returns whether anything changed."""
    if role not in dict(roles_for(organisation)):
        raise TeamError(
            _("Choose a role that people in {name} can hold.").format(name=organisation.shown_name)
        )
    held = list(
        Membership.objects.select_for_update().filter(organisation=organisation, user=person).order_by("role")
    )
    if not held:
        raise TeamError(
            _("{person} is no longer in {name}.").format(person=person, name=organisation.shown_name)
        )
    if roles_held(held) != was:
        raise TeamError(
            _(
                "Someone has changed {person}'s role since you opened this page. Check it and try again."
            ).format(person=person)
        )
    if [m.role for m in held] == [role]:
        return False
    if any(m.role in LEADS for m in held) and role not in LEADS and _leads_left(organisation, person.pk) == 0:
        raise TeamError(
            _("{name} needs at least one force lead. Make someone else a lead first.").format(
                name=organisation.shown_name
            )
        )
    # One role from now on: the first is changed (its history says from what), others go.
    first, *others = held
    for extra in others:
        attributed(extra, by).delete()
    if first.role != role:
        first.role = role
        attributed(first, by).save(update_fields=["role"])
    return True


def roles_held(memberships) -> str:
    """The roles a person holds in one organisation, as one value (what a page showed)."""
    return ",".join(sorted(m.role for m in memberships))


@transaction.atomic
def member_remove(*, organisation: Organisation, person, by) -> None:
    """Takes `person` out of `organisation` (every role they hold there). Everything they
    wrote stays, attributed to them; what they owned there is nobody's until reassigned
    (organisations.signals.clear_on_leaving). Someone left in no organisation can no longer
    sign in. A force's last lead stays."""
    held = list(Membership.objects.select_for_update().filter(organisation=organisation, user=person))
    if not held:
        raise TeamError(
            _("{person} is no longer in {name}.").format(person=person, name=organisation.shown_name)
        )
    if any(m.role in LEADS for m in held) and _leads_left(organisation, person.pk) == 0:
        raise TeamError(
            _("{name} needs at least one force lead. Make someone else a lead first.").format(
                name=organisation.shown_name
            )
        )
    for membership in held:
        attributed(membership, by).delete()
    if not Membership.objects.filter(user=person).exists() and person.is_active:
        person.is_active = False
        person.save()


# Joiners, movers and leavers ------------------------------------------------------------


def quarter_of(day) -> date:
    """The first day of the quarter `day` falls in."""
    return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)


def last_used(person):
    """When the person last used their account: their latest sign-in, restoration or joining."""
    return max(t for t in (person.last_login, person.restored_at, person.date_joined) if t is not None)


def idle_since(now, days: int):
    """The people (active, in any organisation) who have not signed in, been restored or
    joined in the last `days` days."""
    from django.db.models import Q

    cutoff = now - timedelta(days=days)
    User = get_user_model()
    return (
        User.objects.filter(is_active=True, is_superuser=False, date_joined__lt=cutoff)
        .filter(Q(last_login__isnull=True) | Q(last_login__lt=cutoff))
        .filter(Q(restored_at__isnull=True) | Q(restored_at__lt=cutoff))
    )


@transaction.atomic
def suspend_unused(*, now=None) -> int:
    """Suspends every account unused for SUSPEND_AFTER_DAYS (national break-glass superusers
    aside): it can no longer sign in, and each of its organisations records why. Returns
    how many."""
    from organisations.models import AccessEvent

    now = now or timezone.now()
    people = list(idle_since(now, settings.SUSPEND_AFTER_DAYS).select_for_update())
    for person in people:
        person.is_active = False
        person.save(update_fields=["is_active", "updated_at"])
        AccessEvent.objects.bulk_create(
            AccessEvent(organisation_id=m.organisation_id, person=person, kind=AccessEvent.Kind.SUSPENDED)
            for m in Membership.objects.filter(user=person)
        )
    return len(people)


@transaction.atomic
def member_restore(*, organisation: Organisation, person, by) -> None:
    """Lets a suspended member of the organisation sign in again; unused time counts afresh
    from now."""
    from organisations.models import AccessEvent

    if not Membership.objects.filter(organisation=organisation, user=person).exists():
        raise TeamError(
            _("{person} is no longer in {name}.").format(person=person, name=organisation.shown_name)
        )
    person = get_user_model().objects.select_for_update().get(pk=person.pk)
    if person.is_active:
        raise TeamError(_("{person} can already sign in.").format(person=person))
    person.is_active, person.restored_at = True, timezone.now()
    person.save(update_fields=["is_active", "restored_at", "updated_at"])
    AccessEvent.objects.create(
        organisation=organisation, person=person, kind=AccessEvent.Kind.RESTORED, by=by
    )


def reviews_open(*, now=None) -> list:
    """Makes this quarter's team review for every force that has none yet, and returns the
    new ones (their leads are told: organisations.tasks)."""
    from organisations.models import TeamReview

    quarter = quarter_of(timezone.localdate(now))
    made = []
    for organisation in Organisation.objects.filter(kind=Organisation.Kind.FORCE).exclude(
        team_reviews__quarter=quarter
    ):
        review, created = TeamReview.objects.get_or_create(organisation=organisation, quarter=quarter)
        if created:
            made.append(review)
    return made


@transaction.atomic
def review_confirm(*, organisation: Organisation, by):
    """The lead confirms the team as it stands for this quarter's review (once)."""
    from organisations.models import TeamReview

    review = (
        TeamReview.objects.select_for_update()
        .filter(organisation=organisation, confirmed_at__isnull=True)
        .order_by("-quarter")
        .first()
    )
    if review is None:
        raise TeamError(_("There is no team review waiting: it has been confirmed already."))
    review.confirmed_at, review.confirmed_by = timezone.now(), by
    review.save(update_fields=["confirmed_at", "confirmed_by"])
    # Its leads' home pages stop asking (organisations.selectors.reviews_waiting_for).
    personal.changed(
        Membership.objects.filter(organisation=organisation, role__in=LEADS).values_list("user_id", flat=True)
    )
    return review


@transaction.atomic
def require_mfa_set(*, organisation, everyone: bool, by) -> bool:
    """Whether everyone in the organisation must use a second factor; recorded on its team's
    changes. Returns whether anything changed."""
    from organisations.models import AccessEvent, Organisation

    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.require_mfa == everyone:
        return False
    organisation.require_mfa = everyone
    organisation.save(update_fields=["require_mfa"])
    AccessEvent.objects.create(
        organisation=organisation,
        kind=AccessEvent.Kind.MFA_REQUIRED if everyone else AccessEvent.Kind.MFA_NOT_REQUIRED,
        by=by,
    )
    return True
