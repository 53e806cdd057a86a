"""The theme list the national team starts from (it adds, renames and retires themes in the
service): the themes most often found in police learning from case reviews."""

THEMES = [
    (
        "Identification of risk",
        "Recognising risk and vulnerability, including cumulative risk over repeated contacts",
    ),
    ("Information sharing", "Sharing what is known with partners, and checking what they know"),
    ("Collaborative working", "Working with partners: referrals, strategy meetings, shared plans"),
    ("Voice of the child or adult", "Hearing and recording what the person says and how they live"),
    ("Professional curiosity", "Asking the next question; not taking accounts at face value"),
    ("Coercive and controlling behaviour", "Recognising patterns of control, not single incidents"),
    ("Mental health", "Responding to mental ill health and crisis"),
    ("Substance misuse", "Drug and alcohol use by the person or those around them"),
    ("Neglect", "Recognising and acting on neglect"),
    ("Exploitation", "Criminal and sexual exploitation, including county lines"),
    ("Missing episodes", "Return home interviews and patterns of going missing"),
    ("Record keeping", "Recording decisions, rationale and history so others can find them"),
    ("Supervision and training", "Supervisors' oversight; knowledge and training of staff"),
    ("Cultural competence", "Understanding culture, faith, language and barriers to help"),
]


def ensure_themes() -> None:
    """Creates any starting theme that is missing (the migration does it once; tests that empty
    the database call this again)."""
    from casereviews.models import LearningTheme

    for name, description in THEMES:
        LearningTheme.objects.get_or_create(name=name, defaults={"description": description})
