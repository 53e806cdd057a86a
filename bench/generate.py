"""A national-scale synthetic data set for the benchmark.

The 44 forces and the national bodies, the NVAP as shipped, about 10 people in every force,
and a synthetic framework ten times the NVAP's size (7 themes x 30 actions, 4 objectives
each, a toolkit on every action) to show that page costs do not grow with the plan.
Idempotent: running it again changes nothing.
"""

from django.db import transaction

from accounts.models import User
from benchmarking import services as benchmarking
from benchmarking.models import Answer, Exercise, Return
from core.content import SyncStats, sync
from framework import models as m
from framework.loader import _rebuild_search, load_framework, sort_key
from organisations.loader import load_organisations
from organisations.models import Membership, Organisation

ROOT_CONTENT = __import__("pathlib").Path(__file__).resolve().parent.parent / "content"
USERS_PER_FORCE = 10
ROLES = [Membership.Role.FORCE_LEAD] + [Membership.Role.CONTRIBUTOR] * 6 + [Membership.Role.VIEWER] * 3


def generate() -> dict:
    load_organisations(ROOT_CONTENT / "organisations.yaml")
    load_framework(ROOT_CONTENT / "frameworks" / "nvap")
    users = _people()
    actions = _big_framework()
    exercises = _benchmarking()
    return {
        "exercises": exercises,
        "answers": Answer.objects.count(),
        "forces": Organisation.objects.filter(kind="force").count(),
        "users": users,
        "nvap_actions": m.Action.objects.filter(version__framework__slug="nvap", version__label="3").count(),
        "synthetic_actions": actions,
    }


@transaction.atomic
def _people() -> int:
    existing = set(User.objects.values_list("email", flat=True))
    new_users, memberships = [], []
    for force in Organisation.objects.filter(kind="force"):
        for i in range(USERS_PER_FORCE):
            email = f"bench-user-{i}@{force.slug}.bench"
            if email in existing:
                continue
            user = User(email=email, full_name=f"Bench User {i}")
            user.set_unusable_password()
            new_users.append(user)
            memberships.append((email, force, ROLES[i % len(ROLES)]))
    User.objects.bulk_create(new_users)
    by_email = {u.email: u for u in User.objects.filter(email__endswith=".bench")}
    Membership.objects.bulk_create(
        [Membership(user=by_email[e], organisation=f, role=r) for e, f, r in memberships]
    )
    return User.objects.filter(email__endswith=".bench").count()


@transaction.atomic
def _big_framework() -> int:
    stats = SyncStats()
    framework = sync(
        m.Framework,
        stats,
        {"slug": "bench"},
        {"name": "Synthetic benchmark framework", "short_name": "BENCH"},
    )
    version = sync(
        m.FrameworkVersion,
        stats,
        {"framework": framework, "label": "1"},
        {"sequence": 1, "title": "Synthetic version 1", "status": "published"},
    )
    if version.actions.exists():
        return version.actions.count()
    measure = m.PeelMeasure.objects.create(
        version=version, code="1.1", text="A synthetic PEEL measure.", sort_key=sort_key("1.1")
    )
    issue = m.PerennialIssue.objects.create(
        version=version, slug="synthetic", name="Synthetic issue", diagnosis="The need to test at scale"
    )
    for t in range(1, 8):
        theme = m.Theme.objects.create(
            version=version,
            code=str(t),
            title=f"Synthetic theme {t}",
            description="Theme text. " * 20,
            order=t,
        )
        for a in range(1, 31):
            code = f"{t}.{a}.1"
            action = m.Action.objects.create(
                version=version,
                theme=theme,
                code=code,
                title=f"Synthetic action {code}",
                detail="Detail of the action about referral pathways and safeguarding. " * 3,
                organisational_impact="Organisational impact. " * 10,
                external_impact="External impact. " * 10,
                evidence_overview="Evidence overview paragraph about vulnerability. " * 30,
                sort_key=sort_key(code),
            )
            m.ActionPeelLink.objects.create(action=action, peel_measure=measure)
            action.perennial_issues.add(issue)
            m.UsefulLink.objects.create(action=action, title="A useful link", order=0)
            objectives = [
                m.Objective.objects.create(
                    action=action,
                    number=n,
                    text=f"Objective {n} of {code}",
                    what_we_mean="Meaning. " * 10,
                    what_forces_are_doing=["Forces are doing this. " * 8] * 2,
                    what_we_need=["A need"] * 4,
                )
                for n in range(1, 5)
            ]
            toolkit = m.Toolkit.objects.create(
                action=action, title=f"Toolkit {code}", action_title=action.title, action_detail=action.detail
            )
            for n, objective in enumerate(objectives, 1):
                tko = m.ToolkitObjective.objects.create(
                    toolkit=toolkit,
                    number=n,
                    text=objective.text,
                    situation="Situation. " * 20,
                    unintended_consequences=["A consequence"] * 3,
                )
                tko.plan_objectives.add(objective)
                m.LogicModelRow.objects.bulk_create(
                    [
                        m.LogicModelRow(
                            objective=tko,
                            order=r,
                            activity=f"Activity {r}",
                            evidence=["Evidence paragraph. " * 30] * 3,
                            short_medium_term_impacts=["Impact"] * 3,
                            impact_assessment_questions=["Question?"] * 2,
                        )
                        for r in range(4)
                    ]
                )
                m.SuggestedMeasure.objects.bulk_create(
                    [
                        m.SuggestedMeasure(
                            objective=tko,
                            kind="peel",
                            code="1.1",
                            text=measure.text,
                            peel_measure=measure,
                            order=0,
                        ),
                        m.SuggestedMeasure(objective=tko, kind="other", text="Staff survey", order=1),
                    ]
                )
    _rebuild_search(version, stats)
    return version.actions.count()


PAST_EXERCISES = 5


def _benchmarking() -> int:
    """Five published exercises and one open one on all 18 NVAP actions, every force
    returned in the published ones, with ratings, gaps and promising practice."""
    if Exercise.objects.filter(title__startswith="Bench exercise").exists():
        return Exercise.objects.filter(title__startswith="Bench exercise").count()
    from datetime import date

    version = m.FrameworkVersion.objects.get(framework__slug="nvap", label="3")
    admin = User.objects.filter(email__endswith=".bench").first()
    previous = None
    for n in range(PAST_EXERCISES + 1):
        with transaction.atomic():
            exercise = benchmarking.exercise_create(
                created_by=admin,
                version=version,
                title=f"Bench exercise {2021 + n}",
                opens_on=date(2021 + n, 1, 10),
                closes_on=date(2021 + n, 3, 31) if n < PAST_EXERCISES else date(2099, 1, 1),
                actions=list(version.actions.all()),
                previous=previous,
            )
            benchmarking.exercise_open(exercise=exercise, by=admin)
            answers = list(
                Answer.objects.filter(return_record__exercise=exercise).select_related("return_record")
            )
            for answer in answers:
                seed = answer.return_record.organisation_id * 31 + answer.action_id * 7 + n
                answer.rating = 1 + seed % 5
                answer.what_we_are_doing = "Synthetic narrative about the force's work on this action. " * 6
                answer.can_share = seed % 4 == 0
                answer.share_contact = "Vulnerability lead, lead@force.bench" if answer.can_share else ""
                answer.sees_gap = seed % 7 == 0
                answer.national_rating = 1 + (seed + 1) % 5
                answer.promising_practice = seed % 9 == 0
                answer.promising_practice_reason = "Evaluated locally" if answer.promising_practice else ""
                answer.reviewer_sees_gap = seed % 11 == 0
            Answer.objects.bulk_update(
                answers,
                [
                    "rating",
                    "what_we_are_doing",
                    "can_share",
                    "share_contact",
                    "sees_gap",
                    "national_rating",
                    "promising_practice",
                    "promising_practice_reason",
                    "reviewer_sees_gap",
                ],
                batch_size=500,
            )
            if n < PAST_EXERCISES:
                Return.objects.filter(exercise=exercise).update(status=Return.Status.ACCEPTED)
                Exercise.objects.filter(pk=exercise.pk).update(status=Exercise.Status.PUBLISHED)
            previous = exercise
    return PAST_EXERCISES + 1
