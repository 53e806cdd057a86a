"""Plan content in Welsh and English.

Every translated field of the plan (models.Bilingual.TRANSLATED) can hold Welsh beside its
English. A Welsh page shows the Welsh where it is written and the English where it is not,
marked `lang="en-GB"` and said so at the top of the page; nothing is machine-translated.
The national team writes the Welsh side by side with the English (authoring_views), for a
draft or a published version alike: a translation changes no meaning, so publishing does not
freeze it. Each entry keeps the English it was written from; when that English changes, the
Welsh still shows but is counted as needing a check. Every change is a WelshChange: who,
when, before and after.
"""

import hashlib
import json
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.concurrency import EditConflict
from core.languages import WELSH, current
from framework import models as m

# What each translated field is called on the side-by-side page.
LABELS = {
    "name": _("Name"),
    "short_name": _("Short name"),
    "description": _("Description"),
    "theme_label": _("What the plan calls its groupings"),
    "action_label": _("What the plan calls its elements"),
    "title": _("Title"),
    "date_note": _("Note on the date"),
    "notes": _("Notes"),
    "diagnosis": _("Diagnosis"),
    "text": _("Text"),
    "detail": _("Detail"),
    "owner": _("Owner"),
    "note": _("Context shown under the title"),
    "organisational_impact": _("Organisational impact"),
    "external_impact": _("External impact"),
    "evidence_overview": _("Evidence overview"),
    "current_evidence": _("Reference and current evidence"),
    "what_we_mean": _("What do we mean?"),
    "what_forces_are_doing": _("What are forces doing? (one paragraph per line)"),
    "what_we_need_intro": _("What do we need? (introduction)"),
    "what_we_need": _("What do we need? (one per line)"),
    "action_title": _("The action, as the toolkit words it"),
    "action_detail": _("Impact statement"),
    "guidance": _("How to use this toolkit (one paragraph per line)"),
    "perennial_intro": _("Introduction to the perennial issues"),
    "plan_questions": _("Questions to ask when planning (one per line)"),
    "references": _("References (one per line)"),
    "issues": _("Issues that link to this action (one per line)"),
    "short_title": _("Short title"),
    "situation": _("Situation"),
    "unintended_consequences": _("Unintended consequences (one per line)"),
    "self_assessment_prompts": _("Self-assessment prompts (one per line)"),
    "progress_examples": _("Examples of progress (one per line)"),
    "activity": _("Activity"),
    "evidence": _("Evidence (one paragraph per line)"),
    "outputs": _("Outputs (one per line)"),
    "quoted_text": _("The measure, as the action sheet words it"),
    "useful_link_titles": _("Useful links' titles (one line for each link)"),
    "plan_field_names": _("The plan template's field names (one line for each field)"),
    "short_medium_term_impacts": _("Short to medium term impacts (one per line)"),
    "impact_assessment_questions": _("Impact assessment questions (one per line)"),
}


def _stored_welsh(obj) -> dict:
    """The item's Welsh as loaded: nothing for what is not plan content, or where a query
    left the field out (`.only()`), so reading it never costs a query per item."""
    if not isinstance(obj, m.Bilingual) or "welsh" not in obj.__dict__:
        return {}
    return obj.welsh or {}


def english(obj, name):
    """The field's English as stored: text, or a list of texts."""
    value = obj.get(name) if isinstance(obj, dict) else getattr(obj, name)
    return list(value) if isinstance(value, list) else (value or "")


def welsh_of(obj, name):
    """The field's Welsh, or None where none is written."""
    entry = _stored_welsh(obj).get(name)
    return entry.get("cy") or None if isinstance(entry, dict) else None


def needs_check(obj, name) -> bool:
    """The Welsh was written from English that has changed since."""
    entry = _stored_welsh(obj).get(name)
    return bool(entry) and entry.get("en") != english(obj, name)


def shown(obj, name):
    """The field in the page's language: on a Welsh page its Welsh where written, else its
    English (which `in_english` then tells)."""
    if current() == WELSH:
        said = welsh_of(obj, name)
        if said:
            return said
    return obj.get(name) if isinstance(obj, dict) else getattr(obj, name)


def in_english(obj, name) -> bool:
    """A Welsh page shows this field's English: it has English and no Welsh yet."""
    return current() == WELSH and bool(english(obj, name)) and not welsh_of(obj, name)


def any_in_english(objects) -> bool:
    """Some of these items' words show in English on this Welsh page."""
    return current() == WELSH and any(in_english(o, name) for o in objects for name in o.TRANSLATED)


@dataclass
class Count:
    """How much of some content has Welsh: `done` fields with current Welsh, `to_check` with
    Welsh written from English that has changed since, of `total` fields that have English."""

    done: int = 0
    to_check: int = 0
    total: int = 0

    def add(self, other: "Count") -> "Count":
        return Count(self.done + other.done, self.to_check + other.to_check, self.total + other.total)

    @property
    def missing(self) -> int:
        return self.total - self.done - self.to_check

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100


def count(objects) -> Count:
    found = Count()
    for obj in objects:
        for name in obj.TRANSLATED:
            if not english(obj, name):
                continue
            found.total += 1
            if welsh_of(obj, name):
                if needs_check(obj, name):
                    found.to_check += 1
                else:
                    found.done += 1
    return found


@dataclass
class Part:
    """One piece of content on a translation page: its own key in the form, a heading, and
    the object itself."""

    key: str
    heading: str
    obj: object


@dataclass
class Item:
    """What one translation page covers (an action with its objectives and links, a theme,
    the version's own details...), and its address part: kind and key."""

    kind: str
    key: str
    heading: str
    parts: list[Part]

    @property
    def count(self) -> Count:
        return count(p.obj for p in self.parts)


@dataclass
class Row:
    """One line of a version's translation summary: an item's address part and its count."""

    kind: str
    key: str
    heading: str
    count: Count


def summary(version: m.FrameworkVersion) -> tuple[list[Row], Count]:
    """Each item's count and the whole version's, kept until the version's content (or its
    Welsh) next changes: counting reads every text of every item."""
    from core.cache import kept
    from framework.selectors import content_stamp

    def make():
        rows = [Row(i.kind, i.key, i.heading, i.count) for i in items_of(version)]
        total = Count()
        for row in rows:
            total = total.add(row.count)
        return rows, total

    return kept(f"welsh-summary:{content_stamp(version)}", make)


def _about(version: m.FrameworkVersion) -> Item:
    return Item(
        "about",
        "version",
        str(_("The framework and this version")),
        [
            Part("framework", str(_("The framework")), version.framework),
            Part("version", str(_("This version")), version),
        ],
    )


def _theme_item(theme) -> Item:
    return Item(
        "theme", str(theme.pk), f"{theme.grouping} {theme.code}. {theme.title}", [Part("theme", "", theme)]
    )


def _action_item(action) -> Item:
    parts = [Part("action", "", action)]
    parts += [
        Part(
            f"peel-link-{link.pk}",
            str(_("PEEL {code}, as the sheet words it")).format(code=link.peel_measure.code),
            link,
        )
        for link in action.peel_links.all()
        if link.quoted_text
    ]
    parts += [
        Part(f"objective-{o.pk}", str(_("Objective {number}")).format(number=o.number), o)
        for o in action.objectives.all()
    ]
    parts += [
        Part(f"link-{link.pk}", str(_("Useful link {number}")).format(number=n), link)
        for n, link in enumerate(action.useful_links.all(), start=1)
    ]
    return Item("action", action.code, f"{action.code} {action.title}", parts)


def _toolkit_item(toolkit) -> Item:
    return Item(
        "toolkit",
        toolkit.action.code,
        str(_("Toolkit: {title}")).format(title=toolkit.title),
        _toolkit_item_parts(toolkit),
    )


def _perennial_item(issue) -> Item:
    return Item("perennial", issue.slug, issue.name, [Part("perennial", "", issue)])


def _peel_item(measure) -> Item:
    return Item("peel", measure.code, f"PEEL {measure.code}", [Part("peel", "", measure)])


def _actions(version):
    return version.actions.prefetch_related(
        "objectives",
        "useful_links",
        Prefetch("peel_links", queryset=m.ActionPeelLink.objects.select_related("peel_measure")),
    ).order_by("sort_key")


def line_by_line(obj, name) -> list[tuple[str, bool]]:
    """A line-for-line list (ALIGNED) in the page's language, a line at a time: (the text,
    whether it is shown in English because its Welsh line is missing)."""
    english_lines = english(obj, name)
    welsh_lines = (welsh_of(obj, name) or []) if current() == WELSH else []
    return [
        (welsh_lines[i], False) if i < len(welsh_lines) and welsh_lines[i] else (text, current() == WELSH)
        for i, text in enumerate(english_lines)
    ]


def _toolkits(version):
    return (
        m.Toolkit.objects.filter(action__version=version)
        .select_related("action")
        .prefetch_related(
            "perennial_challenges__perennial_issue",
            "objectives__logic_model_rows",
            "objectives__suggested_measures",
        )
        .order_by("action__sort_key")
    )


def items_of(version: m.FrameworkVersion) -> list[Item]:
    """Everything of a version that can be translated, as the translation pages divide it."""
    found = [_about(version)]
    found += [_theme_item(t) for t in version.themes.order_by("grouping", "order")]
    found += [_action_item(a) for a in _actions(version)]
    found += [_toolkit_item(t) for t in _toolkits(version)]
    found += [_perennial_item(i) for i in version.perennial_issues.order_by("order")]
    found += [_peel_item(p) for p in version.peel_measures.order_by("sort_key")]
    return found


def toolkit_parts(toolkit) -> list:
    """Every translated piece of a toolkit."""
    return [p.obj for p in _toolkit_item_parts(toolkit)]


def _toolkit_item_parts(toolkit) -> list[Part]:
    parts = [Part("toolkit", "", toolkit)]
    parts += [
        Part(
            f"challenge-{c.pk}",
            str(_("Perennial issue: {name}")).format(name=c.perennial_issue.name),
            c,
        )
        for c in toolkit.perennial_challenges.all()
    ]
    for objective in toolkit.objectives.all():
        number = objective.number
        parts.append(
            Part(f"tobjective-{objective.pk}", str(_("Objective {number}")).format(number=number), objective)
        )
        parts += [
            Part(
                f"row-{row.pk}",
                str(_("Objective {number}, logic model row {row}")).format(number=number, row=n),
                row,
            )
            for n, row in enumerate(objective.logic_model_rows.all(), start=1)
        ]
        parts += [
            Part(
                f"measure-{s.pk}",
                str(_("Objective {number}, suggested measure {measure}")).format(number=number, measure=n),
                s,
            )
            for n, s in enumerate(objective.suggested_measures.all(), start=1)
        ]
    return parts


def item_of(version: m.FrameworkVersion, kind: str, key: str) -> Item | None:
    """One translation page's item, read on its own (not the whole version's)."""
    if kind == "about":
        return _about(version) if key == "version" else None
    if kind == "theme":
        theme = version.themes.filter(pk=int(key)).first() if key.isdigit() else None
        return _theme_item(theme) if theme else None
    makers = {
        "action": (_actions(version).filter(code=key), _action_item),
        "toolkit": (_toolkits(version).filter(action__code=key), _toolkit_item),
        "perennial": (version.perennial_issues.filter(slug=key), _perennial_item),
        "peel": (version.peel_measures.filter(code=key), _peel_item),
    }
    if kind not in makers:
        return None
    found, make = makers[kind]
    obj = found.first()
    return make(obj) if obj is not None else None


def stamp_of(item: Item) -> str:
    """A fingerprint of the Welsh of every part as stored: what the person's form was drawn
    from (core.concurrency)."""
    payload = json.dumps([p.obj.welsh for p in item.parts], sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()[:40]


@transaction.atomic
def save(version: m.FrameworkVersion, item: Item, written: dict[str, dict], by, seen: str | None) -> int:
    """Stores the Welsh a person wrote for an item: `written` maps each part's key to its
    fields' Welsh (text, or a list for list fields; empty to remove). Refused with
    EditConflict when someone saved Welsh for this item after the person's form was drawn.
    Returns how many fields changed; each change is recorded."""
    for part in item.parts:
        stored = type(part.obj).objects.select_for_update().filter(pk=part.obj.pk).first()
        if stored is None:  # a part removed from a draft since the form was drawn
            raise EditConflict(part.obj, [])
        part.obj = stored
    if seen and stamp_of(item) != seen:
        raise EditConflict(item.parts[0].obj, [])
    changes = 0
    for part in item.parts:
        obj = part.obj
        welsh = dict(obj.welsh or {})
        for name, said in written.get(part.key, {}).items():
            before = welsh_of(obj, name)
            if said:
                entry = {"cy": said, "en": english(obj, name)}
                if welsh.get(name) == entry:
                    continue
                welsh[name] = entry
            elif name in welsh:
                del welsh[name]
            else:
                continue
            changes += 1
            m.WelshChange.objects.create(
                version=version,
                item=item.heading[:200],
                item_key=f"{item.kind}:{item.key}"[:60],
                field=(f"{part.heading}: {LABELS[name]}" if part.heading else str(LABELS[name]))[:300],
                before=before,
                after=said or None,
                by=by,
            )
        if welsh != (obj.welsh or {}):
            obj.welsh = welsh
            obj.save(update_fields=["welsh"])
    if changes:
        # Kept pages of the version key on this: they are drawn again with the new Welsh.
        m.FrameworkVersion.objects.filter(pk=version.pk).update(content_changed_at=timezone.now())
    return changes
