"""A framework version as the reviewed YAML content it loads from.

The inverse of `framework.loader`: what the national team authors in the browser is written
back to the same files (`framework.yaml`, `<label>/version.yaml`, `<label>/actions.yaml`,
`<label>/toolkits/<code>.yaml`, `<label>/crosswalks*.yaml`), so content stays reviewable in
version control, and loading the files into an empty database gives the same pages. Keys
with empty values are left out, as a person writing the files would.
"""

import io
import zipfile
from pathlib import Path

import yaml

from core.content import validate
from framework import models as m
from framework.loader import sort_key
from framework.schemas import (
    ACTIONS_SCHEMA,
    CROSSWALKS_SCHEMA,
    FRAMEWORK_SCHEMA,
    TOOLKIT_SCHEMA,
    VERSION_SCHEMA,
)


def _kept(values: dict) -> dict:
    """Leaves out empty optional values (the loader reads a missing key as empty)."""
    return {k: v for k, v in values.items() if v not in ("", None, [], {}, False)}


def framework_data(framework: m.Framework) -> dict:
    return _kept(
        {
            "slug": framework.slug,
            "name": framework.name,
            "short_name": framework.short_name,
            "description": framework.description,
            "theme_label": framework.theme_label,
            "action_label": framework.action_label,
            "peel_edition": framework.peel_edition,
            "welsh": framework.welsh,
        }
    )


def version_data(version: m.FrameworkVersion) -> dict:
    meta = _kept(
        {
            "label": version.label,
            "sequence": version.sequence,
            "title": version.title,
            "status": str(version.status),
            "published_on": version.published_on.isoformat() if version.published_on else None,
            "date_note": version.date_note,
            "partial": version.is_partial,
            "notes": version.notes,
            "sources": list(version.sources),
            "peel_edition": version.peel_edition,
            "welsh": version.welsh,
        }
    )
    meta["status"] = str(version.status)  # always written, even though "draft" is the default
    return _kept(
        {
            "version": meta,
            "themes": [
                _kept(
                    {
                        "code": t.code,
                        "title": t.title,
                        "description": t.description,
                        "grouping": t.grouping if t.grouping != "Theme" else "",
                        "welsh": t.welsh,
                    }
                )
                for t in version.themes.order_by("order", "pk")
            ],
            "perennial_issues": [
                _kept({"slug": p.slug, "name": p.name, "diagnosis": p.diagnosis, "welsh": p.welsh})
                for p in version.perennial_issues.order_by("order", "pk")
            ],
            "peel_measures": [
                _kept({"code": p.code, "text": p.text, "welsh": p.welsh})
                for p in version.peel_measures.order_by("sort_key")
            ],
        }
    )


def _objective(objective: m.Objective) -> dict:
    return _kept(
        {
            "number": objective.number,
            "text": objective.text,
            "what_we_mean": objective.what_we_mean,
            "what_forces_are_doing": list(objective.what_forces_are_doing),
            "what_we_need_intro": objective.what_we_need_intro,
            "what_we_need": list(objective.what_we_need),
            "peel_measures": sorted((p.code for p in objective.peel_measures.all()), key=sort_key),
            "welsh": objective.welsh,
        }
    )


def actions_data(version: m.FrameworkVersion) -> dict:
    actions = (
        version.actions.select_related("theme")
        .prefetch_related(
            "other_themes",
            "perennial_issues",
            "useful_links",
            "objectives__peel_measures",
            "peel_links__peel_measure",
        )
        .order_by("sort_key")
    )
    items = []
    for action in actions:
        peel = [
            _kept({"code": link.peel_measure.code, "text": link.quoted_text, "welsh": link.welsh})
            if link.quoted_text
            else link.peel_measure.code
            for link in action.peel_links.all()
        ]
        items.append(
            _kept(
                {
                    "code": action.code,
                    "scope": str(action.scope) if action.scope != m.Action.Scope.FORCE else "",
                    "theme": action.theme.code,
                    "other_themes": [t.code for t in action.other_themes.order_by("order")],
                    "title": action.title,
                    "detail": action.detail,
                    "owner": action.owner,
                    "interim": action.interim,
                    "note": action.note,
                    "current_evidence": action.current_evidence,
                    "organisational_impact": action.organisational_impact,
                    "external_impact": action.external_impact,
                    "evidence_overview": action.evidence_overview,
                    "perennial_issues": [p.slug for p in action.perennial_issues.order_by("order")],
                    "peel_measures": peel,
                    "useful_links": [
                        _kept({"title": u.title, "url": u.url, "welsh": u.welsh})
                        for u in action.useful_links.all()
                    ],
                    "objectives": [_objective(o) for o in action.objectives.all()],
                    "welsh": action.welsh,
                }
            )
        )
    return {"actions": items}


def toolkits_data(version: m.FrameworkVersion) -> list[dict]:
    toolkits = (
        m.Toolkit.objects.filter(action__version=version)
        .select_related("action")
        .prefetch_related(
            "peel_measures",
            "perennial_challenges__perennial_issue",
            "objectives__plan_objectives",
            "objectives__logic_model_rows",
            "objectives__suggested_measures",
        )
        .order_by("action__sort_key")
    )
    found = []
    for toolkit in toolkits:
        objectives = []
        for objective in toolkit.objectives.all():
            measures = objective.suggested_measures.all()
            objectives.append(
                _kept(
                    {
                        "number": objective.number,
                        "short_title": objective.short_title,
                        "text": objective.text,
                        "plan_objectives": sorted(o.number for o in objective.plan_objectives.all()),
                        "situation": objective.situation,
                        "what_we_mean": objective.what_we_mean,
                        "what_we_need_intro": objective.what_we_need_intro,
                        "what_we_need": list(objective.what_we_need),
                        "suggested_measures": _kept(
                            {
                                "peel": [
                                    _kept({"code": s.code, "text": s.text, "welsh": s.welsh})
                                    for s in measures
                                    if s.kind == m.SuggestedMeasure.Kind.PEEL
                                ],
                                "other": [
                                    {"text": s.text, "welsh": s.welsh} if s.welsh else s.text
                                    for s in measures
                                    if s.kind == m.SuggestedMeasure.Kind.OTHER
                                ],
                            }
                        ),
                        "self_assessment_prompts": list(objective.self_assessment_prompts),
                        "unintended_consequences": list(objective.unintended_consequences),
                        "progress_examples": list(objective.progress_examples),
                        "rebuilt": objective.rebuilt,
                        "welsh": objective.welsh,
                        "logic_model": [
                            _kept(
                                {
                                    "activity": row.activity,
                                    "evidence": list(row.evidence),
                                    "outputs": list(row.outputs),
                                    "short_medium_term_impacts": list(row.short_medium_term_impacts),
                                    "impact_assessment_questions": list(row.impact_assessment_questions),
                                    "rebuilt": row.rebuilt,
                                    "welsh": row.welsh,
                                }
                            )
                            for row in objective.logic_model_rows.all()
                        ],
                    }
                )
            )
        found.append(
            _kept(
                {
                    "action": toolkit.action.code,
                    "title": toolkit.title,
                    "action_title": toolkit.action_title,
                    "action_detail": toolkit.action_detail,
                    "contact": toolkit.contact,
                    "organisational_impact": toolkit.organisational_impact,
                    "external_impact": toolkit.external_impact,
                    "peel_measures": sorted((p.code for p in toolkit.peel_measures.all()), key=sort_key),
                    "guidance": list(toolkit.guidance),
                    "plan_questions": list(toolkit.plan_questions),
                    "plan_fields": list(toolkit.plan_fields),
                    "perennial_intro": toolkit.perennial_intro,
                    "perennial_challenges": [
                        {
                            "issue": c.perennial_issue.slug,
                            "issues": list(c.issues),
                            **({"welsh": c.welsh} if c.welsh else {}),
                        }
                        for c in toolkit.perennial_challenges.all()
                    ],
                    "useful_links": list(toolkit.useful_links),
                    "references": list(toolkit.references),
                    "objectives": objectives,
                    "welsh": toolkit.welsh,
                }
            )
        )
    return found


def crosswalks_data(version: m.FrameworkVersion) -> list[dict]:
    """The version's links out, one file's worth for each version they point at."""
    links = (
        m.CrosswalkLink.objects.filter(source__version=version)
        .select_related("source", "target__version__framework")
        .order_by(
            "target__version__framework__slug",
            "target__version__sequence",
            "source__sort_key",
            "target__sort_key",
        )
    )
    by_target: dict[tuple[str, str], list[dict]] = {}
    for link in links:
        key = (link.target.version.framework.slug, link.target.version.label)
        by_target.setdefault(key, []).append(
            _kept(
                {
                    "source": link.source.code,
                    "target": link.target.code,
                    "relation": str(link.relation),
                    "note": link.note,
                }
            )
        )
    return [
        {"target": {"framework": slug, "version": label}, "links": links}
        for (slug, label), links in by_target.items()
    ]


def crosswalk_file_name(index: int) -> str:
    return "crosswalks.yaml" if index == 0 else f"crosswalks-{index + 1}.yaml"


def files_of(version: m.FrameworkVersion) -> dict[str, dict]:
    """Every file of a framework folder holding this version, by its path in the folder,
    each checked against the schema the loader reads it with."""
    folder = version.label
    files = {
        "framework.yaml": (framework_data(version.framework), FRAMEWORK_SCHEMA),
        f"{folder}/version.yaml": (version_data(version), VERSION_SCHEMA),
        f"{folder}/actions.yaml": (actions_data(version), ACTIONS_SCHEMA),
    }
    for toolkit in toolkits_data(version):
        files[f"{folder}/toolkits/{toolkit['action']}.yaml"] = (toolkit, TOOLKIT_SCHEMA)
    for i, crosswalk in enumerate(crosswalks_data(version)):
        files[f"{folder}/{crosswalk_file_name(i)}"] = (crosswalk, CROSSWALKS_SCHEMA)
    for path, (data, schema) in files.items():
        validate(data, schema, Path(path))
    return {path: data for path, (data, _schema) in files.items()}


class _Dumper(yaml.SafeDumper):
    """Writes long and multi-line text as readable block scalars."""


def _text(dumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def as_yaml(data) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def write_folder(version: m.FrameworkVersion, root: Path) -> list[Path]:
    """Writes the version's files under `root` (the framework's folder); returns them."""
    written = []
    for name, data in files_of(version).items():
        path = Path(root) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(as_yaml(data), encoding="utf-8")
        written.append(path)
    return written


def as_zip(version: m.FrameworkVersion) -> bytes:
    """The version's files in a zip whose top folder is the framework's slug."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files_of(version).items():
            archive.writestr(f"{version.framework.slug}/{name}", as_yaml(data))
    return buffer.getvalue()
