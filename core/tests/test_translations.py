"""Every word the service shows is marked for translation, and every marked word has Welsh:
a scan of the templates and the Python that gives words to pages, forms, messages and emails,
and a check of the Welsh catalogue against what is marked."""

import gettext
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from core.languages import NOT_YET_IN_WELSH
from core.translation_check import python_files, templates, unmarked_in_python, unmarked_in_template

ROOT = Path(settings.BASE_DIR)
WELSH = ROOT / "locale" / "cy" / "LC_MESSAGES"


def _app(path: Path) -> str:
    return path.relative_to(ROOT).parts[0]


def _checked(paths):
    return [p for p in paths if _app(p) not in NOT_YET_IN_WELSH]


def test_the_scan_finds_words_outside_translation_tags():
    source = (
        '{% load i18n %}<h1 class="x">{% translate "Marked" %}</h1>\n'
        '<p title="Read aloud">Not marked {{ name }}</p>\n'
        "{% blocktranslate trimmed %}Inside {{ a }}{% endblocktranslate %}{# a comment #}\n"
        '<script type="module" src="x.js"></script><a lang="cy" href="/cy/">Cymraeg</a> – 3'
    )
    assert unmarked_in_template(source) == ["Read aloud", "Not marked"]


def test_the_scan_finds_plain_words_given_to_forms_messages_and_choices():
    source = (
        "from django.utils.translation import gettext_lazy as _\n"
        "class Kind(models.TextChoices):\n"
        "    A = 'a', 'Shown'\n"
        "    B = 'b', _('Marked')\n"
        "name = forms.CharField(label='Name', help_text=_('Marked'))\n"
        "messages.success(request, f'Saved {thing}.')\n"
        "raise ValidationError(_('Marked'))\n"
        "add_error('field', 'Wrong')\n"
        "raise DocumentRefused('Too big' if large else _('Marked'))\n"
    )
    assert [text for _, text in unmarked_in_python(source)] == [
        "'Shown'",
        "'Name'",
        "f'Saved {thing}.'",
        "'Wrong'",
        "'Too big' if large else _('Marked')",
    ]


@pytest.mark.parametrize("path", _checked(templates(ROOT)), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_template_marks_its_words_for_translation(path):
    assert unmarked_in_template(path.read_text()) == []


@pytest.mark.parametrize("path", _checked(python_files(ROOT)), ids=lambda p: str(p.relative_to(ROOT)))
def test_python_marks_the_words_it_gives_people(path):
    assert unmarked_in_python(path.read_text()) == []


def test_parts_not_yet_in_welsh_still_have_unmarked_words():
    done = sorted(
        app
        for app in NOT_YET_IN_WELSH
        if not any(unmarked_in_template(p.read_text()) for p in templates(ROOT) if _app(p) == app)
        and not any(unmarked_in_python(p.read_text()) for p in python_files(ROOT) if _app(p) == app)
    )
    assert done == [], f"take these off NOT_YET_IN_WELSH: their words are all marked: {done}"


def _catalogue() -> polib.POFile:
    return polib.pofile(str(WELSH / "django.po"))


def test_every_marked_word_has_a_welsh_translation():
    missing = [
        entry.msgid
        for entry in _catalogue()
        if not entry.obsolete
        and (
            "fuzzy" in entry.flags
            or (not all(entry.msgstr_plural.values()) if entry.msgid_plural else not entry.msgstr)
        )
    ]
    assert missing == []


def test_the_welsh_catalogue_holds_every_word_marked_now(tmp_path):
    """The catalogue made afresh from the code has no word the committed one lacks."""
    made = tmp_path / "cy" / "LC_MESSAGES"
    made.mkdir(parents=True)
    shutil.copy(WELSH / "django.po", made / "django.po")
    with override_settings(LOCALE_PATHS=[tmp_path]):
        call_command(
            "makemessages",
            locale=["cy"],
            ignore_patterns=["node_modules", ".venv", "var", "bench", "*/tests/*", "tests", "locale"],
            add_location="file",
            verbosity=0,
        )
    fresh = {(e.msgid, e.msgid_plural) for e in polib.pofile(str(made / "django.po")) if not e.obsolete}
    kept = {(e.msgid, e.msgid_plural) for e in _catalogue() if not e.obsolete}
    assert sorted(fresh - kept) == [], "run makemessages and translate the new words"
    assert sorted(kept - fresh) == [], "words no longer used: run makemessages"


def test_the_compiled_catalogue_is_the_one_written():
    """locale/cy/LC_MESSAGES/django.mo (what the service reads) says what django.po says."""
    with open(WELSH / "django.mo", "rb") as compiled:
        read = gettext.GNUTranslations(compiled)
    for entry in _catalogue():
        if entry.obsolete:
            continue
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if entry.msgid_plural:
            for n, form in ((1, 0), (2, 1), (3, 2), (8, 3)):
                assert read.ngettext(key, entry.msgid_plural, n) == entry.msgstr_plural[form], entry.msgid
        else:
            assert read.gettext(key) == entry.msgstr, entry.msgid


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext's msgfmt checks the placeholders")
def test_every_welsh_translation_keeps_the_placeholders_of_its_english():
    checked = subprocess.run(
        ["msgfmt", "--check-format", "-o", "/dev/null", str(WELSH / "django.po")],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stderr


def test_the_english_catalogue_gives_every_word_as_written():
    """English pages read each word from the English catalogue (msgstr = msgid, made by
    `msgen`), a quicker lookup than falling through to the source text, and it holds the
    same words as the Welsh one."""
    english = polib.pofile(str(ROOT / "locale" / "en_GB" / "LC_MESSAGES" / "django.po"))
    written = {(e.msgid, e.msgid_plural) for e in english if not e.obsolete}
    assert written == {(e.msgid, e.msgid_plural) for e in _catalogue() if not e.obsolete}
    for entry in english:
        if entry.msgid_plural:
            assert entry.msgstr_plural == {0: entry.msgid, 1: entry.msgid_plural}, entry.msgid
        else:
            assert entry.msgstr == entry.msgid, entry.msgid
