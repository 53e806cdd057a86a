"""Loads a framework's reviewed YAML content into the database.

A framework folder holds `framework.yaml` and one folder per version with `version.yaml`,
`actions.yaml`, optionally `toolkits/*.yaml` and `crosswalks*.yaml` (one file for each version
its links point at). Every file is validated
against its schema and every cross-reference checked before anything is written; the
writes happen in one transaction and only touch rows whose values differ, so a second load
of the same files changes nothing and a bad file changes nothing at all.
"""

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.utils import timezone

from core.content import ContentError, SyncStats, read_yaml, remove_unseen, sync, sync_m2m, validate
from framework import models as m
from framework import rebuilt as rebuilt_words
from framework.schemas import (
    ACTIONS_SCHEMA,
    CROSSWALKS_SCHEMA,
    FRAMEWORK_SCHEMA,
    TOOLKIT_SCHEMA,
    VERSION_SCHEMA,
)


def sort_key(code: str) -> str:
    """Orders codes naturally: 2.10.1 after 2.9.1, P2 after P10 stays P10 after P2."""
    parts = re.split(r"[.\s]+", code.strip())
    return ".".join(p.zfill(4) if p.isdigit() else p for p in parts)


def paragraphs(text: str | None) -> str:
    return (text or "").strip()


@dataclass
class VersionFiles:
    folder: Path
    version: dict
    actions: dict
    toolkits: list[tuple[Path, dict]]
    crosswalks: list[tuple[Path, dict]]


def _read(path: Path, schema: dict):
    data = read_yaml(path)
    validate(data, schema, path)
    return data


def read_framework(path: Path) -> tuple[Path, dict, list[VersionFiles]]:
    """Reads and validates every file of a framework folder (or of one version folder)."""
    path = Path(path)
    if not path.exists():
        raise ContentError([f"{path}: the folder does not exist"])
    if (path / "version.yaml").exists():
        framework_dir, version_dirs = path.parent, [path]
    elif (path / "framework.yaml").exists():
        framework_dir = path
        version_dirs = sorted(p for p in path.iterdir() if (p / "version.yaml").exists())
    else:
        raise ContentError([f"{path}: expected framework.yaml or version.yaml in this folder"])
    framework = _read(framework_dir / "framework.yaml", FRAMEWORK_SCHEMA)
    versions = []
    problems: list[str] = []
    for folder in version_dirs:
        try:
            toolkits = [(p, _read(p, TOOLKIT_SCHEMA)) for p in sorted((folder / "toolkits").glob("*.yaml"))]
            versions.append(
                VersionFiles(
                    folder=folder,
                    version=_read(folder / "version.yaml", VERSION_SCHEMA),
                    actions=_read(folder / "actions.yaml", ACTIONS_SCHEMA),
                    toolkits=toolkits,
                    crosswalks=[
                        (p, _read(p, CROSSWALKS_SCHEMA)) for p in sorted(folder.glob("crosswalks*.yaml"))
                    ],
                )
            )
        except ContentError as error:
            problems.extend(error.problems)
    if problems:
        raise ContentError(problems)
    for files in versions:
        check_references(files)
    return framework_dir, framework, versions


def check_references(files: VersionFiles) -> None:
    """Every code and slug a file mentions must exist in its version."""
    problems = []
    version_path = files.folder / "version.yaml"
    actions_path = files.folder / "actions.yaml"
    themes = {(t.get("grouping", "Theme"), t["code"]) for t in files.version["themes"]}
    theme_codes = {code for _name, code in themes}
    peel = {p["code"] for p in files.version.get("peel_measures", [])}
    perennial = {p["slug"] for p in files.version.get("perennial_issues", [])}

    def duplicates(items, key, where):
        seen = set()
        for i, item in enumerate(items):
            if item[key] in seen:
                problems.append(f"{where[0]}: {where[1]}[{i}].{key}: {item[key]!r} appears twice")
            seen.add(item[key])

    duplicates(files.version.get("peel_measures", []), "code", (version_path, "peel_measures"))
    duplicates(files.version.get("perennial_issues", []), "slug", (version_path, "perennial_issues"))
    duplicates(files.actions["actions"], "code", (actions_path, "actions"))

    objectives_by_action = {}
    for i, action in enumerate(files.actions["actions"]):
        where = f"{actions_path}: actions[{i}]"
        if action["theme"] not in theme_codes:
            problems.append(f"{where}.theme: no theme {action['theme']!r} in version.yaml")
        for j, code in enumerate(action.get("other_themes", [])):
            if code not in theme_codes:
                problems.append(f"{where}.other_themes[{j}]: no theme {code!r} in version.yaml")
        for j, link in enumerate(action.get("peel_measures", [])):
            code = link if isinstance(link, str) else link["code"]
            if code not in peel:
                problems.append(f"{where}.peel_measures[{j}]: no PEEL measure {code!r} in version.yaml")
        for j, slug in enumerate(action.get("perennial_issues", [])):
            if slug not in perennial:
                problems.append(f"{where}.perennial_issues[{j}]: no perennial issue {slug!r}")
        numbers = [o["number"] for o in action.get("objectives", [])]
        if len(numbers) != len(set(numbers)):
            problems.append(f"{where}.objectives: objective numbers repeat")
        for j, objective in enumerate(action.get("objectives", [])):
            for k, code in enumerate(objective.get("peel_measures", [])):
                if code not in peel:
                    problems.append(f"{where}.objectives[{j}].peel_measures[{k}]: no PEEL measure {code!r}")
        objectives_by_action[action["code"]] = set(numbers)

    for path, toolkit in files.toolkits:
        if toolkit["action"] not in objectives_by_action:
            problems.append(f"{path}: action: no action {toolkit['action']!r} in actions.yaml")
            continue
        for j, code in enumerate(toolkit.get("peel_measures", [])):
            if code not in peel:
                problems.append(f"{path}: peel_measures[{j}]: no PEEL measure {code!r}")
        for j, challenge in enumerate(toolkit.get("perennial_challenges", [])):
            if challenge["issue"] not in perennial:
                problems.append(
                    f"{path}: perennial_challenges[{j}].issue: no perennial issue {challenge['issue']!r}"
                )
        for j, objective in enumerate(toolkit["objectives"]):
            for k, number in enumerate(objective.get("plan_objectives", [])):
                if number not in objectives_by_action[toolkit["action"]]:
                    problems.append(
                        f"{path}: objectives[{j}].plan_objectives[{k}]: action "
                        f"{toolkit['action']} has no objective {number}"
                    )
    for path, data in files.crosswalks:
        for j, link in enumerate(data["links"]):
            if link["source"] not in objectives_by_action:
                problems.append(f"{path}: links[{j}].source: no action {link['source']!r}")
    if problems:
        raise ContentError(problems)


@transaction.atomic
def load_framework(path: Path) -> tuple[m.Framework, list[tuple[m.FrameworkVersion, SyncStats]]]:
    framework_dir, data, versions = read_framework(path)
    stats = SyncStats()
    framework = sync(
        m.Framework,
        stats,
        {"slug": data["slug"]},
        {
            "name": data["name"],
            "short_name": data["short_name"],
            "description": paragraphs(data.get("description")),
            "theme_label": data.get("theme_label", "Theme"),
            "action_label": data.get("action_label", "Action"),
            "peel_edition": data.get("peel_edition", ""),
            **_welsh(data),
        },
    )
    results = []
    for files in versions:
        version_stats = SyncStats()
        version = load_version(framework, files, version_stats)
        if version_stats.created or version_stats.updated or version_stats.deleted:
            m.FrameworkVersion.objects.filter(pk=version.pk).update(content_changed_at=timezone.now())
        results.append((version, version_stats))
    return framework, results


def load_version(framework, files: VersionFiles, stats: SyncStats) -> m.FrameworkVersion:
    meta = files.version["version"]
    version = sync(
        m.FrameworkVersion,
        stats,
        {"framework": framework, "label": meta["label"]},
        {
            "sequence": meta["sequence"],
            "title": meta["title"],
            "published_on": date.fromisoformat(meta["published_on"]) if meta.get("published_on") else None,
            "date_note": meta.get("date_note", ""),
            "status": meta["status"],
            "is_partial": meta.get("partial", False),
            "notes": paragraphs(meta.get("notes")),
            "sources": meta.get("sources", []),
            "peel_edition": meta.get("peel_edition", ""),
            **_welsh(meta),
        },
    )
    themes = {}
    for order, item in enumerate(files.version["themes"]):
        grouping = item.get("grouping", "Theme")
        theme = sync(
            m.Theme,
            stats,
            {"version": version, "grouping": grouping, "code": item["code"]},
            {
                "title": item["title"],
                "description": paragraphs(item.get("description")),
                "order": order,
                **_welsh(item),
            },
        )
        themes.setdefault(item["code"], theme)
    perennial = {}
    for order, item in enumerate(files.version.get("perennial_issues", [])):
        perennial[item["slug"]] = sync(
            m.PerennialIssue,
            stats,
            {"version": version, "slug": item["slug"]},
            {
                "name": item["name"],
                "diagnosis": paragraphs(item.get("diagnosis")),
                "order": order,
                **_welsh(item),
            },
        )
    peel = {}
    for item in sorted(files.version.get("peel_measures", []), key=lambda p: sort_key(p["code"])):
        parent_code = item["code"].rsplit(".", 1)[0] if item["code"].count(".") >= 2 else None
        peel[item["code"]] = sync(
            m.PeelMeasure,
            stats,
            {"version": version, "code": item["code"]},
            {
                "text": item["text"].strip(),
                "parent": peel.get(parent_code),
                "sort_key": sort_key(item["code"]),
                **_welsh(item),
            },
        )

    actions = {}
    for item in files.actions["actions"]:
        action = sync(
            m.Action,
            stats,
            {"version": version, "code": item["code"]},
            {
                "theme": themes[item["theme"]],
                "title": item["title"],
                "detail": paragraphs(item["detail"]),
                "scope": item.get("scope", "force"),
                "owner": item.get("owner", ""),
                "interim": item.get("interim", False),
                "note": paragraphs(item.get("note")),
                "organisational_impact": paragraphs(item.get("organisational_impact")),
                "external_impact": paragraphs(item.get("external_impact")),
                "evidence_overview": paragraphs(item.get("evidence_overview")),
                "current_evidence": paragraphs(item.get("current_evidence")),
                "sort_key": sort_key(item["code"]),
                **_welsh(item),
            },
        )
        actions[item["code"]] = action
        sync_m2m(action.other_themes, stats, [themes[c] for c in item.get("other_themes", [])])
        sync_m2m(action.perennial_issues, stats, [perennial[s] for s in item.get("perennial_issues", [])])
        for order, link in enumerate(item.get("peel_measures", [])):
            code, quoted = (link, "") if isinstance(link, str) else (link["code"], link["text"].strip())
            sync(
                m.ActionPeelLink,
                stats,
                {"action": action, "peel_measure": peel[code]},
                {"quoted_text": quoted, "order": order, **({} if isinstance(link, str) else _welsh(link))},
            )
        remove_unseen(m.ActionPeelLink, stats, action=action)
        for order, link in enumerate(item.get("useful_links", [])):
            sync(
                m.UsefulLink,
                stats,
                {"action": action, "order": order},
                {"title": link["title"], "url": link.get("url", ""), **_welsh(link)},
            )
        remove_unseen(m.UsefulLink, stats, action=action)
        for objective_data in item.get("objectives", []):
            objective = sync(
                m.Objective,
                stats,
                {"action": action, "number": objective_data["number"]},
                {
                    "text": paragraphs(objective_data["text"]),
                    "what_we_mean": paragraphs(objective_data.get("what_we_mean")),
                    "what_forces_are_doing": [
                        paragraphs(p) for p in objective_data.get("what_forces_are_doing", [])
                    ],
                    "what_we_need_intro": paragraphs(objective_data.get("what_we_need_intro")),
                    "what_we_need": [paragraphs(p) for p in objective_data.get("what_we_need", [])],
                    **_welsh(objective_data),
                },
            )
            sync_m2m(
                objective.peel_measures, stats, [peel[c] for c in objective_data.get("peel_measures", [])]
            )
        remove_unseen(m.Objective, stats, action=action)
    remove_unseen(m.Action, stats, version=version)

    for _path, data in files.toolkits:
        _load_toolkit(actions[data["action"]], data, peel, perennial, stats)
    remove_unseen(m.Toolkit, stats, action__version=version)

    for crosswalk in files.crosswalks:
        _load_crosswalks(actions, crosswalk, stats)

    remove_unseen(m.Theme, stats, version=version)
    remove_unseen(m.PerennialIssue, stats, version=version)
    remove_unseen(m.PeelMeasure, stats, version=version)
    rebuild_search(version, stats)
    return version


def _welsh(item: dict) -> dict:
    """The item's Welsh, where its file gives it (framework.bilingual). A file without it
    leaves the stored Welsh as it is: Welsh written in the browser for a published version
    survives loading the same files again."""
    return {"welsh": item["welsh"]} if "welsh" in item else {}


def _rebuilt_or_plain(rebuilt: bool, where: str):
    """How an item's text is stored: on an item marked `rebuilt`, with the brackets of rebuilt
    words taken out (framework.rebuilt); elsewhere as written, and a bracket is refused."""

    def shown(text: str) -> str:
        if rebuilt:
            return rebuilt_words.plain(text)
        if rebuilt_words.stray(text):
            raise ContentError(
                [
                    f"{where}: square brackets mark words rebuilt from a damaged source; "
                    "mark the item `rebuilt: true` (or take the brackets out)"
                ]
            )
        return text

    return shown


def _load_toolkit(action, data, peel, perennial, stats):
    toolkit = sync(
        m.Toolkit,
        stats,
        {"action": action},
        {
            "title": data["title"],
            "action_title": data["action_title"],
            "action_detail": paragraphs(data["action_detail"]),
            "guidance": [paragraphs(p) for p in data.get("guidance", [])],
            "organisational_impact": paragraphs(data.get("organisational_impact")),
            "external_impact": paragraphs(data.get("external_impact")),
            "perennial_intro": paragraphs(data.get("perennial_intro")),
            "references": [paragraphs(r) for r in data.get("references", [])],
            "useful_links": data.get("useful_links", []),
            "plan_questions": data.get("plan_questions", []),
            "plan_fields": data.get("plan_fields", []),
            "contact": data.get("contact", ""),
            **_welsh(data),
        },
    )
    sync_m2m(toolkit.peel_measures, stats, [peel[c] for c in data.get("peel_measures", [])])
    for order, challenge in enumerate(data.get("perennial_challenges", [])):
        sync(
            m.ToolkitPerennialChallenge,
            stats,
            {"toolkit": toolkit, "order": order},
            {
                "perennial_issue": perennial[challenge["issue"]],
                "issues": challenge["issues"],
                **_welsh(challenge),
            },
        )
    remove_unseen(m.ToolkitPerennialChallenge, stats, toolkit=toolkit)
    plan_objectives = {o.number: o for o in action.objectives.all()}
    for item in data["objectives"]:
        shown = _rebuilt_or_plain(bool(item.get("rebuilt")), f"{action.code} objective {item['number']}")
        objective = sync(
            m.ToolkitObjective,
            stats,
            {"toolkit": toolkit, "number": item["number"]},
            {
                "short_title": shown(item.get("short_title", "")),
                "text": shown(paragraphs(item["text"])),
                "situation": shown(paragraphs(item.get("situation"))),
                "what_we_mean": shown(paragraphs(item.get("what_we_mean"))),
                "what_we_need_intro": shown(paragraphs(item.get("what_we_need_intro"))),
                "what_we_need": [shown(paragraphs(p)) for p in item.get("what_we_need", [])],
                "unintended_consequences": [
                    shown(paragraphs(p)) for p in item.get("unintended_consequences", [])
                ],
                "self_assessment_prompts": [
                    shown(paragraphs(p)) for p in item.get("self_assessment_prompts", [])
                ],
                "progress_examples": [shown(p) for p in item.get("progress_examples", [])],
                "rebuilt": bool(item.get("rebuilt")),
                **_welsh(item),
            },
        )
        sync_m2m(
            objective.plan_objectives,
            stats,
            [plan_objectives[n] for n in item.get("plan_objectives", [])],
        )
        for order, row in enumerate(item.get("logic_model", [])):
            shown = _rebuilt_or_plain(
                bool(row.get("rebuilt")),
                f"{action.code} objective {item['number']} logic model row {order + 1}",
            )
            sync(
                m.LogicModelRow,
                stats,
                {"objective": objective, "order": order},
                {
                    "activity": shown(paragraphs(row["activity"])),
                    "evidence": [shown(paragraphs(p)) for p in row.get("evidence", [])],
                    "outputs": [shown(paragraphs(p)) for p in row.get("outputs", [])],
                    "short_medium_term_impacts": [
                        shown(paragraphs(p)) for p in row.get("short_medium_term_impacts", [])
                    ],
                    "impact_assessment_questions": [
                        shown(paragraphs(p)) for p in row.get("impact_assessment_questions", [])
                    ],
                    "rebuilt": bool(row.get("rebuilt")),
                    **_welsh(row),
                },
            )
        remove_unseen(m.LogicModelRow, stats, objective=objective)
        measures = item.get("suggested_measures", {})
        suggested = [
            {
                "kind": m.SuggestedMeasure.Kind.PEEL,
                "code": x["code"],
                "text": x["text"].strip(),
                "peel_measure": peel.get(x["code"]),
                **_welsh(x),
            }
            for x in measures.get("peel", [])
        ] + [
            # An "other" measure is its text, or {text, welsh} where it has Welsh.
            {
                "kind": m.SuggestedMeasure.Kind.OTHER,
                "code": "",
                "text": (x if isinstance(x, str) else x["text"]).strip(),
                "peel_measure": None,
                **({} if isinstance(x, str) else _welsh(x)),
            }
            for x in measures.get("other", [])
        ]
        for order, values in enumerate(suggested):
            sync(m.SuggestedMeasure, stats, {"objective": objective, "order": order}, values)
        remove_unseen(m.SuggestedMeasure, stats, objective=objective)
    remove_unseen(m.ToolkitObjective, stats, toolkit=toolkit)


def _load_crosswalks(actions, crosswalks, stats):
    path, data = crosswalks
    target = data["target"]
    try:
        target_version = m.FrameworkVersion.objects.get(
            framework__slug=target["framework"], label=target["version"]
        )
    except m.FrameworkVersion.DoesNotExist:
        raise ContentError(
            [
                f"{path}: target: framework {target['framework']!r} version {target['version']!r} "
                "is not loaded; load it first"
            ]
        ) from None
    targets = {a.code: a for a in target_version.actions.all()}
    problems = [
        f"{path}: links[{i}].target: {target['framework']} {target['version']} has no action {link['target']!r}"
        for i, link in enumerate(data["links"])
        if link["target"] not in targets
    ]
    if problems:
        raise ContentError(problems)
    for link in data["links"]:
        sync(
            m.CrosswalkLink,
            stats,
            {"source": actions[link["source"]], "target": targets[link["target"]]},
            {"relation": link["relation"], "note": paragraphs(link.get("note"))},
        )
    remove_unseen(
        m.CrosswalkLink,
        stats,
        source__version=next(iter(actions.values())).version,
        target__version=target_version,
    )


def rebuild_search(version, stats):
    """Flattens the version's content into SearchEntry rows (only changed rows are written)."""
    entries = []
    for theme in version.themes.all():
        entries.append(
            ("theme", theme, "", theme.code, "", f"{theme.code}. {theme.title}", theme.description)
        )
    for issue in version.perennial_issues.all():
        entries.append(("perennial", None, "", issue.slug, "", issue.name, issue.diagnosis))
    for measure in version.peel_measures.all():
        entries.append(("peel", None, "", measure.code, "", f"PEEL {measure.code}", measure.text))
    actions = version.actions.select_related("theme").prefetch_related("objectives")
    for action in actions:
        body = "\n".join(
            filter(
                None,
                [
                    action.detail,
                    action.note,
                    action.organisational_impact,
                    action.external_impact,
                    action.evidence_overview,
                    action.current_evidence,
                ],
            )
        )
        entries.append(
            ("action", action.theme, action.code, action.code, "", f"{action.code} {action.title}", body)
        )
        for objective in action.objectives.all():
            body = "\n".join(
                [objective.text, objective.what_we_mean, objective.what_we_need_intro]
                + objective.what_forces_are_doing
                + objective.what_we_need
            )
            entries.append(
                (
                    "objective",
                    action.theme,
                    action.code,
                    f"{action.code}/{objective.number}",
                    f"objective-{objective.number}",
                    f"{action.code} {action.title}: objective {objective.number}",
                    body,
                )
            )
    toolkits = m.Toolkit.objects.filter(action__version=version).select_related("action__theme")
    for toolkit in toolkits.prefetch_related(
        "objectives__logic_model_rows", "objectives__suggested_measures"
    ):
        for objective in toolkit.objectives.all():
            parts = [objective.text, objective.situation, objective.what_we_mean]
            parts += objective.what_we_need + objective.unintended_consequences
            for row in objective.logic_model_rows.all():
                parts += [row.activity] + row.evidence + row.short_medium_term_impacts
                parts += row.impact_assessment_questions
            parts += [s.text for s in objective.suggested_measures.all()]
            entries.append(
                (
                    "toolkit",
                    toolkit.action.theme,
                    toolkit.action.code,
                    f"{toolkit.action.code}/toolkit/{objective.number}",
                    f"objective-{objective.number}",
                    f"{toolkit.title}: objective {objective.number} {objective.short_title}".strip(),
                    "\n".join(p for p in parts if p),
                )
            )
    for kind, theme, action_code, ref, anchor, title, body in entries:
        sync(
            m.SearchEntry,
            stats,
            {"version": version, "kind": kind, "ref": ref},
            {
                "theme": theme,
                "action_code": action_code,
                "anchor": anchor,
                "title": title[:400],
                "body": body,
            },
        )
    remove_unseen(m.SearchEntry, stats, version=version)
    if connection.vendor == "postgresql":
        # A derived column: recomputed on every load, never counted as a content change.
        m.SearchEntry.objects.filter(version=version).update(
            search_vector=SearchVector("title", weight="A", config="english")
            + SearchVector("body", weight="B", config="english")
        )
