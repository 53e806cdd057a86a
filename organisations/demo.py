"""Demo accounts for trying NVAP Hub locally: one per role."""

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import mfa
from accounts.models import User
from organisations.models import Membership, Organisation

DEMO_PASSWORD = "demo-password-2026"
# The demo's leads and national accounts must use a second factor: an authenticator app with
# this key (NZ3G C4DI OVRC 2ZDF NVXS 2MRQ GI3C 233L in an app; `manage.py demo_code` shows
# its code now). Demo only: real keys are made afresh by each person.
DEMO_TOTP_KEY = "6e7661706875622d64656d6f2d323032362d6f6b"
Role = Membership.Role

DEMO_ACCOUNTS = [
    ("lead@norfolk.demo", "Nora Lead", "norfolk-constabulary", Role.FORCE_LEAD),
    ("contributor@norfolk.demo", "Colin Contributor", "norfolk-constabulary", Role.CONTRIBUTOR),
    ("viewer@norfolk.demo", "Vera Viewer", "norfolk-constabulary", Role.VIEWER),
    ("lead@kent.demo", "Kit Lead", "kent-police", Role.FORCE_LEAD),
    ("lead@suffolk.demo", "Sam Lead", "suffolk-constabulary", Role.FORCE_LEAD),
    ("lead@essex.demo", "Esme Lead", "essex-police", Role.FORCE_LEAD),
    ("admin@vkpp.demo", "Ada Admin", "vkpp", Role.NATIONAL_ADMIN),
    ("analyst@vkpp.demo", "Ann Analyst", "vkpp", Role.NATIONAL_ANALYST),
    ("peer@vkpp.demo", "Pat Peer", "vkpp", Role.PEER_REVIEWER),
    ("inspector@hmicfrs.demo", "Ian Inspector", "hmicfrs", Role.INSPECTOR),
]


@transaction.atomic
def demo_accounts_create() -> list[tuple[str, str, str]]:
    organisations = {o.slug: o for o in Organisation.objects.all()}
    created = []
    for email, name, slug, role in DEMO_ACCOUNTS:
        user, _ = User.objects.get_or_create(email=email, defaults={"full_name": name})
        user.set_password(DEMO_PASSWORD)
        user.save()
        Membership.objects.get_or_create(user=user, organisation=organisations[slug], role=role)
        if role in mfa.ROLES_THAT_MUST and not user.mfa_enrolled_at:
            TOTPDevice.objects.create(
                user=user, key=DEMO_TOTP_KEY, name="Demo authenticator app", confirmed=True
            )
            user.mfa_enrolled_at = user.date_joined
            user.save(update_fields=["mfa_enrolled_at", "updated_at"])
        created.append((email, Role(role).label, organisations[slug].name))
    return created


def demo_team_create() -> bool:
    """Norfolk's lead has invited a colleague who has not joined yet, and every force's
    leads are asked to confirm their team for this quarter. Once only."""
    from organisations import services
    from organisations.models import Invitation

    norfolk = Organisation.objects.get(slug="norfolk-constabulary")
    if Invitation.objects.filter(organisation=norfolk).exists():
        return False
    with transaction.atomic():
        services.invitation_send(
            organisation=norfolk,
            email="new.colleague@norfolk.demo",
            role=Role.CONTRIBUTOR,
            by=User.objects.get(email="lead@norfolk.demo"),
        )
        services.reviews_open()
    return True
