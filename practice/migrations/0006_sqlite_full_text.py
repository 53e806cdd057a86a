"""SQLite: a full-text index (FTS5, English stemming) over the library's words, kept in step
with the library by triggers, so a search reads the index rather than every entry."""

from django.db import migrations

CREATE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS practice_libraryentry_fts USING fts5("
    "title, summary, body, content='practice_libraryentry', content_rowid='id', "
    "tokenize='porter unicode61')",
    "CREATE TRIGGER IF NOT EXISTS practice_libraryentry_fts_insert AFTER INSERT ON practice_libraryentry BEGIN "
    "INSERT INTO practice_libraryentry_fts(rowid, title, summary, body) "
    "VALUES (new.id, new.title, new.summary, new.body); END",
    "CREATE TRIGGER IF NOT EXISTS practice_libraryentry_fts_delete AFTER DELETE ON practice_libraryentry BEGIN "
    "INSERT INTO practice_libraryentry_fts(practice_libraryentry_fts, rowid, title, summary, body) "
    "VALUES ('delete', old.id, old.title, old.summary, old.body); END",
    "CREATE TRIGGER IF NOT EXISTS practice_libraryentry_fts_update AFTER UPDATE OF title, summary, body "
    "ON practice_libraryentry BEGIN "
    "INSERT INTO practice_libraryentry_fts(practice_libraryentry_fts, rowid, title, summary, body) "
    "VALUES ('delete', old.id, old.title, old.summary, old.body); "
    "INSERT INTO practice_libraryentry_fts(rowid, title, summary, body) "
    "VALUES (new.id, new.title, new.summary, new.body); END",
    "INSERT INTO practice_libraryentry_fts(practice_libraryentry_fts) VALUES ('rebuild')",
]
DROP = [
    "DROP TRIGGER IF EXISTS practice_libraryentry_fts_insert",
    "DROP TRIGGER IF EXISTS practice_libraryentry_fts_delete",
    "DROP TRIGGER IF EXISTS practice_libraryentry_fts_update",
    "DROP TABLE IF EXISTS practice_libraryentry_fts",
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in CREATE:
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("practice", "0005_once_keys")]

    operations = [migrations.RunPython(create, drop)]
