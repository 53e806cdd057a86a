from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.content import ContentError
from organisations.loader import load_organisations


class Command(BaseCommand):
    help = "Loads regions, forces and national bodies from a YAML file (default content/organisations.yaml)."

    def add_arguments(self, parser):
        parser.add_argument(
            "path", nargs="?", default=str(settings.BASE_DIR / "content" / "organisations.yaml")
        )

    def handle(self, *args, path, **options):
        try:
            stats = load_organisations(path)
        except ContentError as error:
            raise CommandError("Nothing was loaded:\n  " + "\n  ".join(error.problems)) from None
        self.stdout.write(f"Organisations: {stats}")
