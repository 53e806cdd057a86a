"""Forms the national team drafts frameworks and crosswalks with, each saying what is wrong in
the GOV.UK way."""

import re

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.concurrency import VersionedFormMixin
from core.forms import GovukFormMixin
from core.forms import choice_field as _choice
from core.forms import text_field as _text
from framework import models as m

CODE = re.compile(r"^[A-Za-z0-9]+([.][A-Za-z0-9]+)*$")
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
RESERVED = {"manage", "search", "crosswalks", "v", "peel"}


def _line(label, max_length, *, required=True, help_text="", message=""):
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        help_text=help_text,
        error_messages={
            "required": message or f"Enter {label[0].lower()}{label[1:]}",
            "max_length": _("Use {max_length} characters or fewer").format(max_length=max_length),
        },
    )


def _lines(label, *, help_text="One per line", rows=5):
    """A list kept as one item per line."""
    return _text(label, required=False, rows=rows, max_length=20_000, help_text=help_text)


def as_lines(items: list[str]) -> str:
    return "\n".join(items)


def from_lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class FrameworkForm(GovukFormMixin, forms.Form):
    name = _line(
        _("Name"), 200, help_text=_("For example, National Vulnerability and Public Protection Strategy")
    )
    short_name = _line(
        _("Short name"), 40, help_text=_("For example, NVPPS"), message=_("Enter the short name")
    )
    slug = _line(
        _("Web address name"),
        50,
        help_text=_(
            "Lower-case letters, numbers and hyphens, for example nvpps. It cannot be changed later."
        ),
        message=_("Enter the web address name"),
    )
    theme_label = _line(
        _("What the framework calls its groupings"),
        40,
        help_text=_("For example, Theme, Pillar, P or Strand"),
        message=_("Enter what the framework calls its groupings"),
    )
    action_label = _line(
        _("What the framework calls its elements"),
        40,
        help_text=_("For example, Action or Commitment"),
        message=_("Enter what the framework calls its elements"),
    )
    description = _text(_("Description"), required=False, rows=4)

    def clean_slug(self):
        slug = self.cleaned_data["slug"].strip().lower()
        if not SLUG.fullmatch(slug):
            raise forms.ValidationError(
                _("Use lower-case letters, numbers and single hyphens only, for example nvpps")
            )
        if slug in RESERVED:
            raise forms.ValidationError(_("That name is used by the service: choose another"))
        if m.Framework.objects.filter(slug=slug).exists():
            raise forms.ValidationError(_("A framework already has that web address name"))
        return slug


class VersionForm(VersionedFormMixin, GovukFormMixin, forms.Form):
    title = _line(_("Title"), 200)
    date_note = _line(
        _("Date note"), 200, required=False, help_text=_("Optional. For example, Published April 2027")
    )
    notes = _text(
        _("Notes for readers"),
        required=False,
        rows=5,
        help_text=_("Optional. What this version changes and why"),
    )


class ThemeForm(VersionedFormMixin, GovukFormMixin, forms.Form):
    grouping = _line(
        _("Kind of grouping"),
        60,
        help_text=_("A framework may group its elements more than one way, for example 4 Ps and Pillar"),
        message=_("Enter the kind of grouping"),
    )
    code = _line(_("Code"), 20, help_text=_("For example, 2 or P1"), message=_("Enter the code"))
    title = _line(_("Title"), 200)
    description = _text(_("Description"), required=False, rows=4)

    def __init__(self, *args, draft, theme=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.draft, self.theme = draft, theme

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if not CODE.fullmatch(code):
            raise forms.ValidationError(
                _("Use letters and numbers, with full stops between parts, for example P1 or 2")
            )
        return code

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("code") and cleaned.get("grouping"):
            clash = self.draft.themes.filter(grouping=cleaned["grouping"], code=cleaned["code"])
            if self.theme is not None:
                clash = clash.exclude(pk=self.theme.pk)
            if clash.exists():
                self.add_error(
                    "code",
                    _("This version already has {grouping} {code}").format(
                        grouping=cleaned["grouping"], code=cleaned["code"]
                    ),
                )
        return cleaned


class ActionForm(VersionedFormMixin, GovukFormMixin, forms.Form):
    code = _line(_("Code"), 20, help_text=_("For example, 2.2.1 or P1.3"), message=_("Enter the code"))
    theme = forms.ChoiceField(label=_("Grouping"))
    title = _line(_("Title"), 200)
    detail = _text(_("What it asks"), rows=6)
    scope = _choice(_("Who delivers it"), m.Action.Scope.choices, _("Choose who delivers it"))
    owner = _line(
        _("Owner"), 200, required=False, help_text=_("Optional. For a national action, who leads it")
    )
    interim = forms.BooleanField(
        label=_("Interim: its toolkit is still to be developed and its wording may change"), required=False
    )
    note = _text(_("Context shown under the title"), required=False, rows=3)
    organisational_impact = _text(_("Organisational impact"), required=False, rows=3)
    external_impact = _text(_("External impact"), required=False, rows=3)
    evidence_overview = _text(_("Evidence overview"), required=False, rows=3)
    current_evidence = _text(_("Reference and current evidence"), required=False, rows=3)
    peel_measures = _line(
        _("PEEL measures"),
        500,
        required=False,
        help_text=_("Optional. Their codes in this version, separated by commas, for example 4.2, 6.2.2"),
    )
    perennial_issues = forms.MultipleChoiceField(
        label=_("Perennial issues"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, draft, action=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.draft, self.action = draft, action
        version = draft
        self.fields["theme"].choices = [("", _("Choose"))] + [
            (str(t.pk), f"{t.grouping} {t.code}. {t.title}")
            for t in version.themes.order_by("grouping", "order")
        ]
        self.fields["theme"].error_messages = {
            "required": _("Choose the grouping it belongs to"),
            "invalid_choice": _("Choose a grouping from the list"),
        }
        issues = list(version.perennial_issues.order_by("order"))
        self.fields["perennial_issues"].choices = [(str(p.pk), p.name) for p in issues]
        self.fields["perennial_issues"].error_messages["invalid_choice"] = _(
            "Choose perennial issues from the list"
        )
        if not issues:
            del self.fields["perennial_issues"]
        self.govuk_style()

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if not CODE.fullmatch(code):
            raise forms.ValidationError(
                _("Use letters and numbers, with full stops between parts, for example 2.2.1")
            )
        clash = self.draft.actions.filter(code=code)
        if self.action is not None:
            clash = clash.exclude(pk=self.action.pk)
        if clash.exists():
            raise forms.ValidationError(_("This version already has {code}").format(code=code))
        return code

    def clean_theme(self):
        return self.draft.themes.get(pk=self.cleaned_data["theme"])

    def clean_peel_measures(self):
        codes = [c.strip() for c in re.split(r"[,\s]+", self.cleaned_data["peel_measures"]) if c.strip()]
        found = {p.code: p for p in self.draft.peel_measures.filter(code__in=codes)}
        unknown = [c for c in codes if c not in found]
        if unknown:
            raise forms.ValidationError(
                _("This version has no PEEL measure {codes}: use codes from its PEEL measures").format(
                    codes=", ".join(unknown)
                )
            )
        return [found[c] for c in dict.fromkeys(codes)]

    def clean_perennial_issues(self):
        return list(self.draft.perennial_issues.filter(pk__in=self.cleaned_data["perennial_issues"]))


class ObjectiveForm(VersionedFormMixin, GovukFormMixin, forms.Form):
    text = _text(_("The objective"), rows=3)
    what_we_mean = _text(_("What we mean"), required=False, rows=4)
    what_we_need = _lines(_("What we need"), help_text=_("Optional. One item per line"))


class StartCrosswalkForm(GovukFormMixin, forms.Form):
    left = forms.ChoiceField(label=_("From"))
    right = forms.ChoiceField(label=_("To"))

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("Choose"))] + [
            (str(v.pk), f"{v.framework.short_name}: {v.title} ({v.get_status_display().lower()})")
            for v in versions
        ]
        for name, what in (
            ("left", _("the framework version to map from")),
            ("right", _("the framework version to map to")),
        ):
            self.fields[name].choices = choices
            self.fields[name].error_messages = {
                "required": _("Choose {what}").format(what=what),
                "invalid_choice": _("Choose {what}").format(what=what),
            }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("left") and cleaned.get("left") == cleaned.get("right"):
            self.add_error("right", _("Choose two different versions"))
        return cleaned


class CrosswalkForm(VersionedFormMixin, GovukFormMixin, forms.Form):
    source = forms.ChoiceField(label=_("This element"))
    relation = _choice(_("How it relates"), m.CrosswalkLink.Relation.choices, _("Choose how the two relate"))
    target = forms.ChoiceField(label=_("To this element"))
    note = _text(
        _("Note"), required=False, rows=3, max_length=2000, help_text=_("Optional. Why they map this way")
    )

    def __init__(self, *args, left=None, right=None, **kwargs):
        super().__init__(*args, **kwargs)
        if left is None:  # changing a link: only its relation and note
            del self.fields["source"], self.fields["target"]
            return
        for name, version, what in (
            ("source", left, "the element to map from"),
            ("target", right, "the element to map to"),
        ):
            actions = list(version.actions.order_by("sort_key").only("pk", "code", "title"))
            self.fields[name].choices = [("", _("Choose"))] + [
                (str(a.pk), f"{a.code} {a.title}") for a in actions
            ]
            self.fields[name].label = (
                _("This {element} of {short_name} {label}")
                if name == "source"
                else _("To this {element} of {short_name} {label}")
            ).format(
                element=version.framework.action_label.lower(),
                short_name=version.framework.short_name,
                label=version.label,
            )
            self.fields[name].error_messages = {
                "required": _("Choose {what}").format(what=what),
                "invalid_choice": _("Choose {what}").format(what=what),
            }
        self.left, self.right = left, right
        self.govuk_style()

    def clean_source(self):
        return self.left.actions.get(pk=self.cleaned_data["source"])

    def clean_target(self):
        return self.right.actions.get(pk=self.cleaned_data["target"])


class ToolkitForm(VersionedFormMixin, GovukFormMixin, forms.Form):
    title = _line(
        _("Title"), 200, help_text=_("For example, Action Impact Toolkit 2.2.1 Appropriate Referral")
    )
    action_title = _line(
        _("The element's title in the toolkit"),
        200,
        help_text=_("A toolkit may word it differently from the plan"),
    )
    action_detail = _text(_("What the element asks, in the toolkit's words"), rows=4)


class _NoSquareBrackets(forms.Form):
    """Square brackets in a toolkit's words mark words rebuilt from a damaged source
    (framework.rebuilt): typed ones are refused, so no reader mistakes them for that."""

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            if name in ("version", "peel_measures"):
                continue
            if isinstance(value, str) and ("[" in value or "]" in value):
                self.add_error(
                    name, _("Use round brackets: square ones mark words rebuilt from a damaged source")
                )
        return cleaned


class ToolkitObjectiveForm(VersionedFormMixin, GovukFormMixin, _NoSquareBrackets):
    short_title = _line(
        _("Short title"), 200, required=False, help_text=_("Optional. For example, Referral pathways")
    )
    text = _text(_("The objective"), rows=3)
    situation = _text(_("The situation now"), required=False, rows=3)
    what_we_mean = _text(_("What we mean"), required=False, rows=3)
    what_we_need = _lines(_("What we need"), help_text=_("Optional. One item per line"))
    unintended_consequences = _lines(_("Unintended consequences"), help_text=_("Optional. One per line"))
    peel_measures = _lines(
        _("Suggested PEEL measures"),
        help_text=_(
            "Optional. One per line: the measure's code, a space, then its words, for example 6.2.2 Referrals are timely"
        ),
    )
    other_measures = _lines(_("Other suggested measures"), help_text=_("Optional. One per line"))

    def __init__(self, *args, draft, **kwargs):
        super().__init__(*args, **kwargs)
        self.draft = draft

    def clean_peel_measures(self):
        found, problems = [], []
        for line in from_lines(self.cleaned_data["peel_measures"]):
            code, _space, text = line.partition(" ")
            if not CODE.fullmatch(code) or not text.strip():
                problems.append(line)
                continue
            found.append((code, text.strip()))
        if problems:
            raise forms.ValidationError(
                _(
                    "Start each line with a measure's code and then its words, for example 6.2.2 Referrals are timely (check: {line})"
                ).format(line=problems[0][:60])
            )
        known = set(
            self.draft.peel_measures.filter(code__in=[c for c, _words in found]).values_list(
                "code", flat=True
            )
        )
        unknown = [c for c, _words in found if c not in known]
        if unknown:
            raise forms.ValidationError(
                _("This version has no PEEL measure {codes}").format(codes=", ".join(unknown))
            )
        return found


class LogicRowForm(VersionedFormMixin, GovukFormMixin, _NoSquareBrackets):
    activity = _text(_("Activity"), rows=3)
    evidence = _lines(_("Evidence"), help_text=_("Optional. One item per line"))
    outputs = _lines(_("Outputs"), help_text=_("Optional. One per line"))
    short_medium_term_impacts = _lines(
        _("Short and medium term impacts"), help_text=_("Optional. One per line")
    )
    impact_assessment_questions = _lines(
        _("Impact assessment questions"), help_text=_("Optional. One per line")
    )


class PeelMeasureForm(VersionedFormMixin, GovukFormMixin, forms.Form):
    code = _line(
        _("Code"),
        20,
        help_text=_("As its edition numbers it, for example 6.2.2"),
        message=_("Enter the code"),
    )
    text = _text(_("What it measures"), rows=3, max_length=2000)

    def __init__(self, *args, draft, measure=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.draft, self.measure = draft, measure

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if not CODE.fullmatch(code):
            raise forms.ValidationError(
                _("Use numbers and letters with full stops between parts, for example 6.2.2")
            )
        clash = self.draft.peel_measures.filter(code=code)
        if self.measure is not None:
            clash = clash.exclude(pk=self.measure.pk)
        if clash.exists():
            raise forms.ValidationError(_("This version already has PEEL measure {code}").format(code=code))
        return code


class PerennialIssueForm(VersionedFormMixin, GovukFormMixin, forms.Form):
    name = _line(_("Name"), 200)
    diagnosis = _text(_("The issue"), required=False, rows=4, help_text=_("Optional. What the issue is"))


class WelshForm(VersionedFormMixin, GovukFormMixin, forms.Form):
    """The Welsh of one translation page (framework.bilingual.Item): a text box for each
    field of each part that has English, beside that English. A list field is written one
    item per line."""

    def __init__(self, *args, item, **kwargs):
        from framework import bilingual

        super().__init__(*args, **kwargs)
        self.sections = []
        for part in item.parts:
            rows = []
            for name in part.obj.TRANSLATED:
                english = bilingual.english(part.obj, name)
                if not english:
                    continue
                key = f"{part.key}--{name}"
                is_list = isinstance(english, list)
                longest = max(len(t) for t in english) if is_list else len(english)
                field = _text(
                    format_lazy(_("{label} in Welsh"), label=bilingual.LABELS[name]),
                    required=False,
                    rows=min(12, max(2, longest // 70 + 1 + (len(english) if is_list else 0))),
                    max_length=20_000,
                )
                field.widget.attrs["lang"] = "cy"
                field.widget.attrs["spellcheck"] = "true"
                self.fields[key] = field
                said = bilingual.welsh_of(part.obj, name)
                self.initial[key] = as_lines(said) if is_list and said else (said or "")
                rows.append(
                    {
                        "key": key,
                        "part": part.key,
                        "name": name,
                        "label": bilingual.LABELS[name],
                        "english": english,
                        "is_list": is_list,
                        "to_check": bilingual.needs_check(part.obj, name),
                        "line_for_line": name in getattr(part.obj, "ALIGNED", ()),
                    }
                )
            if rows:
                self.sections.append({"heading": part.heading, "rows": rows})
        self.govuk_style()

    def clean(self):
        cleaned = super().clean()
        for section in self.sections:
            for row in section["rows"]:
                lines = from_lines(cleaned.get(row["key"]) or "")
                if row["line_for_line"] and lines and len(lines) != len(row["english"]):
                    self.add_error(
                        row["key"],
                        ngettext(
                            "Give one line for the {count} item: it has one line in English",
                            "Give one line for each of the {count} items, as the English has",
                            len(row["english"]),
                        ).format(count=len(row["english"])),
                    )
        return cleaned

    def rows(self):
        for section in self.sections:
            yield {**section, "rows": [{**row, "field": self[row["key"]]} for row in section["rows"]]}

    def written(self) -> dict[str, dict]:
        """The Welsh as framework.bilingual.save takes it: by part, by field."""
        found: dict[str, dict] = {}
        for section in self.sections:
            for row in section["rows"]:
                text = (self.cleaned_data.get(row["key"]) or "").strip()
                found.setdefault(row["part"], {})[row["name"]] = from_lines(text) if row["is_list"] else text
        return found
