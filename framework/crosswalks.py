"""Crosswalks: links between elements of two frameworks (or two versions of one).

A link says how an element of one framework version relates to an element of another
(equivalent, broader, narrower, related), with a note, who made it and when it was last
reviewed. Links are never carried silently: when a framework is drafted anew, its links come
along flagged for review, and when a version is published, the links to its framework's
earlier versions are flagged too. Someone in the national team then confirms each (it still
holds), changes it or removes it.
"""

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from core.concurrency import lock_unchanged
from core.history import attributed
from framework import models as m

FIELDS = ["relation", "note"]


def _shown_anew(*version_ids) -> None:
    """Element pages show their links and are kept until their version's content changes:
    a change to a link is a change to what both sides' pages show."""
    m.FrameworkVersion.objects.filter(pk__in=set(version_ids)).update(content_changed_at=timezone.now())


def _sides(link) -> tuple[int, int]:
    return link.source.version_id, link.target.version_id


def _flag(links, reason: str) -> int:
    waiting = links.filter(needs_review=False)
    sides = set(waiting.values_list("source__version", "target__version"))
    flagged = waiting.update(needs_review=True, review_reason=reason[:300])
    _shown_anew(*(pk for pair in sides for pk in pair))
    return flagged


def carry(source: m.FrameworkVersion, draft: m.FrameworkVersion, by) -> int:
    """Copies every link to or from the source version's actions onto the draft's actions of
    the same code, each flagged for review. Returns how many were carried."""
    mine = {a.code: a for a in draft.actions.all()}
    reason = f"Carried from {source.title} into {draft.title}: confirm it still holds"
    made = []
    outgoing = m.CrosswalkLink.objects.filter(source__version=source).select_related("source", "target")
    incoming = m.CrosswalkLink.objects.filter(target__version=source).select_related("source", "target")
    for link in outgoing:
        if link.source.code in mine and link.target.version_id != draft.pk:
            made.append((mine[link.source.code], link.target, link))
    for link in incoming:
        if link.target.code in mine and link.source.version_id != draft.pk:
            made.append((link.source, mine[link.target.code], link))
    for new_source, new_target, link in made:
        m.CrosswalkLink.objects.get_or_create(
            source=new_source,
            target=new_target,
            defaults={
                "relation": link.relation,
                "note": link.note,
                "author": by,
                "needs_review": True,
                "review_reason": reason[:300],
            },
        )
    _shown_anew(*(pk for source, target, _link in made for pk in (source.version_id, target.version_id)))
    return len(made)


def flag_on_new_version(version: m.FrameworkVersion) -> int:
    """A version is published: links to or from its framework's earlier versions may no longer
    hold. Flags them for review; returns how many were flagged."""
    earlier = Q(
        source__version__framework=version.framework, source__version__sequence__lt=version.sequence
    ) | Q(target__version__framework=version.framework, target__version__sequence__lt=version.sequence)
    reason = (
        f"{version.framework.short_name} {version.title} is published: this link is to an earlier version"
    )
    # (Links between the new version and its predecessors were made with both in view.)
    stale = (
        m.CrosswalkLink.objects.filter(earlier)
        .exclude(source__version=version)
        .exclude(target__version=version)
    )
    flagged = _flag(stale, reason)
    # Pages elsewhere that leave out links to drafts now show the links to this version.
    linked = m.CrosswalkLink.objects.filter(Q(source__version=version) | Q(target__version=version))
    _shown_anew(*(pk for pair in linked.values_list("source__version", "target__version") for pk in pair))
    return flagged


def save(source: m.Action, target: m.Action, relation: str, note: str, by) -> tuple[m.CrosswalkLink, bool]:
    """Adds a link (or finds the one already there: one link per pair); made today, so it
    counts as reviewed today."""
    existing = m.CrosswalkLink.objects.filter(source=source, target=target).first()
    if existing is not None:
        return existing, False
    link = m.CrosswalkLink(
        source=source,
        target=target,
        relation=relation,
        note=note,
        author=by,
        reviewed_on=date.today(),
        reviewed_by=by,
    )
    try:
        with transaction.atomic():
            attributed(link, by).save()
    except IntegrityError:  # the same link saved a moment ago (a double click)
        return m.CrosswalkLink.objects.get(source=source, target=target), False
    _shown_anew(source.version_id, target.version_id)
    return link, True


@transaction.atomic
def change(link: m.CrosswalkLink, relation: str, note: str, by, seen: str | None) -> m.CrosswalkLink:
    """Changes a link's relation or note; that is a review of it too."""
    current = lock_unchanged(link, FIELDS, seen)
    current.relation, current.note = relation, note
    current.reviewed_on, current.reviewed_by = date.today(), by
    current.needs_review, current.review_reason = False, ""
    attributed(current, by).save()
    _shown_anew(*_sides(current))
    return current


@transaction.atomic
def confirm(link: m.CrosswalkLink, by) -> m.CrosswalkLink:
    """Someone checked the link and it still holds."""
    current = m.CrosswalkLink.objects.select_for_update().get(pk=link.pk)
    current.reviewed_on, current.reviewed_by = date.today(), by
    current.needs_review, current.review_reason = False, ""
    attributed(current, by).save()
    _shown_anew(*_sides(current))
    return current


@transaction.atomic
def remove(link: m.CrosswalkLink, by) -> None:
    sides = _sides(link)
    attributed(link, by).delete()
    _shown_anew(*sides)


# Reads


def links_between(left: m.FrameworkVersion, right: m.FrameworkVersion):
    """Every link between the two versions' actions, whichever way it was made."""
    return (
        m.CrosswalkLink.objects.filter(
            Q(source__version=left, target__version=right) | Q(source__version=right, target__version=left)
        )
        .select_related("source", "target", "author", "reviewed_by")
        .order_by("source__sort_key", "target__sort_key")
    )


def side_by_side(left: m.FrameworkVersion, right: m.FrameworkVersion, *, authors: bool = False) -> dict:
    """Both versions' trees (groupings with their actions), each action with its links to the
    other side as read from it: what the crosswalk page draws. Five queries, whatever the
    sizes."""

    def tree(version):
        actions = m.Action.objects.filter(version=version).only("code", "title", "theme_id", "sort_key")
        return list(
            version.themes.order_by("grouping", "order").prefetch_related(
                Prefetch("actions", queryset=actions.order_by("sort_key"), to_attr="action_list")
            )
        )

    # Just what the page shows of each link and its two ends.
    links = list(
        links_between(left, right)
        .select_related(None)
        .select_related("source", "target")
        .only(
            "pk",
            "relation",
            "needs_review",
            "source__code",
            "source__version_id",
            "target__code",
            "target__version_id",
        )
    )
    edits = reverse("framework:crosswalk-edit", args=[0])[:-2]
    by_action: dict[int, list] = {}
    for link in links:
        edit = f"{edits}{link.pk}/"
        by_action.setdefault(link.source_id, []).append(
            {"link": link, "peer": link.target, "relation": reading(link.relation, True), "edit": edit}
        )
        by_action.setdefault(link.target_id, []).append(
            {"link": link, "peer": link.source, "relation": reading(link.relation, False), "edit": edit}
        )
    sides = []
    for version, other in ((left, right), (right, left)):
        themes = tree(version)
        # Each element's address, made once for the side (not reversed for every element).
        pages = reverse("framework:action-version", args=[version.framework.slug, version.label, "-"])[:-2]
        for theme in themes:
            for action in theme.action_list:
                action.page = f"{pages}{action.code}/"
                action.crosslinks = by_action.get(action.pk, [])
            theme.elements = elements_html(theme, version, other, authors)
        sides.append({"version": version, "other": other, "themes": themes})
    return {"sides": sides, "links": links}


def elements_html(theme, version, other, authors: bool) -> SafeString:
    """A grouping's elements on the crosswalk page, each with its links to the other side.
    Drawn here rather than in the template: hundreds of elements and links are drawn a
    dozen times faster, and everything shown is escaped by format_html."""
    mine = f"{version.framework.slug}-{version.label}-"
    theirs = f"{other.framework.slug}-{other.label}-"
    short = other.framework.short_name
    items = []
    for action in theme.action_list:
        links = [
            format_html(
                '<li>{} <a class="govuk-link" href="#{}{}">{} {}</a>{}{}</li>',
                x["relation"][:1].upper() + x["relation"][1:],
                theirs,
                x["peer"].code,
                short,
                x["peer"].code,
                _WAITING if x["link"].needs_review else "",
                format_html(
                    ' <a class="govuk-link" href="{}">Change<span class="govuk-visually-hidden"> the link from {} to {}'
                    "</span></a>",
                    x["edit"],
                    action.code,
                    x["peer"].code,
                )
                if authors
                else "",
            )
            for x in action.crosslinks
        ]
        nested = (
            format_html(
                '<ul class="govuk-list govuk-body-s govuk-!-margin-left-4">{}</ul>',
                SafeString("".join(links)),
            )
            if links
            else ""
        )
        items.append(
            format_html(
                '<li id="{}{}"><a class="govuk-link" href="{}">{} {}</a>{}</li>',
                mine,
                action.code,
                action.page,
                action.code,
                action.title,
                nested,
            )
        )
    return SafeString("".join(items))


_WAITING = SafeString(' <strong class="govuk-tag govuk-tag--orange">Waiting for review</strong>')


def of_action(action: m.Action) -> list[dict]:
    """The action's links both ways, each as seen from this action: the other element, how it
    relates (read from this side), and the link itself."""
    links = (
        m.CrosswalkLink.objects.filter(Q(source=action) | Q(target=action))
        .select_related("source__version__framework", "target__version__framework", "author", "reviewed_by")
        .order_by("pk")
    )
    seen_from = []
    for link in links:
        outgoing = link.source_id == action.pk
        other = link.target if outgoing else link.source
        seen_from.append({"link": link, "other": other, "relation": reading(link.relation, outgoing)})
    return seen_from


_INVERSE = {"broader": "narrower", "narrower": "broader"}


_LABELS = dict(m.CrosswalkLink.Relation.choices)


def reading(relation: str, outgoing: bool) -> str:
    """How the link reads from one side: "is broader than" one way is "is narrower than" the
    other."""
    if not outgoing:
        relation = _INVERSE.get(relation, relation)
    return _LABELS[relation]


def awaiting_review():
    return (
        m.CrosswalkLink.objects.filter(needs_review=True)
        .select_related("source__version__framework", "target__version__framework")
        .order_by("source__version__framework__slug", "source__sort_key")
    )


def pairs() -> list[dict]:
    """The pairs of versions that have links between them, with how many and how many wait
    for review."""
    rows = (
        m.CrosswalkLink.objects.values(
            "source__version",
            "target__version",
            "source__version__framework__slug",
            "target__version__framework__slug",
        )
        .annotate(links=Count("pk"), waiting=Count("pk", filter=Q(needs_review=True)))
        .order_by("source__version__framework__slug", "target__version__framework__slug")
    )
    versions = m.FrameworkVersion.objects.select_related("framework").in_bulk(
        {r["source__version"] for r in rows} | {r["target__version"] for r in rows}
    )
    return [
        {
            "left": versions[r["source__version"]],
            "right": versions[r["target__version"]],
            "links": r["links"],
            "waiting": r["waiting"],
        }
        for r in rows
    ]


def informs(framework_id: int, code: str, *, include_drafts: bool = False) -> list[dict]:
    """The elements of other frameworks (and other versions) that a force's work on an element
    informs: every link touching the element, whatever version of it (work is found by code),
    read from its side. Links to drafts only for the national team. One query."""
    links = (
        m.CrosswalkLink.objects.filter(
            Q(source__version__framework_id=framework_id, source__code=code)
            | Q(target__version__framework_id=framework_id, target__code=code)
        )
        .select_related("source__version__framework", "target__version__framework")
        .order_by("pk")
    )
    found, seen = [], set()
    for link in links:
        outgoing = link.source.version.framework_id == framework_id and link.source.code == code
        other = link.target if outgoing else link.source
        if other.version.framework_id == framework_id and other.code == code:
            continue
        if other.version.status != m.FrameworkVersion.Status.PUBLISHED and not include_drafts:
            continue
        key = (other.version_id, other.code)
        if key in seen:
            continue
        seen.add(key)
        found.append({"other": other, "relation": reading(link.relation, outgoing), "link": link})
    return found
