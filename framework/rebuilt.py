"""Wording rebuilt from a damaged source.

Some of the plan's source documents lost text (columns cut at the page edge, sentences run
together). The content files put words restored from context in square brackets and mark a
lost passage "[…]", on items marked `rebuilt: true`. NVAP Hub shows such items as plain text
with a note that the wording was rebuilt: the loader takes the brackets out (`plain`) and keeps
the flag, so every page, PDF, workbook and API answer shows the same plain words; a bracket
anywhere else in a toolkit's text (outside its references) is refused (`stray`), so none
reaches a reader by accident."""

import re

NOTE = "Wording rebuilt from a damaged source"
_LOST = re.compile(r"\[\s*(…|\.\.\.)\s*\]")
_RESTORED = re.compile(r"\[([^\[\]]*)\]")


def plain(text: str) -> str:
    """The text as a reader sees it: "[…]" becomes "…" and "[words]" becomes "words"."""
    return _RESTORED.sub(r"\1", _LOST.sub("…", text))


def plain_all(texts: list[str]) -> list[str]:
    return [plain(t) for t in texts]


def stray(text: str) -> bool:
    return "[" in text or "]" in text
