"""The controlled list of vulnerability strands a practice example is tagged with."""

STRANDS = [
    ("missing-people", "Missing people"),
    (
        "child-protection",
        "Child protection and abuse investigation, including child sexual abuse and exploitation",
    ),
    ("radicalisation", "Vulnerability to radicalisation"),
    ("mash", "Multi-agency safeguarding hubs"),
    ("domestic-abuse", "Domestic abuse"),
    ("honour-based-abuse", "Honour-based abuse, forced marriage and FGM"),
    ("stalking-harassment", "Stalking and harassment"),
    ("offender-management", "Management of sexual and violent offenders"),
    ("adult-sexual-offences", "Adult sexual offences"),
    ("adults-at-risk", "Adults at risk, including elder abuse"),
    ("modern-slavery", "Modern slavery and human trafficking"),
    ("gangs", "Gangs"),
    ("county-lines", "County lines"),
    ("knife-crime", "Knife crime"),
    ("sex-work", "Sex work and prostitution"),
    ("mental-health", "Mental health"),
    ("child-criminal-exploitation", "Child criminal exploitation"),
]


def ensure_strands() -> None:
    """Creates any strand of the list that is missing (the migration does it once; tests that
    empty the database call this again)."""
    from practice.models import Strand

    for order, (slug, name) in enumerate(STRANDS):
        Strand.objects.update_or_create(slug=slug, defaults={"name": name, "order": order})
