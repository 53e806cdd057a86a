"""Demo data for the deaths repository: named demo people with deaths roles, and three years
of synthetic notifications across the forces, drawn from a fixed seed (no real death is
described). Norfolk has a draft, and a record whose category the national team has asked
about."""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from deaths import selectors, services
from deaths.models import FLAGS, Category, DeathRecord, Grant, Known, Person, Term
from organisations.demo import DEMO_PASSWORD, DEMO_TOTP_KEY
from organisations.models import Membership, Organisation

# (email, name, organisation, team role, deaths role)
DEMO_PEOPLE = [
    (
        "reporter@norfolk.demo",
        "Rory Reporter",
        "norfolk-constabulary",
        Membership.Role.VIEWER,
        Grant.Role.REPORTER,
    ),
    ("reporter@kent.demo", "Kay Reporter", "kent-police", Membership.Role.VIEWER, Grant.Role.REPORTER),
    ("deaths.analyst@vkpp.demo", "Dee Analyst", "vkpp", Membership.Role.NATIONAL_ANALYST, Grant.Role.ANALYST),
    ("deaths.lead@vkpp.demo", "Dev Lead", "vkpp", Membership.Role.NATIONAL_ANALYST, Grant.Role.LEAD),
]

# The shares of the project's fourth year (262 deaths: 98 suspected suicides, 80 intimate
# partner, 39 adult family, 28 unexpected, 11 child, 6 other).
SHARES = [
    (Category.SUSPECTED_SUICIDE, 98),
    (Category.INTIMATE_PARTNER, 80),
    (Category.ADULT_FAMILY, 39),
    (Category.UNEXPECTED, 28),
    (Category.CHILD, 11),
    (Category.OTHER, 6),
]
METHODS = {
    Category.SUSPECTED_SUICIDE: ["hanging", "drugs_poisoning", "fall_from_height", "not_known"],
    Category.INTIMATE_PARTNER: ["sharp_instrument", "strangulation", "hitting_kicking", "blunt_instrument"],
    Category.ADULT_FAMILY: ["sharp_instrument", "hitting_kicking", "blunt_instrument"],
}


RECOMMENDATIONS = [
    "Ask about non-fatal strangulation at every domestic abuse incident and record the answer.",
    "Refer to MARAC when repeat incidents reach the force's threshold, whatever the risk level.",
    "Consider the suicide risk of victims after separation and refer to mental health services.",
    "Share the suspect's history with partners when a new relationship is reported.",
]


def demo_people_create() -> list[tuple[str, str, str]]:
    organisations = {o.slug: o for o in Organisation.objects.all()}
    made = []
    with transaction.atomic():
        for email, name, slug, role, deaths_role in DEMO_PEOPLE:
            user, _ = User.objects.get_or_create(email=email, defaults={"full_name": name})
            user.set_password(DEMO_PASSWORD)
            user.save()
            Membership.objects.get_or_create(user=user, organisation=organisations[slug], role=role)
            if not user.mfa_enrolled_at:
                TOTPDevice.objects.create(
                    user=user, key=DEMO_TOTP_KEY, name="Demo authenticator app", confirmed=True
                )
                user.mfa_enrolled_at = user.date_joined
                user.save(update_fields=["mfa_enrolled_at", "updated_at"])
            Grant.objects.get_or_create(user=user, organisation=organisations[slug], role=deaths_role)
            made.append((email, Grant.Role(deaths_role).label, organisations[slug].name))
    return made


def _person(rng, role, category, victim_sex="female"):
    young = category == Category.CHILD and role == Person.Role.VICTIM
    band = (
        "under_16" if young else rng.choice(["16_24", "25_34", "35_44", "45_54", "55_64", "65_74", "75_plus"])
    )
    fields = {
        "role": role,
        "sex": victim_sex if role == Person.Role.VICTIM else rng.choice(["male", "male", "male", "female"]),
        "age_band": band,
        "ethnicity": rng.choice(["white"] * 7 + ["asian", "black", "mixed", "other", "not_known"]),
        "relationship": "not_known"
        if role == Person.Role.VICTIM
        else {
            Category.INTIMATE_PARTNER: rng.choice(["partner", "ex_partner"]),
            Category.SUSPECTED_SUICIDE: rng.choice(["partner", "ex_partner", "parent"]),
            Category.ADULT_FAMILY: rng.choice(["child", "parent", "sibling", "other_family"]),
            Category.CHILD: "parent",
            Category.OTHER: "household",
        }.get(category, "not_known"),
        "pregnant": Known.NO if role == Person.Role.VICTIM else Known.NOT_KNOWN,
        "contacts_12m": rng.choice([None, 0, 0, 1, 2, 4]),
        "contacts_5y": None,
        "risk_level": rng.choice(["standard", "medium", "high", "none", "not_known"]),
    }
    if fields["contacts_12m"] is not None:
        fields["contacts_5y"] = fields["contacts_12m"] + rng.choice([0, 1, 3])
    for flag in FLAGS[1:]:  # pregnancy is set above
        fields[flag] = rng.choice([Known.YES, Known.NO, Known.NOT_KNOWN])
    return fields


def demo_deaths_create() -> bool:
    """Three project years of notifications (about 260 a year), validated but for the last few
    weeks'. Once only."""
    if DeathRecord.objects.exists():
        return False
    rng = random.Random(2026)
    reporters = {g.organisation_id: g.user for g in Grant.objects.filter(role=Grant.Role.REPORTER)}
    analyst = Grant.objects.filter(role=Grant.Role.ANALYST).select_related("user").first().user
    forces = list(Organisation.objects.filter(kind=Organisation.Kind.FORCE).order_by("pk"))
    # Larger forces notify more: a simple weight by position stands in for population.
    weights = [
        3 if f.slug in ("metropolitan-police", "west-midlands-police", "greater-manchester-police") else 1
        for f in forces
    ]
    today = timezone.localdate()
    start = selectors.project_year(today)[0].replace(year=selectors.project_year(today)[0].year - 2)
    days = (today - start).days
    categories = [c for c, n in SHARES for _ in range(n)]
    by = reporters.get(forces[0].pk) or analyst
    themes = list(Term.objects.filter(list="theme"))
    from framework import selectors as plan

    actions = [a for a in plan.current_actions() if a.code.startswith(("2.2", "2.3", "2.4"))] or [None]
    with transaction.atomic():
        for n in range(days * 262 // 365):
            force = rng.choices(forces, weights)[0]
            category = rng.choice(categories)
            died = start + timedelta(days=rng.randrange(days))
            record = services.record_notify(
                organisation=force,
                by=reporters.get(force.pk, by),
                fields={
                    "force_reference": f"{force.slug[:3].upper()}-{died:%y}-{n:05d}",
                    "died_on": died,
                    "category": category,
                    "method": rng.choice(METHODS.get(category, ["not_known", "other"])),
                    "location": rng.choice(["victim_home", "shared_home", "street", "not_known"]),
                    "suspect_arrested": Known.YES
                    if category in (Category.INTIMATE_PARTNER, Category.ADULT_FAMILY)
                    else Known.NOT_KNOWN,
                },
                send=True,
            )
            services.person_add(
                record=record,
                by=by,
                fields=_person(rng, Person.Role.VICTIM, category, rng.choice(["female"] * 3 + ["male"])),
            )
            if category != Category.UNEXPECTED:
                services.person_add(record=record, by=by, fields=_person(rng, Person.Role.SUSPECT, category))
            if died < today - timedelta(days=30):
                if rng.random() < 0.4:
                    services.themes_set(
                        record=record, by=analyst, themes=rng.sample(themes, rng.randint(1, 3))
                    )
                if rng.random() < 0.15:
                    services.recommendation_add(
                        record=record,
                        by=analyst,
                        text=rng.choice(RECOMMENDATIONS),
                        addressee=rng.choice(["police", "police_partners", "government_police"]),
                        action=rng.choice(actions),
                    )
                services.record_validate(
                    record=record,
                    by=analyst,
                    category=category,
                    in_scope=rng.random() > 0.03,
                    exclusion="no_domestic_abuse",
                )
        norfolk = Organisation.objects.get(slug="norfolk-constabulary")
        reporter = reporters.get(norfolk.pk, by)
        draft = services.record_notify(
            organisation=norfolk,
            by=reporter,
            fields={
                "force_reference": "NOR-DEMO-DRAFT",
                "died_on": today - timedelta(days=3),
                "category": Category.UNEXPECTED,
            },
            send=False,
        )
        services.person_add(record=draft, by=reporter, fields={"role": Person.Role.VICTIM, "sex": "female"})
        asked = services.record_notify(
            organisation=norfolk,
            by=reporter,
            fields={
                "force_reference": "NOR-DEMO-ASKED",
                "died_on": today - timedelta(days=12),
                "category": Category.UNEXPECTED,
            },
            send=True,
        )
        services.challenge_raise(
            record=asked,
            by=analyst,
            proposed=Category.SUSPECTED_SUICIDE,
            reason="The circumstances read as a suspected suicide after a history of abuse. Was abuse reported?",
        )
    return True
