"""The toolkit's Impact Realisation Plan template as a workbook: export a plan in its layout,
and import a filled one.

Layout: the header fields (Reporting Period, Project Lead, Prepared By, Date Prepared), then for
each objective an "Objective" row and the rows Impact Owner, Impact Description, Activity,
Output, Impact Measurement, Progress, Next steps, Risks, Risk Mitigation Strategy and Additional
Comments, with an Organisational and an External column. An activity, measure or risk sits in
the column of its side; Activity and Risks rows repeat, one per item, each followed by its
Output or Risk Mitigation Strategy row. Column D holds each row's reference ("activity-12") so
an import changes the items it came from; rows without one are new.

An import is checked whole first; every problem is listed by row and column, and nothing is
written unless there are none. Re-importing an unchanged export changes nothing.
"""

import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill

from core import tables
from core.rows import RowsRejected, read_table, same_value
from framework import rebuilt
from impact import services
from impact.models import Measure, Plan, PlanObjective, ProgressUpdate, Side
from impact.services import MeasurementsRejected, RowProblem
from organisations.selectors import writers_of

HEADER_FIELDS = {
    "Reporting Period": "reporting_period",
    "Project Lead": "project_lead",
    "Prepared By": "prepared_by",
    "Date Prepared": "date_prepared",
}
OBJECTIVE_ROWS = [
    "Impact Owner",
    "Impact Description",
    "Activity",
    "Output",
    "Impact Measurement",
    "Progress",
    "Next steps",
    "Risks",
    "Risk Mitigation Strategy",
    "Additional Comments",
]
COLUMNS = {"B": Side.ORGANISATIONAL, "C": Side.EXTERNAL}
MAX_BYTES = 5 * 1024 * 1024
MAX_TEXT = 5000
HEADINGS_ROW = 8


# What is told of a row's reference or detail, for each kind of item a row can hold.
_NOT_A_REFERENCE_TO = {
    "activity": _("“{ref}” is not a reference to an activity"),
    "risk": _("“{ref}” is not a reference to a risk"),
    "measure": _("“{ref}” is not a reference to a measure"),
}
_NOT_OF_THIS_OBJECTIVE = {
    "activity": _("{ref} is not an activity of this objective"),
    "risk": _("{ref} is not a risk of this objective"),
    "measure": _("{ref} is not a measure of this objective"),
}
_CANNOT_BE_BLANK = {
    "activity": _("An activity cannot be blank: remove it on the plan page instead"),
    "risk": _("A risk cannot be blank: remove it on the plan page instead"),
    "measure": _("A measure cannot be blank: remove it on the plan page instead"),
}
_MUST_FOLLOW = {
    "activity": _("“{label}” must follow the Activity row it belongs to"),
    "risk": _("“{label}” must follow the Risks row it belongs to"),
}


@dataclass
class Row:
    label: str
    organisational: str = ""
    external: str = ""
    reference: str = ""
    merged: bool = False  # one value across both columns
    note: str = ""  # said beside the value (a cell comment): its wording was rebuilt


def _sided(row_kind, item, text, reference=""):
    """A row of the template: its kind ("Activity", "Risks"...) is the template's own English
    heading, which the import reads back, so it is never translated."""
    if item.side == Side.EXTERNAL:
        return Row(row_kind, external=text, reference=reference)
    return Row(row_kind, organisational=text, reference=reference)


def progress_text(update) -> str:
    if update is None:
        return ""
    if update.rag == ProgressUpdate.Rag.NOT_STATED:
        return update.narrative
    return f"{update.get_rag_display()}: {update.narrative}"


def objective_title(item: PlanObjective) -> str:
    source = item.toolkit_objective or item.objective
    return f"{source.number}: {source.text}"


def plan_rows(plan: Plan) -> list[dict]:
    """Each objective of the plan (from selectors.plan_detail) with its template rows."""
    sections = []
    for item in plan.objectives.all():
        rows = [
            Row(
                "Impact Owner",
                item.impact_owner.email if item.impact_owner else item.impact_owner_name,
                merged=True,
            ),
            Row("Impact Description", item.organisational_impact, item.external_impact),
        ]
        activities = list(item.activities.all())
        for activity in activities:
            row = _sided("Activity", activity, activity.text, f"activity-{activity.pk}")
            source = activity.logic_model_row
            if source is not None and source.rebuilt and activity.text == source.activity:
                row.note = rebuilt.NOTE
            rows.append(row)
            rows.append(_sided("Output", activity, activity.outputs))
        if not activities:
            rows += [Row("Activity"), Row("Output")]
        measures = list(item.measures.all())
        rows += [_sided("Impact Measurement", m, m.name, f"measure-{m.pk}") for m in measures] or [
            Row("Impact Measurement")
        ]
        updates = list(item.progress_updates.all())
        rows.append(Row("Progress", progress_text(updates[0] if updates else None), merged=True))
        rows.append(Row("Next steps", item.next_steps, merged=True))
        risks = list(item.risks.all())
        for risk in risks:
            rows.append(_sided("Risks", risk, risk.text, f"risk-{risk.pk}"))
            rows.append(Row("Risk Mitigation Strategy", risk.mitigation, merged=True))
        if not risks:
            rows += [Row("Risks"), Row("Risk Mitigation Strategy", merged=True)]
        rows.append(Row("Additional Comments", item.additional_comments, merged=True))
        rebuilt_title = item.toolkit_objective is not None and item.toolkit_objective.rebuilt
        sections.append(
            {
                "item": item,
                "title": objective_title(item),
                "reference": f"objective-{item.pk}",
                "rows": rows,
                "note": rebuilt.NOTE if rebuilt_title else "",
            }
        )
    return sections


def plan_workbook(plan: Plan) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Impact Realisation Plan"
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    shade = PatternFill("solid", fgColor="DDDDDD")
    tables.put(sheet, 1, 1, "Impact Realisation Plan").font = Font(bold=True, size=14)
    tables.put(sheet, 1, 2, f"{plan.organisation.name}: {plan.action.code} {plan.action.title}")
    if plan.organisation.ons_code:  # the force's key for joining other police data
        tables.put(sheet, 1, 3, f"ONS code {plan.organisation.ons_code}")
    for offset, (label, name) in enumerate(HEADER_FIELDS.items()):
        value = getattr(plan, name)
        tables.put(sheet, 3 + offset, 1, label).font = bold
        cell = tables.put(sheet, 3 + offset, 2, value if value not in (None, "") else None)
        if isinstance(value, date):
            cell.number_format = "yyyy-mm-dd"
    for column, heading in enumerate(["Field", "Organisational", "External", "Reference"], start=1):
        cell = tables.put(sheet, HEADINGS_ROW, column, heading)
        cell.font, cell.fill = bold, shade
    number = HEADINGS_ROW + 1
    for section in plan_rows(plan):
        tables.put(sheet, number, 1, "Objective").font = bold
        title = tables.put(sheet, number, 2, section["title"])
        title.font = bold
        if section["note"]:
            title.comment = Comment(section["note"], "NVAP Hub")
        tables.put(sheet, number, 4, section["reference"])
        sheet.merge_cells(start_row=number, start_column=2, end_row=number, end_column=3)
        number += 1
        for row in section["rows"]:
            tables.put(sheet, number, 1, row.label).font = bold
            cells = (
                tables.put(sheet, number, 2, row.organisational or None),
                tables.put(sheet, number, 3, row.external or None),
            )
            for cell in cells:
                cell.alignment = wrap
            if row.note:
                cells[0 if row.organisational else 1].comment = Comment(row.note, "NVAP Hub")
            if row.reference:
                tables.put(sheet, number, 4, row.reference)
            if row.merged:
                sheet.merge_cells(start_row=number, start_column=2, end_row=number, end_column=3)
            number += 1
        number += 1
    sheet.column_dimensions["A"].width = 26
    sheet.column_dimensions["B"].width = 60
    sheet.column_dimensions["C"].width = 60
    sheet.column_dimensions["D"].width = 16
    sheet.freeze_panes = f"A{HEADINGS_ROW + 1}"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- Import ---


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\r\n", "\n").strip()


def _date(value):
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    if not text:
        return None
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError


REFERENCE = re.compile(r"^(objective|activity|measure|risk)-(\d+)$")
PROGRESS = re.compile(r"^(red|amber|green)\s*[:\-–]\s*(.+)$", re.IGNORECASE | re.DOTALL)
OBJECTIVE_LABEL = re.compile(r"^objective(?:\s*(\d+))?$")
NUMBERED_TITLE = re.compile(r"^(\d+)\s*[:.)-]\s*")
IMPACT_PREFIX = re.compile(r"^(organisational|organizational|external)\s+impact\s*:\s*", re.IGNORECASE)
EXAMPLE = re.compile(r"^example\s*:", re.IGNORECASE)


def _words(text: str) -> str:
    """Text compared loosely: case, spacing and a trailing colon do not matter."""
    return " ".join(text.lower().split()).rstrip(":").strip()


# The toolkit's template (seed 000) as forces receive it: labels end with colons, and some cells
# hold instructions forces may leave in place. Instructions are not content.
INSTRUCTIONS = {
    _words(text)
    for text in (
        "What action do you plan to take? (See logic model for suggestions)",
        "What is the anticipated product of that activity? (See logic model for suggestions)",
        "How will you measure the impact? How will you know it has been achieved? "
        "(See Supporting Information for suggestions)",
        "Enter the risk/unintended consequence associated with the impact",
    )
}
LABELS = {_words(label): label for label in OBJECTIVE_ROWS} | {
    "risk": "Risks",
    "activities": "Activity",
    "outputs": "Output",
    "impact measurements": "Impact Measurement",
    "additional comment": "Additional Comments",
    "next step": "Next steps",
}
HEADER_LABELS = {_words(label): name for label, name in HEADER_FIELDS.items()}
SKIPPED_LABELS = {"impact realisation plan", "field"}  # the title row, and our headings row


def _content(text: str) -> str:
    """A cell's text, or "" when it is one of the template's own instructions."""
    return "" if _words(text) in INSTRUCTIONS else text


@dataclass
class _Item:
    """An activity, measure or risk as the file has it."""

    row: int
    existing: object | None
    text: str
    side: str
    detail: str | None = None  # an activity's outputs or a risk's mitigation; None: not in the file


@dataclass
class _Objective:
    row: int
    existing: PlanObjective | None
    source: dict | None = None  # for a new objective: toolkit_objective or objective
    values: dict = field(default_factory=dict)
    activities: list = field(default_factory=list)
    measures: list = field(default_factory=list)
    risks: list = field(default_factory=list)
    progress: tuple | None = None


class _Reader:
    """Reads a filled Impact Realisation Plan in either layout: the one NVAP Hub downloads
    (labels in A, organisational B, external C, references in D) or the toolkit's own template
    as forces fill it (labels with colons, "Objective 1:" rows, both impacts in one row,
    instructions left in place, no references)."""

    def __init__(self, plan: Plan):
        self.plan = plan
        self.problems: list[RowProblem] = []
        self.notes: list[str] = []
        self.header: dict = {}
        self.objectives: list[_Objective] = []
        self.current: _Objective | None | bool = None
        self.last: dict[str, dict] = {"activity": {}, "risk": {}}
        items = list(plan.objectives.select_related("toolkit_objective", "objective"))
        self.plan_objectives = {item.pk: item for item in items}
        self.activities = {a.pk: a for item in items for a in item.activities.all()}
        self.risks = {r.pk: r for item in items for r in item.risks.all()}
        self.measures = {m.pk: m for m in Measure.objects.filter(plan_objective__plan=plan)}
        people = writers_of(plan.organisation_id)
        self.people = {user.email.lower(): user for user in people}
        names: dict[str, list] = {}
        for user in people:
            if user.full_name:
                names.setdefault(_words(user.full_name), []).append(user)
        self.people_by_name = {name: found[0] for name, found in names.items() if len(found) == 1}
        toolkit = getattr(plan.action, "toolkit", None)
        sources = (
            [(o.number, {"toolkit_objective": o}) for o in toolkit.objectives.all()]
            if toolkit
            else [(o.number, {"objective": o}) for o in plan.action.objectives.all()]
        )
        self.sources = dict(sources)
        self.sources_by_text = {_words(next(iter(src.values())).text): src for _label, src in sources}

    def problem(self, row, column, message):
        self.problems.append(RowProblem(row, column, message))

    def _long(self, number, column, text, limit=MAX_TEXT):
        if len(text) > limit:
            self.problem(
                number,
                column,
                _("Use {limit} characters or fewer").format(limit=number_format(limit, force_grouping=True)),
            )
            return True
        return False

    def read(self, rows):
        for number, cells in enumerate(rows, start=1):
            cells = list(cells) + [None] * 4
            texts = [_text(c) for c in cells[:4]]
            if not any(texts):
                continue
            label = _words(texts[0])
            if label in SKIPPED_LABELS:
                continue
            if label in HEADER_LABELS:
                self.header_row(number, "B", HEADER_LABELS[label], cells[1])
                if _words(texts[2]) in HEADER_LABELS:  # the toolkit's template pairs them: A/B, C/D
                    self.header_row(number, "D", HEADER_LABELS[_words(texts[2])], cells[3])
                continue
            objective = OBJECTIVE_LABEL.match(label)
            if objective:
                self.objective_row(number, objective.group(1), texts[1], texts[3])
            elif label in LABELS:
                if self.current is None:
                    self.problem(
                        number,
                        "A",
                        _("“{label}” must come after an Objective row").format(label=texts[0][:60]),
                    )
                elif self.current is not False:
                    self.objective_field(number, LABELS[label], texts)
            else:
                self.problem(
                    number, "A", _("“{label}” is not a row of the template").format(label=texts[0][:60])
                )
        if not self.header and not self.objectives and not self.problems:
            self.problem(0, "File", _("The workbook has none of the template's rows"))

    def header_row(self, number, column, name, value):
        if name == "date_prepared":
            try:
                self.header[name] = _date(value)
            except ValueError:
                self.problem(number, column, _("Write the date prepared as a date, for example 2026-03-31"))
            return
        text = _text(value)
        if not self._long(number, column, text, Plan._meta.get_field(name).max_length):
            self.header[name] = text

    def _source_for(self, label_number, title):
        """The toolkit's (or the action's) objective a row names: by its number in the label
        ("Objective 1:") or the title ("1: …"), else by its words."""
        numbered = NUMBERED_TITLE.match(title)
        number = label_number or (numbered.group(1) if numbered else None)
        if number is not None:
            return self.sources.get(int(number))
        return self.sources_by_text.get(_words(title))

    def objective_row(self, number, label_number, title, ref):
        self.last = {"activity": {}, "risk": {}}
        self.current = False
        match = REFERENCE.match(ref)
        if ref and not (match and match.group(1) == "objective"):
            self.problem(number, "D", _("“{ref}” is not an objective's reference").format(ref=ref[:40]))
            return
        if match:
            existing = self.plan_objectives.get(int(match.group(2)))
            if existing is None:
                self.problem(number, "D", _("{ref} is not an objective of this plan").format(ref=ref))
                return
            source = None
        else:
            source = self._source_for(label_number, title)
            if source is None:
                self.problem(
                    number,
                    "B",
                    _(
                        "Name the objective by its number from the toolkit, for example “Objective 1:” "
                        "or “1: …”, or copy its words exactly"
                    ),
                )
                return
            existing = next(
                (
                    o
                    for o in self.plan_objectives.values()
                    if o.toolkit_objective == source.get("toolkit_objective")
                    and o.objective == source.get("objective")
                ),
                None,
            )
        if existing is not None and any(o.existing is existing for o in self.objectives):
            self.problem(number, "B", _("This objective appears twice in the file"))
            return
        if existing is None and any(o.source == source for o in self.objectives):
            self.problem(number, "B", _("This objective appears twice in the file"))
            return
        self.current = _Objective(number, existing, source=None if existing else source)
        self.objectives.append(self.current)

    def _reference(self, number, ref, kind, known):
        if not ref:
            return None
        match = REFERENCE.match(ref)
        if not match or match.group(1) != kind:
            self.problem(
                number,
                "D",
                _NOT_A_REFERENCE_TO[kind].format(ref=ref[:40]),
            )
            return None
        found = known.get(int(match.group(2)))
        if (
            found is None
            or self.current.existing is None
            or found.plan_objective_id != self.current.existing.pk
        ):
            self.problem(number, "D", _NOT_OF_THIS_OBJECTIVE[kind].format(ref=ref))
            return None
        return found

    def _set(self, target, name, number, column, text):
        if not self._long(number, column, text):
            target.values[name] = text

    def _owner(self, target, number, text):
        if not text:
            target.values.update(impact_owner=None, impact_owner_name="")
            return
        person = self.people.get(text.lower()) or self.people_by_name.get(_words(text))
        if person is not None:
            target.values.update(impact_owner=person, impact_owner_name="")
            return
        if self._long(number, "B", text, 200):
            return
        target.values.update(impact_owner=None, impact_owner_name=text)
        existing = target.existing
        if existing is None or existing.impact_owner_name != text or existing.impact_owner_id:
            self.notes.append(
                f"Row {number}: “{text[:80]}” is not a lead or contributor of "
                f"{self.plan.organisation.name} in NVAP Hub, so the name is kept as text. Choose the "
                "person on the objective's page once they have an account."
            )

    def objective_field(self, number, label, texts):
        target = self.current
        org, ext, ref = _content(texts[1]), _content(texts[2]), texts[3]
        if label == "Impact Owner":
            self._owner(target, number, org or ext)
        elif label == "Impact Description":
            prefixed = {}
            for column, text in zip("BCD", texts[1:4], strict=True):
                found = IMPACT_PREFIX.match(text)
                if found:
                    side = "external" if found.group(1).lower() == "external" else "organisational"
                    prefixed[side] = (column, text[found.end() :].strip())
            if prefixed:
                for side, (column, text) in prefixed.items():
                    self._set(target, f"{side}_impact", number, column, text)
            else:
                self._set(target, "organisational_impact", number, "B", org)
                self._set(target, "external_impact", number, "C", ext)
        elif label in ("Next steps", "Additional Comments"):
            name = "next_steps" if label == "Next steps" else "additional_comments"
            self._set(target, name, number, "B", "\n".join(t for t in (org, ext) if t))
        elif label in ("Activity", "Risks", "Impact Measurement"):
            self._items(target, number, label, org, ext, ref)
        elif label in ("Output", "Risk Mitigation Strategy"):
            self._details(number, label, org, ext)
        elif label == "Progress":
            self._progress(target, number, [t for t in (org, ext) if t and not EXAMPLE.match(t)])

    def _items(self, target, number, label, org, ext, ref):
        kind, known, bucket = {
            "Activity": ("activity", self.activities, target.activities),
            "Risks": ("risk", self.risks, target.risks),
            "Impact Measurement": ("measure", self.measures, target.measures),
        }[label]
        filled = [(Side.ORGANISATIONAL, "B", org), (Side.EXTERNAL, "C", ext)]
        filled = [(side, column, text) for side, column, text in filled if text]
        if ref and len(filled) > 1:
            self.problem(
                number,
                "D",
                _("A reference belongs to one item: put the other column's item in a row of its own"),
            )
            return
        existing = self._reference(number, ref, kind, known)
        if existing is not None and not filled:
            self.problem(number, "B", _CANNOT_BE_BLANK[kind])
        limit = 200 if kind == "measure" else MAX_TEXT
        found = {}
        for side, column, text in filled:
            if self._long(number, column, text, limit):
                continue
            match = existing if len(filled) == 1 else None
            if match is None and not ref:
                match = self._same_text(kind, known, text)
            item = _Item(number, match, text, side)
            bucket.append(item)
            found[side] = item
        if kind in self.last:
            self.last[kind] = found

    def _same_text(self, kind, known, text):
        """An item of this objective with the same words: a file without references (the
        toolkit's template) imported twice changes nothing the second time."""
        if self.current.existing is None:
            return None
        taken = {
            id(i.existing) for i in (*self.current.activities, *self.current.risks, *self.current.measures)
        }
        for item in known.values():
            words = item.name if kind == "measure" else item.text
            if (
                item.plan_objective_id == self.current.existing.pk
                and _words(words) == _words(text)
                and id(item) not in taken
            ):
                return item
        return None

    def _details(self, number, label, org, ext):
        kind = "activity" if label == "Output" else "risk"
        owners = self.last[kind]
        if not org and not ext:
            self.last[kind] = {}
            return
        if not owners:
            self.problem(
                number,
                "A",
                _MUST_FOLLOW[kind].format(label=label),
            )
            return
        if len(owners) == 1:
            # One item above: whichever column the detail is in (a merged row uses B).
            pairs = [(next(iter(owners.values())), "B" if org else "C", org or ext)]
        else:
            pairs = [(owners[Side.ORGANISATIONAL], "B", org), (owners[Side.EXTERNAL], "C", ext)]
        for owner, column, text in pairs:
            if text and not self._long(number, column, text):
                owner.detail = text
        self.last[kind] = {}

    def _progress(self, target, number, texts):
        if not texts:
            return
        text = "\n".join(texts)
        latest = target.existing.progress_updates.first() if target.existing else None
        if same_value(progress_text(latest), text):
            return
        if self._long(number, "B", text):
            return
        found = PROGRESS.match(text)
        if found:
            target.progress = (found.group(1).lower(), found.group(2).strip())
        else:
            target.progress = (ProgressUpdate.Rag.NOT_STATED, text)


def _rows_of(upload):
    try:
        rows = read_table(upload, max_bytes=MAX_BYTES, workbook_only=True)
    except RowsRejected as rejected:
        raise MeasurementsRejected(rejected.problems) from None
    return [tuple(row[:4]) + (None,) * (4 - len(row[:4])) for row in rows]


@dataclass
class Imported:
    written: int
    notes: list[str]


@transaction.atomic
def plan_import(*, plan: Plan, by, upload) -> Imported:
    """Applies a filled template to the plan, all or nothing: how many changes it made, and
    what the person should know (owners kept as names)."""
    reader = _Reader(plan)
    reader.read(_rows_of(upload))
    if reader.problems:
        raise MeasurementsRejected(reader.problems)
    written = int(services.changes_save(plan, by, reader.header)) if reader.header else 0
    for entry in reader.objectives:
        item = entry.existing or services.plan_objective_add(plan=plan, by=by, **entry.source)
        written += entry.existing is None
        written += services.changes_save(item, by, entry.values)
        for items, detail_name, add in (
            (entry.activities, "outputs", services.activity_add),
            (entry.risks, "mitigation", services.risk_add),
        ):
            for found in items:
                values = {"text": found.text, "side": found.side}
                if found.detail is not None:
                    values[detail_name] = found.detail
                if found.existing:
                    written += services.changes_save(found.existing, by, values)
                else:
                    add(plan_objective=item, by=by, **{**values, detail_name: found.detail or ""})
                    written += 1
        for measure in entry.measures:
            if measure.existing:
                written += services.changes_save(
                    measure.existing, by, {"name": measure.text, "side": measure.side}
                )
            else:
                services.measure_create(
                    organisation=plan.organisation,
                    by=by,
                    name=measure.text,
                    unit=Measure.Unit.COUNT,
                    plan_objective=item,
                    side=measure.side,
                )
                written += 1
        if entry.progress:
            services.progress_update_add(
                plan_objective=item, by=by, rag=entry.progress[0], narrative=entry.progress[1]
            )
            written += 1
    return Imported(written, reader.notes)
