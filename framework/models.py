"""The plan as data.

A framework (the NVAP now, its successor strategy later) has versions; each version is a
complete snapshot of themes, actions, objectives, PEEL measures, perennial issues and
toolkits, loaded from reviewed YAML by `manage.py load_framework` or drafted by the national
team in the browser (`framework.authoring`) and written back to YAML (`framework.export`).
Nothing here is specific to the NVAP: a different plan loads as another framework. Once
published, a version's content does not change: the next one is drafted as a copy of it.
"""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Bilingual(models.Model):
    """Plan content that can be read in Welsh as well as English (framework.bilingual).

    `welsh` holds, for each translated field, the Welsh and the English it was written from:
    {"title": {"cy": "…", "en": "…"}}. When the English changes after that, the Welsh is
    shown as it is but counted as needing a check."""

    # The fields a translation covers: the plan's words, not its codes, numbers or addresses.
    TRANSLATED: tuple[str, ...] = ()

    welsh = models.JSONField(default=dict, blank=True)

    class Meta:
        abstract = True


class Framework(Bilingual):
    TRANSLATED = ("name", "short_name", "description", "theme_label", "action_label")

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=40)
    description = models.TextField(blank=True)
    # What the plan calls its groupings and its elements ("Theme"/"Action", "Pillar"/"Commitment").
    theme_label = models.CharField(max_length=40, default="Theme")
    action_label = models.CharField(max_length=40, default="Action")
    # Set when the framework is an edition of the HMICFRS PEEL assessment framework ("2023-25"):
    # its elements are PEEL's measures, and other frameworks' PEEL links of that edition meet
    # on their pages.
    peel_edition = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.short_name or self.name


class FrameworkVersion(Bilingual):
    TRANSLATED = ("title", "date_note", "notes")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="versions")
    label = models.CharField(max_length=40)
    sequence = models.PositiveIntegerField(help_text=_("Orders versions: higher is newer."))
    title = models.CharField(max_length=200)
    published_on = models.DateField(null=True, blank=True)
    date_note = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    is_partial = models.BooleanField(
        default=False,
        help_text=_("Only some actions of this version are known (for example, quoted elsewhere)."),
    )
    notes = models.TextField(blank=True)
    sources = models.JSONField(default=list, blank=True)
    # The PEEL assessment framework edition this version's PEEL measures come from ("2023-25"):
    # a link to "PEEL 4.2" only means something with its edition.
    peel_edition = models.CharField(max_length=20, blank=True)
    # Set by the loader whenever a load changes anything: cached renderings key on it.
    content_changed_at = models.DateTimeField(null=True, editable=False)

    class Meta:
        ordering = ["framework", "-sequence"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "label"], name="unique_version_label"),
            models.UniqueConstraint(fields=["framework", "sequence"], name="unique_version_sequence"),
        ]

    def __str__(self):
        return f"{self.framework} {self.title}"


class Theme(Bilingual):
    TRANSLATED = ("title", "description")

    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="themes")
    code = models.CharField(max_length=20)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    # A framework may group its actions more than one way ("4 Ps" and "6 pillars").
    grouping = models.CharField(max_length=60, default="Theme")
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["version", "grouping", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "grouping", "code"], name="unique_theme_code")
        ]

    def __str__(self):
        return f"{self.code}. {self.title}"


class PerennialIssue(Bilingual):
    TRANSLATED = ("name", "diagnosis")

    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="perennial_issues")
    slug = models.SlugField()
    name = models.CharField(max_length=200)
    diagnosis = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["version", "order"]
        constraints = [models.UniqueConstraint(fields=["version", "slug"], name="unique_perennial_issue")]

    def __str__(self):
        return self.name


class PeelMeasure(Bilingual):
    TRANSLATED = ("text",)

    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="peel_measures")
    code = models.CharField(max_length=20)
    text = models.TextField()
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    sort_key = models.CharField(max_length=40, default="")

    class Meta:
        ordering = ["version", "sort_key"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="unique_peel_measure")]

    def __str__(self):
        return f"{self.code} {self.text}"


class Action(Bilingual):
    TRANSLATED = (
        "title",
        "detail",
        "owner",
        "note",
        "organisational_impact",
        "external_impact",
        "evidence_overview",
        "current_evidence",
    )

    class Scope(models.TextChoices):
        NATIONAL = "national", _("National action")
        FORCE = "force", _("Force action")

    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="actions")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="actions")
    other_themes = models.ManyToManyField(Theme, blank=True, related_name="also_actions")
    code = models.CharField(max_length=20)
    title = models.CharField(max_length=200)
    detail = models.TextField()
    scope = models.CharField(max_length=20, choices=Scope.choices, default=Scope.FORCE)
    owner = models.CharField(max_length=200, blank=True)
    interim = models.BooleanField(default=False)
    note = models.TextField(blank=True, help_text=_("Context shown under the title."))
    organisational_impact = models.TextField(blank=True)
    external_impact = models.TextField(blank=True)
    evidence_overview = models.TextField(blank=True)
    current_evidence = models.TextField(blank=True, help_text=_("Reference / current evidence."))
    peel_measures = models.ManyToManyField(
        PeelMeasure, through="ActionPeelLink", blank=True, related_name="actions"
    )
    perennial_issues = models.ManyToManyField(PerennialIssue, blank=True, related_name="actions")
    sort_key = models.CharField(max_length=40, default="")
    history = HistoricalRecords(excluded_fields=["sort_key"])

    class Meta:
        ordering = ["version", "sort_key"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="unique_action")]

    def __str__(self):
        return f"{self.code} {self.title}"


class ActionPeelLink(Bilingual):
    """An action's link to a PEEL measure, with the sheet's own wording where it differs."""

    TRANSLATED = ("quoted_text",)

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="peel_links")
    peel_measure = models.ForeignKey(PeelMeasure, on_delete=models.CASCADE, related_name="action_links")
    quoted_text = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["action", "order"]
        constraints = [models.UniqueConstraint(fields=["action", "peel_measure"], name="unique_action_peel")]

    def __str__(self):
        return f"{self.action_id} – PEEL {self.peel_measure_id}"

    @property
    def text(self):
        return self.quoted_text or self.peel_measure.text


class UsefulLink(Bilingual):
    TRANSLATED = ("title",)

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="useful_links")
    title = models.CharField(max_length=300)
    url = models.URLField(max_length=500, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["action", "order"]

    def __str__(self):
        return self.title


class Objective(Bilingual):
    TRANSLATED = ("text", "what_we_mean", "what_forces_are_doing", "what_we_need_intro", "what_we_need")

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="objectives")
    number = models.PositiveIntegerField()
    text = models.TextField()
    what_we_mean = models.TextField(blank=True)
    what_forces_are_doing = models.JSONField(default=list, blank=True)
    what_we_need_intro = models.TextField(blank=True)
    what_we_need = models.JSONField(default=list, blank=True)
    peel_measures = models.ManyToManyField(PeelMeasure, blank=True, related_name="objectives")
    perennial_issues = models.ManyToManyField(PerennialIssue, blank=True, related_name="objectives")
    history = HistoricalRecords()

    class Meta:
        ordering = ["action", "number"]
        constraints = [models.UniqueConstraint(fields=["action", "number"], name="unique_objective")]

    def __str__(self):
        return f"{self.action.code} objective {self.number}"


class Toolkit(Bilingual):
    """An Action Impact Toolkit: the logic model and Impact Realisation Plan for an action."""

    TRANSLATED = (
        "title",
        "action_title",
        "action_detail",
        "guidance",
        "organisational_impact",
        "external_impact",
        "perennial_intro",
        "plan_questions",
        "references",
        "useful_link_titles",
        "plan_field_names",
    )
    # Lists translated line for line: the Welsh gives one line for each item of the English.
    ALIGNED = ("useful_link_titles", "plan_field_names")

    action = models.OneToOneField(Action, on_delete=models.CASCADE, related_name="toolkit")
    title = models.CharField(max_length=200)
    # The toolkit may word the action differently from the plan (2.2.1: "Appropriate Referral").
    action_title = models.CharField(max_length=200)
    action_detail = models.TextField()
    guidance = models.JSONField(default=list, blank=True)
    organisational_impact = models.TextField(blank=True)
    external_impact = models.TextField(blank=True)
    peel_measures = models.ManyToManyField(PeelMeasure, blank=True, related_name="toolkits")
    perennial_intro = models.TextField(blank=True)
    references = models.JSONField(default=list, blank=True)
    useful_links = models.JSONField(default=list, blank=True)
    plan_questions = models.JSONField(default=list, blank=True)
    plan_fields = models.JSONField(default=list, blank=True)
    contact = models.CharField(max_length=200, blank=True)

    def __str__(self):
        return self.title

    @property
    def useful_link_titles(self) -> list[str]:
        return [link["title"] for link in self.useful_links]

    @property
    def plan_field_names(self) -> list[str]:
        return [f["name"] for f in self.plan_fields]


class ToolkitPerennialChallenge(Bilingual):
    TRANSLATED = ("issues",)

    toolkit = models.ForeignKey(Toolkit, on_delete=models.CASCADE, related_name="perennial_challenges")
    perennial_issue = models.ForeignKey(PerennialIssue, on_delete=models.CASCADE)
    issues = models.JSONField(default=list)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["toolkit", "order"]

    def __str__(self):
        return f"{self.toolkit_id}: {self.perennial_issue_id}"


class ToolkitObjective(Bilingual):
    TRANSLATED = (
        "short_title",
        "text",
        "situation",
        "what_we_mean",
        "what_we_need_intro",
        "what_we_need",
        "unintended_consequences",
        "self_assessment_prompts",
        "progress_examples",
    )

    toolkit = models.ForeignKey(Toolkit, on_delete=models.CASCADE, related_name="objectives")
    number = models.PositiveIntegerField()
    short_title = models.CharField(max_length=200, blank=True)
    text = models.TextField()
    plan_objectives = models.ManyToManyField(Objective, blank=True, related_name="toolkit_objectives")
    # Some of the objective's own wording was rebuilt from a damaged source (framework.rebuilt).
    rebuilt = models.BooleanField(default=False)
    situation = models.TextField(blank=True)
    what_we_mean = models.TextField(blank=True)
    what_we_need_intro = models.TextField(blank=True)
    what_we_need = models.JSONField(default=list, blank=True)
    unintended_consequences = models.JSONField(default=list, blank=True)
    self_assessment_prompts = models.JSONField(default=list, blank=True)
    progress_examples = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["toolkit", "number"]
        constraints = [models.UniqueConstraint(fields=["toolkit", "number"], name="unique_toolkit_objective")]

    def __str__(self):
        return f"{self.toolkit.action.code} toolkit objective {self.number}"


class LogicModelRow(Bilingual):
    TRANSLATED = (
        "activity",
        "evidence",
        "outputs",
        "short_medium_term_impacts",
        "impact_assessment_questions",
    )

    objective = models.ForeignKey(ToolkitObjective, on_delete=models.CASCADE, related_name="logic_model_rows")
    order = models.PositiveIntegerField(default=0)
    activity = models.TextField()
    evidence = models.JSONField(default=list, blank=True)
    outputs = models.JSONField(default=list, blank=True)
    short_medium_term_impacts = models.JSONField(default=list, blank=True)
    impact_assessment_questions = models.JSONField(default=list, blank=True)
    # Some of the row's wording was rebuilt from a damaged source (framework.rebuilt).
    rebuilt = models.BooleanField(default=False)

    class Meta:
        ordering = ["objective", "order"]

    def __str__(self):
        return self.activity[:80]


class SuggestedMeasure(Bilingual):
    TRANSLATED = ("text",)

    class Kind(models.TextChoices):
        PEEL = "peel", _("PEEL measure")
        OTHER = "other", _("Other potential measure")

    objective = models.ForeignKey(
        ToolkitObjective, on_delete=models.CASCADE, related_name="suggested_measures"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    code = models.CharField(max_length=20, blank=True)
    text = models.TextField()
    peel_measure = models.ForeignKey(
        PeelMeasure, null=True, blank=True, on_delete=models.SET_NULL, related_name="suggested_as"
    )
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["objective", "order"]

    def __str__(self):
        return f"{self.code} {self.text}".strip()[:80]


class CrosswalkLink(models.Model):
    """A mapping between actions of two frameworks (or two versions of one), with who made it
    and when it was last reviewed. When either side's framework gets a new version the link
    is flagged for review (`needs_review`, with the reason): it is shown as unconfirmed until
    someone in the national team confirms it still holds, changes it or removes it."""

    class Relation(models.TextChoices):
        EQUIVALENT = "equivalent", _("is equivalent to")
        BROADER = "broader", _("is broader than")
        NARROWER = "narrower", _("is narrower than")
        RELATED = "related", _("is related to")

    source = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="crosswalk_out")
    target = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="crosswalk_in")
    relation = models.CharField(max_length=20, choices=Relation.choices)
    note = models.TextField(blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, null=True)
    reviewed_on = models.DateField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    needs_review = models.BooleanField(default=False)
    review_reason = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "target"], name="unique_crosswalk_link")]
        indexes = [models.Index(fields=["needs_review"], name="crosswalk_needs_review")]

    def __str__(self):
        return f"{self.source_id} {self.relation} {self.target_id}"


class SearchEntry(models.Model):
    """A flattened, searchable piece of plan content, rebuilt whenever a version loads."""

    class Kind(models.TextChoices):
        THEME = "theme", _("Theme")
        ACTION = "action", _("Action")
        OBJECTIVE = "objective", _("Objective")
        TOOLKIT = "toolkit", _("Toolkit")
        PEEL = "peel", _("PEEL measure")
        PERENNIAL = "perennial", _("Perennial issue")

    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="search_entries")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    theme = models.ForeignKey(Theme, null=True, blank=True, on_delete=models.CASCADE)
    action_code = models.CharField(max_length=20, blank=True)
    ref = models.CharField(max_length=100, help_text=_("Code or slug of what the entry points to"))
    anchor = models.CharField(max_length=60, blank=True)
    title = models.CharField(max_length=400)
    body = models.TextField()
    # PostgreSQL only: the weighted full-text vector of title and body, set by the loader.
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["version", "kind", "ref"]

    def __str__(self):
        return self.title


class WelshChange(models.Model):
    """One change to the Welsh of one field of plan content: who, when, before and after
    (framework.bilingual). The English is the content's own history."""

    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="welsh_changes")
    item = models.CharField(max_length=200, help_text=_("What was translated, as its page names it"))
    item_key = models.CharField(max_length=60)
    field = models.CharField(max_length=300)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["version", "item_key"], name="welsh_change_item")]

    def __str__(self):
        return f"{self.item} {self.field}"

    @staticmethod
    def _as_text(value) -> str:
        return "\n".join(value) if isinstance(value, list) else (value or "")

    @property
    def before_text(self) -> str:
        return self._as_text(self.before)

    @property
    def after_text(self) -> str:
        return self._as_text(self.after)
