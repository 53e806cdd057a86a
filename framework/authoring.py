"""The national team drafts framework versions in the browser.

A new version starts as a copy of the framework's newest version (through the same files the
loader reads: `framework.export` writes them, `framework.loader` checks and loads them), is
changed item by item while it is a draft (national team only), and is published once, after
a confirmation that lists what changes for forces. A published version's content never
changes again. Every change to a draft is recorded (who, when, before, after) and marks the
version's content as changed, so kept pages and search follow at once.
"""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from core.concurrency import lock_unchanged
from core.content import ContentError, SyncStats
from core.history import attributed
from framework import attached, crosswalks, export, loader
from framework import models as m
from framework.diff import diff_summary, word_diff
from framework.selectors import snapshot_of

ACTION_FIELDS = [
    "code",
    "theme",
    "title",
    "detail",
    "scope",
    "owner",
    "interim",
    "note",
    "organisational_impact",
    "external_impact",
    "evidence_overview",
    "current_evidence",
]
OBJECTIVE_FIELDS = ["text", "what_we_mean", "what_we_need"]
THEME_FIELDS = ["grouping", "code", "title", "description"]


class NotADraft(Exception):
    """Only a draft version's content may change."""


def require_draft(version: m.FrameworkVersion) -> None:
    if version.status != m.FrameworkVersion.Status.DRAFT:
        raise NotADraft(f"{version} is published: draft a new version to change it")


def changed(version: m.FrameworkVersion) -> None:
    """Marks the draft's content as changed (kept pages key on it) and rebuilds its search."""
    m.FrameworkVersion.objects.filter(pk=version.pk).update(content_changed_at=timezone.now())
    loader.rebuild_search(version, SyncStats())


def newest(framework: m.Framework) -> m.FrameworkVersion | None:
    return framework.versions.order_by("-sequence").first()


def previous_of(version: m.FrameworkVersion) -> m.FrameworkVersion | None:
    """The version a draft is compared with: the newest one before it."""
    return (
        version.framework.versions.filter(sequence__lt=version.sequence, is_partial=False)
        .order_by("-sequence")
        .first()
    )


def _next(items, field: str, first: int = 1) -> int:
    """The number after the highest of `field` among the items (their order, their number)."""
    top = items.aggregate(top=Max(field))["top"]
    return first if top is None else top + 1


def _saved(item, make, fields: list[str], values: dict, by, seen: str | None):
    """An item of a draft with the person's values set and saved (who did it goes in its
    history): the stored item, locked and refused if someone changed `fields` since the
    person's form was drawn (core.concurrency), or a new one from `make()`."""
    item = make() if item is None else lock_unchanged(item, fields, seen)
    for name, value in values.items():
        setattr(item, name, value)
    attributed(item, by).save()
    return item


def next_label(framework: m.Framework) -> tuple[str, int]:
    sequence = _next(framework.versions, "sequence")
    taken = set(framework.versions.values_list("label", flat=True))
    label = str(sequence)
    while label in taken:
        label += "a"
    return label, sequence


@transaction.atomic
def create_framework(values: dict, by) -> m.Framework:
    framework = m.Framework.objects.create(**values)
    start_draft(framework, by)
    return framework


@transaction.atomic
def start_draft(framework: m.Framework, by) -> m.FrameworkVersion:
    """A new draft version: a copy of the newest version (its links to other frameworks come
    too, each flagged for review), or an empty one for a new framework. Returns an open draft
    instead when there is one (a double-clicked button makes one draft, not two)."""
    m.Framework.objects.select_for_update().filter(pk=framework.pk).first()
    open_draft = (
        framework.versions.filter(status=m.FrameworkVersion.Status.DRAFT).order_by("-sequence").first()
    )
    if open_draft is not None:
        return open_draft
    source = newest(framework)
    label, sequence = next_label(framework)
    title = f"{framework.short_name} version {label}"
    if source is None:
        return m.FrameworkVersion.objects.create(
            framework=framework,
            label=label,
            sequence=sequence,
            title=title,
            content_changed_at=timezone.now(),
        )
    files = export.files_of(source)
    folder = Path(framework.slug) / label
    meta = files[f"{source.label}/version.yaml"]["version"]
    meta.update({"label": label, "sequence": sequence, "title": title, "status": "draft"})
    meta.pop("published_on", None)
    meta.pop("date_note", None)
    version_files = loader.VersionFiles(
        folder=folder,
        version=files[f"{source.label}/version.yaml"],
        actions=files[f"{source.label}/actions.yaml"],
        toolkits=[
            (folder / name.split("/", 1)[1], data)
            for name, data in files.items()
            if name.startswith(f"{source.label}/toolkits/")
        ],
        crosswalks=[],
    )
    loader.check_references(version_files)
    draft = loader.load_version(framework, version_files, SyncStats())
    m.FrameworkVersion.objects.filter(pk=draft.pk).update(content_changed_at=timezone.now())
    crosswalks.carry(source, draft, by)
    draft.refresh_from_db()
    return draft


VERSION_FIELDS = ["title", "date_note", "notes", "peel_edition"]


@transaction.atomic
def save_version(version, values: dict, by, seen: str | None = None) -> None:
    require_draft(version)
    current = lock_unchanged(version, VERSION_FIELDS, seen)
    for name, value in values.items():
        setattr(current, name, value)
    current.save(update_fields=list(values))
    changed(current)


@transaction.atomic
def save_theme(version, theme: m.Theme | None, values: dict, by, seen: str | None = None) -> m.Theme:
    require_draft(version)
    make = lambda: m.Theme(version=version, order=_next(version.themes, "order"))  # noqa: E731
    theme = _saved(theme, make, THEME_FIELDS, values, by, seen)
    changed(version)
    return theme


@transaction.atomic
def remove_theme(theme: m.Theme, by) -> None:
    require_draft(theme.version)
    if theme.actions.exists():
        raise ContentError([f"{theme} still has actions: move or remove them first"])
    attributed(theme, by).delete()
    changed(theme.version)


@transaction.atomic
def save_action(version, action: m.Action | None, values: dict, relations: dict, by, seen: str | None = None):
    """Adds or changes an action of a draft. `values` are its own fields; `relations` its PEEL
    measures (codes, in order), perennial issues and other groupings."""
    require_draft(version)
    values = {**values, "sort_key": loader.sort_key(values.get("code") or action.code)}
    action = _saved(action, lambda: m.Action(version=version), ACTION_FIELDS, values, by, seen)
    if "peel_measures" in relations:
        wanted = list(relations["peel_measures"])
        kept = {link.peel_measure_id: link for link in action.peel_links.all()}
        action.peel_links.exclude(peel_measure__in=wanted).delete()
        for order, measure in enumerate(wanted):
            link = kept.get(measure.pk) or m.ActionPeelLink(action=action, peel_measure=measure)
            link.order = order
            link.save()
    if "perennial_issues" in relations:
        action.perennial_issues.set(relations["perennial_issues"])
    if "other_themes" in relations:
        action.other_themes.set(relations["other_themes"])
    changed(version)
    return action


@transaction.atomic
def remove_action(action: m.Action, by) -> None:
    require_draft(action.version)
    version = action.version
    attributed(action, by).delete()
    changed(version)


@transaction.atomic
def save_objective(action, objective: m.Objective | None, values: dict, by, seen: str | None = None):
    require_draft(action.version)
    make = lambda: m.Objective(action=action, number=_next(action.objectives, "number"))  # noqa: E731
    objective = _saved(objective, make, OBJECTIVE_FIELDS, values, by, seen)
    changed(action.version)
    return objective


@transaction.atomic
def remove_objective(objective: m.Objective, by) -> None:
    require_draft(objective.action.version)
    attributed(objective, by).delete()
    changed(objective.action.version)


@dataclass
class Change:
    code: str
    title: str
    kind: str  # "new", "changed", "removed", "same"
    pieces: list
    inserted: int = 0
    deleted: int = 0
    before_id: int | None = None


def _snapshots(version) -> dict[str, tuple[str, str, int]]:
    actions = version.actions.prefetch_related("objectives").order_by("sort_key")
    return {a.code: (a.title, snapshot_of(a), a.pk) for a in actions}


def compare(version: m.FrameworkVersion, previous: m.FrameworkVersion | None = None) -> dict:
    """Action by action, what the version changes from the one before it: new, changed (with
    a word-level comparison), removed, and how many are the same."""
    previous = previous if previous is not None else previous_of(version)
    mine = _snapshots(version)
    theirs = _snapshots(previous) if previous else {}
    changes: list[Change] = []
    for code, (title, text, _pk) in mine.items():
        if code not in theirs:
            changes.append(Change(code, title, "new", [("insert", text)], inserted=len(text.split())))
        elif theirs[code][1] != text:
            pieces = word_diff(theirs[code][1], text)
            changes.append(
                Change(code, title, "changed", pieces, **diff_summary(pieces), before_id=theirs[code][2])
            )
    for code, (title, text, pk) in theirs.items():
        if code not in mine:
            changes.append(
                Change(code, title, "removed", [("delete", text)], deleted=len(text.split()), before_id=pk)
            )
    order = {code: loader.sort_key(code) for code in list(mine) + list(theirs)}
    changes.sort(key=lambda c: order[c.code])
    removed = [c for c in changes if c.kind == "removed"]
    work = attached.counted(c.before_id for c in removed)
    for change in removed:
        change.work = work.get(change.before_id, [])  # type: ignore[attr-defined]
    return {
        "previous": previous,
        "changes": changes,
        "new": [c for c in changes if c.kind == "new"],
        "changed": [c for c in changes if c.kind == "changed"],
        "removed": removed,
        "same": sum(1 for code in mine if code in theirs and theirs[code][1] == mine[code][1]),
    }


def problems(version: m.FrameworkVersion) -> list[str]:
    """What stops a draft being published."""
    found = []
    if not version.themes.exists():
        found.append(f"Add at least one {version.framework.theme_label.lower()}")
    if not version.actions.exists():
        found.append(f"Add at least one {version.framework.action_label.lower()}")
    return found


@transaction.atomic
def publish(version: m.FrameworkVersion, by) -> m.FrameworkVersion:
    """Publishes a draft (once: a second click finds it published). Links from and to the
    framework's earlier versions are flagged for review (framework.crosswalks)."""
    current = m.FrameworkVersion.objects.select_for_update().get(pk=version.pk)
    if current.status == m.FrameworkVersion.Status.PUBLISHED:
        return current
    blocking = problems(current)
    if blocking:
        raise ContentError(blocking)
    current.status = m.FrameworkVersion.Status.PUBLISHED
    current.published_on = date.today()
    current.content_changed_at = timezone.now()
    current.save(update_fields=["status", "published_on", "content_changed_at"])
    crosswalks.flag_on_new_version(current)
    return current


# Toolkits: the logic model of an element (its objectives, their rows, suggested measures and
# unintended consequences).

TOOLKIT_FIELDS = ["title", "action_title", "action_detail"]
TOOLKIT_OBJECTIVE_FIELDS = [
    "short_title",
    "text",
    "situation",
    "what_we_mean",
    "what_we_need",
    "unintended_consequences",
]
LOGIC_ROW_FIELDS = [
    "activity",
    "evidence",
    "outputs",
    "short_medium_term_impacts",
    "impact_assessment_questions",
]


@transaction.atomic
def save_toolkit(action: m.Action, toolkit: m.Toolkit | None, values: dict, by, seen: str | None = None):
    require_draft(action.version)
    toolkit = _saved(toolkit, lambda: m.Toolkit(action=action), TOOLKIT_FIELDS, values, by, seen)
    changed(action.version)
    return toolkit


@transaction.atomic
def save_toolkit_objective(
    toolkit: m.Toolkit,
    objective: m.ToolkitObjective | None,
    values: dict,
    suggested: list[tuple[str, str, str]] | None,
    by,
    seen: str | None = None,
) -> m.ToolkitObjective:
    """Adds or changes a toolkit objective; `suggested` replaces its suggested measures:
    (kind, code, text), a PEEL measure's code linking it to the version's measure."""
    version = toolkit.action.version
    require_draft(version)
    make = lambda: m.ToolkitObjective(toolkit=toolkit, number=_next(toolkit.objectives, "number"))  # noqa: E731
    objective = _saved(objective, make, TOOLKIT_OBJECTIVE_FIELDS, values, by, seen)
    if suggested is not None:
        peel = {p.code: p for p in version.peel_measures.all()}
        objective.suggested_measures.all().delete()
        m.SuggestedMeasure.objects.bulk_create(
            m.SuggestedMeasure(
                objective=objective, kind=kind, code=code, text=text, peel_measure=peel.get(code), order=order
            )
            for order, (kind, code, text) in enumerate(suggested)
        )
    changed(version)
    return objective


@transaction.atomic
def remove_toolkit_objective(objective: m.ToolkitObjective, by) -> None:
    version = objective.toolkit.action.version
    require_draft(version)
    objective.delete()
    changed(version)


@transaction.atomic
def save_logic_row(objective: m.ToolkitObjective, row: m.LogicModelRow | None, values: dict, by, seen=None):
    version = objective.toolkit.action.version
    require_draft(version)
    make = lambda: m.LogicModelRow(objective=objective, order=_next(objective.logic_model_rows, "order", 0))  # noqa: E731
    row = _saved(row, make, LOGIC_ROW_FIELDS, values, by, seen)
    changed(version)
    return row


@transaction.atomic
def remove_logic_row(row: m.LogicModelRow, by) -> None:
    version = row.objective.toolkit.action.version
    require_draft(version)
    row.delete()
    changed(version)


# A version's own PEEL measures and perennial issues (what its elements link to).

PEEL_FIELDS = ["code", "text"]
PERENNIAL_FIELDS = ["name", "diagnosis"]


@transaction.atomic
def save_peel_measure(version, measure: m.PeelMeasure | None, values: dict, by, seen: str | None = None):
    require_draft(version)
    code = values["code"]
    parent_code = code.rsplit(".", 1)[0] if code.count(".") >= 2 else None
    values = {
        **values,
        "sort_key": loader.sort_key(code),
        "parent": version.peel_measures.filter(code=parent_code).first() if parent_code else None,
    }
    measure = _saved(measure, lambda: m.PeelMeasure(version=version), PEEL_FIELDS, values, by, seen)
    # Measures within it (4.2.1 under 4.2) find their parent again.
    for child in version.peel_measures.filter(code__startswith=f"{code}."):
        if child.code.rsplit(".", 1)[0] == code and child.parent_id != measure.pk:
            child.parent = measure
            child.save(update_fields=["parent"])
    changed(version)
    return measure


@transaction.atomic
def save_perennial_issue(version, issue: m.PerennialIssue | None, values: dict, by, seen: str | None = None):
    require_draft(version)

    def make():
        from django.utils.text import slugify

        base = slugify(values["name"])[:45] or "issue"
        slug, n = base, 2
        while version.perennial_issues.filter(slug=slug).exists():
            slug, n = f"{base}-{n}", n + 1
        return m.PerennialIssue(version=version, slug=slug, order=_next(version.perennial_issues, "order", 0))

    issue = _saved(issue, make, PERENNIAL_FIELDS, values, by, seen)
    changed(version)
    return issue


@transaction.atomic
def remove_version_item(item, by) -> None:
    """Removes a PEEL measure or perennial issue from a draft (and the links to it)."""
    require_draft(item.version)
    version = item.version
    if isinstance(item, m.PeelMeasure) and item.children.exists():
        raise ContentError([f"PEEL measure {item.code} has measures within it: remove them first"])
    item.delete()
    changed(version)
