"""The demo's case review repository: twenty published reviews (invented for the demo: no real
case details, addresses on example.org) with coded learning, three more screened out, two
waiting to be screened, and one published quarterly briefing."""

from datetime import date

from django.db import transaction

from accounts.models import User
from casereviews import services
from casereviews.models import Briefing, CaseReview, LearningTheme
from framework.models import Action, PerennialIssue
from organisations.models import Organisation

# (type, nation, partnership, force slug, published, pseudonym, subjects)
REVIEWS = [
    (
        "cspr",
        "england",
        "Norfolk Safeguarding Children Partnership",
        "norfolk-constabulary",
        date(2023, 2, 14),
        "Child R",
        [("1_5", "male", "white")],
    ),
    (
        "dhr",
        "england",
        "Kent Community Safety Partnership",
        "kent-police",
        date(2023, 3, 2),
        "Mrs A",
        [("45_64", "female", "not_recorded")],
    ),
    (
        "sar",
        "england",
        "Suffolk Safeguarding Adults Board",
        "suffolk-constabulary",
        date(2023, 4, 19),
        "Adult T",
        [("75_plus", "male", "white")],
    ),
    (
        "rapid",
        "england",
        "Essex Safeguarding Children Board",
        "essex-police",
        date(2023, 5, 30),
        "Baby M",
        [("under_1", "female", "not_recorded")],
    ),
    (
        "dhr",
        "england",
        "Norfolk Community Safety Partnership",
        "norfolk-constabulary",
        date(2023, 6, 21),
        "Ms J",
        [("25_44", "female", "black")],
    ),
    (
        "cpr",
        "wales",
        "Cwm Taf Morgannwg Safeguarding Board",
        None,
        date(2023, 7, 11),
        "Child Q",
        [("11_15", "female", "white")],
    ),
    (
        "sar",
        "england",
        "Kent and Medway Safeguarding Adults Board",
        "kent-police",
        date(2023, 9, 6),
        "Mr H",
        [("45_64", "male", "not_recorded")],
    ),
    (
        "cspr",
        "england",
        "Suffolk Safeguarding Partnership",
        "suffolk-constabulary",
        date(2023, 10, 25),
        "Child D",
        [("16_17", "male", "mixed")],
    ),
    (
        "mappa",
        "england",
        "Essex MAPPA Strategic Management Board",
        "essex-police",
        date(2023, 11, 29),
        "Offender X",
        [("25_44", "male", "white")],
    ),
    (
        "dhr",
        "england",
        "Suffolk Community Safety Partnership",
        "suffolk-constabulary",
        date(2024, 1, 17),
        "Mrs K",
        [("65_74", "female", "white"), ("65_74", "male", "white")],
    ),
    (
        "cspr",
        "england",
        "Kent Safeguarding Children Multi-agency Partnership",
        "kent-police",
        date(2024, 2, 28),
        "Sibling group C",
        [("6_10", "female", "asian"), ("1_5", "male", "asian")],
    ),
    (
        "apr",
        "wales",
        "Gwent Safeguarding Board",
        None,
        date(2024, 3, 20),
        "Adult W",
        [("25_44", "female", "not_recorded")],
    ),
    (
        "sar",
        "england",
        "Norfolk Safeguarding Adults Board",
        "norfolk-constabulary",
        date(2024, 5, 8),
        "Mr P",
        [("45_64", "male", "white")],
    ),
    (
        "national_panel",
        "england",
        "Child Safeguarding Practice Review Panel",
        None,
        date(2024, 6, 26),
        "",
        [("11_15", "male", "not_recorded")],
    ),
    (
        "dhr",
        "england",
        "Essex Community Safety Partnership",
        "essex-police",
        date(2024, 7, 31),
        "Ms S",
        [("18_24", "female", "other")],
    ),
    (
        "cspr",
        "england",
        "Norfolk Safeguarding Children Partnership",
        "norfolk-constabulary",
        date(2024, 9, 18),
        "Child E",
        [("11_15", "female", "white")],
    ),
    (
        "susr",
        "wales",
        "North Wales Safeguarding Board",
        None,
        date(2025, 1, 22),
        "Person N",
        [("not_recorded", "not_recorded", "not_recorded")],
    ),
    (
        "dhr",
        "england",
        "Kent Community Safety Partnership",
        "kent-police",
        date(2025, 3, 12),
        "Mrs F",
        [("25_44", "female", "white")],
    ),
    (
        "sar",
        "england",
        "Essex Safeguarding Adults Board",
        "essex-police",
        date(2025, 5, 7),
        "Adult B",
        [("18_24", "male", "black")],
    ),
    (
        "cspr",
        "england",
        "Suffolk Safeguarding Partnership",
        "suffolk-constabulary",
        date(2025, 6, 25),
        "Child L",
        [("6_10", "male", "white")],
    ),
]
SCREENED_OUT = [
    (
        "sar",
        "england",
        "Norfolk Safeguarding Adults Board",
        date(2023, 8, 9),
        "no",
        "No police contact with the person or family before the death.",
    ),
    (
        "dhr",
        "england",
        "Kent Community Safety Partnership",
        date(2024, 4, 10),
        "not_known",
        "The report does not say whether police had contact before the homicide.",
    ),
    (
        "cspr",
        "england",
        "Essex Safeguarding Children Board",
        date(2024, 10, 2),
        "no",
        "No police contact before the incident; health and education learning only.",
    ),
]
TO_SCREEN = [
    ("dhr", "england", "Suffolk Community Safety Partnership", date(2025, 9, 3)),
    ("cspr", "england", "Norfolk Safeguarding Children Partnership", date(2025, 10, 15)),
]
# (text, kind, stage, action codes, perennial issue slugs, themes): cycled across the reviews.
LEARNING = [
    (
        "Officers attending repeated calls treated each as a single incident; the pattern of escalation was not seen.",
        "missed",
        "risk",
        ["2.2.1"],
        ["identifying-and-managing-risk"],
        ["Identification of risk", "Coercive and controlling behaviour"],
    ),
    (
        "A referral to children's social care was made the same day and followed up when no reply came.",
        "strength",
        "referral",
        ["2.2.1"],
        ["collaborative-working"],
        ["Collaborative working"],
    ),
    (
        "The child was not spoken to alone at any of four attendances.",
        "gap",
        "first_contact",
        ["2.4.1"],
        ["victim-engagement-and-care"],
        ["Voice of the child or adult"],
    ),
    (
        "Intelligence held about the partner's previous relationships was not shared with the MARAC.",
        "missed",
        "partnership",
        ["2.1.3", "2.2.1"],
        ["collaborative-working"],
        ["Information sharing"],
    ),
    (
        "Supervisors did not review the risk assessment when the victim withdrew her statement.",
        "gap",
        "supervision",
        ["2.3.1"],
        ["developing-the-workforce"],
        ["Supervision and training", "Identification of risk"],
    ),
    (
        "Officers recognised signs of financial abuse of an older adult and made a safeguarding referral.",
        "strength",
        "safeguarding",
        ["2.1.1"],
        ["supporting-vulnerable-people"],
        ["Identification of risk"],
    ),
    (
        "Mental health crisis calls were closed without checking the person's history of self-harm.",
        "missed",
        "first_contact",
        ["2.1.2"],
        ["supporting-vulnerable-people"],
        ["Mental health", "Record keeping"],
    ),
    (
        "Missing episodes were not linked to possible criminal exploitation; return home interviews were not read.",
        "missed",
        "investigation",
        ["2.1.1", "2.2.1"],
        ["identifying-and-managing-risk"],
        ["Missing episodes", "Exploitation"],
    ),
    (
        "The investigation secured body-worn video and 999 recordings, allowing an evidence-led prosecution.",
        "strength",
        "investigation",
        ["2.3.2"],
        ["using-evidence-in-investigations"],
        ["Coercive and controlling behaviour"],
    ),
    (
        "Language barriers meant the victim's account was taken through her partner.",
        "gap",
        "first_contact",
        ["2.4.1"],
        ["victim-engagement-and-care"],
        ["Cultural competence", "Voice of the child or adult"],
    ),
    (
        "The DASH risk assessment was completed but its answers were not recorded on the force system.",
        "gap",
        "risk",
        ["2.2.1"],
        ["identifying-and-managing-risk"],
        ["Record keeping"],
    ),
    (
        "A strategy meeting was called promptly and police attended with relevant history.",
        "strength",
        "partnership",
        ["2.2.1"],
        ["collaborative-working"],
        ["Collaborative working", "Information sharing"],
    ),
    (
        "Neglect indicators noted by attending officers did not reach the Multi-Agency Safeguarding Hub.",
        "missed",
        "referral",
        ["2.1.1"],
        ["identifying-and-managing-risk"],
        ["Neglect", "Information sharing"],
    ),
    (
        "Officers lacked training in recognising coercive control in older couples.",
        "gap",
        "other",
        ["2.6.1"],
        ["developing-the-workforce"],
        ["Supervision and training", "Coercive and controlling behaviour"],
    ),
]


def _codes(codes, slugs, themes):
    actions = list(Action.objects.filter(version__framework__slug="nvap", version__label="3", code__in=codes))
    perennial = list(
        PerennialIssue.objects.filter(version__framework__slug="nvap", version__label="3", slug__in=slugs)
    )
    found = list(LearningTheme.objects.filter(name__in=themes))
    return actions, perennial, found


def _record_fields(kind, nation, partnership, published, url) -> dict:
    return {
        "kind": kind,
        "nation": nation,
        "partnership": partnership,
        "force": None,
        "published_on": published,
        "incident_on": None,
        "report_url": f"https://www.example.org/reviews/{published:%Y}/{url}.pdf",
        "pseudonym": "",
        "summary": "",
        "police_contact": "yes",
    }


def _record(by, kind, nation, partnership, published, url, **fields):
    return services.review_record(
        by=by, fields={**_record_fields(kind, nation, partnership, published, url), **fields}
    )


@transaction.atomic
def demo_case_reviews_create() -> int:
    """Once only. Returns how many reviews were recorded."""
    if CaseReview.objects.exists():
        return 0
    analyst = User.objects.get(email="analyst@vkpp.demo")
    admin = User.objects.get(email="admin@vkpp.demo")
    forces = {o.slug: o for o in Organisation.objects.filter(kind=Organisation.Kind.FORCE)}
    n = 0
    for i, (kind, nation, partnership, slug, published, pseudonym, subjects) in enumerate(REVIEWS):
        review = services.review_record(
            by=analyst,
            fields={
                **_record_fields(kind, nation, partnership, published, f"{kind}-{i + 1}"),
                "force": forces.get(slug) if slug else None,
                "incident_on": date(published.year - 1, published.month, 1),
                "pseudonym": pseudonym,
                "summary": "Written for the NVAP Hub demo: no real case.",
            },
            subjects=subjects,
        )
        review = services.review_screen(review=review, by=analyst, include=True)
        coding = services.coding_for(review=review, by=analyst)
        points = []
        for j in range(3 + i % 3):
            text, point_kind, stage, codes, slugs, themes = LEARNING[(i * 3 + j) % len(LEARNING)]
            actions, perennial, found = _codes(codes, slugs, themes)
            points.append(
                services.point_add(
                    coding=coding,
                    by=analyst,
                    text=text,
                    page=str(8 + 3 * j),
                    kind=point_kind,
                    stage=stage,
                    actions=actions,
                    perennial_issues=perennial,
                    themes=found,
                )
            )
        services.coding_done(coding=coding, by=analyst)
        services.recommendation_add(
            review=review,
            by=analyst,
            text="The force should make sure repeat contacts are seen together when risk is assessed.",
            addressee="police" if i % 2 else "police_partners",
            points=points[:1],
        )
        services.learning_publish(review=review, by=analyst, coding=coding)
        n += 1
    for kind, nation, partnership, published, contact, reason in SCREENED_OUT:
        review = _record(analyst, kind, nation, partnership, published, f"{kind}-out", police_contact=contact)
        services.review_screen(review=review, by=analyst, include=False, reason=reason)
        n += 1
    for kind, nation, partnership, published in TO_SCREEN:
        _record(analyst, kind, nation, partnership, published, f"{kind}-new")
        n += 1
    briefing = services.briefing_create(
        by=admin,
        fields={
            "kind": Briefing.Kind.QUARTERLY,
            "title": "Learning from case reviews: 2024",
            "period_from": date(2024, 1, 1),
            "period_to": date(2024, 12, 31),
            "review_kinds": [],
            "action_codes": [],
            "commentary": (
                "Written for the NVAP Hub demo. As in earlier years, most learning concerns the identification "
                "of risk across repeated contacts and working with partners. Forces are asked to look again at "
                "how attending officers see the history behind a call."
            ),
        },
    )
    services.briefing_publish(briefing=briefing, by=admin)
    return n
