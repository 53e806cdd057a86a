"""The controlled list of vulnerability strands, and (PostgreSQL) the library's search index."""

from django.db import migrations



def add_strands(apps, schema_editor):
    from practice.strands import STRANDS

    Strand = apps.get_model("practice", "Strand")
    for order, (slug, name) in enumerate(STRANDS):
        Strand.objects.update_or_create(slug=slug, defaults={"name": name, "order": order})


def create_gin_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS practice_libraryentry_vector_gin "
            "ON practice_libraryentry USING GIN (search_vector)"
        )


def drop_gin_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS practice_libraryentry_vector_gin")


class Migration(migrations.Migration):
    dependencies = [("practice", "0001_initial")]

    operations = [
        migrations.RunPython(add_strands, migrations.RunPython.noop),
        migrations.RunPython(create_gin_index, drop_gin_index),
    ]
