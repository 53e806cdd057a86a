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
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from benchmarking.selectors import editors_of
from core import tables
from core.rows import RowsRejected, read_table
from impact import services
from impact.models import Measure, Plan, PlanObjective, Side
from impact.services import MeasurementsRejected, RowProblem

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


@dataclass
class Row:
    label: str
    organisational: str = ""
    external: str = ""
    reference: str = ""
    merged: bool = False  # one value across both columns


def _sided(label, item, text, reference=""):
    if item.side == Side.EXTERNAL:
        return Row(label, external=text, reference=reference)
    return Row(label, organisational=text, reference=reference)


def progress_text(update) -> str:
    return f"{update.get_rag_display()}: {update.narrative}" if update else ""


def objective_title(item: PlanObjective) -> str:
    source = item.toolkit_objective or item.objective
    return f"{source.number}: {source.text}"


def plan_rows(plan: Plan) -> list[dict]:
    """Each objective of the plan (from selectors.plan_detail) with its template rows."""
    sections = []
    for item in plan.objectives.all():
        rows = [
            Row("Impact Owner", item.impact_owner.email if item.impact_owner else "", merged=True),
            Row("Impact Description", item.organisational_impact, item.external_impact),
        ]
        activities = list(item.activities.all())
        for activity in activities:
            rows.append(_sided("Activity", activity, activity.text, f"activity-{activity.pk}"))
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
        sections.append(
            {"item": item, "title": objective_title(item), "reference": f"objective-{item.pk}", "rows": rows}
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
        tables.put(sheet, number, 2, section["title"]).font = bold
        tables.put(sheet, number, 4, section["reference"])
        sheet.merge_cells(start_row=number, start_column=2, end_row=number, end_column=3)
        number += 1
        for row in section["rows"]:
            tables.put(sheet, number, 1, row.label).font = bold
            tables.put(sheet, number, 2, row.organisational or None).alignment = wrap
            tables.put(sheet, number, 3, row.external or None).alignment = wrap
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
    def __init__(self, plan: Plan):
        self.plan = plan
        self.problems: list[RowProblem] = []
        self.header: dict = {}
        self.objectives: list[_Objective] = []
        self.current: _Objective | None = None
        self.last: dict[str, _Item | None] = {"activity": None, "risk": None}
        items = list(plan.objectives.select_related("toolkit_objective", "objective"))
        self.plan_objectives = {item.pk: item for item in items}
        self.activities = {a.pk: a for item in items for a in item.activities.all()}
        self.risks = {r.pk: r for item in items for r in item.risks.all()}
        self.measures = {m.pk: m for m in Measure.objects.filter(plan_objective__plan=plan)}
        self.people = {user.email.lower(): user for user in editors_of(plan.organisation_id)}
        toolkit = getattr(plan.action, "toolkit", None)
        sources = (
            [(o.number, {"toolkit_objective": o}) for o in toolkit.objectives.all()]
            if toolkit
            else [(o.number, {"objective": o}) for o in plan.action.objectives.all()]
        )
        self.sources = dict(sources)

    def problem(self, row, column, message):
        self.problems.append(RowProblem(row, column, message))

    def _long(self, number, column, text, limit=MAX_TEXT):
        if len(text) > limit:
            self.problem(number, column, f"Use {limit:,} characters or fewer")
            return True
        return False

    def read(self, rows):
        for number, cells in enumerate(rows, start=1):
            cells = list(cells) + [None] * 4
            label, org, ext, ref = _text(cells[0]), _text(cells[1]), _text(cells[2]), _text(cells[3])
            if number < HEADINGS_ROW or label in HEADER_FIELDS:
                if label in HEADER_FIELDS:
                    self.header_row(number, label, cells[1])
                continue
            if number == HEADINGS_ROW or (not label and not org and not ext and not ref):
                continue
            if label == "Objective":
                self.objective_row(number, org, ref)
            elif label in OBJECTIVE_ROWS:
                if self.current is None:
                    self.problem(number, "A", f"“{label}” must come after an Objective row")
                elif self.current is not False:
                    self.objective_field(number, label, org, ext, ref)
            else:
                self.problem(number, "A", f"“{label[:60]}” is not a row of the template")
        if not self.header and not self.objectives and not self.problems:
            self.problem(0, "File", "The workbook has none of the template's rows")

    def header_row(self, number, label, value):
        name = HEADER_FIELDS[label]
        if name == "date_prepared":
            try:
                self.header[name] = _date(value)
            except ValueError:
                self.problem(number, "B", "Write the date prepared as a date, for example 2026-03-31")
            return
        text = _text(value)
        if not self._long(number, "B", text, Plan._meta.get_field(name).max_length):
            self.header[name] = text

    def objective_row(self, number, title, ref):
        self.last = {"activity": None, "risk": None}
        match = REFERENCE.match(ref)
        if ref and not (match and match.group(1) == "objective"):
            self.problem(number, "D", f"“{ref[:40]}” is not an objective's reference")
            self.current = False
            return
        if match:
            existing = self.plan_objectives.get(int(match.group(2)))
            if existing is None:
                self.problem(number, "D", f"{ref} is not an objective of this plan")
                self.current = False
                return
            if any(o.existing is existing for o in self.objectives):
                self.problem(number, "D", f"{ref} appears twice")
            self.current = _Objective(number, existing)
        else:
            found = re.match(r"^(\d+)\s*[:.]", title)
            source = self.sources.get(int(found.group(1))) if found else None
            if source is None:
                self.problem(
                    number, "B", "Start a new objective with its number from the toolkit, for example “1: …”"
                )
                self.current = False
                return
            taken = [
                o
                for o in self.plan_objectives.values()
                if o.toolkit_objective == source.get("toolkit_objective")
                and o.objective == source.get("objective")
            ]
            if taken or any(o.source == source for o in self.objectives):
                self.problem(
                    number, "B", "This objective is already in the plan: give its reference in column D"
                )
            self.current = _Objective(number, None, source=source)
        self.objectives.append(self.current)

    def _side(self, number, org, ext):
        if org and ext:
            self.problem(
                number, "B", "Put each activity, measure or risk in one column, organisational or external"
            )
        return (Side.EXTERNAL, ext) if ext and not org else (Side.ORGANISATIONAL, org)

    def _reference(self, number, ref, kind, known):
        if not ref:
            return None
        match = REFERENCE.match(ref)
        if not match or match.group(1) != kind:
            self.problem(
                number,
                "D",
                f"“{ref[:40]}” is not a reference to {'an' if kind == 'activity' else 'a'} {kind}",
            )
            return None
        found = known.get(int(match.group(2)))
        if (
            found is None
            or self.current.existing is None
            or found.plan_objective_id != self.current.existing.pk
        ):
            self.problem(number, "D", f"{ref} is not a {kind} of this objective")
            return None
        return found

    def _set(self, target, name, number, column, text):
        if not self._long(number, column, text):
            target.values[name] = text

    def objective_field(self, number, label, org, ext, ref):
        target = self.current
        if label == "Impact Owner":
            if org and org.lower() not in self.people:
                self.problem(
                    number,
                    "B",
                    f"{org[:80]} is not the email of a lead or contributor in {self.plan.organisation.name}",
                )
            target.values["impact_owner"] = self.people.get(org.lower()) if org else None
        elif label == "Impact Description":
            self._set(target, "organisational_impact", number, "B", org)
            self._set(target, "external_impact", number, "C", ext)
        elif label in ("Next steps", "Additional Comments"):
            name = "next_steps" if label == "Next steps" else "additional_comments"
            self._set(target, name, number, "B", org)
        elif label in ("Activity", "Risks", "Impact Measurement"):
            kind, known, bucket = {
                "Activity": ("activity", self.activities, target.activities),
                "Risks": ("risk", self.risks, target.risks),
                "Impact Measurement": ("measure", self.measures, target.measures),
            }[label]
            existing = self._reference(number, ref, kind, known)
            side, text = self._side(number, org, ext)
            if existing is not None and not text:
                self.problem(number, "B", f"A {kind} cannot be blank: remove it on the plan page instead")
            limit = 200 if kind == "measure" else MAX_TEXT
            if self._long(number, "B" if side == Side.ORGANISATIONAL else "C", text, limit):
                text = ""
            item = _Item(number, existing, text, side) if (text or existing) else None
            if item is not None:
                bucket.append(item)
            if kind in self.last:
                self.last[kind] = item
        elif label in ("Output", "Risk Mitigation Strategy"):
            kind = "activity" if label == "Output" else "risk"
            owner = self.last[kind]
            text = org or ext
            if owner is None:
                if text:
                    self.problem(
                        number,
                        "A",
                        f"“{label}” must follow the {'Activity' if kind == 'activity' else 'Risks'} row it belongs to",
                    )
            elif not self._long(number, "B", text):
                owner.detail = text
            self.last[kind] = None
        elif label == "Progress":
            latest = target.existing.progress_updates.first() if target.existing else None
            if org and org != progress_text(latest):
                found = PROGRESS.match(org)
                if not found:
                    self.problem(
                        number,
                        "B",
                        "Start the progress with Red, Amber or Green, then a colon and what has happened",
                    )
                else:
                    target.progress = (found.group(1).lower(), found.group(2).strip())


def _rows_of(upload):
    try:
        rows = read_table(upload, max_bytes=MAX_BYTES, workbook_only=True)
    except RowsRejected as rejected:
        raise MeasurementsRejected(rejected.problems) from None
    return [tuple(row[:4]) + (None,) * (4 - len(row[:4])) for row in rows]


@transaction.atomic
def plan_import(*, plan: Plan, by, upload) -> int:
    """Applies a filled template to the plan, all or nothing. Returns how many changes it made."""
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
    return written
