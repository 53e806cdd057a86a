"""Offline completion: a force's return as an XLSX workbook, and its upload.

An upload is validated row by row before anything is written; every problem is reported by
sheet, row and column; nothing is written unless every row passes; only answers that
changed are saved, each through `answer_save`, so each change is in the history.
"""

import io
from datetime import date, datetime

from django.db import transaction
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from benchmarking import services
from benchmarking.models import Answer, Return
from benchmarking.rules import REVIEW_FIELDS, review_is_visible
from core import tables
from core.languages import in_every_language
from core.rows import RowProblem, RowsRejected, file_problem, read_table, same_value, whole_number

SHEET = "Return"
MAX_BYTES = 10 * 1024 * 1024
TEXT_LIMITS = {
    "what_we_are_doing": 10000,
    "planned_activity": 5000,
    "potential_for_improvement": 5000,
    "share_contact": 200,
}

# (heading, answer field or None for read-only columns, width)
COLUMNS = [
    (_("Answer ID"), None, 10),
    (_("Action"), None, 40),
    (_("Objective"), None, 40),
    (_("Rating (1-5)"), "rating", 14),
    (_("What are we doing?"), "what_we_are_doing", 60),
    (_("Planned activity"), "planned_activity", 40),
    (_("Target date (YYYY-MM-DD)"), "planned_by", 16),
    (_("Potential for improvement"), "potential_for_improvement", 40),
    (_("Can share knowledge or skills? (Yes/No)"), "can_share", 16),
    (_("Contact for sharing"), "share_contact", 30),
    (_("Sees a gap? (Yes/No)"), "sees_gap", 14),
    (_("Revision (do not change)"), None, 12),
]
HEADINGS = [c[0] for c in COLUMNS]
YES, NO = (
    pgettext_lazy("an answer in a spreadsheet", "Yes"),
    pgettext_lazy("an answer in a spreadsheet", "No"),
)


def headings() -> list[str]:
    """The workbook's headings in the language being written (the reader's)."""
    return [str(h) for h in HEADINGS]


def _yes_no(value):
    return {True: str(YES), False: str(NO)}.get(value, "")


def return_workbook(record: Return) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    tables.append(sheet, headings())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDDDDD")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    answers = record.answers.select_related("action", "objective").order_by(
        "action__sort_key", "objective__number"
    )
    for answer in answers:
        tables.append(
            sheet,
            [
                answer.pk,
                f"{answer.action.code} {answer.action.title}",
                f"{answer.objective.number}. {answer.objective.text}" if answer.objective_id else "",
                answer.rating,
                answer.what_we_are_doing,
                answer.planned_activity,
                answer.planned_by.isoformat() if answer.planned_by else "",
                answer.potential_for_improvement,
                _yes_no(answer.can_share),
                answer.share_contact,
                _yes_no(answer.sees_gap),
                answer.revision,
            ],
        )
    last = sheet.max_row
    levels = list(record.exercise.rating_levels.values_list("value", flat=True))
    rating = DataValidation(
        type="list",
        formula1='"' + ",".join(map(str, levels)) + '"',
        allow_blank=True,
        showErrorMessage=True,
        error=str(_("Choose a rating from the scale")),
    )
    yes_no = DataValidation(
        type="list",
        formula1=f'"{YES},{NO}"',
        allow_blank=True,
        showErrorMessage=True,
        error=str(_("Choose Yes or No")),
    )
    sheet.add_data_validation(rating)
    sheet.add_data_validation(yes_no)
    if last > 1:
        rating.add(f"D2:D{last}")
        yes_no.add(f"I2:I{last}")
        yes_no.add(f"K2:K{last}")
    for index, (_unused, _unused, width) in enumerate(COLUMNS, 1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = width
    sheet.freeze_panes = "D2"
    scale = book.create_sheet(str(_("Rating scale")))
    tables.append(scale, [str(_("Rating")), str(_("Label")), str(_("Descriptor"))])
    for level in record.exercise.rating_levels.all():
        tables.append(scale, [level.value, level.label, level.descriptor])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# One problem type for every import: "Row N, column X: ...".
Problem = RowProblem
WorkbookRejected = RowsRejected


def read_upload(upload) -> list[tuple]:
    """The rows of the workbook's answers sheet, read safely (see core.rows)."""
    return read_table(upload, max_bytes=MAX_BYTES, sheet_name=SHEET, workbook_only=True)


def _parse_date(value):
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value).strip())


def _words_for(word) -> set[str]:
    """A Yes or No as a person may type it, in either language ("Yes", "y", "Ie", "i")."""
    return {w for said in in_every_language(lambda: str(word).lower()) for w in (said, said[:1])}


def _parse_yes_no(value, yes: set[str], no: set[str]):
    text = str(value or "").strip().lower()
    if text == "":
        return None
    if text in yes:
        return True
    if text in no:
        return False
    raise ValueError


def parse(record: Return, rows) -> list[tuple[Answer, int, dict]]:
    """Every row validated; returns (answer, revision, values) or raises WorkbookRejected."""
    if not rows or [str(c or "").strip() for c in rows[0][: len(HEADINGS)]] not in in_every_language(
        headings
    ):
        raise file_problem(_("The first row must be the workbook's headings, unchanged"))
    answers = {a.pk: a for a in record.answers.all()}
    yes, no = _words_for(YES), _words_for(NO)  # once a file, not once a cell
    levels = set(record.exercise.rating_levels.values_list("value", flat=True))
    problems, parsed, seen = [], [], set()
    for number, row in enumerate(rows[1:], start=2):
        row = list(row) + [None] * (len(HEADINGS) - len(row))
        if all(v in (None, "") for v in row):
            continue

        def problem(column, message, number=number):
            problems.append(Problem(number, str(HEADINGS[column]), message))

        try:
            answer = answers[whole_number(row[0], minimum=1, maximum=2**62)]
        except (TypeError, ValueError, KeyError):
            problem(0, _("This is not an answer of this return: do not change the Answer ID"))
            continue
        if answer.pk in seen:
            problem(0, _("This answer appears twice"))
            continue
        seen.add(answer.pk)
        values = {}
        try:
            raw = row[3]
            values["rating"] = None if raw in (None, "") else whole_number(raw, minimum=0, maximum=99)
            if values["rating"] is not None and values["rating"] not in levels:
                raise ValueError
        except (TypeError, ValueError):
            problem(3, _("Enter a rating from {low} to {high}").format(low=min(levels), high=max(levels)))
        for index, field in (
            (4, "what_we_are_doing"),
            (5, "planned_activity"),
            (7, "potential_for_improvement"),
            (9, "share_contact"),
        ):
            text = "" if row[index] is None else str(row[index]).strip()
            if len(text) > TEXT_LIMITS[field]:
                problem(
                    index,
                    _("Use {limit} characters or fewer").format(
                        limit=number_format(TEXT_LIMITS[field], force_grouping=True)
                    ),
                )
            values[field] = text
        try:
            values["planned_by"] = _parse_date(row[6])
        except ValueError:
            problem(6, _("Enter the date as YYYY-MM-DD, for example 2027-03-31"))
        for index, field in ((8, "can_share"), (10, "sees_gap")):
            try:
                values[field] = _parse_yes_no(row[index], yes, no)
            except ValueError:
                problem(index, _("Enter Yes or No"))
        if values.get("can_share") and not values.get("share_contact"):
            problem(9, _("Enter a contact, as the force can share knowledge or skills"))
        try:
            revision = whole_number(row[11], minimum=0, maximum=2**31 - 1)
        except (TypeError, ValueError):
            problem(11, _("Do not change the revision"))
            continue
        if revision != answer.revision:
            downloaded = answer.history.filter(revision=revision).order_by("-history_date").first()
            if downloaded is None or any(
                not same_value(getattr(downloaded, f), values.get(f)) for f in values
            ):
                problem(
                    0,
                    _(
                        "Someone changed this answer in NVAP Hub after the workbook was downloaded: "
                        "download a fresh workbook and copy your changes into it"
                    ),
                )
                continue
            continue  # this row was not edited offline; the newer answer in NVAP Hub stands
        parsed.append((answer, revision, values))
    if problems:
        raise WorkbookRejected(problems)
    return parsed


@transaction.atomic
def return_upload(*, return_record: Return, by, rows) -> int:
    """Applies a valid workbook; returns how many answers changed. All or nothing."""
    changed = 0
    for answer, _revision, values in parse(return_record, rows):
        if all(same_value(getattr(answer, f), values[f]) for f in values):
            continue
        services.answer_save(answer=answer, by=by, revision=answer.revision, values=values)
        changed += 1
    return changed


# (heading, the answer's field where the column is one of the national review's)
EXPORT_COLUMNS = [
    (_("Exercise"), None),
    (_("Force"), None),
    (_("ONS code"), None),
    (_("Region"), None),
    (_("Return status"), None),
    (_("Action"), None),
    (_("Objective"), None),
    (_("Rating"), None),
    (_("What are we doing?"), None),
    (_("Planned activity"), None),
    (_("Target date"), None),
    (_("Potential for improvement"), None),
    (_("Can share"), None),
    (_("Contact"), None),
    (_("Sees a gap"), None),
    (_("National rating"), "national_rating"),
    (_("Promising practice"), "promising_practice"),
    (_("Why promising"), "promising_practice_reason"),
    (_("Reviewer sees a gap"), "reviewer_sees_gap"),
    (_("Reviewer's comment"), "reviewer_comment"),
    (_("Last saved"), None),
    (_("Written in"), None),
]
# The national review's columns: left empty where the review is not yet visible.
_REVIEW_COLUMNS = [i for i, (_heading, field) in enumerate(EXPORT_COLUMNS) if field in REVIEW_FIELDS]


def export_rows(answers, show_review: bool = True):
    """One row per answer; the national review's columns are left empty unless `show_review`
    (benchmarking.rules.review_is_visible) or the exercise is published."""
    for answer, cells in _export_rows(answers):
        if not review_is_visible(answer.return_record.exercise, national_team=show_review):
            for index in _REVIEW_COLUMNS:
                cells[index] = ""
        yield cells


def _export_rows(answers):
    for a in answers:
        r = a.return_record
        yield (
            a,
            [
                r.exercise.title,
                r.organisation.name,
                r.organisation.ons_code,
                r.organisation.region.name if r.organisation.region else "",
                r.get_status_display(),
                f"{a.action.code} {a.action.title}",
                a.objective.number if a.objective_id else "",
                a.rating,
                a.what_we_are_doing,
                a.planned_activity,
                a.planned_by.isoformat() if a.planned_by else "",
                a.potential_for_improvement,
                _yes_no(a.can_share),
                a.share_contact,
                _yes_no(a.sees_gap),
                a.national_rating,
                _yes_no(a.promising_practice),
                a.promising_practice_reason,
                _yes_no(a.reviewer_sees_gap),
                a.reviewer_comment,
                a.updated_at.strftime("%Y-%m-%d %H:%M"),
                a.get_written_in_display(),
            ],
        )


def export_answers(queryset):
    return queryset.select_related(
        "return_record__exercise", "return_record__organisation__region", "action", "objective"
    ).order_by("return_record__organisation__name", "action__sort_key", "objective__number")


def _export_headings() -> list[str]:
    return [str(heading) for heading, _field in EXPORT_COLUMNS]


def as_csv(answers, show_review: bool = True) -> str:
    return tables.as_csv([_export_headings(), *export_rows(answers, show_review)])


def as_xlsx(answers, show_review: bool = True) -> bytes:
    return tables.as_xlsx([_export_headings(), *export_rows(answers, show_review)], str(_("Answers")))
