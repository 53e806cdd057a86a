from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core import backups


class Command(BaseCommand):
    help = "Restores a backup (manage.py backup) into an empty database and file store, and checks it."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)

    def handle(self, *args, folder, **options):
        if not (folder / "manifest.json").exists():
            raise CommandError(f"{folder} is not a backup: it has no manifest.json.")
        try:
            found = backups.restore(folder)
        except backups.BackupError as problem:
            raise CommandError(str(problem)) from problem
        if found["problems"]:
            raise CommandError("The restore does not match the backup:\n" + "\n".join(found["problems"]))
        self.stdout.write(
            f"Restored {found['rows']} rows in {found['tables']} tables and {found['files']} files; all match the backup."
        )
