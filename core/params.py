"""Numbers read from query strings and form posts. `"²".isdigit()` is true and int("²") fails,
and a 20-digit page number overflows the database: only plain digits within a range count."""

import re

_DIGITS = re.compile(r"[0-9]{1,9}")


def whole(text, *, default: int | None = None, minimum: int = 0, maximum: int = 10**9) -> int | None:
    """The number written in `text`, or `default` when it is not plain digits within range."""
    text = str(text if text is not None else "").strip()
    if not _DIGITS.fullmatch(text):
        return default
    number = int(text)
    return number if minimum <= number <= maximum else default
