"""Importing practice examples the national team has already assessed (the Initiatives Library
from earlier calls for practice) from a CSV or Excel file, straight into the library.

Every row is checked first; every problem is listed by row and column; nothing is written
unless all rows pass. Each example is recorded as imported, by whom and when."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from core.rows import RowProblem, RowsRejected, file_problem, read_table
from framework import selectors as plan_selectors
from framework.models import Action
from organisations.models import Organisation
from practice import services
from practice.exports import HEADINGS
from practice.models import DeliveryStatus, EvidenceStage, Example, Outcome, Strand

MAX_BYTES = 5 * 1024 * 1024
EVALUATION_LINK_LIMIT = Example._meta.get_field("evaluation_link").max_length
# The library export's columns, less those the library sets itself: an export from one
# installation imports into another.
COLUMNS = [c for c in HEADINGS if c not in ("Region", "Published", "Link")] + [
    "Contact name",
    "Contact email",
]
REQUIRED = ["Force", "Title", "Summary", "What was done", "Vulnerability strands", "Actions"]
FIELDS = {
    "Title": "title",
    "Summary": "summary",
    "Problem": "problem",
    "What was done": "what_was_done",
    "Partners": "partners",
    "Evaluation details": "evaluation_details",
    "Outcomes": "outcomes",
    "Resources and costs": "resources_costs",
    "Contact name": "contact_name",
}


def _by_label(choices):
    found = {}
    for key, label in choices:
        found[key.lower()] = key
        found[label.lower()] = key
    return found


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value).strip()


def _list(value) -> list[str]:
    return [part.strip() for part in _text(value).replace("\n", ";").split(";") if part.strip()]


class _Checker:
    def __init__(self):
        self.forces = {}
        for force in Organisation.objects.filter(kind=Organisation.Kind.FORCE):
            self.forces[force.slug] = force
            self.forces[force.name.lower()] = force
        self.strands = {}
        for strand in Strand.objects.all():
            self.strands[strand.slug] = strand
            self.strands[strand.name.lower()] = strand
        version = plan_selectors.get_version("nvap")
        self.actions = {a.code: a for a in Action.objects.filter(version=version)}
        self.stages = _by_label(EvidenceStage.choices)
        self.outcomes = _by_label(Outcome.choices)
        self.statuses = _by_label(DeliveryStatus.choices)
        self.problems: list[RowProblem] = []

    def row(self, number, cells: dict) -> dict | None:
        problems = []

        def refuse(column, message):
            problems.append(RowProblem(number, column, message))

        for column in REQUIRED:
            if not _text(cells.get(column)):
                refuse(column, _("Enter the {column}").format(column=column.lower()))
        values = {name: _text(cells.get(column)) for column, name in FIELDS.items()}
        for column, name in FIELDS.items():
            limit = 200 if name in ("title", "contact_name") else 10000
            if len(values[name]) > limit:
                refuse(column, _("Use {count} characters or fewer").format(count=f"{limit:,}"))
        summary = services.summary_problem(values["summary"])
        if summary and values["summary"]:
            refuse("Summary", summary)
        force = self.forces.get(_text(cells.get("Force")).lower()) or self.forces.get(
            _text(cells.get("Force"))
        )
        if _text(cells.get("Force")) and force is None:
            refuse("Force", _("“{name}” is not a force").format(name=_text(cells.get("Force"))[:80]))
        strands = []
        for name in _list(cells.get("Vulnerability strands")):
            strand = self.strands.get(name.lower())
            if strand is None:
                refuse(
                    "Vulnerability strands",
                    _("“{name}” is not a vulnerability strand on the list").format(name=name[:80]),
                )
            else:
                strands.append(strand)
        actions = []
        for code in _list(cells.get("Actions")):
            action = self.actions.get(code)
            if action is None:
                refuse("Actions", _("Unknown action code “{code}”").format(code=code[:20]))
            else:
                actions.append(action)
        for column, lookup, name, default in [
            ("Evidence stage", self.stages, "evidence_stage", EvidenceStage.NOT_EVALUATED),
            ("Outcome", self.outcomes, "outcome", ""),
            ("Status", self.statuses, "delivery_status", DeliveryStatus.LIVE),
        ]:
            text = _text(cells.get(column)).lower()
            if text and text not in lookup:
                refuse(
                    column,
                    _("“{text}” is not one of: {allowed}").format(
                        text=text[:40], allowed=", ".join(sorted({k for k in lookup.values()}))
                    ),
                )
            values[name] = lookup.get(text, default)
        link = _text(cells.get("Evaluation link"))
        if len(link) > EVALUATION_LINK_LIMIT:
            refuse(
                "Evaluation link",
                _("Use a web address of {count} characters or fewer").format(count=EVALUATION_LINK_LIMIT),
            )
        elif link:
            try:
                URLValidator()(link)
            except ValidationError:
                refuse("Evaluation link", _("Enter a full web address, starting https://"))
        values["evaluation_link"] = link
        email = _text(cells.get("Contact email"))
        if len(email) > 254:
            refuse("Contact email", _("Use an email address of 254 characters or fewer"))
        elif email:
            try:
                validate_email(email)
            except ValidationError:
                refuse("Contact email", _("Enter an email address like name@force.police.uk"))
        values["contact_email"] = email
        started = cells.get("Start date")
        values["start_date"] = None
        if isinstance(started, (date, datetime)):
            values["start_date"] = started.date() if isinstance(started, datetime) else started
        elif _text(started):
            try:
                values["start_date"] = date.fromisoformat(_text(started)[:10])
            except ValueError:
                refuse("Start date", _("Write the date as YYYY-MM-DD, for example 2020-04-01"))
        self.problems += problems
        if problems:
            return None
        return {"organisation": force, "values": values, "strands": strands, "actions": actions}


def read(upload) -> list[dict]:
    rows = read_table(upload, max_bytes=MAX_BYTES)
    if not rows:
        raise file_problem(_("The file is empty"))
    headings = [_text(c) for c in rows[0]]
    missing = [c for c in REQUIRED if c not in headings]
    if missing:
        raise file_problem(
            _("The first row must hold the column headings; missing: {missing}").format(
                missing=", ".join(missing)
            )
        )
    checker = _Checker()
    checked = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(_text(c) for c in row):
            continue
        cells = {heading: row[i] if i < len(row) else None for i, heading in enumerate(headings) if heading}
        checked.append(checker.row(number, cells))
    if checker.problems:
        raise RowsRejected(checker.problems)
    if not checked:
        raise file_problem(_("The file has no examples below its headings"))
    return checked


@transaction.atomic
def import_examples(*, upload, by) -> int:
    """Adds every example of the file to the library, all or nothing. Returns how many."""
    from practice.models import Decision

    items = read(upload)
    for item in items:
        example = services.example_create(
            organisation=item["organisation"],
            by=by,
            values=item["values"],
            strands=item["strands"],
            actions=item["actions"],
        )
        example.status = Example.Status.PUBLISHED
        example._history_user = by
        example.save()
        Decision.objects.create(
            example=example, kind=Decision.Kind.IMPORTED, evidence_stage=example.evidence_stage, by=by
        )
        services.publish_entry(example, by)
    return len(items)
