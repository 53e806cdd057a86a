from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import GovukFormMixin


class SearchForm(GovukFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Search the plan"),
        max_length=200,
        help_text=_("For example: referral, trauma informed, MASH, 6.2"),
        error_messages={
            "required": _("Enter a word or phrase to search for"),
            "max_length": _("Search for 200 characters or fewer"),
        },
    )
    framework = forms.ChoiceField(label=_("Framework and version"), required=False)
    theme = forms.ChoiceField(label=_("Theme"), required=False)

    def __init__(self, *args, themes=(), versions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", _("All themes"))] + [
            (t.code, f"{t.code}. {t.title}") for t in themes
        ]
        self.fields["theme"].error_messages["invalid_choice"] = _("Choose a theme from the list")
        # "nvap" is a framework's latest published version; "nvap:2" one version of it.
        choices = [("", "Every framework (latest versions)")]
        for latest, others in versions:
            if latest is not None:
                choices.append(
                    (latest.framework.slug, f"{latest.framework.short_name}: {latest.title} (latest)")
                )
            choices += [
                (
                    f"{v.framework.slug}:{v.label}",
                    f"{v.framework.short_name}: {v.title}" + (" (draft)" if v.status == "draft" else ""),
                )
                for v in others
            ]
        self.fields["framework"].choices = choices
        self.fields["framework"].error_messages["invalid_choice"] = _("Choose a framework from the list")

    def clean_q(self):
        q = self.cleaned_data["q"].strip()
        if not any(ch.isalnum() for ch in q):
            raise forms.ValidationError(_("Enter a word or phrase with letters or numbers in it"))
        return q


class CompareForm(GovukFormMixin, forms.Form):
    a = forms.ChoiceField(label=_("Compare"), error_messages={"required": _("Choose the earlier wording")})
    b = forms.ChoiceField(label=_("With"), error_messages={"required": _("Choose the later wording")})

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("a", "b"):
            self.fields[name].choices = choices
            self.fields[name].error_messages["invalid_choice"] = _("Choose a version from the list")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("a") and cleaned.get("a") == cleaned.get("b"):
            self.add_error("b", _("Choose two different versions to compare"))
        return cleaned
