"""A national-scale synthetic data set for the benchmark.

The 44 forces and the national bodies, the NVAP as shipped, about 10 people in every force,
and a synthetic framework ten times the NVAP's size (7 themes x 30 actions, 4 objectives
each, a toolkit on every action) to show that page costs do not grow with the plan.
Idempotent: running it again changes nothing.
"""

import re
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from benchmarking import services as benchmarking
from benchmarking.models import Answer, Exercise, Return
from core.content import SyncStats, sync
from framework import models as m
from framework.loader import load_framework, rebuild_search, sort_key
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
    successor = _successor_framework()
    exercises = _benchmarking()
    positions = _positions()
    reviews = _reviews()
    learning = _case_reviews()
    deaths = _deaths()
    community = _community()
    impact = _impact()
    practice = _practice()
    practice["help_requests"] = _help_requests()
    return {
        **impact,
        **practice,
        "exercises": exercises,
        **positions,
        **reviews,
        **learning,
        **deaths,
        **community,
        "answers": Answer.objects.count(),
        "forces": Organisation.objects.filter(kind="force").count(),
        "users": users,
        "nvap_actions": m.Action.objects.filter(version__framework__slug="nvap", version__label="3").count(),
        "synthetic_actions": actions,
        **successor,
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
            title = f"Synthetic action {code}"
            detail = "Detail of the action about referral pathways and safeguarding. " * 3
            # Half the actions have Welsh (framework.bilingual): Welsh pages mix the two.
            in_welsh = a % 2 == 1
            action = m.Action.objects.create(
                version=version,
                theme=theme,
                code=code,
                title=title,
                detail=detail,
                welsh={
                    "title": {"cy": f"Cam gweithredu synthetig {code}", "en": title},
                    "detail": {"cy": "Manylion y cam gweithredu. " * 6, "en": detail},
                }
                if in_welsh
                else {},
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
                    welsh={"text": {"cy": f"Amcan {n} o {code}", "en": f"Objective {n} of {code}"}}
                    if in_welsh
                    else {},
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
                    welsh=objective.welsh,
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
    rebuild_search(version, stats)
    return version.actions.count()


# BENCH_SCALE=10 builds the data set at ten times the size: 100,000 practice examples and 100
# published exercises (the measures already hold ten years of monthly values at 1x). At 1x, ten
# published exercises: every force's history on every action, as the peer comparison reads it.
SCALE = int(__import__("os").environ.get("BENCH_SCALE", "1"))
PAST_EXERCISES = 10 * SCALE


def _benchmarking() -> int:
    """Ten published exercises and one open one on all 18 NVAP actions, every force
    returned in the published ones, with ratings, gaps and promising practice."""
    if Exercise.objects.filter(title__startswith="Bench exercise").exists():
        return Exercise.objects.filter(title__startswith="Bench exercise").count()
    from datetime import date, timedelta

    version = m.FrameworkVersion.objects.get(framework__slug="nvap", label="3")
    admin = User.objects.filter(email__endswith=".bench").first()
    previous = None
    for n in range(PAST_EXERCISES + 1):
        with transaction.atomic():
            exercise = benchmarking.exercise_create(
                created_by=admin,
                version=version,
                title=f"Bench exercise {n + 1}",
                # Spread over the years before the open one (ten years at BENCH_SCALE=10).
                opens_on=date(2026, 1, 10) - timedelta(days=61 * (PAST_EXERCISES - n)),
                closes_on=date(2026, 1, 10) - timedelta(days=61 * (PAST_EXERCISES - n) - 45)
                if n < PAST_EXERCISES
                else date(2099, 1, 1),
                actions=list(version.actions.all()),
                previous=previous,
            )
            benchmarking.exercise_open(exercise=exercise, by=admin, tell_forces=False)
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
                Exercise.objects.filter(pk=exercise.pk).update(
                    status=Exercise.Status.PUBLISHED,
                    published_at=timezone.make_aware(
                        datetime.combine(exercise.closes_on, datetime.min.time())
                    ),
                )
            previous = exercise
    return PAST_EXERCISES + 1


def _positions() -> dict:
    """Every force's standing position on every NVAP action, each saved once after each
    published exercise (its history: ten saves at 1x), and every force's comparison group of
    seven forces."""
    from benchmarking.models import SimilarForce, StandingPosition

    History = StandingPosition.history.model
    if StandingPosition.objects.exists():
        return {"positions": StandingPosition.objects.count(), "position_saves": History.objects.count()}
    forces = list(Organisation.objects.filter(kind="force").order_by("slug"))
    actions = list(
        m.Action.objects.filter(version__framework__slug="nvap", version__label="3", scope="force")
    )
    published = list(
        Exercise.objects.filter(title__startswith="Bench exercise", status="published").order_by("opens_on")
    )
    lead = User.objects.filter(email__endswith=".bench").first()
    with transaction.atomic():
        positions = StandingPosition.objects.bulk_create(
            StandingPosition(
                organisation=f,
                action=a,
                rating=1 + (f.pk * 31 + a.pk * 7) % 5,
                what_we_are_doing="Synthetic narrative about the force's work on this action. " * 6,
                sees_gap=(f.pk + a.pk) % 7 == 0,
                can_share=(f.pk + a.pk) % 4 == 0,
                reviewed_on=published[-1].closes_on,
                revision=len(published),
                source=f"From the force's return to {published[-1].title}",
            )
            for f in forces
            for a in actions
        )
        saves = []
        for p in positions:
            for n, exercise in enumerate(published):
                saves.append(
                    History(
                        id=p.pk,
                        organisation_id=p.organisation_id,
                        action_id=p.action_id,
                        rating=1 + (p.organisation_id * 31 + p.action_id * 7 + n) % 5,
                        what_we_are_doing=p.what_we_are_doing,
                        evidence="",
                        planned_activity="",
                        potential_for_improvement="",
                        share_contact="",
                        sees_gap=p.sees_gap,
                        can_share=p.can_share,
                        reviewed_on=exercise.closes_on,
                        source=f"From the force's return to {exercise.title}",
                        revision=n + 1,
                        updated_at=timezone.now(),
                        history_date=timezone.make_aware(
                            datetime.combine(exercise.closes_on, datetime.min.time())
                        ),
                        history_type="+" if n == 0 else "~",
                        history_user=lead,
                    )
                )
        History.objects.bulk_create(saves, batch_size=2000)
        SimilarForce.objects.bulk_create(
            SimilarForce(organisation=f, similar=forces[(i + k) % len(forces)])
            for i, f in enumerate(forces)
            for k in range(1, 8)
        )
    return {"positions": len(positions), "position_saves": len(saves)}


PLAN_MEASURES = 5
MONTHS = 120


def _months(count: int, end_year: int = 2026) -> list[str]:
    return [f"{end_year - (count - 1 - i) // 12}-{12 - (count - 1 - i) % 12:02d}" for i in range(count)]


def _impact() -> dict:
    """An impact realisation plan for every force and every NVAP action (44 x 18), each with two
    objectives, three activities and two risks per objective, three progress updates, and five
    measures with ten years of monthly values."""
    from impact.models import (
        Measure,
        Measurement,
        Plan,
        PlanActivity,
        PlanObjective,
        PlanRisk,
        ProgressUpdate,
    )

    if not Plan.objects.filter(created_by__email__endswith=".bench").exists():
        _impact_build(Measure, Measurement, Plan, PlanActivity, PlanObjective, PlanRisk, ProgressUpdate)
    return {
        "plans": Plan.objects.count(),
        "measures": Measure.objects.count(),
        "measurements": Measurement.objects.count(),
    }


@transaction.atomic
def _impact_build(Measure, Measurement, Plan, PlanActivity, PlanObjective, PlanRisk, ProgressUpdate):
    from django.utils import timezone

    actions = list(
        m.Action.objects.filter(version__framework__slug="nvap", version__label="3")
        .select_related("toolkit")
        .prefetch_related(
            "objectives", "toolkit__objectives__suggested_measures", "toolkit__objectives__logic_model_rows"
        )
    )
    forces = list(Organisation.objects.filter(kind="force").order_by("slug"))
    people = {u.email: u for u in User.objects.filter(email__endswith=".bench")}
    plans = [
        Plan(
            organisation=force,
            action=action,
            reporting_period="April 2026 to March 2027",
            project_lead="Bench Lead",
            status=Plan.Status.ACTIVE,
            created_by=people[f"bench-user-0@{force.slug}.bench"],
        )
        for force in forces
        for action in actions
    ]
    Plan.objects.bulk_create(plans, batch_size=2000)
    plans = list(
        Plan.objects.filter(created_by__email__endswith=".bench").select_related("organisation", "action")
    )
    by_action = {a.pk: a for a in actions}
    objectives = []
    for plan in plans:
        action = by_action[plan.action_id]
        toolkit = getattr(action, "toolkit", None)
        sources = list(toolkit.objectives.all())[:2] if toolkit else list(action.objectives.all())[:2]
        for source in sources:
            objectives.append(
                PlanObjective(
                    plan=plan,
                    toolkit_objective=source if toolkit else None,
                    objective=None if toolkit else source,
                    impact_owner=people[f"bench-user-1@{plan.organisation.slug}.bench"],
                    organisational_impact=action.organisational_impact,
                    external_impact=action.external_impact,
                    next_steps="Review after the next quarter.",
                )
            )
    PlanObjective.objects.bulk_create(objectives, batch_size=2000)
    objectives = list(
        PlanObjective.objects.filter(plan__created_by__email__endswith=".bench").select_related(
            "plan__organisation", "toolkit_objective"
        )
    )
    activities, risks, updates, measures = [], [], [], []
    per_plan: dict[int, list] = {}
    now = timezone.now()
    for item in objectives:
        per_plan.setdefault(item.plan_id, []).append(item)
        author = item.impact_owner_id
        for n in range(3):
            activities.append(
                PlanActivity(
                    plan_objective=item,
                    text=f"Activity {n + 1} for objective {item.pk}",
                    outputs="Output",
                    status=["planned", "in_progress", "done"][n],
                )
            )
        for n in range(2):
            risks.append(PlanRisk(plan_objective=item, text=f"Risk {n + 1}", mitigation="Mitigation"))
        for n in range(3):
            updates.append(
                ProgressUpdate(
                    plan_objective=item,
                    rag=["red", "amber", "green"][(item.pk + n) % 3],
                    narrative=f"Update {n + 1}",
                    created_by_id=author,
                )
            )
    for items in per_plan.values():
        for n in range(PLAN_MEASURES):
            item = items[n % len(items)]
            suggested = (
                list(item.toolkit_objective.suggested_measures.all()) if item.toolkit_objective_id else []
            )
            measures.append(
                Measure(
                    organisation=item.plan.organisation,
                    plan_objective=item,
                    name=f"Measure {n + 1}",
                    unit=Measure.Unit.PERCENTAGE,
                    suggested_measure=suggested[n % len(suggested)] if suggested else None,
                    baseline=40,
                    target=80,
                    created_by_id=item.impact_owner_id,
                )
            )
    PlanActivity.objects.bulk_create(activities, batch_size=5000)
    PlanRisk.objects.bulk_create(risks, batch_size=5000)
    ProgressUpdate.objects.bulk_create(updates, batch_size=5000)
    ProgressUpdate.objects.filter(plan_objective__plan__created_by__email__endswith=".bench").update(
        created_at=now
    )
    Measure.objects.bulk_create(measures, batch_size=5000)
    periods = _months(MONTHS)
    batch = []
    for measure in Measure.objects.filter(created_by__email__endswith=".bench").only("pk", "created_by_id"):
        for index, period in enumerate(periods):
            value = 40 + (index * 0.3) + ((measure.pk * 7 + index * 13) % 11) - 5
            batch.append(
                Measurement(
                    measure_id=measure.pk,
                    period=period,
                    value=round(min(100, max(0, value)), 2),
                    updated_by_id=measure.created_by_id,
                )
            )
        if len(batch) >= 20000:
            Measurement.objects.bulk_create(batch, batch_size=5000)
            batch = []
    Measurement.objects.bulk_create(batch, batch_size=5000)


PRACTICE_EXAMPLES = 10_000 * SCALE


def _sentences() -> list[str]:
    """Real policing sentences from the plan itself (sheets, toolkits, evidence), so synthetic
    examples have a realistic vocabulary: common words match many examples, specific ones few."""
    texts = []
    for action in m.Action.objects.filter(version__framework__slug="nvap", version__label="3"):
        texts += [
            action.detail,
            action.organisational_impact,
            action.external_impact,
            action.evidence_overview,
        ]
    for objective in m.Objective.objects.filter(action__version__label="3"):
        texts += [
            objective.text,
            objective.what_we_mean,
            *objective.what_forces_are_doing,
            *objective.what_we_need,
        ]
    for row in m.LogicModelRow.objects.all():
        texts += [row.activity, *row.evidence, *row.outputs, *row.short_medium_term_impacts]
    sentences = []
    for text in texts:
        sentences += [s.strip() for s in re.split(r"(?<=[.!?])\s+", text or "") if len(s.strip()) > 30]
    return sorted(set(sentences))


def _practice() -> dict:
    """PRACTICE_EXAMPLES published practice examples from all forces, on the NVAP's actions and strands."""
    from practice.models import Example, LibraryEntry

    if not Example.objects.filter(created_by__email__endswith=".bench").exists():
        _practice_build()
    return {"practice_examples": LibraryEntry.objects.count()}


HELP_REQUESTS_PER_FORCE = 10 * SCALE


@transaction.atomic
def _help_requests() -> int:
    """Questions to the national team: HELP_REQUESTS_PER_FORCE from each force, spread over the
    NVAP's actions, 6 of each force's 10 answered."""
    from django.utils import timezone

    from practice.models import HelpRequest

    if HelpRequest.objects.filter(asked_by__email__endswith=".bench").exists():
        return HelpRequest.objects.count()
    forces = list(Organisation.objects.filter(kind="force").order_by("slug"))
    askers = {
        u.memberships.first().organisation_id: u
        for u in User.objects.filter(email__startswith="bench-user-0@").prefetch_related("memberships")
    }
    answerer = bench_analyst()
    actions = list(m.Action.objects.filter(version__framework__slug="nvap", version__label="3"))
    now = timezone.now()
    rows = []
    for f, force in enumerate(forces):
        for n in range(HELP_REQUESTS_PER_FORCE):
            answered = n < HELP_REQUESTS_PER_FORCE * 2 // 3 and answerer is not None
            rows.append(
                HelpRequest(
                    organisation=force,
                    action=actions[(f + n) % len(actions)],
                    question=f"Synthetic question {n} from {force.name}: who has a working approach to this?",
                    asked_by=askers[force.pk],
                    status="answered" if answered else "open",
                    answer="Synthetic answer: contact the forces listed on the action page."
                    if answered
                    else "",
                    answered_by=answerer if answered else None,
                    answered_at=now if answered else None,
                )
            )
    HelpRequest.objects.bulk_create(rows, batch_size=500)
    return len(rows)


@transaction.atomic
def _practice_build():
    from django.utils import timezone

    from practice import services
    from practice.models import Example, LibraryEntry, Strand
    from practice.strands import ensure_strands

    ensure_strands()
    forces = list(Organisation.objects.filter(kind="force").order_by("slug"))
    people = {u.email: u for u in User.objects.filter(email__endswith=".bench")}
    actions = list(
        m.Action.objects.filter(version__framework__slug="nvap", version__label="3").select_related("theme")
    )
    strands = list(Strand.objects.all())
    sentences = _sentences()
    now = timezone.now()

    def text(count, seed):
        return " ".join(sentences[(seed * 7919 + i * 104729) % len(sentences)] for i in range(count))

    examples, entries = [], []
    for i in range(PRACTICE_EXAMPLES):
        force = forces[i % len(forces)]
        author = people[f"bench-user-0@{force.slug}.bench"]
        title = sentences[(i * 31) % len(sentences)][:120].rstrip(".")
        content = {
            "title": f"{title} ({i})",
            "summary": " ".join(text(2, i + 1).split()[:90]),
            "what_was_done": text(4, i + 2),
            "evidence_stage": ["not_evaluated", "local", "independent"][i % 3],
            "outcome": ["worked", "promising", "did_not_work", ""][i % 4],
            "contact_name": "Bench Contact",
            "contact_email": "contact@example.org",
        }
        examples.append(Example(organisation=force, created_by=author, status="published", **content))
        entries.append((force, author, content))
    Example.objects.bulk_create(examples, batch_size=2000)
    made = list(Example.objects.filter(created_by__email__endswith=".bench").order_by("pk"))
    library, chosen_links = [], []
    for n, (example, (force, author, content)) in enumerate(zip(made, entries, strict=True)):
        first, second = actions[n % len(actions)], actions[(n * 5 + 3) % len(actions)]
        chosen = list({first.pk: first, second.pk: second}.values())
        picked = list(
            {s.pk: s for s in (strands[n % len(strands)], strands[(n * 3 + 1) % len(strands)])}.values()
        )
        entry = LibraryEntry(
            example=example,
            organisation=force,
            region_id=force.region_id,
            year=2019 + n % 8,
            published_at=now,
            published_by=author,
            body=f"{content['title']}\n{content['summary']}\n{content['what_was_done']}",
            **content,
        )
        entry.facet_keys = entry.facet_keys_of(chosen, picked)
        library.append(entry)
        chosen_links.append((chosen, picked))
    LibraryEntry.objects.bulk_create(library, batch_size=2000)
    library = list(LibraryEntry.objects.filter(example__created_by__email__endswith=".bench").order_by("pk"))
    links = {"actions": [], "strands": [], "themes": []}
    for entry, (chosen, picked) in zip(library, chosen_links, strict=True):
        links["actions"] += [
            LibraryEntry.actions.through(libraryentry_id=entry.pk, action_id=a.pk) for a in chosen
        ]
        links["themes"] += [
            LibraryEntry.themes.through(libraryentry_id=entry.pk, theme_id=t)
            for t in {a.theme_id for a in chosen}
        ]
        links["strands"] += [
            LibraryEntry.strands.through(libraryentry_id=entry.pk, strand_id=s.pk) for s in picked
        ]
    for through in links.values():
        type(through[0]).objects.bulk_create(through, batch_size=5000)
    services.search_vector_update(LibraryEntry.objects.all())
    from practice.models import LibraryState

    LibraryState.changed()


SUCCESSOR_GROUPINGS, SUCCESSOR_PER_GROUPING = 5, 40


@transaction.atomic
def _successor_framework() -> dict:
    """A second synthetic framework of 200 elements, each crosswalked to an element of the
    synthetic 210-action one (the crosswalk page), and its first elements mapped to the NVAP's
    force actions, every force holding a position on each (carrying work across)."""
    framework, _ = m.Framework.objects.get_or_create(
        slug="bench-next", defaults={"name": "Synthetic successor framework", "short_name": "NEXT"}
    )
    version, created = m.FrameworkVersion.objects.get_or_create(
        framework=framework,
        label="1",
        defaults={"sequence": 1, "title": "Synthetic successor version 1", "status": "published"},
    )
    if created:
        old = list(m.Action.objects.filter(version__framework__slug="bench").order_by("sort_key"))
        nvap = list(
            m.Action.objects.filter(
                version__framework__slug="nvap", version__label="3", scope="force"
            ).order_by("sort_key")
        )
        links = []
        n = 0
        for g in range(1, SUCCESSOR_GROUPINGS + 1):
            theme = m.Theme.objects.create(
                version=version, grouping="Pillar", code=f"S{g}", title=f"Synthetic pillar {g}", order=g
            )
            for a in range(1, SUCCESSOR_PER_GROUPING + 1):
                code = f"S{g}.{a}"
                action = m.Action.objects.create(
                    version=version,
                    theme=theme,
                    code=code,
                    title=f"Synthetic commitment {code}",
                    detail="What the commitment asks of forces. " * 4,
                    sort_key=sort_key(code),
                )
                links.append(m.CrosswalkLink(source=action, target=old[n % len(old)], relation="equivalent"))
                if n < len(nvap):
                    links.append(m.CrosswalkLink(source=action, target=nvap[n], relation="equivalent"))
                n += 1
        m.CrosswalkLink.objects.bulk_create(links)
        rebuild_search(version, SyncStats())
    return {
        "successor_elements": version.actions.count(),
        "crosswalk_links": m.CrosswalkLink.objects.filter(source__version=version).count(),
    }


def bench_admin():
    """The national admin the benchmark reads the authoring pages as."""
    admin, _ = User.objects.get_or_create(
        email="bench-admin@vkpp.bench", defaults={"full_name": "Bench Admin"}
    )
    Membership.objects.get_or_create(
        user=admin, organisation=Organisation.objects.get(slug="vkpp"), role=Membership.Role.NATIONAL_ADMIN
    )
    return admin


def bench_analyst():
    """The national analyst the benchmark and the load test read national pages as."""
    analyst, _ = User.objects.get_or_create(
        email="bench-analyst@vkpp.bench", defaults={"full_name": "Bench Analyst"}
    )
    Membership.objects.get_or_create(
        user=analyst,
        organisation=Organisation.objects.get(slug="vkpp"),
        role=Membership.Role.NATIONAL_ANALYST,
    )
    return analyst


def signed_in(client, user) -> None:
    """Signed in as someone past both steps (their password and, where they have one, their
    second factor), as every timed page's reader is."""
    import time

    from accounts import mfa

    client.force_login(user)
    session = client.session
    session[mfa.MFA_AT], session[mfa.MFA_HOW] = int(time.time()), "app"
    session.save()


# The authenticator app key of every synthetic lead and national account (they must use a
# second factor): the load test's deadline leads sign in with its code.
TOTP_KEY = "62656e63682d746f74702d6b65792d323032362121"


def second_factors(key_hex: str = TOTP_KEY) -> None:
    """Every synthetic lead and national account has an authenticator app (key_hex)."""
    from django.utils import timezone
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts import mfa
    from accounts.models import User
    from core import personal

    people = User.objects.filter(
        email__endswith=".bench", memberships__role__in=mfa.ROLES_THAT_MUST, mfa_enrolled_at__isnull=True
    ).distinct()
    TOTPDevice.objects.bulk_create(
        TOTPDevice(user=person, key=key_hex, name="Bench app", confirmed=True) for person in people
    )
    pks = list(people.values_list("pk", flat=True))
    User.objects.filter(pk__in=pks).update(mfa_enrolled_at=timezone.now())
    personal.forget(pks)


REVIEWS = 200
FINDINGS_PER_REVIEW = 25


def _reviews() -> dict:
    """200 peer reviews across the forces (each of two NVAP actions, a team of two, evidence
    requests and fieldwork), with 25 findings each: 5,000 findings, and an action with an owner
    for every opportunity."""
    from reviews.models import EvidenceRequest, FieldworkEntry, Finding, PeerReview, Response, TeamMember

    if PeerReview.objects.exists():
        return {"reviews": PeerReview.objects.count(), "findings": Finding.objects.count()}
    forces = list(Organisation.objects.filter(kind="force").order_by("slug"))
    actions = list(
        m.Action.objects.filter(version__framework__slug="nvap", version__label="3", scope="force").order_by(
            "sort_key"
        )
    )
    reviewers = list(User.objects.filter(email__endswith=".bench").order_by("pk")[:2])
    statuses = [PeerReview.Status.FOLLOW_UP] * 3 + [
        PeerReview.Status.REPORTING,
        PeerReview.Status.FIELDWORK,
        PeerReview.Status.CLOSED,
    ]
    kinds = [Finding.Kind.STRENGTH, Finding.Kind.PROMISING, Finding.Kind.OPPORTUNITY]
    from datetime import date, timedelta

    with transaction.atomic():
        reviews = PeerReview.objects.bulk_create(
            PeerReview(
                organisation=forces[n % len(forces)],
                status=statuses[n % len(statuses)],
                why="Synthetic: the force wants an outside view of its work on these actions.",
                requested_by=reviewers[0],
                fieldwork_from=date(2025, 1, 1) + timedelta(days=n),
                report_summary="Synthetic summary of what the review found. " * 4,
                report_final_at=timezone.make_aware(datetime(2025, 6, 1)),
            )
            for n in range(REVIEWS)
        )
        through = PeerReview.actions.through
        through.objects.bulk_create(
            through(peerreview_id=r.pk, action_id=actions[(n + k) % len(actions)].pk)
            for n, r in enumerate(reviews)
            for k in (0, 1)
        )
        TeamMember.objects.bulk_create(
            TeamMember(review=r, user=u, role=role, no_conflict=True, added_by=reviewers[0])
            for r in reviews
            for u, role in zip(reviewers, ["lead", "subject_expert"], strict=True)
        )
        EvidenceRequest.objects.bulk_create(
            EvidenceRequest(
                review=r,
                title=f"Request {k}",
                kind="policy",
                due_on=date(2025, 3, 1),
                status="provided",
                created_by=reviewers[0],
            )
            for r in reviews
            for k in range(5)
        )
        FieldworkEntry.objects.bulk_create(
            FieldworkEntry(
                review=r,
                kind="interview",
                held_on=date(2025, 4, 1),
                participants="Four officers",
                notes="Synthetic notes. " * 10,
                created_by=reviewers[0],
            )
            for r in reviews
            for _ in range(5)
        )
        findings = Finding.objects.bulk_create(
            Finding(
                review=r,
                kind=kinds[k % 3],
                action=actions[(n + k % 2) % len(actions)],
                text="Synthetic finding about the force's work on the action. " * 3,
                suggested_step="Synthetic suggested step."
                if kinds[k % 3] == Finding.Kind.OPPORTUNITY
                else "",
                created_by=reviewers[0],
            )
            for n, r in enumerate(reviews)
            for k in range(FINDINGS_PER_REVIEW)
        )
        Response.objects.bulk_create(
            Response(
                finding=f,
                action_text="Synthetic action the force takes.",
                owner=reviewers[1],
                due_on=date(2025, 9, 1) if f.pk % 2 else date(2027, 1, 1),
                updated_by=reviewers[1],
            )
            for f in findings
            if f.kind == Finding.Kind.OPPORTUNITY
        )
    return {"reviews": len(reviews), "findings": len(findings)}


CASE_REVIEWS = 2_000 * SCALE
POINTS_PER_REVIEW = 10


def _case_reviews() -> dict:
    """2,000 safeguarding case reviews of every type over ten years, nine in ten included with
    ten coded learning points each (published), the rest screened out: 18,000 published points
    (20,000 with a second coder's unpublished coding of one review in ten). Words from the
    plan's own sentences, so searches match as they would."""
    from casereviews.models import CaseReview, Coding, LearningPoint, LearningTheme, ReviewType
    from casereviews.services import search_vector_update

    if CaseReview.objects.exists():
        return {
            "case_reviews": CaseReview.objects.count(),
            "learning_points": LearningPoint.objects.count(),
        }
    sentences = _sentences()
    kinds = list(ReviewType.values)
    analysts = list(User.objects.filter(email__endswith=".bench").order_by("pk")[:2])
    actions = list(
        m.Action.objects.filter(version__framework__slug="nvap", version__label="3").order_by("sort_key")
    )
    perennial = list(m.PerennialIssue.objects.filter(version__framework__slug="nvap", version__label="3"))
    themes = list(LearningTheme.objects.all())
    stages = list(LearningPoint.Stage.values)
    point_kinds = list(LearningPoint.Kind.values)
    from datetime import date, timedelta

    with transaction.atomic():
        reviews = CaseReview.objects.bulk_create(
            CaseReview(
                kind=kinds[n % len(kinds)],
                partnership=f"Synthetic partnership {n % 150}",
                published_on=date(2016, 1, 1) + timedelta(days=(n * 37) % 3650),
                report_url=f"https://www.example.org/reviews/{n}.pdf",
                police_contact="yes" if n % 10 else "no",
                screening="included" if n % 10 else "excluded",
                exclusion_reason="" if n % 10 else "No police contact before the incident.",
                created_by=analysts[0],
            )
            for n in range(CASE_REVIEWS)
        )
        included = [r for r in reviews if r.screening == "included"]
        codings = Coding.objects.bulk_create(
            Coding(review=r, coder=analysts[k]) for r in included for k in ((0, 1) if r.pk % 9 == 0 else (0,))
        )
        first = {c.review_id: c for c in codings if c.coder_id == analysts[0].pk}
        CaseReview.objects.filter(pk__in=[r.pk for r in included]).update(
            learning_published_at=timezone.now()
        )
        for r in included:
            r.published_coding = first[r.pk]
        CaseReview.objects.bulk_update(included, ["published_coding"], batch_size=1000)
        by_pk = {r.pk: r for r in included}
        points = LearningPoint.objects.bulk_create(
            (
                LearningPoint(
                    coding=c,
                    review_id=c.review_id,
                    text=sentences[(c.pk * 7 + k * 13) % len(sentences)][:400],
                    page=str(k + 3),
                    kind=point_kinds[(c.pk + k) % 3],
                    stage=stages[(c.pk + k) % len(stages)],
                    published=c.coder_id == analysts[0].pk,
                    review_kind=by_pk[c.review_id].kind,
                    year=by_pk[c.review_id].published_on.year,
                )
                for c in codings
                for k in range(POINTS_PER_REVIEW)
            ),
            batch_size=2000,
        )
        links = LearningPoint.actions.through
        links.objects.bulk_create(
            (
                links(learningpoint_id=p.pk, action_id=actions[(p.pk * 7 + j * 5) % len(actions)].pk)
                for p in points
                for j in range(1 + p.pk % 2)
            ),
            batch_size=5000,
        )
        issues = LearningPoint.perennial_issues.through
        issues.objects.bulk_create(
            (
                issues(learningpoint_id=p.pk, perennialissue_id=perennial[p.pk % len(perennial)].pk)
                for p in points
            ),
            batch_size=5000,
        )
        tagged = LearningPoint.themes.through
        tagged.objects.bulk_create(
            (
                tagged(learningpoint_id=p.pk, learningtheme_id=themes[(p.pk * 5 + j) % len(themes)].pk)
                for p in points
                for j in range(1 + p.pk % 2)
            ),
            batch_size=5000,
        )
        search_vector_update(LearningPoint.objects.all())
    return {"case_reviews": len(reviews), "learning_points": len(points)}


DEATHS = 5000


def bench_deaths_people() -> tuple:
    """The deaths analyst and Norfolk's deaths reporter the benchmark reads the repository as."""
    from deaths.models import Grant

    analyst = bench_analyst()
    Grant.objects.get_or_create(user=analyst, organisation=Organisation.objects.get(slug="vkpp"), role="lead")
    reporter = User.objects.get(email="bench-user-0@norfolk-constabulary.bench")
    Grant.objects.get_or_create(
        user=reporter, organisation=Organisation.objects.get(slug="norfolk-constabulary"), role="reporter"
    )
    return analyst, reporter


@transaction.atomic
def _deaths() -> dict:
    """5,000 notified deaths over ten years across the forces, in the project's proportions,
    each with a victim and (but for unexpected deaths) a suspect; nine in ten validated, one in
    twenty with a question about its category; 20,000 lines of access log."""
    import random
    from datetime import timedelta

    from deaths.models import AccessLog, Category, Challenge, DeathRecord, DeathsState, Person

    analyst, reporter = bench_deaths_people()
    if DeathRecord.objects.count() >= DEATHS:
        return {"deaths": DeathRecord.objects.count(), **_deaths_coding(analyst)}
    rng = random.Random(17)
    forces = list(Organisation.objects.filter(kind="force").order_by("pk"))
    categories = [
        c
        for c, n in (
            (Category.SUSPECTED_SUICIDE, 98),
            (Category.INTIMATE_PARTNER, 80),
            (Category.ADULT_FAMILY, 39),
            (Category.UNEXPECTED, 28),
            (Category.CHILD, 11),
            (Category.OTHER, 6),
        )
        for _ in range(n)
    ]
    today = timezone.localdate()
    start = today - timedelta(days=3652)
    now = timezone.now()
    records = []
    for n in range(DEATHS):
        category = rng.choice(categories)
        validated = rng.random() < 0.9
        records.append(
            DeathRecord(
                organisation=forces[n % len(forces)],
                force_reference=f"BENCH-{n:05d}",
                died_on=start + timedelta(days=rng.randrange(3652)),
                category=category,
                category_notified=category,
                method=rng.choice(["sharp_instrument", "hanging", "strangulation", "not_known"]),
                location=rng.choice(["victim_home", "shared_home", "street"]),
                suspect_arrested=rng.choice(["yes", "no", "not_known"]),
                status="notified",
                notified_at=now,
                validation="validated" if validated else "to_validate",
                scope="in_scope" if validated else "pending",
                validated_by=analyst if validated else None,
                validated_at=now if validated else None,
                created_by=reporter,
            )
        )
    DeathRecord.objects.bulk_create(records, batch_size=1000)
    made = list(DeathRecord.objects.filter(force_reference__startswith="BENCH-").order_by("pk"))
    from deaths.models import FLAGS as flags

    people = []
    for record in made:
        roles = ["victim"] if record.category == Category.UNEXPECTED else ["victim", "suspect"]
        for role in roles:
            people.append(
                Person(
                    record=record,
                    role=role,
                    sex=rng.choice(["female", "female", "male"]) if role == "victim" else "male",
                    age_band=rng.choice(["16_24", "25_34", "35_44", "45_54", "55_64", "65_74"]),
                    ethnicity=rng.choice(["white", "white", "white", "asian", "black", "mixed"]),
                    relationship="not_known"
                    if role == "victim"
                    else rng.choice(["partner", "ex_partner", "child"]),
                    contacts_12m=rng.choice([None, 0, 1, 3]),
                    **{f: rng.choice(["yes", "no", "not_known"]) for f in flags},
                )
            )
    Person.objects.bulk_create(people, batch_size=2000)
    Challenge.objects.bulk_create(
        [
            Challenge(record=r, proposed=Category.UNEXPECTED, reason="Is this right?", raised_by=analyst)
            for r in made[::20]
        ]
    )
    AccessLog.objects.bulk_create(
        [
            AccessLog(
                user=analyst,
                kind="read",
                reason="analysis",
                record=made[i % len(made)],
                what=f"BENCH-{i % len(made):05d}",
            )
            for i in range(20000)
        ],
        batch_size=2000,
    )
    DeathsState.changed()
    return {"deaths": len(made), "death_people": len(people), **_deaths_coding(analyst)}


def _deaths_coding(analyst) -> dict:
    """Themes on four deaths in ten (one to three each) and a recommendation on one in six,
    linked to an action of the plan: what the national team has coded."""
    import random

    from deaths.models import DeathRecord, DeathsState, Recommendation, Term

    through = DeathRecord.themes.through
    if not through.objects.exists():
        rng = random.Random(23)
        themes = list(Term.objects.filter(list="theme"))
        actions = list(m.Action.objects.filter(version__framework__slug="nvap", version__label="3"))
        ids = list(
            DeathRecord.objects.filter(force_reference__startswith="BENCH-").values_list("pk", flat=True)
        )
        rows, recommendations = [], []
        for pk in ids:
            if rng.random() < 0.4:
                for term in rng.sample(themes, rng.randint(1, 3)):
                    rows.append(through(deathrecord_id=pk, term_id=term.pk))
            if rng.random() < 1 / 6:
                recommendations.append(
                    Recommendation(
                        record_id=pk,
                        text="Ask about non-fatal strangulation at every incident.",
                        addressee=rng.choice(["police", "police_partners", "government_police"]),
                        action=rng.choice(actions),
                        created_by=analyst,
                    )
                )
        through.objects.bulk_create(rows, batch_size=2000)
        Recommendation.objects.bulk_create(recommendations, batch_size=2000)
        DeathsState.changed()
    return {"death_themes": through.objects.count(), "death_recommendations": Recommendation.objects.count()}


COMMUNITY_THREADS = 2_000 * SCALE
LONG_THREAD_POSTS = 500


@transaction.atomic
def _community() -> dict:
    """The 2.2.1 space with 2,000 threads (one post each; one in five a question, half of those
    still waiting), one thread of 500 posts, and a hidden post and an open report in it."""
    from datetime import timedelta

    from django.db import connection

    from community.models import Post, Report, Space, Thread
    from community.richtext import to_html
    from community.services import spaces_for_plan

    spaces_for_plan("nvap")
    space = Space.objects.get(kind=Space.Kind.ACTION, framework_slug="nvap", action_code="2.2.1")
    if Thread.objects.filter(space=space).count() >= COMMUNITY_THREADS:
        return {"community_threads": Thread.objects.count(), "community_posts": Post.objects.count()}
    people = list(User.objects.filter(email__endswith=".bench").order_by("pk")[:200])
    words = _sentences()
    now = timezone.now()
    threads = []
    for n in range(COMMUNITY_THREADS):
        question = n % 5 == 0
        threads.append(
            Thread(
                space=space,
                kind=Thread.Kind.QUESTION if question else Thread.Kind.DISCUSSION,
                title=f"{words[n % len(words)][:100]} ({n})",
                author=people[n % len(people)],
                status=(Thread.Status.OPEN if n % 10 == 0 else Thread.Status.ANSWERED) if question else "",
                post_count=1,
                last_post_at=now - timedelta(minutes=n),
                last_post_by=people[n % len(people)],
            )
        )
    Thread.objects.bulk_create(threads, batch_size=1000)
    made = list(Thread.objects.filter(space=space).order_by("pk"))
    posts = []
    for n, thread in enumerate(made):
        body = (
            f"{words[(n * 7) % len(words)]}\n\n- {words[(n * 3) % len(words)]}\n- training and **partners**"
        )
        posts.append(Post(thread=thread, author=thread.author, body=body, html=to_html(body)))
    long = made[0]
    for n in range(LONG_THREAD_POSTS - 1):
        body = f"Reply {n}: {words[n % len(words)]}"
        posts.append(Post(thread=long, author=people[n % len(people)], body=body, html=to_html(body)))
    Post.objects.bulk_create(posts, batch_size=1000)
    Post.objects.filter(thread=long).update(created_at=now - timedelta(days=1))
    Thread.objects.filter(pk=long.pk).update(post_count=LONG_THREAD_POSTS, last_post_at=now)
    Space.objects.filter(pk=space.pk).update(thread_count=len(made), last_post_at=now)
    hidden = Post.objects.filter(thread=long).order_by("pk")[10]
    Post.objects.filter(pk=hidden.pk).update(hidden=True, hidden_note="Named a person")
    reported = Post.objects.filter(thread=long).order_by("pk")[20]
    Report.objects.create(post=reported, reporter=people[1], reason=Report.Reason.OPERATIONAL)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE community_post p SET search_vector = "
                "setweight(to_tsvector('english', t.title), 'A') || setweight(to_tsvector('english', p.body), 'B') "
                "FROM community_thread t WHERE p.thread_id = t.id"
            )
    return {"community_threads": Thread.objects.count(), "community_posts": Post.objects.count()}
