from django import forms
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from benchmarking.models import Answer, Exercise
from core.concurrency import VersionedFormMixin
from core.forms import GovukDateField, GovukFormMixin, written_in_field
from framework.models import Action, FrameworkVersion

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def _question_words(label) -> str:
    text = str(label).rstrip("?")
    return text[:1].lower() + text[1:]


# The field's question in the reader's language, lower-cased and without its question mark.
_question = lazy(_question_words, str)


def _yes_no_field(label, help_text=""):
    field = forms.ChoiceField(
        label=label,
        choices=YES_NO,
        widget=forms.RadioSelect,
        help_text=help_text,
        error_messages={
            "required": format_lazy(_("Select yes or no: {question}"), question=_question(label))
        },
    )
    field.inline = True
    return field


def _to_bool(value):
    return {"yes": True, "no": False}.get(value)


def _from_bool(value):
    return {True: "yes", False: "no"}.get(value)


class ExerciseForm(GovukFormMixin, forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=200, error_messages={"required": _("Enter a title for the exercise")}
    )
    instructions = forms.CharField(
        label=_("Instructions for forces"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    version = forms.ModelChoiceField(
        label=_("Version of the plan"),
        queryset=FrameworkVersion.objects.none(),
        empty_label=None,
        error_messages={
            "required": _("Choose a version of the plan"),
            "invalid_choice": _("Choose a version from the list"),
        },
    )
    granularity = forms.ChoiceField(
        label=_("Ask forces to answer"),
        choices=Exercise.Granularity.choices,
        initial=Exercise.Granularity.ACTION,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether forces answer per action or per objective")},
    )
    opens_on = GovukDateField(
        label=_("Opens on"),
        name=_("The open date"),
        required=True,
        error_messages={"required": _("Enter the date the exercise opens")},
    )
    closes_on = GovukDateField(
        label=_("Closes on"),
        name=_("The close date"),
        required=True,
        error_messages={"required": _("Enter the date the exercise closes")},
    )
    actions = forms.ModelMultipleChoiceField(
        label=_("Actions in scope"),
        queryset=Action.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("All force actions are chosen to start with."),
        error_messages={"required": _("Choose at least one action")},
    )
    previous = forms.ModelChoiceField(
        label=_("Start each force from its answers to (optional)"),
        queryset=Exercise.objects.none(),
        required=False,
        empty_label=_("Nothing: start from blank returns"),
    )

    def __init__(self, *args, version=None, **kwargs):
        super().__init__(*args, **kwargs)
        versions = FrameworkVersion.objects.filter(status="published", is_partial=False).select_related(
            "framework"
        )
        self.fields["version"].queryset = versions
        chosen = version or versions.order_by("-sequence").first()
        self.fields["version"].initial = chosen
        actions = Action.objects.filter(version=chosen, scope=Action.Scope.FORCE).order_by("sort_key")
        self.fields["actions"].queryset = actions
        self.fields["actions"].label_from_instance = lambda a: f"{a.code} {a.title}"
        self.fields["actions"].initial = list(actions)
        self.fields["previous"].queryset = Exercise.objects.exclude(status=Exercise.Status.DRAFT)

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", _("The close date must be on or after the open date"))
        version, actions = self.plan_version(cleaned), cleaned.get("actions")
        if version and actions and any(a.version_id != version.pk for a in actions):
            self.add_error("actions", _("Choose actions from the chosen version of the plan"))
        return cleaned

    def plan_version(self, cleaned):
        return cleaned.get("version")


class ExerciseEditForm(ExerciseForm):
    """A draft exercise changed whole (its version of the plan stays: its actions are that
    version's). Its hidden `version` is the fingerprint of the draft it was drawn from
    (core.concurrency), in place of the plan's version a new exercise chooses."""

    def __init__(self, *args, exercise: Exercise, seen: str, **kwargs):
        self.exercise = exercise
        initial = {
            "title": exercise.title,
            "instructions": exercise.instructions,
            "granularity": exercise.granularity,
            "opens_on": exercise.opens_on,
            "closes_on": exercise.closes_on,
            "previous": exercise.previous_id,
            "actions": list(exercise.actions.values_list("pk", flat=True)),
        }
        super().__init__(*args, version=exercise.version, initial=initial, **kwargs)
        self.fields["version"] = forms.CharField(widget=forms.HiddenInput, required=False)
        self.initial["version"] = seen
        self.fields["previous"].queryset = self.fields["previous"].queryset.exclude(pk=exercise.pk)

    def plan_version(self, cleaned):
        return self.exercise.version

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            name: data[name]
            for name in ("title", "instructions", "granularity", "opens_on", "closes_on", "previous")
        }


class AnswerForm(GovukFormMixin, forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput)
    rating = forms.TypedChoiceField(
        label=_("How far has the force got?"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a rating"),
            "invalid_choice": _("Choose a rating from the scale"),
        },
    )
    what_we_are_doing = forms.CharField(
        label=_("What are we doing?"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("Say what the force is doing"),
            "max_length": _("Use 10,000 characters or fewer"),
        },
    )
    planned_activity = forms.CharField(
        label=_("Planned activity (optional)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    planned_by = GovukDateField(
        label=_("Target date for the planned activity (optional)"), name=_("The target date")
    )
    potential_for_improvement = forms.CharField(
        label=_("Potential for improvement (optional)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    can_share = _yes_no_field(_("Can the force share knowledge or skills with other forces?"))
    share_contact = forms.CharField(
        label=_("Who should other forces contact? (if yes)"),
        required=False,
        max_length=200,
        help_text=_("A name and an email address or telephone number"),
    )
    sees_gap = _yes_no_field(_("Does the force see a gap here?"))
    written_in = written_in_field()

    # What a draft may leave out: only submitting the return needs every answer complete.
    DRAFT_OPTIONAL = ("rating", "what_we_are_doing", "can_share", "sees_gap")

    def __init__(self, *args, answer: Answer, levels, draft: bool = False, **kwargs):
        self.draft = draft
        initial = {
            "revision": answer.revision,
            "rating": answer.rating,
            "what_we_are_doing": answer.what_we_are_doing,
            "planned_activity": answer.planned_activity,
            "planned_by": answer.planned_by,
            "potential_for_improvement": answer.potential_for_improvement,
            "can_share": _from_bool(answer.can_share),
            "share_contact": answer.share_contact,
            "sees_gap": _from_bool(answer.sees_gap),
        }
        if answer.what_we_are_doing or answer.planned_activity or answer.potential_for_improvement:
            initial["written_in"] = answer.written_in  # else the page's language
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["rating"].choices = [
            (level.value, f"{level.value} {level.label}: {level.descriptor}") for level in levels
        ]
        self.fields["rating"].empty_value = None
        if draft:
            for name in self.DRAFT_OPTIONAL:
                self.fields[name].required = False

    def clean(self):
        cleaned = super().clean()
        if self.draft:
            return cleaned
        if cleaned.get("can_share") == "yes" and not cleaned.get("share_contact", "").strip():
            self.add_error("share_contact", _("Enter a contact, as the force can share knowledge or skills"))
        return cleaned

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("revision")
        data["can_share"] = _to_bool(data["can_share"])
        data["sees_gap"] = _to_bool(data["sees_gap"])
        return data


class PositionForm(AnswerForm):
    """A force's standing position: an answer's questions (none may be left for later: a
    position is what the force says now), where its evidence is, and who owns it."""

    evidence = forms.CharField(
        label=_("Evidence (optional)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Where the evidence is: documents, links, audits, inspection findings."),
        error_messages={"max_length": _("Use 5,000 characters or fewer")},
    )
    owner = forms.TypedChoiceField(
        label=_("Owner (optional)"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("Who in the force keeps this position up to date."),
        error_messages={"invalid_choice": _("Choose an owner from the list")},
    )
    field_order = [
        "revision",
        "rating",
        "what_we_are_doing",
        "evidence",
        "planned_activity",
        "planned_by",
        "potential_for_improvement",
        "can_share",
        "share_contact",
        "sees_gap",
        "owner",
    ]

    def __init__(self, *args, position, levels, people, **kwargs):
        super().__init__(*args, answer=position, levels=levels, **kwargs)
        self.people = {p.pk: p for p in people}
        self.fields["owner"].choices = [("", _("Nobody yet"))] + [
            (p.pk, p.full_name or p.email) for p in people
        ]
        self.initial["evidence"] = position.evidence
        self.initial["owner"] = position.owner_id
        self.order_fields(self.field_order)

    def values(self) -> dict:
        data = super().values()
        data["owner"] = self.people.get(data["owner"]) if data.get("owner") else None
        return data


class SubmitForm(GovukFormMixin, forms.Form):
    declaration = forms.BooleanField(
        label=_(
            "I confirm, as the force's vulnerability lead, that this return is complete and accurate, "
            "and that I sign it off on behalf of the force."
        ),
        error_messages={"required": _("Confirm the sign-off declaration to submit the return")},
    )


class SendBackForm(GovukFormMixin, forms.Form):
    comment = forms.CharField(
        label=_("What does the force need to change?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Say what the force needs to change")},
    )


class ReviewAnswerForm(GovukFormMixin, forms.Form):
    national_rating = forms.TypedChoiceField(
        label=_("National rating"), coerce=int, required=False, empty_value=None
    )
    promising_practice = forms.BooleanField(label=_("Promising practice"), required=False)
    promising_practice_reason = forms.CharField(
        label=_("Why is it promising practice?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    reviewer_sees_gap = forms.BooleanField(label=_("The reviewer sees a gap"), required=False)
    reviewer_comment = forms.CharField(
        label=_("Reviewer's comment"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, answer: Answer, levels, **kwargs):
        from benchmarking.rules import REVIEW_FIELDS

        initial = {f: getattr(answer, f) for f in REVIEW_FIELDS}
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["national_rating"].choices = [("", _("Not rated"))] + [
            (level.value, f"{level.value} {level.label}") for level in levels
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("promising_practice") and not cleaned.get("promising_practice_reason", "").strip():
            self.add_error("promising_practice_reason", _("Give a reason for flagging promising practice"))
        return cleaned


class ReviewScreenForm(ReviewAnswerForm):
    """One answer's review on the review screen (prefixed by the answer): its review fields,
    whether the reviewer agrees with the force's rating (and so takes it as the national
    rating), and the fingerprint of the review as the page was drawn."""

    agree = forms.BooleanField(label=_("Agree with the force's rating"), required=False)
    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, answer: Answer, levels, **kwargs):
        from benchmarking.rules import REVIEW_FIELDS
        from core.concurrency import stamp

        super().__init__(*args, answer=answer, levels=levels, **kwargs)
        self.answer = answer
        self.initial["seen"] = stamp(answer, REVIEW_FIELDS)
        self.order_fields(["national_rating", "agree"])
        if answer.rating is None:
            del self.fields["agree"]
        else:
            self.fields["agree"].label = _("Agree with the force's rating ({rating})").format(
                rating=answer.rating
            )

    def values(self) -> dict:
        """The review to save: agreeing gives the national rating the force's own, unless the
        reviewer chose one."""
        data = {k: v for k, v in self.cleaned_data.items() if k not in ("agree", "seen")}
        if self.cleaned_data.get("agree") and data.get("national_rating") is None:
            data["national_rating"] = self.answer.rating
        return data


class ExtensionForm(GovukFormMixin, forms.Form):
    until = GovukDateField(
        label=_("Extend this force's deadline to"),
        name=_("The new deadline"),
        required=True,
        error_messages={"required": _("Enter the new deadline")},
    )


class KeyFindingForm(VersionedFormMixin, GovukFormMixin, forms.Form):
    """Key findings as the national team writes them: a summary, then themes, each with its
    issues and recommendations (one to a line). One empty theme more than there are is always
    offered; "Add another theme" offers one more without saving."""

    MAX_THEMES = 12

    text = forms.CharField(
        label=_("Summary (optional)"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": _("Use 10,000 characters or fewer in the summary")},
    )
    count = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args, themes: list[dict], adding: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        posted = self.data.get("count") if self.is_bound else None
        count = int(posted) if str(posted or "").isdigit() else len(themes) + 1
        count = max(1, min(self.MAX_THEMES, count + (1 if adding else 0)))
        self.initial["count"] = count
        if self.is_bound:
            self.data = self.data.copy()
            self.data["count"] = count
        self.theme_numbers = list(range(1, count + 1))
        for n in self.theme_numbers:
            found = themes[n - 1] if n <= len(themes) else {}
            self.fields[f"theme_{n}"] = forms.CharField(
                label=_("Theme {n}").format(n=n),
                required=False,
                max_length=200,
                error_messages={"max_length": _("Use 200 characters or fewer for theme {n}").format(n=n)},
            )
            self.fields[f"issues_{n}"] = forms.CharField(
                label=_("Issues found under theme {n}").format(n=n),
                help_text=_("One to a line"),
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 3}),
                error_messages={
                    "max_length": _("Use 5,000 characters or fewer for the issues of theme {n}").format(n=n)
                },
            )
            self.fields[f"recommendations_{n}"] = forms.CharField(
                label=_("Recommendations under theme {n}").format(n=n),
                help_text=_("One to a line"),
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 3}),
                error_messages={
                    "max_length": _(
                        "Use 5,000 characters or fewer for the recommendations of theme {n}"
                    ).format(n=n)
                },
            )
            self.initial[f"theme_{n}"] = found.get("theme", "")
            self.initial[f"issues_{n}"] = "\n".join(found.get("issues", []))
            self.initial[f"recommendations_{n}"] = "\n".join(found.get("recommendations", []))
        self.govuk_style()

    def clean(self):
        cleaned = super().clean()
        for n in self.theme_numbers:
            theme = (cleaned.get(f"theme_{n}") or "").strip()
            said = (cleaned.get(f"issues_{n}") or "").strip() or (
                cleaned.get(f"recommendations_{n}") or ""
            ).strip()
            if said and not theme:
                self.add_error(
                    f"theme_{n}", _("Name theme {n}, or clear its issues and recommendations").format(n=n)
                )
        return cleaned

    def themes(self) -> list[dict]:
        def lines(text):
            return [line.strip(" -•\t") for line in (text or "").splitlines() if line.strip(" -•\t")]

        return [
            {
                "theme": self.cleaned_data[f"theme_{n}"].strip(),
                "issues": lines(self.cleaned_data[f"issues_{n}"]),
                "recommendations": lines(self.cleaned_data[f"recommendations_{n}"]),
            }
            for n in self.theme_numbers
            if self.cleaned_data.get(f"theme_{n}", "").strip()
        ]


class WorkbookUploadForm(GovukFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Upload the filled-in workbook"),
        help_text=_("The .xlsx file you downloaded from this page, at most 10 MB"),
        widget=forms.FileInput(attrs={"accept": ".xlsx"}),
        error_messages={"required": _("Choose the workbook to upload"), "empty": _("The file is empty")},
    )


class EvidenceLinkForm(GovukFormMixin, forms.Form):
    link_title = forms.CharField(
        label=_("Title of the link"),
        max_length=200,
        error_messages={"required": _("Enter a title for the link")},
    )
    link_url = forms.URLField(
        label=_("Web address"),
        max_length=500,
        assume_scheme="https",
        error_messages={
            "required": _("Enter the web address"),
            "invalid": _("Enter a web address, like https://…"),
        },
    )


class EvidenceFileForm(GovukFormMixin, forms.Form):
    file_title = forms.CharField(label=_("Title of the file (optional)"), required=False, max_length=200)
    upload = forms.FileField(
        label=_("File"),
        help_text=_("PDF, Word, Excel, PowerPoint, PNG or JPEG, at most 10 MB"),
        error_messages={"required": _("Choose a file to upload"), "empty": _("The file is empty")},
    )


class RatingScaleForm(GovukFormMixin, forms.Form):
    """Labels and descriptors of an exercise's rating levels (the values stay 1 to n)."""

    def __init__(self, *args, levels, **kwargs):
        super().__init__(*args, **kwargs)
        self.levels = list(levels)
        for level in self.levels:
            self.fields[f"label_{level.value}"] = forms.CharField(
                label=_("Rating {value}: label").format(value=level.value),
                max_length=60,
                initial=level.label,
                error_messages={"required": _("Enter a label for rating {value}").format(value=level.value)},
            )
            self.fields[f"descriptor_{level.value}"] = forms.CharField(
                label=_("Rating {value}: descriptor").format(value=level.value),
                max_length=500,
                required=False,
                initial=level.descriptor,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.govuk_style()

    def clean(self):
        cleaned = super().clean()
        labels = [cleaned.get(f"label_{level.value}", "").strip().lower() for level in self.levels]
        if len(set(filter(None, labels))) < len([x for x in labels if x]):
            raise forms.ValidationError(_("Give each rating a different label"))
        return cleaned

    def values(self) -> dict[int, tuple[str, str]]:
        return {
            level.value: (
                self.cleaned_data[f"label_{level.value}"].strip(),
                self.cleaned_data[f"descriptor_{level.value}"].strip(),
            )
            for level in self.levels
        }


class SimilarForcesForm(GovukFormMixin, forms.Form):
    forces = forms.TypedMultipleChoiceField(
        label=_("Most similar forces"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The Home Office's most similar group for this force: usually seven forces."),
        error_messages={"invalid_choice": _("Choose forces from the list")},
    )

    def __init__(self, *args, organisation, forces, chosen, **kwargs):
        super().__init__(*args, initial={"forces": [f.pk for f in chosen]}, **kwargs)
        self.fields["forces"].choices = [(f.pk, f.name) for f in forces if f.pk != organisation.pk]
        self.by_pk = {f.pk: f for f in forces}

    def chosen(self) -> list:
        return [self.by_pk[pk] for pk in self.cleaned_data["forces"]]
