"""Finds words a person would read that are not marked for translation: in templates, text
outside {% translate %} and {% blocktranslate %} (and the attributes people hear or see:
aria-label, title, alt, placeholder); in Python, the words given to forms, messages, errors,
choices and emails as plain strings. Used by the tests that keep the service wholly in Welsh
and English (core/tests/test_translations.py)."""

import ast
import re
from pathlib import Path

from django.template.base import DebugLexer, TokenType

# Text with a word in it (two letters together, or "A" and "I" alone).
WORDS = re.compile(r"[A-Za-z]{2,}|\b[AI]\b")
# Attributes whose values people read or hear.
READ_ATTRIBUTES = re.compile(r'\b(aria-label|title|alt|placeholder)="([^"]*)"')
# Blocks whose insides are not checked: already translated, or not shown.
_SKIPPED_BLOCKS = {
    "blocktranslate": "endblocktranslate",
    "blocktrans": "endblocktrans",
    "comment": "endcomment",
    "verbatim": "endverbatim",
}
# Words handed to an included template or a {% with %} as a plain string ("Threads", not
# _("Threads")): a capital letter first tells them from codes such as here="home".
PASSED_WORDS = re.compile(r'\w+="([A-Z][^"]*)"')
_SCRIPT = re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I)
# An element marked as being in a language of its own (the language navigation's own names).
_OWN_LANGUAGE = re.compile(r"<(\w+)[^<>]*\blang=\"[^\"]+\"[^<>]*>.*?</\1>", re.S)


def unmarked_in_template(source: str) -> list[str]:
    """The pieces of text in a template that have words and are not marked for translation."""
    flat: list[str] = []
    passed: list[str] = []
    skipping = None
    for token in DebugLexer(source).tokenize():
        if skipping:
            if token.token_type == TokenType.BLOCK and token.contents.split()[0] == skipping:
                skipping = None
            continue
        if token.token_type == TokenType.TEXT:
            flat.append(token.contents)
        elif token.token_type == TokenType.BLOCK:
            word = token.contents.split()[0]
            if word in _SKIPPED_BLOCKS:
                skipping = _SKIPPED_BLOCKS[word]
            if word in ("include", "with"):
                passed.extend(PASSED_WORDS.findall(token.contents))
            flat.append("\0")
        elif token.token_type == TokenType.VAR:
            flat.append("\0")
    text = _OWN_LANGUAGE.sub("\0", _SCRIPT.sub("\0", "".join(flat)))
    found = list(passed)
    for _name, value in READ_ATTRIBUTES.findall(text):
        if WORDS.search(value.replace("\0", "")):
            found.append(value.replace("\0", "…"))
    without_tags = re.sub(r"<[^<>]*>", "\0", text)
    for piece in without_tags.split("\0"):
        piece = " ".join(piece.split())
        if WORDS.search(re.sub(r"&\w+;|&#\d+;", "", piece)):
            found.append(piece)
    return found


# Calls whose string arguments people read, by the name called (a function or a method), and
# which of their arguments those are. (Http404's message is never shown: the page is
# core.views.error_404's own.)
_READ_ARGUMENTS = {
    "success": slice(1, 2),
    "info": slice(1, 2),
    "warning": slice(1, 2),
    "error": slice(1, 2),
    "ValidationError": slice(0, 1),
    "add_error": slice(1, 2),
    "error_page": slice(2, 4),
}
# Keyword arguments whose strings people read, whatever the call.
_READ_KEYWORDS = {
    "label",
    "help_text",
    "empty_label",
    "message",
    "subject",
    "body",
    "verbose_name",
    "verbose_name_plural",
}
# Exceptions whose message is shown to the person (a refused file, a refused change): any
# whose name ends so, other than the programming errors below and the operators' own.
_SHOWN_ERRORS = re.compile(r"(Error|Refused|Problem|problem|Conflict)$")
_NOT_SHOWN_ERRORS = {
    "ValueError",
    "TypeError",
    "RuntimeError",
    "KeyError",
    "AttributeError",
    "NotImplementedError",
    "AssertionError",
    "LookupError",
    "OSError",
    "ImproperlyConfigured",
    "CommandError",
    "BackupError",
    "ContentError",
}
_GETTEXT = {
    "_",
    "gettext",
    "gettext_lazy",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "format_lazy",
}


def _called(node: ast.Call) -> str:
    return node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")


def _is_words(node) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(WORDS.search(node.value))
    if isinstance(node, ast.JoinedStr):
        return any(_is_words(v) for v in node.values)
    if isinstance(node, ast.List | ast.Tuple):
        return any(_is_words(v) for v in node.elts)
    if isinstance(node, ast.IfExp):
        return _is_words(node.body) or _is_words(node.orelse)
    return False


def unmarked_nodes(tree: ast.AST):
    """The expressions in a module that give people plain (unmarked) words."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = _called(node)
            if name in _GETTEXT:
                continue
            read = _READ_ARGUMENTS.get(name)
            if read is None and _SHOWN_ERRORS.search(name) and name not in _NOT_SHOWN_ERRORS:
                read = slice(0, 1)
            if read is not None:
                yield from (arg for arg in node.args[read] if _is_words(arg))
            for keyword in node.keywords:
                if keyword.arg in _READ_KEYWORDS and _is_words(keyword.value):
                    yield keyword.value
                elif keyword.arg == "error_messages" and isinstance(keyword.value, ast.Dict):
                    yield from (value for value in keyword.value.values if _is_words(value))
        elif isinstance(node, ast.Assign) and _is_words(node.value):
            # form.fields["x"].label = "...", field.error_messages["required"] = "..."
            for target in node.targets:
                named = target.value if isinstance(target, ast.Subscript) else target
                if isinstance(named, ast.Attribute) and named.attr in _READ_KEYWORDS | {"error_messages"}:
                    yield node.value
        elif isinstance(node, ast.ClassDef) and any(
            getattr(base, "attr", getattr(base, "id", "")) in ("TextChoices", "IntegerChoices")
            for base in node.bases
        ):
            for statement in node.body:
                value = getattr(statement, "value", None)
                if isinstance(value, ast.Tuple) and value.elts and _is_words(value.elts[-1]):
                    yield value.elts[-1]


def unmarked_in_python(source: str) -> list[tuple[int, str]]:
    """(line, text) for each plain string a person would read: given to a form, a message, an
    error or an email, or as the label of a choice, without gettext around it."""
    found = sorted(unmarked_nodes(ast.parse(source)), key=lambda node: (node.lineno, node.col_offset))
    return [(node.lineno, ast.unparse(node)) for node in found]


def templates(root: Path) -> list[Path]:
    return sorted(p for p in root.glob("*/templates/**/*") if p.is_file() and p.suffix in (".html", ".txt"))


def python_files(root: Path) -> list[Path]:
    """The Python that gives words to pages. Not: tests, migrations, commands run by the
    people who run the service, the demo's own content, and the JSON API (one language, its
    errors named by codes: docs/api.md)."""
    return sorted(
        p
        for p in root.glob("*/**/*.py")
        if not ({"tests", "migrations", "management"} & set(p.parts))
        and p.name not in ("api.py", "demo.py", "schemas.py")
        and p.parts[len(root.parts)] not in ("tests", "bench", "scripts", "node_modules", "var")
        and not p.parts[len(root.parts)].startswith(".")
    )
