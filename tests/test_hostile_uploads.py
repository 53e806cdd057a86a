"""Hostile files against every import: huge declared dimensions, zip bombs, malformed and
entity-expanding XML, formulas, external links, control characters and extreme numbers.

Each must be answered within 2 seconds with a clear message on the page's error summary,
with memory under 200 MB, and nothing written."""

import io
import time
import tracemalloc
import zipfile

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile

from benchmarking.models import Return
from benchmarking.tests.factories import open_exercise
from benchmarking.workbook import SHEET as RETURN_SHEET
from benchmarking.workbook import headings as return_headings
from core.testing import assert_good_page
from impact.tests.factories import plan_with_everything
from organisations.models import Organisation
from practice.imports import COLUMNS as PRACTICE_COLUMNS

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>{extra}</Relationships>'
)
EXTERNAL_LINK_REL = (
    '<Relationship Id="rId9" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLink" '
    'Target="externalLinks/externalLink1.xml"/>'
)
EXTERNAL_LINK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<externalBook r:id="rId1"/></externalLink>'
)
EXTERNAL_LINK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLinkPath" '
    'Target="http://attacker.invalid/steal.xlsx" TargetMode="External"/></Relationships>'
)
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


class _Raw(str):
    """Cell XML written as it is."""


INFINITY = _Raw("<v>1e999</v>")
ERROR_CELL = _Raw("<v>#REF!</v>")


def _cell(ref, value):
    if value is ERROR_CELL:
        return f'<c r="{ref}" t="e">{value}</c>'
    if isinstance(value, _Raw):
        return f'<c r="{ref}">{value}</c>'
    if isinstance(value, str) and value.startswith("="):
        return f'<c r="{ref}"><f>{value[1:]}</f></c>'
    if isinstance(value, str):
        text = value.replace("&", "&amp;").replace("<", "&lt;")
        return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'
    return f'<c r="{ref}"><v>{value}</v></c>'


def _sheet(rows, dimension=None, tail=""):
    from openpyxl.utils import get_column_letter

    body = "".join(
        f'<row r="{number}">'
        + "".join(_cell(f"{get_column_letter(i + 1)}{number}", v) for i, v in enumerate(row) if v is not None)
        + "</row>"
        for number, row in rows
    )
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}>{dim}<sheetData>{body}{tail}</sheetData></worksheet>'


def xlsx(sheet_xml, *, sheet_name="Sheet1", external_link=False, sheet_bytes=None, prolog=""):
    """A minimal workbook written part by part, so each part can be made hostile."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        links = (
            '<externalReferences><externalReference r:id="rId9"/></externalReferences>'
            if external_link
            else ""
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<workbook {NS} '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f'<sheets><sheet name="{sheet_name}" sheetId="1" r:id="rId1"/></sheets>{links}</workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            WORKBOOK_RELS.format(extra=EXTERNAL_LINK_REL if external_link else ""),
        )
        if external_link:
            archive.writestr("xl/externalLinks/externalLink1.xml", EXTERNAL_LINK)
            archive.writestr("xl/externalLinks/_rels/externalLink1.xml.rels", EXTERNAL_LINK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet_bytes if sheet_bytes is not None else sheet_xml)
    return buffer.getvalue()


def _zip_bomb(headings, sheet_name):
    """A sheet whose XML unpacks to 300 MB of spaces, packed into a few hundred KB."""
    head = _sheet([(1, headings)])
    padded = head.replace("<sheetData>", "<sheetData>" + " " * (300 * 1024 * 1024), 1)
    return xlsx("", sheet_name=sheet_name, sheet_bytes=padded.encode())


BILLION_LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">'
    '<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>'
)


def hostile_files(
    headings, good_row, *, number_column, text_column, sheet_name, workbook_only=False, data_row=2
):
    """(name, bytes, what the message must say) for one importer's headings."""

    def with_row(**changes):
        row = list(good_row)
        for index, value in changes.items():
            row[int(index[1:])] = value
        return row

    n, t, r = f"c{number_column}", f"c{text_column}", data_row
    gap = [[]] * (data_row - 2)
    files = [
        (
            "huge-dimensions.xlsx",
            xlsx(
                _sheet([(1, headings), (r, good_row), (1048576, ["x"])], dimension="A1:XFD1048576"),
                sheet_name=sheet_name,
            ),
            "rows in one import",
        ),
        ("zip-bomb.xlsx", _zip_bomb(headings, sheet_name), "workbook"),
        (
            "malformed.xlsx",
            xlsx(
                "",
                sheet_name=sheet_name,
                sheet_bytes=b'<?xml version="1.0"?><worksheet><sheetData><row r="1"><c',
            ),
            "Excel workbook",
        ),
        (
            "entities.xlsx",
            xlsx(_sheet([(1, headings)]), sheet_name=sheet_name, prolog=BILLION_LAUGHS),
            "Excel workbook",
        ),
        (
            "formulas.xlsx",
            xlsx(
                _sheet([(1, headings), (r, with_row(**{n: "=1+1", t: '=HYPERLINK("x")'}))]),
                sheet_name=sheet_name,
            ),
            "formula",
        ),
        (
            "external-link.xlsx",
            xlsx(
                _sheet([(1, headings), (r, with_row(**{n: "=[1]Sheet1!A1"}))]),
                sheet_name=sheet_name,
                external_link=True,
            ),
            "formula",
        ),
        (
            "error-cell.xlsx",
            xlsx(_sheet([(1, headings), (r, with_row(**{n: ERROR_CELL}))]), sheet_name=sheet_name),
            "#REF!",
        ),
        (
            "infinite-number.xlsx",
            xlsx(_sheet([(1, headings), (r, with_row(**{n: INFINITY}))]), sheet_name=sheet_name),
            "too large",
        ),
        (
            "twenty-digits.xlsx",
            xlsx(_sheet([(1, headings), (r, with_row(**{n: 12345678901234567890}))]), sheet_name=sheet_name),
            "",
        ),
        (
            "too-many-columns.xlsx",
            xlsx(_sheet([(1, headings), (r, [*good_row] + [None] * 80 + ["x"])]), sheet_name=sheet_name),
            "columns in one import",
        ),
        ("nul.csv", _csv([headings, *gap, with_row(**{t: "before\x00after"})]), "U+0000"),
        ("extreme.csv", _csv([headings, *gap, with_row(**{n: "1e999"})]), ""),
        ("twenty-digits.csv", _csv([headings, *gap, with_row(**{n: "12345678901234567890"})]), ""),
        ("huge-rows.csv", _csv([headings] + [good_row] * 6000), "rows in one import"),
        ("binary.csv", b"\xff\xfe\x00garbage\x00" * 100, "CSV file"),
    ]
    if workbook_only:
        files = [
            (name, data, "Excel workbook" if name.endswith(".csv") else expected)
            for name, data, expected in files
        ]
    return files


def _csv(rows):
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return buffer.getvalue().encode()


def _written():
    """How many rows every table of the service's own apps holds."""
    mine = ("accounts", "organisations", "framework", "benchmarking", "impact", "practice", "core")
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in mine
    }


@pytest.fixture
def importers(cast):
    norfolk = Organisation.objects.get(slug="norfolk-constabulary")
    from impact.models import Measure

    plan = plan_with_everything(norfolk, cast["editor_a"])[0]
    measure = Measure.objects.filter(organisation=norfolk).first()
    exercise = open_exercise(cast["admin"])
    record = Return.objects.get(exercise=exercise, organisation=norfolk)
    answer = record.answers.first()
    return_row = [answer.pk, "2.2.1", "Objective", 3, "Doing", "", None, "", "No", "", "No", answer.revision]
    practice_row = [""] * len(PRACTICE_COLUMNS)
    for column, value in {
        "Title": "Title",
        "Force": "Norfolk Constabulary",
        "Summary": "A short summary.",
        "What was done": "Done",
        "Vulnerability strands": "Domestic abuse",
        "Actions": "2.2.1",
    }.items():
        practice_row[PRACTICE_COLUMNS.index(column)] = value
    return {
        "measure values": (
            cast["editor_a"],
            f"/impact/measures/{measure.pk}/upload/",
            hostile_files(
                ["Period", "Value", "Note"],
                ["2026-04", "5", "note"],
                number_column=1,
                text_column=2,
                sheet_name="Sheet1",
            ),
        ),
        "return workbook": (
            cast["editor_a"],
            f"/benchmarking/returns/{record.pk}/workbook/upload/",
            hostile_files(
                return_headings(),
                return_row,
                number_column=0,
                text_column=4,
                sheet_name=RETURN_SHEET,
                workbook_only=True,
            ),
        ),
        "practice import": (
            cast["analyst"],
            "/practice/import/",
            hostile_files(
                PRACTICE_COLUMNS,
                practice_row,
                number_column=PRACTICE_COLUMNS.index("Start date"),
                text_column=PRACTICE_COLUMNS.index("Summary"),
                sheet_name="Sheet1",
            ),
        ),
        "plan template": (
            cast["editor_a"],
            f"/impact/plans/{plan.pk}/import/",
            hostile_files(
                ["Reporting Period", "April 2026", "", ""],
                ["Objective", "1: Referral", "", f"objective-{plan.objectives.first().pk}"],
                number_column=3,
                text_column=1,
                sheet_name="Sheet1",
                workbook_only=True,
                data_row=9,
            ),
        ),
    }


@pytest.mark.parametrize(
    "importer", ["measure values", "return workbook", "practice import", "plan template"]
)
def test_every_import_refuses_hostile_files_quickly_clearly_and_without_writing(client, importers, importer):
    user, url, files = importers[importer]
    client.force_login(user)
    before = _written()
    for name, data, expected in files:
        tracemalloc.start()
        started = time.monotonic()
        response = client.post(url, {"file": SimpleUploadedFile(name, data)})
        elapsed = time.monotonic() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert response.status_code == 400, f"{importer}, {name}: {response.status_code}"
        html = response.content.decode()
        assert "govuk-error-summary" in html, f"{importer}, {name}: no error summary"
        assert expected in html, f"{importer}, {name}: the message does not say “{expected}”"
        assert elapsed < 2, f"{importer}, {name}: took {elapsed:.1f} s"
        assert peak < 200 * 1024 * 1024, f"{importer}, {name}: used {peak // (1024 * 1024)} MB"
        assert_good_page(response)
        assert _written() == before, f"{importer}, {name}: something was written"
