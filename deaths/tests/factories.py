"""The deaths repository's cast and records for tests."""

import time
from datetime import date

import pytest

from accounts.models import User
from deaths import services
from deaths.access import REASON
from deaths.models import Category, Grant
from organisations.models import Membership, Organisation

PASSWORD = "a-long-test-password-2026"


def person(email, slug, role, deaths_role=None):
    organisation = Organisation.objects.get(slug=slug)
    user = User.objects.create_user(email=email, password=PASSWORD, full_name=email.split("@")[0].title())
    Membership.objects.create(user=user, organisation=organisation, role=role)
    if deaths_role:
        Grant.objects.create(user=user, organisation=organisation, role=deaths_role)
    return user


@pytest.fixture
def deaths_cast(cast):
    """The test cast, and a deaths reporter of each of forces A and B, a deaths analyst and a
    deaths lead (each also a member of their organisation's team)."""
    Role = Membership.Role
    return {
        **cast,
        "reporter_a": person(
            "reporter@force-a.test", "norfolk-constabulary", Role.VIEWER, Grant.Role.REPORTER
        ),
        "reporter_b": person("reporter@force-b.test", "kent-police", Role.VIEWER, Grant.Role.REPORTER),
        "deaths_analyst": person(
            "deaths.analyst@vkpp.test", "vkpp", Role.NATIONAL_ANALYST, Grant.Role.ANALYST
        ),
        "deaths_lead": person("deaths.lead@vkpp.test", "vkpp", Role.NATIONAL_ANALYST, Grant.Role.LEAD),
        "peer": person("peer@vkpp.test", "vkpp", Role.PEER_REVIEWER),
    }


def verified(client, user, reason="analysis"):
    """Signs `user` in with a second factor passed and (unless None) a reason for access."""
    client.force_login(user)
    session = client.session
    session["_mfa_at"] = int(time.time())
    if reason:
        session[REASON] = reason
    session.save()
    return client


def a_record(
    reporter,
    slug="norfolk-constabulary",
    *,
    send=True,
    reference="NFK-1",
    died=date(2025, 6, 1),
    category=Category.INTIMATE_PARTNER,
):
    return services.record_notify(
        organisation=Organisation.objects.get(slug=slug),
        by=reporter,
        fields={"force_reference": reference, "died_on": died, "category": category},
        send=send,
    )
