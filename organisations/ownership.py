"""What a person owns in an organisation: the answers, objectives and other work they have
been given. Each feature app declares, from its ready(), every kind of thing a person can
own (`declare`); the team page counts them for each person (`owned_in`), and when someone
leaves an organisation what they owned there becomes nobody's until reassigned."""

from dataclasses import dataclass, field

from django.db.models import Count

from organisations.signals import clear_on_leaving


@dataclass(frozen=True)
class Owned:
    model: type
    person: str  # the field naming the owner
    organisation: str  # the lookup from a row to its organisation's id
    noun: tuple[str, str]  # one, many: "answer", "answers"
    only: dict = field(default_factory=dict)  # which rows count as owned now


KINDS: list[Owned] = []


def declare(model, *, person: str, organisation: str, noun: tuple[str, str], uid: str, only=None) -> None:
    KINDS.append(Owned(model, person, organisation, noun, only or {}))
    clear_on_leaving(model, person=person, organisation=organisation, uid=uid)


def owned_in(organisation_id: int) -> dict[int, list[str]]:
    """For each person owning something in the organisation, what they own, counted:
    {user id: ["3 answers", "1 impact objective"]}. One query for each kind."""
    owned: dict[int, list[str]] = {}
    for kind in KINDS:
        rows = (
            kind.model.objects.filter(**{kind.organisation: organisation_id, f"{kind.person}__isnull": False})
            .filter(**kind.only)
            .order_by()
            .values_list(f"{kind.person}_id")
            .annotate(n=Count("pk"))
        )
        for user_id, n in rows:
            owned.setdefault(user_id, []).append(f"{n} {kind.noun[0] if n == 1 else kind.noun[1]}")
    return owned
