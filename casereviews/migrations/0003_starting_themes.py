"""The theme list the national team starts from (casereviews.themes)."""

from django.db import migrations



def add(apps, schema_editor):
    from casereviews.themes import THEMES

    Theme = apps.get_model("casereviews", "LearningTheme")
    for name, description in THEMES:
        Theme.objects.get_or_create(name=name, defaults={"description": description})


def remove(apps, schema_editor):
    from casereviews.themes import THEMES

    apps.get_model("casereviews", "LearningTheme").objects.filter(name__in=[n for n, _ in THEMES]).delete()


class Migration(migrations.Migration):
    dependencies = [("casereviews", "0002_full_text")]

    operations = [migrations.RunPython(add, remove)]
