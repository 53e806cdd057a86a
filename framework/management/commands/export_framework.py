import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from framework import export, selectors


class Command(BaseCommand):
    help = (
        "Prints a framework version as JSON, the same as GET /api/v1/frameworks/<framework>/, or "
        "with --yaml writes it as the content files load_framework reads."
    )

    def create_parser(self, prog_name, subcommand, **kwargs):
        # Our --version (a framework version) replaces Django's --version (its own release).
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("framework", help="the framework's slug, e.g. nvap")
        parser.add_argument("--version", dest="label", help="a version label; default the latest published")
        parser.add_argument("--yaml", dest="folder", help="write YAML files into this framework folder")

    def handle(self, *args, framework, label=None, folder=None, **options):
        version = selectors.get_version(framework, label, include_drafts=True)
        if version is None:
            which = f"version {label!r}" if label else "a published version"
            raise CommandError(f"There is no framework {framework!r} with {which}.")
        if folder:
            written = export.write_folder(version, Path(folder))
            self.stdout.write(f"Wrote {len(written)} files under {folder}")
            return
        self.stdout.write(json.dumps(selectors.version_as_json(version), indent=2, ensure_ascii=False))
