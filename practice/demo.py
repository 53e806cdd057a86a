"""Demo practice examples, so the library, the assessment queue and a call have something in them."""

from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from framework.models import Action
from practice import services
from practice.models import Example, Strand

EXAMPLES = [
    (
        "kent-police",
        "Missing children return home interviews by a specialist team",
        "A dedicated team carries out every return home interview for children who go missing, "
        "sharing what they learn with social care the same day.",
        "2.1.1",
        ["missing-people", "child-protection"],
        "independent",
        "worked",
    ),
    (
        "norfolk-constabulary",
        "Referral quality clinic",
        "Supervisors and partner agencies review a sample of vulnerability referrals every week and "
        "feed back to the officers who made them.",
        "2.2.1",
        ["child-protection", "adults-at-risk"],
        "local",
        "promising",
    ),
    (
        "kent-police",
        "Mental health nurse in the control room",
        "A mental health nurse works alongside call handlers at peak times to advise on incidents "
        "involving people in crisis.",
        "2.1.1",
        ["mental-health"],
        "not_evaluated",
        "promising",
    ),
]


def demo_practice_create() -> bool:
    if Example.objects.exists():
        return False
    analyst = User.objects.get(email="analyst@vkpp.demo")
    today = timezone.localdate()
    call = services.call_save(
        call=None,
        by=analyst,
        values={
            "title": "Vulnerability and violent crime call for practice",
            "scope": "Interventions or approaches to tackling vulnerability and serious violence.",
            "guidance": "Describe the problem, what you did, who you worked with and what you found.",
            "opens_on": today - timedelta(days=14),
            "closes_on": today + timedelta(days=60),
        },
    )
    from organisations.models import Organisation

    for slug, title, summary, code, strands, stage, outcome in EXAMPLES:
        organisation = Organisation.objects.get(slug=slug)
        author = User.objects.get(email=f"lead@{'kent' if slug == 'kent-police' else 'norfolk'}.demo")
        example = services.example_create(
            organisation=organisation,
            by=author,
            values={
                "title": title,
                "summary": summary,
                "what_was_done": summary,
                "evidence_stage": stage,
                "outcome": outcome,
                "contact_name": author.full_name,
                "contact_email": author.email,
            },
            strands=list(Strand.objects.filter(slug__in=strands)),
            actions=[Action.objects.get(version__framework__slug="nvap", version__label="3", code=code)],
            call=call,
        )
        services.example_submit(example=example, by=author)
        if title != "Referral quality clinic":
            services.assessment_decide(
                example=example, by=analyst, decision="publish", note="Demo assessment"
            )
    return True


def demo_examples_from_baseline(exercise_title: str) -> int:
    """Every answer the national review flagged as promising practice in the demo's past
    exercise becomes an example, completed by its force: most published, the last three
    waiting for assessment. Strands from a fixed seed. Once only."""
    import random

    from benchmarking import selectors as benchmarking

    answers = benchmarking.promising_answers(exercise_title)
    if not answers or Example.objects.filter(source_answer__in=answers).exists():
        return 0
    rng = random.Random(exercise_title)
    analyst = User.objects.get(email="analyst@vkpp.demo")
    strands = list(Strand.objects.order_by("order"))
    stages = ["local", "independent", "not_evaluated"]
    for index, answer in enumerate(answers):
        example, _ = services.example_from_answer(answer=answer, by=analyst)
        organisation = answer.return_record.organisation
        services.example_update(
            example=example,
            by=analyst,
            values={
                "title": f"{answer.action.title[:150]} (flagged in the 2019 review)",
                "evidence_stage": rng.choice(stages),
                "outcome": "promising",
                "contact_name": f"Vulnerability lead, {organisation.name}",
                "contact_email": f"vulnerability.lead@{organisation.slug}.example",
            },
            strands=rng.sample(strands, 2),
            actions=[answer.action],
            objectives=[],
        )
        services.example_submit(example=example, by=analyst)
        if index < len(answers) - 3:
            services.assessment_decide(
                example=example, by=analyst, decision="publish", note="Flagged in the 2019 review."
            )
    return len(answers)
