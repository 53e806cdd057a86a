"""The theme list the national team starts from (it adds, renames and retires themes in the
service): the themes most often found in police learning from case reviews."""

from django.db import migrations

THEMES = [
    ("Identification of risk", "Recognising risk and vulnerability, including cumulative risk over repeated contacts"),
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


def add(apps, schema_editor):
    Theme = apps.get_model("casereviews", "LearningTheme")
    for name, description in THEMES:
        Theme.objects.get_or_create(name=name, defaults={"description": description})


def remove(apps, schema_editor):
    apps.get_model("casereviews", "LearningTheme").objects.filter(name__in=[n for n, _ in THEMES]).delete()


class Migration(migrations.Migration):
    dependencies = [("casereviews", "0002_full_text")]

    operations = [migrations.RunPython(add, remove)]
