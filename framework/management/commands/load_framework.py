from django.core.management.base import BaseCommand, CommandError

from core.content import ContentError
from framework.loader import load_framework


class Command(BaseCommand):
    help = (
        "Loads a framework from reviewed YAML: a framework folder (all its versions) or one "
        "version folder. Validates everything first; a bad file loads nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="e.g. content/frameworks/nvap or content/frameworks/nvap/3")

    def handle(self, *args, path, **options):
        try:
            framework, results = load_framework(path)
        except ContentError as error:
            raise CommandError(
                "Nothing was loaded. Fix these problems and try again:\n  " + "\n  ".join(error.problems)
            ) from None
        for version, stats in results:
            self.stdout.write(f"{framework.short_name} {version.title}: {stats}")
