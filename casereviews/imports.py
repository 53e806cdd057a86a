"""Importing an analyst's existing coding spreadsheet (CSV or Excel): one row per learning
point, the review's columns repeated on each of its rows (a review screened out has one row
and no learning). Every row is checked first and every problem listed by row and column;
nothing is written unless all rows pass. The reviews arrive recorded and screened, with the
importer's own coding (not published: the analyst checks it and publishes it as usual)."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from casereviews import services
from casereviews.models import CaseReview, LearningPoint, LearningTheme, ReviewType
from core.rows import RowProblem, RowsRejected, file_problem, read_table

MAX_BYTES = 5 * 1024 * 1024
REVIEW_COLUMNS = [
    "Review",
    "Type",
    "Nation",
    "Partnership",
    "Force",
    "Published",
    "Incident",
    "Address",
    "Pseudonym",
    "Police contact",
    "Screening",
    "Reason screened out",
]
POINT_COLUMNS = ["Learning", "Page", "Kind", "Stage", "Actions", "Perennial issues", "Themes"]
COLUMNS = REVIEW_COLUMNS + POINT_COLUMNS
REQUIRED = ["Review", "Type", "Partnership", "Published", "Address", "Police contact", "Screening"]


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    return (
        " ".join(str(value).split())
        if not isinstance(value, str) or "\n" not in value
        else str(value).strip()
    )


def listed(value) -> list[str]:
    return [part.strip() for part in cell_text(value).replace("\n", ";").split(";") if part.strip()]


def lookup(choices) -> dict[str, str]:
    """Stored values by their value or label, in lower case."""
    return {name.lower(): value for value, label in choices for name in (value, label)}


class Checker:
    def __init__(self):
        from framework import selectors as plan
        from organisations.models import Organisation

        version = plan.get_version("nvap")
        self.actions = {a.code: a for a in version.actions.all()} if version else {}
        self.perennial = {}
        for issue in version.perennial_issues.all() if version else []:
            self.perennial[issue.slug] = self.perennial[issue.name.lower()] = issue
        self.themes = {t.name.lower(): t for t in LearningTheme.objects.filter(retired=False)}
        self.forces = {}
        for force in Organisation.objects.filter(kind=Organisation.Kind.FORCE):
            self.forces[force.slug] = self.forces[force.name.lower()] = force
        self.choices = {
            "Type": lookup(ReviewType.choices),
            "Nation": lookup(CaseReview.Nation.choices),
            "Police contact": lookup(CaseReview.Contact.choices),
            "Screening": {
                "included": "included",
                "include": "included",
                "excluded": "excluded",
                "screened out": "excluded",
                "exclude": "excluded",
            },
            "Kind": lookup(LearningPoint.Kind.choices),
            "Stage": lookup(LearningPoint.Stage.choices),
        }
        self.problems: list[RowProblem] = []
        self.reviews: dict[str, dict] = {}

    def _date(self, number, column, value):
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = cell_text(value)
        if not text:
            return None
        try:
            return date.fromisoformat(text[:10])
        except ValueError:
            self.problems.append(
                RowProblem(number, column, _("Write the date as YYYY-MM-DD, for example 2024-03-31"))
            )
            return None

    def _choice(self, number, column, value, default=None):
        text = cell_text(value).lower()
        if not text:
            return default
        found = self.choices[column].get(text)
        if found is None:
            self.problems.append(
                RowProblem(
                    number,
                    column,
                    _("“{text}” is not one of: {choices}").format(
                        text=text[:40], choices=", ".join(sorted(set(self.choices[column].values())))
                    ),
                )
            )
        return found

    def row(self, number, cells: dict) -> None:
        before = len(self.problems)
        for column in REQUIRED:
            if not cell_text(cells.get(column)):
                self.problems.append(
                    RowProblem(number, column, _("Enter the {column}").format(column=column.lower()))
                )
        ref = cell_text(cells.get("Review"))[:60]
        review = {
            "kind": self._choice(number, "Type", cells.get("Type")),
            "nation": self._choice(number, "Nation", cells.get("Nation"), CaseReview.Nation.ENGLAND),
            "partnership": cell_text(cells.get("Partnership")),
            "published_on": self._date(number, "Published", cells.get("Published")),
            "incident_on": self._date(number, "Incident", cells.get("Incident")),
            "report_url": cell_text(cells.get("Address")),
            "pseudonym": cell_text(cells.get("Pseudonym")),
            "police_contact": self._choice(number, "Police contact", cells.get("Police contact")),
            "summary": "",
        }
        screening = self._choice(number, "Screening", cells.get("Screening"))
        reason = cell_text(cells.get("Reason screened out"))
        force_name = cell_text(cells.get("Force"))
        review["force"] = self.forces.get(force_name.lower()) if force_name else None
        if force_name and review["force"] is None:
            self.problems.append(
                RowProblem(number, "Force", _("“{name}” is not a force").format(name=force_name[:80]))
            )
        for column, name, limit in (
            ("Partnership", "partnership", 200),
            ("Pseudonym", "pseudonym", 100),
            ("Address", "report_url", 500),
        ):
            if len(review[name]) > limit:
                self.problems.append(
                    RowProblem(number, column, _("Use {limit} characters or fewer").format(limit=limit))
                )
        if review["report_url"] and len(review["report_url"]) <= 500:
            try:
                URLValidator(schemes=["http", "https"])(review["report_url"])
            except ValidationError:
                self.problems.append(
                    RowProblem(number, "Address", _("Enter a full web address, starting https://"))
                )
        if (
            review["incident_on"]
            and review["published_on"]
            and review["incident_on"] > review["published_on"]
        ):
            self.problems.append(
                RowProblem(number, "Incident", _("The incident must be on or before the date published"))
            )
        if screening == "included" and review["police_contact"] and review["police_contact"] != "yes":
            self.problems.append(
                RowProblem(
                    number,
                    "Screening",
                    _("Only reviews where police were in contact before the incident can be included"),
                )
            )
        if screening == "excluded" and not reason:
            self.problems.append(
                RowProblem(number, "Reason screened out", _("Say why the review is screened out"))
            )
        point = self._point(number, cells, screening)
        if len(self.problems) > before or not ref:
            return
        seen = self.reviews.get(ref)
        if seen is None:
            self.reviews[ref] = {
                "fields": review,
                "screening": screening,
                "reason": reason,
                "points": [],
                "row": number,
            }
            seen = self.reviews[ref]
        elif seen["fields"] != review or seen["screening"] != screening:
            self.problems.append(
                RowProblem(
                    number,
                    "Review",
                    _("Review “{ref}” is described differently on row {row}").format(
                        ref=ref, row=seen["row"]
                    ),
                )
            )
            return
        if point is not None:
            seen["points"].append(point)

    def _point(self, number, cells, screening):
        text = cell_text(cells.get("Learning"))
        if not text:
            for column in POINT_COLUMNS[1:]:
                if cell_text(cells.get(column)):
                    self.problems.append(
                        RowProblem(number, "Learning", _("Write the learning this row codes"))
                    )
                    break
            return None
        if screening == "excluded":
            self.problems.append(
                RowProblem(number, "Learning", _("A review screened out has no learning: leave it blank"))
            )
        if len(text) > 2000:
            self.problems.append(
                RowProblem(
                    number,
                    "Learning",
                    _("Use {limit} characters or fewer").format(
                        limit=number_format(2000, force_grouping=True)
                    ),
                )
            )
        page = cell_text(cells.get("Page"))
        if len(page) > 40:
            self.problems.append(
                RowProblem(number, "Page", _("Use {limit} characters or fewer").format(limit=40))
            )
        kind = self._choice(number, "Kind", cells.get("Kind"))
        stage = self._choice(number, "Stage", cells.get("Stage"))
        for column, value in (("Kind", kind), ("Stage", stage)):
            if value is None and not cell_text(cells.get(column)):
                self.problems.append(
                    RowProblem(number, column, _("Enter the {column}").format(column=column.lower()))
                )
        found = {
            "text": text,
            "page": page,
            "kind": kind,
            "stage": stage,
            "actions": [],
            "perennial_issues": [],
            "themes": [],
        }
        for column, name, known, message in (
            ("Actions", "actions", self.actions, _("Unknown action code")),
            ("Perennial issues", "perennial_issues", self.perennial, _("Unknown perennial issue")),
            ("Themes", "themes", self.themes, _("Not a theme on the list (add it under Themes first)")),
        ):
            for value in listed(cells.get(column)):
                item = known.get(value) or known.get(value.lower())
                if item is None:
                    self.problems.append(
                        RowProblem(
                            number,
                            column,
                            _("{message}: “{value}”").format(message=message, value=value[:60]),
                        )
                    )
                else:
                    found[name].append(item)
        if not (found["actions"] or found["perennial_issues"] or found["themes"]):
            self.problems.append(
                RowProblem(
                    number, "Actions", _("Code the learning to at least one action, perennial issue or theme")
                )
            )
        return found


def read(upload) -> list[dict]:
    rows = read_table(upload, max_bytes=MAX_BYTES)
    if not rows:
        raise file_problem(_("The file is empty"))
    headings = [cell_text(c) for c in rows[0]]
    missing = [c for c in REQUIRED if c not in headings]
    if missing:
        raise file_problem(
            _("The first row must hold the column headings; missing: {missing}").format(
                missing=", ".join(missing)
            )
        )
    checker = Checker()
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell_text(c) for c in row):
            continue
        checker.row(number, {h: row[i] if i < len(row) else None for i, h in enumerate(headings) if h})
    if checker.problems:
        raise RowsRejected(checker.problems)
    if not checker.reviews:
        raise file_problem(_("The file has no reviews below its headings"))
    return list(checker.reviews.values())


@transaction.atomic
def import_coding(*, upload, by) -> tuple[int, int]:
    """Records every review of the file with the importer's coding, all or nothing. Returns
    how many reviews and learning points."""
    items = read(upload)
    points = 0
    for item in items:
        review = services.review_record(by=by, fields=item["fields"])
        review = (
            services.review_screen(
                review=review, by=by, include=item["screening"] == "included", reason=item["reason"]
            )
            if item["screening"]
            else review
        )
        if item["points"]:
            coding = services.coding_for(review=review, by=by)
            for point in item["points"]:
                services.point_add(coding=coding, by=by, **point)
                points += 1
    return len(items), points
