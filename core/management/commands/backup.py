from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core import backups


class Command(BaseCommand):
    help = "Backs up the database and the uploaded files into a new folder (default var/backups/<time>)."

    def add_arguments(self, parser):
        parser.add_argument("--to", type=Path, help="the new folder to write")

    def handle(self, *args, to=None, **options):
        target = to or Path(settings.VAR_DIR) / "backups" / timezone.now().strftime("%Y%m%d-%H%M%S")
        try:
            manifest = backups.backup(target)
        except (backups.BackupError, FileExistsError) as problem:
            raise CommandError(str(problem)) from problem
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            f"Backed up {rows} rows in {len(manifest['counts'])} tables and {len(manifest['files'])} files to {target}"
        )
