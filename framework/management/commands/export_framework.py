import json

from django.core.management.base import BaseCommand, CommandError

from framework import selectors


class Command(BaseCommand):
    help = "Prints a framework version as JSON, the same as GET /api/v1/frameworks/<framework>/."

    def create_parser(self, prog_name, subcommand, **kwargs):
        # Our --version (a framework version) replaces Django's --version (its own release).
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("framework", help="the framework's slug, e.g. nvap")
        parser.add_argument("--version", dest="label", help="a version label; default the latest published")

    def handle(self, *args, framework, label=None, **options):
        version = selectors.get_version(framework, label, include_drafts=True)
        if version is None:
            which = f"version {label!r}" if label else "a published version"
            raise CommandError(f"There is no framework {framework!r} with {which}.")
        self.stdout.write(json.dumps(selectors.version_as_json(version), indent=2, ensure_ascii=False))
