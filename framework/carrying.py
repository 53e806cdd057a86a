"""Carrying forces' work to a successor: when the national team adopts a new version (of the
NVAP, or a successor framework), each force's positions, plans and evidence on an element are
proposed for the element the crosswalk maps it to.

Only reviewed links that say the two elements cover the same ground (equivalent, broader or
narrower, not merely related) carry work. Nothing is lost: a copy is made where the old
element stays in use, and where work moves, the old link stays in its history. Feature apps
sit above the plan, so each declares its own carrier from `ready()` (`declare`).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Q

from framework import models as m

CARRYING = (
    m.CrosswalkLink.Relation.EQUIVALENT,
    m.CrosswalkLink.Relation.BROADER,
    m.CrosswalkLink.Relation.NARROWER,
)


@dataclass(frozen=True)
class Pair:
    """Work on `old` (found by its framework and code, whichever version it points at) is
    proposed for `new`, an element of the adopted version."""

    old: m.Action
    new: m.Action
    relation: str
    link_id: int


@dataclass
class Proposal:
    """One piece of one force's work, and what carrying it does."""

    organisation_id: int
    what: str  # "standing position", "impact plan"
    pair: Pair
    how: str  # "copied" or "moved"
    summary: str  # what is carried, in a line
    key: object = field(default=None, compare=False)  # the carrier's own handle on the work


@dataclass
class Carrier:
    propose: Callable[[list[Pair], list[int] | None], list[Proposal]]
    carry: Callable[[list[Proposal], object, m.FrameworkVersion], int]


_carriers: list[Carrier] = []


def declare(carrier: Carrier) -> None:
    if all(c.propose is not carrier.propose for c in _carriers):
        _carriers.append(carrier)


def pairs(version: m.FrameworkVersion) -> list[Pair]:
    """The reviewed, carrying links between the version's elements and elements elsewhere
    (another framework, or an earlier version of this one), old side first. An element of the
    same framework with the same code needs no carrying: its work is found by its code."""
    links = (
        m.CrosswalkLink.objects.filter(Q(source__version=version) | Q(target__version=version))
        .filter(needs_review=False, relation__in=CARRYING)
        .exclude(source__version=version, target__version=version)
        .select_related("source__version__framework", "target__version__framework")
        .order_by("pk")
    )
    found = []
    for link in links:
        new, old = (
            (link.source, link.target) if link.source.version_id == version.pk else (link.target, link.source)
        )
        if old.version.framework_id == new.version.framework_id and old.code == new.code:
            continue
        if (
            old.version.framework_id == new.version.framework_id
            and old.version.sequence > new.version.sequence
        ):
            continue  # never carried back to an older version
        found.append(Pair(old=old, new=new, relation=link.relation, link_id=link.pk))
    return found


def proposals(version: m.FrameworkVersion, organisation_ids: list[int] | None = None) -> list[Proposal]:
    """Every piece of work the adoption would carry (for the forces named, or all)."""
    found_pairs = pairs(version)
    if not found_pairs:
        return []
    found = []
    for carrier in _carriers:
        found += carrier.propose(found_pairs, organisation_ids)
    return sorted(found, key=lambda p: (p.organisation_id, p.pair.new.sort_key, p.what))


def carry(version: m.FrameworkVersion, by, organisation_ids: list[int] | None = None) -> int:
    """Carries what `proposals` lists; returns how many pieces of work were carried. Safe to
    repeat: work already carried is not proposed again."""
    from django.db import transaction

    carried = 0
    with transaction.atomic():
        for carrier in _carriers:
            pairs_ = pairs(version)
            carried += carrier.carry(carrier.propose(pairs_, organisation_ids), by, version)
    return carried


def adopted_by(version: m.FrameworkVersion) -> str:
    return version.title
