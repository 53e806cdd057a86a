"""The action page as the hub: what the rest of the service knows about an action, beside the
plan's own words.

Feature apps sit above the plan, so the plan cannot ask them; each declares its parts from its
`ready()` instead (`declare`), and the action page draws them for the person reading, after
the sheet (which is drawn once and kept for everyone). Two places: "force" (the reader's own
force on this action: shown only to people in a force) and "national" (across forces)."""

from collections.abc import Callable

from django.utils.safestring import SafeString

Part = Callable[..., str]  # (request, action) -> HTML, or "" when it has nothing to say
PLACES = ("force", "national")
_parts: dict[str, list[tuple[int, Part]]] = {place: [] for place in PLACES}


def declare(place: str, order: int, part: Part) -> None:
    if place not in _parts:
        raise ValueError(f"No such place on the action page: {place}")
    if all(p is not part for _order, p in _parts[place]):
        _parts[place].append((order, part))
        _parts[place].sort(key=lambda pair: pair[0])


def drawn(request, action) -> dict[str, list[SafeString]]:
    """Each place's parts for this reader, leaving out those with nothing to say."""
    found: dict[str, list[SafeString]] = {}
    for place in PLACES:
        html = [SafeString(h) for h in (part(request, action) for _order, part in _parts[place]) if h.strip()]
        found[place] = html
    return found
