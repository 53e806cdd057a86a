"""What forces' work is attached to actions of the plan, counted for the national team before
it publishes a version that leaves actions out, and before it carries work to a successor.

Feature apps sit above the plan, so the plan cannot ask them; each declares a counter from its
`ready()` (`declare`): given action ids, it returns (action id, what, how many) for each kind of
its work found on them, such as (12, "standing positions", 3)."""

from collections.abc import Callable, Iterable

Counter = Callable[[list[int]], Iterable[tuple[int, str, int]]]
_counters: list[Counter] = []


def declare(counter: Counter) -> None:
    if all(c is not counter for c in _counters):
        _counters.append(counter)


def counted(action_ids: Iterable[int]) -> dict[int, list[dict]]:
    """For each of the actions with work attached: what there is and how much."""
    ids = list(action_ids)
    found: dict[int, list[dict]] = {}
    if not ids:
        return found
    for counter in _counters:
        for action_id, what, count in counter(ids):
            if count:
                found.setdefault(action_id, []).append({"what": what, "count": count})
    return found
