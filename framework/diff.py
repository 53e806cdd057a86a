"""Word-level comparison of two texts, for the action version history."""

import difflib
import re

_TOKENS = re.compile(r"\s+|[^\s]+")


def word_diff(before: str, after: str) -> list[tuple[str, str]]:
    """Pieces of ("equal" | "insert" | "delete", text) that turn `before` into `after`."""
    a, b = _TOKENS.findall(before), _TOKENS.findall(after)
    pieces: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(("equal", "".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            pieces.append(("delete", "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            pieces.append(("insert", "".join(b[j1:j2])))
    return pieces


def diff_summary(pieces) -> dict:
    words = lambda kind: sum(len(t.split()) for op, t in pieces if op == kind)  # noqa: E731
    return {"inserted": words("insert"), "deleted": words("delete")}
