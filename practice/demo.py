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
