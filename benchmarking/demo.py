"""The demo's benchmarking exercise, so every demo role has something to see."""

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from benchmarking import services
from benchmarking.models import Exercise, Return
from core.history import attributed
from framework.models import FrameworkVersion

DEMO_TITLE = "NVAP benchmarking (demo)"


@transaction.atomic
def demo_exercise_create():
    """An open benchmarking exercise, with Norfolk's return started, so every role has something to see."""
    if Exercise.objects.filter(title=DEMO_TITLE).exists():
        return None
    admin = User.objects.get(email="admin@vkpp.demo")
    lead = User.objects.get(email="lead@norfolk.demo")
    today = timezone.localdate()
    exercise = services.exercise_create(
        created_by=admin,
        version=FrameworkVersion.objects.get(framework__slug="nvap", label="3"),
        title=DEMO_TITLE,
        instructions="Rate each action, say what your force is doing, and whether it can share or sees a gap.",
        opens_on=today,
        closes_on=today + timezone.timedelta(days=42),
    )
    services.exercise_open(exercise=exercise, by=admin)
    record = Return.objects.get(exercise=exercise, organisation__slug="norfolk-constabulary")
    answer = record.answers.get(action__code="2.1.1")
    services.answer_save(
        answer=answer,
        by=lead,
        revision=answer.revision,
        values={
            "rating": 3,
            "what_we_are_doing": "Call handlers use a vulnerability script; a daily review "
            "meeting checks incidents involving vulnerable people.",
            "can_share": False,
            "sees_gap": False,
        },
    )
    gap = record.answers.get(action__code="2.3.1")
    services.answer_save(
        answer=gap,
        by=lead,
        revision=gap.revision,
        values={
            "rating": 2,
            "what_we_are_doing": "Referrals to partners are made case by case; there is no shared pathway yet.",
            "can_share": False,
            "sees_gap": True,
        },
    )
    return exercise


BASELINE_TITLE = "2019 baseline"
BASELINE_SEED = 2019
# What forces wrote, by how far along they were: two sentences each, chosen by the seed.
_DOING = {
    "low": [
        "Work on this has not started across the force yet.",
        "A lead has been named and a scoping paper is with the chief officer group.",
        "Practice differs between districts and nobody checks it.",
        "Training needs have been identified but no course is booked.",
    ],
    "mid": [
        "A force policy is agreed and being rolled out to response and neighbourhood teams.",
        "Training has reached about half of frontline officers.",
        "A monthly meeting with partner agencies reviews the cases involved.",
        "An audit of a sample of incidents checks that the policy is followed.",
    ],
    "high": [
        "The approach is part of normal business in every district and is audited quarterly.",
        "An evaluation with a university partner found fewer repeat incidents.",
        "Performance is reported to the force's vulnerability board every month.",
        "Partner agencies share the same pathway and data, and review it together.",
    ],
}
_FINDINGS = {
    "2.1.1": "Most forces use a structured vulnerability assessment in the control room; fewer "
    "check that it is used consistently out of hours.",
    "2.3.1": "Referral pathways to partner agencies are the most common gap named by forces: "
    "many rely on case-by-case referrals without a shared pathway.",
    "2.2.1": "Forces that audit referral quality with partners report better referrals; few have "
    "measured the effect yet.",
}

# The national team's key findings on 2.1.1, set out as it sets them out: themes, each with
# issues and recommendations (the plan's benchmarking analysis).
_FINDING_THEMES = {
    "2.1.1": [
        {
            "theme": "Knowledge and training",
            "issues": [
                "Keeping knowledge up to date",
                "Variation in the use of risk assessment tools",
                "Lack of time for training",
            ],
            "recommendations": [
                "A co-ordinated training plan around identifying vulnerability-related risk is developed and "
                "delivered to all officers/staff dealing with the public and communities",
                "Officers/staff are trained in, and have access to, risk assessment tools to help them identify "
                "and assess needs of individuals experiencing vulnerability",
                "Ensure officers/staff have core skills needed to identify vulnerability-related risk, "
                "particularly for first response staff/officers",
            ],
        },
        {
            "theme": "Trauma informed approach",
            "issues": [
                "Variation in how the term is understood",
                "Organisational understanding and implementation",
                "Gaps in training",
            ],
            "recommendations": [
                "To ensure that the College of Policing definition of trauma informed practice is used across "
                "the organisation",
                "There is a clear and committed steer from senior leaders as to the importance of embedding a "
                "trauma-informed approach",
                "Regular training provided to officers/staff around trauma-informed policing",
            ],
        },
    ]
}


@transaction.atomic
def demo_baseline_create():
    """A published past exercise, the "2019 baseline": every force but one returned, with a
    spread of ratings, gaps and promising practice drawn from a fixed seed (so the demo is the
    same every time), reviewed and accepted, so that a newcomer sees a national picture, force
    reports and find-help at once. Norfolk's answers on 2.1.1 and 2.3.1 agree with its open
    return. Once only."""
    import random
    from datetime import date, datetime

    from simple_history.utils import bulk_update_with_history

    from benchmarking.models import Answer
    from organisations.models import Organisation

    if Exercise.objects.filter(title=BASELINE_TITLE).exists():
        return None
    rng = random.Random(BASELINE_SEED)
    admin = User.objects.get(email="admin@vkpp.demo")
    leads = {u.email.split("@")[1].split(".")[0]: u for u in User.objects.filter(email__startswith="lead@")}
    version = FrameworkVersion.objects.get(framework__slug="nvap", label="3")
    exercise = services.exercise_create(
        created_by=admin,
        version=version,
        title=BASELINE_TITLE,
        instructions="The first national self-assessment against the plan's actions.",
        opens_on=date(2019, 9, 2),
        closes_on=date(2019, 10, 31),
    )
    services.exercise_open(exercise=exercise, by=admin, tell_forces=False)  # (a past exercise)
    forces = list(Organisation.objects.filter(kind=Organisation.Kind.FORCE).order_by("slug"))
    kept = {"norfolk-constabulary", "kent-police"}
    absent = rng.choice([f for f in forces if f.slug not in kept])
    strength = {f.pk: rng.gauss(0, 0.6) for f in forces}
    actions = list(exercise.actions.order_by("sort_key"))
    difficulty = {a.pk: rng.gauss(0, 0.5) for a in actions}
    fixed = {
        ("norfolk-constabulary", "2.1.1"): (3, False),
        ("norfolk-constabulary", "2.3.1"): (2, True),
    }
    answers = list(
        Answer.objects.filter(return_record__exercise=exercise)
        .select_related("return_record__organisation", "action")
        .order_by("return_record__organisation__slug", "action__sort_key")
    )
    when = datetime(2019, 10, 25, 12, 0, tzinfo=timezone.get_current_timezone())
    filled = []
    for answer in answers:
        organisation = answer.return_record.organisation
        if organisation.pk == absent.pk:
            continue
        rating = round(2.9 + strength[organisation.pk] - difficulty[answer.action_id] + rng.gauss(0, 0.7))
        rating = min(5, max(1, rating))
        sees_gap = rng.random() < (0.55 if rating <= 2 else 0.08)
        rating, sees_gap = fixed.get((organisation.slug, answer.action.code), (rating, sees_gap))
        stage = "low" if rating <= 2 else "mid" if rating <= 3 else "high"
        answer.rating = rating
        answer.what_we_are_doing = " ".join(rng.sample(_DOING[stage], 2))
        answer.sees_gap = sees_gap
        answer.can_share = rating >= 4 and rng.random() < 0.5
        answer.share_contact = f"Vulnerability lead, {organisation.name}" if answer.can_share else ""
        answer.national_rating = min(5, max(1, rating + rng.choices([-1, 0, 1], [0.2, 0.7, 0.1])[0]))
        answer.promising_practice = rating == 5 and rng.random() < 0.4
        answer.promising_practice_reason = (
            "Evaluated with a partner, with results shared." if answer.promising_practice else ""
        )
        answer.reviewer_sees_gap = answer.national_rating <= 2 and rng.random() < 0.4
        answer.revision = 1
        answer.updated_by = leads.get(organisation.slug.split("-")[0])
        filled.append(answer)
    bulk_update_with_history(
        filled,
        Answer,
        [
            "rating",
            "what_we_are_doing",
            "sees_gap",
            "can_share",
            "share_contact",
            "national_rating",
            "promising_practice",
            "promising_practice_reason",
            "reviewer_sees_gap",
            "revision",
            "updated_by",
        ],
        batch_size=500,
        default_user=admin,
        default_date=when,
    )
    for record in Return.objects.filter(exercise=exercise).exclude(organisation=absent):
        record.status = Return.Status.ACCEPTED
        record.submitted_at = when
        record.submitted_by = leads.get(record.organisation.slug.split("-")[0])
        record.share_name = record.organisation.slug in kept or rng.random() < 0.6
        attributed(record, record.submitted_by or admin).save(
            update_fields=["status", "submitted_at", "submitted_by", "share_name", "updated_at"]
        )
    for code, text in _FINDINGS.items():
        action = next((a for a in actions if a.code == code), None)
        if action is not None:
            services.key_finding_save(
                exercise=exercise, action=action, by=admin, text=text, themes=_FINDING_THEMES.get(code, [])
            )
    exercise.refresh_from_db()
    services.exercise_close(exercise=exercise, by=admin)
    exercise.refresh_from_db()
    services.exercise_publish(
        exercise=exercise,
        by=admin,
        reason=f"{absent.name} did not return; the picture stands on the other 43 forces.",
    )
    Exercise.objects.filter(pk=exercise.pk).update(
        published_at=datetime(2019, 12, 10, 10, 0, tzinfo=timezone.get_current_timezone())
    )
    return exercise


@transaction.atomic
def demo_positions_create():
    """Standing positions for every force that returned the 2019 baseline, from its answers
    there and not reviewed since (so each force's people see them due for review), and two of
    Norfolk's brought up to date this month by its contributor. Once only."""
    from datetime import date, datetime

    from simple_history.utils import bulk_create_with_history

    from benchmarking.models import Answer, StandingPosition

    baseline = Exercise.objects.filter(title=BASELINE_TITLE).first()
    if baseline is None or StandingPosition.objects.exists():
        return 0
    admin = User.objects.get(email="admin@vkpp.demo")
    when = datetime(2019, 10, 25, 12, 0, tzinfo=timezone.get_current_timezone())
    fields = services.ANSWER_FIELDS
    positions = [
        StandingPosition(
            organisation_id=a.return_record.organisation_id,
            action_id=a.action_id,
            objective_id=a.objective_id,
            **{f: getattr(a, f) for f in fields},
            reviewed_on=date(2019, 10, 25),
            source=f"From the force's return to {BASELINE_TITLE}",
            revision=1,
            updated_by=a.return_record.submitted_by,
        )
        for a in Answer.objects.filter(
            return_record__exercise=baseline, return_record__status=Return.Status.ACCEPTED
        ).select_related("return_record")
    ]
    bulk_create_with_history(
        positions, StandingPosition, batch_size=500, default_user=admin, default_date=when
    )
    StandingPosition.objects.filter(pk__in=[p.pk for p in positions if p.pk]).update(updated_at=when)
    contributor = User.objects.get(email="contributor@norfolk.demo")
    norfolk = {
        p.action.code: p
        for p in StandingPosition.objects.filter(organisation__slug="norfolk-constabulary").select_related(
            "organisation", "action", "objective"
        )
    }
    for code, rating, doing in [
        (
            "2.1.1",
            3,
            "Call handlers use a vulnerability script; a daily review meeting checks incidents "
            "involving vulnerable people. An audit of 100 calls in the spring found the script used in 91.",
        ),
        (
            "2.3.1",
            2,
            "Referrals to partners are made case by case; a shared pathway with the county "
            "council is being written.",
        ),
    ]:
        position = norfolk.get(code)
        if position is not None:
            services.position_save(
                organisation=position.organisation,
                action=position.action,
                objective=position.objective,
                by=contributor,
                revision=position.revision,
                values={
                    "rating": rating,
                    "what_we_are_doing": doing,
                    "owner": contributor,
                    "evidence": "Call audit, spring (force intranet: Vulnerability > Audits).",
                },
            )
    return len(positions)


# Comparison groups for the demo's four forces, so their reports compare them with a group.
# Illustrative only: the national team enters the Home Office's most similar groups.
_DEMO_GROUPS = {
    "norfolk-constabulary": [
        "suffolk-constabulary",
        "lincolnshire-police",
        "wiltshire-police",
        "north-yorkshire-police",
        "devon-and-cornwall-police",
        "west-mercia-police",
        "cambridgeshire-constabulary",
    ],
    "suffolk-constabulary": [
        "norfolk-constabulary",
        "lincolnshire-police",
        "wiltshire-police",
        "north-yorkshire-police",
        "warwickshire-police",
        "west-mercia-police",
        "cambridgeshire-constabulary",
    ],
    "essex-police": [
        "kent-police",
        "hertfordshire-constabulary",
        "thames-valley-police",
        "sussex-police",
        "surrey-police",
        "hampshire-and-isle-of-wight-constabulary",
        "bedfordshire-police",
    ],
    "kent-police": [
        "essex-police",
        "sussex-police",
        "hampshire-and-isle-of-wight-constabulary",
        "thames-valley-police",
        "avon-and-somerset-police",
        "staffordshire-police",
        "hertfordshire-constabulary",
    ],
}


@transaction.atomic
def demo_similar_forces_create():
    """Illustrative comparison groups for Norfolk, Suffolk, Essex and Kent. Once only."""
    from benchmarking.models import SimilarForce
    from organisations.models import Organisation

    if SimilarForce.objects.exists():
        return 0
    admin = User.objects.get(email="admin@vkpp.demo")
    forces = {o.slug: o for o in Organisation.objects.filter(kind=Organisation.Kind.FORCE)}
    for slug, group in _DEMO_GROUPS.items():
        services.similar_forces_set(organisation=forces[slug], by=admin, forces=[forces[s] for s in group])
    return len(_DEMO_GROUPS)
