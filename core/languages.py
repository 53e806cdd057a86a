"""The two languages of the service: which one a page is in, the same page's address in the
other, and the language to use for a person who is not the one making the request (their
emails and notifications)."""

from contextlib import contextmanager
from functools import cache

from django.conf import settings
from django.urls import get_script_prefix
from django.utils import translation
from django.utils.functional import lazy
from django.utils.translation import get_language_from_path

ENGLISH = settings.LANGUAGE_CODE
WELSH = "cy"
NAMES = dict(settings.LANGUAGES)


def current() -> str:
    """The language of what is being made now (a page, an email): one of LANGUAGES."""
    return translation.get_supported_language_variant(translation.get_language() or ENGLISH)


def address_in(request, code: str) -> str:
    """This page's address in language `code`: English pages have no prefix, Welsh ones
    /cy/ (nvaphub.urls); the query string is kept, so a search or filter stays as it is."""
    path = request.path_info
    shown_in = get_language_from_path(path)
    if shown_in:
        path = path[len(shown_in) + 1 :] or "/"
    if code != ENGLISH:
        path = f"/{code}{path}"
    query = request.META.get("QUERY_STRING", "")
    return get_script_prefix().rstrip("/") + path + (f"?{query}" if query else "")


def navigation(request) -> list[dict]:
    """The language navigation on every page: each language, its own name, the address of
    this page in it, and whether it is the one shown."""
    shown = current()
    return [
        {"code": code, "name": name, "url": address_in(request, code), "current": code == shown}
        for code, name in settings.LANGUAGES
    ]


def of(user) -> str:
    """The language a person reads in (the one they last used: accounts.middleware)."""
    code = getattr(user, "language", "") or ENGLISH
    return code if code in NAMES else ENGLISH


@contextmanager
def speaking_to(user):
    """Writes what is inside (an email, a notification) in the person's own language."""
    with translation.override(of(user)):
        yield


# A number in each plural category GOV.UK Frontend's JavaScript asks for (Intl.PluralRules):
# Welsh has six (0, 1, 2, 3, 6 and the rest), English two.
_PLURAL_EXAMPLES = {"zero": 0, "one": 1, "two": 2, "few": 3, "many": 6, "other": 4}


def _date_words(value, format_name: str) -> str:
    from django.utils.formats import date_format

    return date_format(value, format_name)


_lazy_date = lazy(_date_words, str)


def date_for_reader(value, format_name: str = "j F Y"):
    """A date written in whichever language is active when it is read: for words made once and
    read by many (a notification in each reader's language, through format_lazy)."""
    return _lazy_date(value, format_name)


def _plural(words) -> dict[str, str]:
    """`words(n)` for a number in each plural category of the page's language."""
    categories = ("zero", "one", "two", "few", "many", "other") if current() == WELSH else ("one", "other")
    return {category: words(_PLURAL_EXAMPLES[category]) for category in categories}


@cache
def frontend_words_script(language: str) -> str:
    """The words below as the page's JSON (json_script), made once per process for each
    language: the same on every page."""
    from django.utils.html import json_script

    with translation.override(language):
        return json_script(frontend_words(), "app-frontend-words")


def frontend_words() -> dict:
    """The words GOV.UK Frontend's JavaScript components show, in the page's language (read
    by core/static/js/init.mjs from the page; %{count} is the components' own placeholder)."""
    from django.utils.translation import gettext as _
    from django.utils.translation import ngettext

    return {
        "accordion": {
            "i18n": {
                "hideAllSections": _("Hide all sections"),
                "hideSection": _("Hide"),
                "hideSectionAriaLabel": _("Hide this section"),
                "showAllSections": _("Show all sections"),
                "showSection": _("Show"),
                "showSectionAriaLabel": _("Show this section"),
            }
        },
        "characterCount": {
            "i18n": {
                "charactersUnderLimit": _plural(
                    lambda n: ngettext(
                        "You have %{count} character remaining", "You have %{count} characters remaining", n
                    )
                ),
                "charactersAtLimit": _("You have 0 characters remaining"),
                "charactersOverLimit": _plural(
                    lambda n: ngettext(
                        "You have %{count} character too many", "You have %{count} characters too many", n
                    )
                ),
                "wordsUnderLimit": _plural(
                    lambda n: ngettext(
                        "You have %{count} word remaining", "You have %{count} words remaining", n
                    )
                ),
                "wordsAtLimit": _("You have 0 words remaining"),
                "wordsOverLimit": _plural(
                    lambda n: ngettext(
                        "You have %{count} word too many", "You have %{count} words too many", n
                    )
                ),
                "textareaDescription": _plural(
                    lambda n: ngettext(
                        "You can enter up to %{count} character", "You can enter up to %{count} characters", n
                    )
                ),
            }
        },
        "exitThisPage": {
            "i18n": {
                "activated": _("Loading."),
                "timedOut": _("Exit this page expired."),
                "pressTwoMoreTimes": _("Shift, press 2 more times to exit."),
                "pressOneMoreTime": _("Shift, press 1 more time to exit."),
            }
        },
        "fileUpload": {
            "i18n": {
                "chooseFilesButton": _("Choose file"),
                "dropInstruction": _("or drop file"),
                "noFileChosen": _("No file chosen"),
                "multipleFilesChosen": _plural(
                    lambda n: ngettext("%{count} file chosen", "%{count} files chosen", n)
                ),
                "enteredDropZone": _("Entered drop zone"),
                "leftDropZone": _("Left drop zone"),
            }
        },
        "passwordInput": {
            "i18n": {
                "showPassword": _("Show"),
                "hidePassword": _("Hide"),
                "showPasswordAriaLabel": _("Show password"),
                "hidePasswordAriaLabel": _("Hide password"),
                "passwordShownAnnouncement": _("Your password is visible"),
                "passwordHiddenAnnouncement": _("Your password is hidden"),
            }
        },
    }


def address_of(url: str, code: str) -> str:
    """A page's address (as reverse() gives it in English) in language `code`."""
    if code == ENGLISH or not url.startswith("/") or url.startswith(("/api/", f"/{code}/")):
        return url
    return f"/{code}{url}"


# The parts of the service (by the app that holds their words) whose words are not yet all
# marked for translation and in Welsh. Each comes off as it is done; the translation tests
# then hold it to the rule (core/tests/test_translations.py), and the translation status
# page lists what is left.
NOT_YET_IN_WELSH: tuple[str, ...] = ()


def _area_names() -> dict[str, str]:
    from django.utils.translation import gettext as _

    return {
        "core": _("Every page: layout, forms, errors and emails"),
        "accounts": _("Signing in and your account"),
        "nvaphub": _("Home, notifications, accessibility and privacy"),
        "framework": _("The plan and its frameworks"),
        "benchmarking": _("Benchmarking"),
        "impact": _("Impact plans"),
        "practice": _("Practice library"),
        "reviews": _("Peer reviews"),
        "casereviews": _("Case review learning"),
        "deaths": _("Domestic abuse-related deaths"),
        "community": _("Community"),
        "organisations": _("Organisations and teams"),
    }


_READ: dict[float, list[dict]] = {}


def welsh_catalogue() -> list[dict]:
    """Each word in the Welsh catalogue: its English, its Welsh, the part of the service it
    is in, and whether its Welsh is a draft still to be reviewed (marked "draft" in the
    catalogue: machine-drafted, never shown as reviewed). Read once for each change of the
    file."""
    import polib

    path = settings.LOCALE_PATHS[0] / WELSH / "LC_MESSAGES" / "django.po"
    changed = path.stat().st_mtime
    if changed not in _READ:
        entries = []
        for entry in polib.pofile(str(path)):
            if entry.obsolete:
                continue
            welsh = entry.msgstr_plural.get(0, "") if entry.msgid_plural else entry.msgstr
            entries.append(
                {
                    "english": entry.msgid,
                    "welsh": welsh,
                    "areas": sorted({where.split("/")[0] for where, _ in entry.occurrences}),
                    "draft": "draft" in (entry.tcomment or "").split(),
                    "missing": not welsh or "fuzzy" in entry.flags,
                }
            )
        _READ.clear()
        _READ[changed] = entries
    return _READ[changed]


def catalogue_status() -> dict:
    """How far the Welsh has come: words, drafts, reviewed and missing, in all and by part."""
    entries = welsh_catalogue()
    names = _area_names()
    areas = []
    for code, name in names.items():
        mine = [e for e in entries if code in e["areas"]]
        areas.append(
            {
                "code": code,
                "name": name,
                "words": len(mine),
                "drafts": sum(e["draft"] for e in mine),
                "missing": sum(e["missing"] for e in mine),
                "marked": code not in NOT_YET_IN_WELSH,
            }
        )
    return {
        "words": len(entries),
        "drafts": sum(e["draft"] for e in entries),
        "reviewed": sum(not e["draft"] and not e["missing"] for e in entries),
        "missing": sum(e["missing"] for e in entries),
        "areas": areas,
    }


def in_every_language(make) -> list:
    """What `make()` gives in each language of the service, English first: a file people fill
    in offline is read back whichever language its headings were written in."""
    made = []
    for code in NAMES:
        with translation.override(code):
            made.append(make())
    return made


def written_in_model_field():
    """The language a person wrote something in, as they said (core.forms.written_in_field):
    kept with what they wrote, in its exports, and marked on the pages that show it. Nothing
    is translated by machine."""
    from django.db import models
    from django.utils.translation import gettext_lazy as _

    return models.CharField(_("Written in"), max_length=10, choices=settings.LANGUAGES, default=ENGLISH)
