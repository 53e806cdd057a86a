"""A contract of our own for import-linter: a feature app may use another feature app only
through that app's public modules (its selectors and services), so each app's models, rules,
access functions and views stay its own business. Read by `lint-imports` (see .importlinter)."""

from importlinter import Contract, ContractCheck, fields, output


class PublicSurfaceContract(Contract):
    type_name = "public_surface"

    apps = fields.ListField(subfield=fields.StringField())
    public = fields.ListField(subfield=fields.StringField())

    def check(self, graph, verbose):
        apps = set(self.apps)  # type: ignore[arg-type]
        allowed = {f"{app}.{name}" for app in apps for name in self.public}  # type: ignore[attr-defined]
        broken = []
        for importer in sorted(graph.modules):
            home = importer.split(".")[0]
            if home not in apps or ".tests" in importer or ".migrations" in importer:
                continue
            for imported in sorted(graph.find_modules_directly_imported_by(importer)):
                other = imported.split(".")[0]
                if other in apps and other != home and imported not in allowed:
                    lines = [
                        d["line_number"]
                        for d in graph.get_import_details(importer=importer, imported=imported)
                    ]
                    broken.append((importer, imported, lines))
        return ContractCheck(kept=not broken, metadata={"broken": broken})

    def render_broken_contract(self, check):
        for importer, imported, lines in check.metadata["broken"]:
            output.print_error(f"- {importer} -> {imported} (l.{', '.join(map(str, lines))})", bold=False)
            output.new_line()
        output.print_error("Use the other app's selectors or services; add what you need there.", bold=False)
