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
# Words a variable falls back to ({{ x|default:"Not given" }}, not default:_("Not given")).
DEFAULT_WORDS = re.compile(r'\|default:"([^"]*[A-Za-z]{2}[^"]*)"')
_SCRIPT = re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I)
# An element marked as being in a language of its own (the language navigation's own names).
_OWN_LANGUAGE = re.compile(r"<(\w+)[^<>]*\blang=\"[^\"]+\"[^<>]*>.*?</\1>", re.S)


def _is_markup(piece: str) -> bool:
    """Pieces of markup a block fills in (a class name, an attribute, the end of an address),
    not words: `" data-prevent-double-click="true`, `?post=`, `govuk-button--warning`."""
    return (
        '="' in piece
        or (" " not in piece and bool(re.search(r'[=?#/"]', piece)))
        or bool(re.fullmatch(r"[\w -]*\b(govuk|app)-[\w -]*", piece))
    )


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
            if word == "cycle":
                passed.extend(re.findall(r'(?<!_\()"([^"]*[A-Za-z]{2}[^"]*)"', token.contents))
            flat.append("\0")
        elif token.token_type == TokenType.VAR:
            passed.extend(DEFAULT_WORDS.findall(token.contents))
            flat.append("\0")
    text = _OWN_LANGUAGE.sub("\0", _SCRIPT.sub("\0", "".join(flat)))
    found = list(passed)
    for _name, value in READ_ATTRIBUTES.findall(text):
        if WORDS.search(value.replace("\0", "")):
            found.append(value.replace("\0", "…"))
    without_tags = re.sub(r"<[^<>]*>", "\0", text)
    for piece in without_tags.split("\0"):
        piece = " ".join(piece.split())
        if WORDS.search(re.sub(r"&\w+;|&#\d+;", "", piece)) and not _is_markup(piece):
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
    # A spreadsheet row's refusal: (the column's heading, as the file has it; the message).
    "refuse": slice(1, 2),
    # A row problem told by a reader of a file: its message comes last.
    "problem": slice(-1, None),
    "RowProblem": slice(2, 3),
    # core.forms' field makers (label; and the message when nothing is chosen), under their
    # own names and the names feature apps import them as.
    "text_field": slice(0, 1),
    "_text": slice(0, 1),
    "choice_field": slice(0, 3, 2),
    "_choice": slice(0, 3, 2),
}
# Keyword arguments read only when given to a particular call: a date field's name goes into
# its error messages.
# Keys of a page's context whose words a shared template shows (the confirmation page's
# question, consequences and button).
_READ_CONTEXT_KEYS = {"question", "consequences", "button", "heading", "intro", "hint", "caption"}
_READ_KEYWORDS_OF = {"GovukDateField": {"name"}, "Item": {"title", "detail"}}
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
    "required_message",
    "hint",
    "tag",
}
# Exceptions whose message is shown to the person (a refused file, a refused change): any
# whose name ends so, other than the programming errors below and the operators' own.
_SHOWN_ERRORS = re.compile(r"(Error|Refused|Problem|problem|Conflict|Broken)$")
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


def _constants(tree: ast.AST) -> dict[str, ast.AST]:
    """A module's own named words (HINT = "...", or LABELS = {...}), so a field given
    help_text=HINT is checked where the words are written."""
    named: dict[str, ast.AST] = {}
    for statement in getattr(tree, "body", []):
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            target = statement.targets[0]
            if isinstance(target, ast.Name) and (
                _is_words(statement.value) or isinstance(statement.value, ast.Dict)
            ):
                named[target.id] = statement.value
    return named


def _choice_labels(node) -> list:
    """The labels of a list of (value, label) pairs."""
    if not isinstance(node, ast.List | ast.Tuple):
        return []
    return [
        pair.elts[-1]
        for pair in node.elts
        if isinstance(pair, ast.Tuple) and len(pair.elts) == 2 and _is_words(pair.elts[-1])
    ]


# A module's own field makers: the parameters that carry words.
_READ_PARAMETERS = {"label", "message", "help_text", "required_message", "hint", "title"}


def _own_makers(tree: ast.AST) -> dict[str, list[int]]:
    """The module's functions that take words (a parameter named label, message...): for each,
    the positions of those parameters, so a call _tick_any("Strands", ...) is checked."""
    makers: dict[str, list[int]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            positions = [i for i, arg in enumerate(node.args.args) if arg.arg in _READ_PARAMETERS]
            if positions:
                makers[node.name] = positions
    return makers


def unmarked_nodes(tree: ast.AST):
    """The expressions in a module that give people plain (unmarked) words."""
    named = _constants(tree)
    makers = _own_makers(tree)

    def words(node):
        if isinstance(node, ast.Name) and node.id in named and not isinstance(named[node.id], ast.Dict):
            return named[node.id]
        return node if _is_words(node) else None

    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = _called(node)
            if name in _GETTEXT:
                continue
            read = _READ_ARGUMENTS.get(name)
            if read is None and _SHOWN_ERRORS.search(name) and name not in _NOT_SHOWN_ERRORS:
                read = slice(0, 1)
            if read is not None:
                yield from filter(None, (words(arg) for arg in node.args[read]))
            elif name in makers:
                passed = [node.args[i] for i in makers[name] if i < len(node.args)]
                yield from filter(None, (words(arg) for arg in passed))
            if name == "changes" and len(node.args) > 1:
                # A history's field labels: {"title": "Title", ...}, written here or named.
                given: ast.AST = node.args[1]
                if isinstance(given, ast.Name):
                    given = named.get(given.id, given)
                if isinstance(given, ast.Dict):
                    yield from (value for value in given.values if _is_words(value))
                # ...and how it names each thing changed: lambda r: "The post".
                if (
                    len(node.args) > 2
                    and isinstance(node.args[2], ast.Lambda)
                    and _is_words(node.args[2].body)
                ):
                    yield node.args[2].body
            for keyword in node.keywords:
                if keyword.arg in _READ_KEYWORDS or keyword.arg in _READ_KEYWORDS_OF.get(name, ()):
                    found = words(keyword.value)
                    if found is not None:
                        yield found
                elif keyword.arg == "error_messages":
                    given = keyword.value
                    if isinstance(given, ast.Name):
                        given = named.get(given.id, given)
                    if isinstance(given, ast.Dict):
                        yield from (value for value in given.values if _is_words(value))
                elif keyword.arg == "choices" and isinstance(keyword.value, ast.Name):
                    yield from _choice_labels(named.get(keyword.value.id))
                elif keyword.arg == "choices":
                    if isinstance(keyword.value, ast.BinOp):
                        yield from _choice_labels(keyword.value.left) + _choice_labels(keyword.value.right)
                    else:
                        yield from _choice_labels(keyword.value)
        elif isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if isinstance(key, ast.Constant) and key.value in _READ_CONTEXT_KEYS and _is_words(value):
                    yield value
        elif isinstance(node, ast.Assign):
            # form.fields["x"].label = "...", field.error_messages = {...}, field.choices = [...]
            for target in node.targets:
                named_target = target.value if isinstance(target, ast.Subscript) else target
                if not isinstance(named_target, ast.Attribute):
                    continue
                if named_target.attr in _READ_KEYWORDS | {"error_messages"} and _is_words(node.value):
                    yield node.value
                elif named_target.attr == "error_messages" and isinstance(node.value, ast.Dict):
                    yield from (value for value in node.value.values if _is_words(value))
                elif named_target.attr == "choices":
                    if isinstance(node.value, ast.BinOp):
                        yield from _choice_labels(node.value.left) + _choice_labels(node.value.right)
                    else:
                        yield from _choice_labels(node.value)
        elif isinstance(node, ast.ClassDef) and any(
            getattr(base, "attr", getattr(base, "id", "")) in ("TextChoices", "IntegerChoices")
            for base in node.bases
        ):
            for statement in node.body:
                member = getattr(statement, "value", None)
                if isinstance(member, ast.Tuple) and member.elts and _is_words(member.elts[-1]):
                    yield member.elts[-1]


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
