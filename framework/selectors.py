"""Reads of the plan, with their joins and prefetches baked in.

Each page's query count is fixed whatever the number of actions: a test asserts it.
"""

import hashlib
import json

from django.db.models import Prefetch, Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.cache import kept, stamp_of
from framework import models as m


def frameworks() -> list[m.Framework]:
    return list(m.Framework.objects.order_by("name"))


def get_framework(slug: str) -> m.Framework | None:
    return m.Framework.objects.filter(slug=slug).first()


def get_version(
    framework_slug: str, label: str | None = None, *, include_drafts: bool = False
) -> m.FrameworkVersion | None:
    """A named version, or the latest published one (partial versions never count as latest).

    Draft versions are found by label only when include_drafts is set (the national team).
    """
    versions = m.FrameworkVersion.objects.select_related("framework").filter(framework__slug=framework_slug)
    if not include_drafts:
        versions = versions.filter(status=m.FrameworkVersion.Status.PUBLISHED)
    if label is not None:
        return versions.filter(label=label).first()
    return (
        versions.filter(status=m.FrameworkVersion.Status.PUBLISHED, is_partial=False)
        .order_by("-sequence")
        .first()
    )


def versions_of(framework: m.Framework, *, include_drafts: bool = False) -> list[m.FrameworkVersion]:
    versions = framework.versions.order_by("-sequence")
    if not include_drafts:
        versions = versions.filter(status=m.FrameworkVersion.Status.PUBLISHED)
    return list(versions)


def themes_with_actions(version: m.FrameworkVersion) -> list[m.Theme]:
    actions = m.Action.objects.filter(version=version).select_related("toolkit").order_by("sort_key")
    return list(
        version.themes.order_by("grouping", "order").prefetch_related(
            Prefetch("actions", queryset=actions, to_attr="action_list")
        )
    )


def _links(version: m.FrameworkVersion, other: str):
    """Crosswalk links as a version's pages show them: a published version's pages (which
    forces read) leave out links to drafts; a draft's pages (the national team's) show all."""
    links = m.CrosswalkLink.objects.order_by("pk")
    if version.status == m.FrameworkVersion.Status.PUBLISHED:
        links = links.filter(**{f"{other}__version__status": m.FrameworkVersion.Status.PUBLISHED})
    return links


def action_detail(version: m.FrameworkVersion, code: str) -> m.Action | None:
    return (
        m.Action.objects.filter(version=version, code=code)
        .select_related("theme", "version__framework")
        .prefetch_related(
            "objectives",
            Prefetch("peel_links", queryset=m.ActionPeelLink.objects.select_related("peel_measure")),
            "perennial_issues",
            "useful_links",
            "other_themes",
            Prefetch(
                "crosswalk_out",
                queryset=_links(version, "target").select_related("target__version__framework"),
            ),
            Prefetch(
                "crosswalk_in",
                queryset=_links(version, "source").select_related("source__version__framework"),
            ),
        )
        .first()
    )


def action_summary(version: m.FrameworkVersion, code: str) -> m.Action | None:
    """An action with just its theme and framework, for pages about its toolkit."""
    return (
        m.Action.objects.filter(version=version, code=code)
        .select_related("theme", "version__framework")
        .first()
    )


def has_toolkit(action: m.Action) -> bool:
    return m.Toolkit.objects.filter(action=action).exists()


def toolkit_detail(action: m.Action) -> m.Toolkit | None:
    return (
        m.Toolkit.objects.filter(action=action)
        .prefetch_related(
            "peel_measures",
            Prefetch(
                "perennial_challenges",
                queryset=m.ToolkitPerennialChallenge.objects.select_related("perennial_issue"),
            ),
            Prefetch(
                "objectives",
                queryset=m.ToolkitObjective.objects.prefetch_related(
                    "logic_model_rows", "suggested_measures", "plan_objectives"
                ),
            ),
        )
        .first()
    )


def every_content_stamp() -> str:
    """Names the content of every version of every framework together: changes whenever a
    load changes any of it, or a version is added or removed."""
    return stamp_of(m.FrameworkVersion.objects.all(), "content_changed_at")


def versions_stamp(framework: m.Framework) -> str:
    """Names the state of all the framework's versions (which there are, their names and
    status, and their content): what is kept from across versions is keyed by it."""
    rows = m.FrameworkVersion.objects.filter(framework=framework).order_by("pk")
    state = list(
        rows.values_list("pk", "label", "title", "status", "is_partial", "sequence", "content_changed_at")
    )
    return f"{framework.pk}:" + hashlib.sha256(repr(state).encode()).hexdigest()


def action_history(framework: m.Framework, code: str, *, include_drafts: bool = False) -> list[dict]:
    """Every wording of an action across versions, and its toolkits' wordings, oldest first.

    Each entry has a key (used in URLs), a label, and a text snapshot to compare.
    """
    actions = m.Action.objects.filter(version__framework=framework, code=code)
    if not include_drafts:
        actions = actions.filter(version__status=m.FrameworkVersion.Status.PUBLISHED)
    actions = (
        actions.select_related("version", "toolkit")
        .prefetch_related("objectives", "toolkit__objectives")
        .order_by("version__sequence")
    )
    entries = []
    for action in actions:
        entries.append(
            {
                "key": action.version.label,
                "label": f"{action.version.title}: the plan",
                "version": action.version,
                "title": action.title,
                "snapshot": snapshot_of(action),
            }
        )
        toolkit = getattr(action, "toolkit", None)
        if toolkit is not None:
            entries.append(
                {
                    "key": f"{action.version.label}-toolkit",
                    "label": f"{action.version.title}: {toolkit.title}",
                    "version": action.version,
                    "title": toolkit.action_title,
                    "snapshot": _snapshot(
                        toolkit.action_title,
                        toolkit.action_detail,
                        [(o.number, o.text) for o in toolkit.objectives.all()],
                    ),
                }
            )
    return entries


def snapshot_of(action: m.Action) -> str:
    """The action's words as compared across versions (objectives prefetched)."""
    return _snapshot(action.title, action.detail, [(o.number, o.text) for o in action.objectives.all()])


def _snapshot(title, detail, objectives):
    lines = [f"Title: {title}", f"Detail: {detail}"]
    lines += [f"Objective {number}: {text}" for number, text in objectives]
    if not objectives:
        lines.append("Objectives: none recorded")
    return "\n".join(lines)


def peel_measure_detail(version, code):
    return (
        m.PeelMeasure.objects.filter(version=version, code=code)
        .select_related("parent")
        .prefetch_related(
            "children",
            Prefetch(
                "action_links",
                queryset=m.ActionPeelLink.objects.select_related("action")
                .only("quoted_text", "peel_measure_id", "action__code", "action__title")
                .order_by("action__sort_key"),
            ),
        )
        .first()
    )


def toolkits_suggesting(measure: m.PeelMeasure) -> list:
    """Each toolkit objective that suggests the measure, once."""
    return list(
        m.ToolkitObjective.objects.filter(suggested_measures__peel_measure=measure)
        .values("number", "toolkit__title", "toolkit__action__code", "toolkit__action__sort_key")
        .distinct()
        .order_by("toolkit__action__sort_key", "number")
    )


def perennial_issue_detail(version, slug):
    return (
        m.PerennialIssue.objects.filter(version=version, slug=slug)
        .prefetch_related(
            Prefetch("actions", queryset=m.Action.objects.order_by("sort_key")),
            Prefetch(
                "toolkitperennialchallenge_set",
                queryset=m.ToolkitPerennialChallenge.objects.select_related("toolkit__action"),
            ),
        )
        .first()
    )


def content_stamp(version: m.FrameworkVersion) -> str:
    """Names the version's content as it stands: changes whenever a load changes it. What is
    kept from a version's content is keyed by it."""
    changed = version.content_changed_at.isoformat() if version.content_changed_at else "never"
    return f"{version.pk}:{changed}"


def action_rows(version: m.FrameworkVersion, action_id: int, objective_id: int | None):
    """An action of the version and one of its objectives (or None), as rows: kept in this
    process until a load changes the version's content, so a page about one answer or plan
    names its action without joining the plan's tables on every request. For reading only."""

    def read():
        action = m.Action.objects.get(pk=action_id, version=version)
        objective = m.Objective.objects.get(pk=objective_id, action=action) if objective_id else None
        return action, objective

    return kept(
        f"action-rows:{content_stamp(version)}:{action_id}:{objective_id}", read, 24 * 60 * 60, local=True
    )


def version_as_json_text(version: m.FrameworkVersion) -> str:
    """The version as JSON text, cached until a load changes the version's content."""
    return kept(
        f"framework-json:{content_stamp(version)}",
        lambda: json.dumps(version_as_json(version), ensure_ascii=False),
        24 * 60 * 60,
        local=True,
    )


def version_as_json(version: m.FrameworkVersion) -> dict:
    """The whole version as plain data: the API's and export_framework's shape."""
    actions = (
        m.Action.objects.filter(version=version)
        .select_related("theme", "toolkit")
        .prefetch_related(
            "objectives",
            Prefetch("peel_links", queryset=m.ActionPeelLink.objects.select_related("peel_measure")),
            "perennial_issues",
            "useful_links",
            Prefetch(
                "toolkit__objectives",
                queryset=m.ToolkitObjective.objects.prefetch_related(
                    "logic_model_rows", "suggested_measures", "plan_objectives"
                ),
            ),
        )
        .order_by("sort_key")
    )
    return {
        "framework": {
            "slug": version.framework.slug,
            "name": version.framework.name,
            "short_name": version.framework.short_name,
        },
        "version": {
            "label": version.label,
            "title": version.title,
            "status": version.status,
            "published_on": version.published_on.isoformat() if version.published_on else None,
            "partial": version.is_partial,
        },
        "themes": [
            {"code": t.code, "title": t.title, "grouping": t.grouping, "description": t.description}
            for t in version.themes.order_by("grouping", "order")
        ],
        "perennial_issues": [
            {"slug": p.slug, "name": p.name, "diagnosis": p.diagnosis} for p in version.perennial_issues.all()
        ],
        "peel_measures": [
            {"code": p.code, "text": p.text, "parent": p.code.rsplit(".", 1)[0] if p.parent_id else None}
            for p in version.peel_measures.all()
        ],
        "actions": [_action_json(a) for a in actions],
    }


def _action_json(action: m.Action) -> dict:
    toolkit = getattr(action, "toolkit", None)
    return {
        "code": action.code,
        "title": action.title,
        "detail": action.detail,
        "theme": action.theme.code,
        "scope": action.scope,
        "owner": action.owner,
        "interim": action.interim,
        "organisational_impact": action.organisational_impact,
        "external_impact": action.external_impact,
        "objectives": [
            {
                "number": o.number,
                "text": o.text,
                "what_we_mean": o.what_we_mean,
                "what_forces_are_doing": o.what_forces_are_doing,
                "what_we_need": o.what_we_need,
            }
            for o in action.objectives.all()
        ],
        "peel_measures": [link.peel_measure.code for link in action.peel_links.all()],
        "perennial_issues": [p.name for p in action.perennial_issues.all()],
        "useful_links": [{"title": u.title, "url": u.url or None} for u in action.useful_links.all()],
        "toolkit": None if toolkit is None else _toolkit_json(toolkit),
    }


def _toolkit_json(toolkit: m.Toolkit) -> dict:
    return {
        "title": toolkit.title,
        "action_title": toolkit.action_title,
        "action_detail": toolkit.action_detail,
        "objectives": [
            {
                "number": o.number,
                "title": o.short_title,
                "text": o.text,
                "plan_objectives": [p.number for p in o.plan_objectives.all()],
                "activities": [
                    {
                        "activity": r.activity,
                        "outputs": r.outputs,
                        "short_medium_term_impacts": r.short_medium_term_impacts,
                        "impact_assessment_questions": r.impact_assessment_questions,
                    }
                    for r in o.logic_model_rows.all()
                ],
                "suggested_measures": [
                    {"kind": s.kind, "code": s.code or None, "text": s.text}
                    for s in o.suggested_measures.all()
                ],
                "unintended_consequences": o.unintended_consequences,
            }
            for o in toolkit.objectives.all()
        ],
    }


def what_helps(version: m.FrameworkVersion, codes) -> dict[str, dict]:
    """For each action code of the version, what the plan itself offers a force looking for
    help: the action sheet's "What are forces doing?" passages (by objective) and the rows of
    its toolkit's logic models (each activity once; a row says if its wording was rebuilt). Two queries, however many actions."""
    found: dict[str, dict] = {code: {"doing": [], "activities": []} for code in codes}
    for objective in (
        m.Objective.objects.filter(action__version=version, action__code__in=codes)
        .select_related("action")
        .order_by("action__sort_key", "number")
    ):
        for text in objective.what_forces_are_doing or []:
            found[objective.action.code]["doing"].append((objective.number, text))
    for row in (
        m.LogicModelRow.objects.filter(
            objective__toolkit__action__version=version, objective__toolkit__action__code__in=codes
        )
        .select_related("objective__toolkit__action")
        .order_by("objective__number", "order", "pk")
    ):
        activities = found[row.objective.toolkit.action.code]["activities"]
        if all(row.activity != known.activity for known in activities):
            activities.append(row)
    return found


def objective_sets(action: m.Action) -> dict | None:
    """When an action's toolkit words its objectives differently from the action sheet (2.2.1:
    three against four), what a page offering objectives says: which set is which and how the
    toolkit's map onto the sheet's. None when the action has no toolkit or the two agree."""
    toolkit = m.Toolkit.objects.filter(action=action).first()
    if toolkit is None:
        return None
    sheet = list(action.objectives.order_by("number"))
    kit = list(toolkit.objectives.prefetch_related("plan_objectives").order_by("number"))
    mapping = [(o, sorted(p.number for p in o.plan_objectives.all())) for o in kit]
    agree = len(sheet) == len(kit) and all(numbers == [o.number] for o, numbers in mapping)
    if agree:
        return None
    served = {n for _number, numbers in mapping for n in numbers}
    return {
        "action": action,
        "sheet": sheet,
        "toolkit": kit,
        "mapping": mapping,
        "unserved": [o for o in sheet if o.number not in served],
    }


CHANGES_SHOWN_DAYS = 30


def needs_you(user, today, *, national: bool) -> list:
    """Changes to the plan a person should know of: a version published in the last 30 days
    (for everyone), and for the national team each draft version waiting to be published.
    One query."""
    from datetime import timedelta

    from django.urls import reverse

    from core.work import Item

    items = []
    since = today - timedelta(days=CHANGES_SHOWN_DAYS)
    wanted = Q(status=m.FrameworkVersion.Status.PUBLISHED, published_on__gte=since, published_on__lte=today)
    if national:
        wanted |= Q(status=m.FrameworkVersion.Status.DRAFT)
    for version in (
        m.FrameworkVersion.objects.filter(wanted).select_related("framework").order_by("-sequence")
    ):
        url = reverse("framework:versions", args=[version.framework.slug])
        if version.status == m.FrameworkVersion.Status.DRAFT:
            items.append(
                Item(
                    title=_("Draft {title} is waiting to be published").format(title=version.title),
                    url=url,
                    detail=_("Forces see it once it is published; compare it with the version before first."),
                    tag=_("Draft"),
                )
            )
        else:
            items.append(
                Item(
                    title=_("The plan changed: {title} is published").format(title=version.title),
                    url=url,
                    detail=_("Published on {date}. See what changed, action by action.").format(
                        date=date_format(version.published_on, "j F Y") if version.published_on else ""
                    ),
                    tag=_("New"),
                )
            )
    return items


def review_questions(action: m.Action) -> list[tuple[m.Objective | None, str, str]]:
    """What a peer review of an action asks, to start from: each of the action sheet's
    objectives as a question, then the toolkit's impact assessment questions under the
    objective they serve (objective, text, where it came from)."""
    questions: list[tuple[m.Objective | None, str, str]] = []
    objectives = list(action.objectives.order_by("number"))
    for objective in objectives:
        questions.append(
            (
                objective,
                f"How far does the force meet objective {objective.number}: {objective.text}",
                f"Action sheet, objective {objective.number}",
            )
        )
    toolkit = m.Toolkit.objects.filter(action=action).first()
    if toolkit is None:
        return questions
    for tko in toolkit.objectives.prefetch_related("logic_model_rows", "plan_objectives"):
        served = next(iter(tko.plan_objectives.all()), None)
        for row in tko.logic_model_rows.all():
            for text in row.impact_assessment_questions:
                questions.append(
                    (served, text, f"Toolkit objective {tko.number}: impact assessment question")
                )
    return questions


def current_actions(framework_slug: str = "nvap") -> list[m.Action]:
    """The actions of the framework's latest published version, in the plan's order: for
    linking what other parts of the service record to the plan."""
    version = get_version(framework_slug)
    if version is None:
        return []
    return list(
        m.Action.objects.filter(version=version).only("pk", "code", "title", "sort_key").order_by("sort_key")
    )


def peel_links_across(edition: str, code: str) -> list[m.ActionPeelLink]:
    """Every published framework version's link to one PEEL measure of an edition."""
    return list(
        m.ActionPeelLink.objects.filter(
            peel_measure__version__peel_edition=edition,
            peel_measure__code=code,
            action__version__status=m.FrameworkVersion.Status.PUBLISHED,
        )
        .select_related("action__version__framework")
        .order_by("action__version__framework__name", "-action__version__sequence", "action__sort_key")
    )


def edition_element(edition: str, code: str) -> m.Action | None:
    """The measure as an element of its own PEEL edition's framework (latest published
    version), where that edition is loaded."""
    return (
        m.Action.objects.filter(
            version__framework__peel_edition=edition,
            version__status=m.FrameworkVersion.Status.PUBLISHED,
            code=code,
        )
        .select_related("version__framework")
        .order_by("-version__sequence")
        .first()
    )
