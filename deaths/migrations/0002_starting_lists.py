from django.db import migrations


def load(apps, schema_editor):
    from deaths.lists import LISTS

    Term = apps.get_model("deaths", "Term")
    for name, (_label, terms) in LISTS.items():
        for position, (code, label) in enumerate(terms):
            Term.objects.get_or_create(list=name, code=code, defaults={"label": label, "position": position})


class Migration(migrations.Migration):
    dependencies = [("deaths", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
