"""Importing an analyst's coding spreadsheet: all or nothing, every problem listed."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile

from casereviews.imports import COLUMNS
from casereviews.models import CaseReview, LearningPoint
from core.tables import as_csv, as_xlsx
from core.testing import assert_good_page

ROW = {
    "Review": "R1",
    "Type": "Domestic homicide review / domestic abuse related death review",
    "Nation": "England",
    "Partnership": "Testshire CSP",
    "Force": "Norfolk Constabulary",
    "Published": "2024-05-01",
    "Incident": "2023-01-01",
    "Address": "https://www.example.org/r1.pdf",
    "Pseudonym": "Mrs A",
    "Police contact": "yes",
    "Screening": "included",
    "Reason screened out": "",
    "Learning": "Repeat calls were not linked.",
    "Page": "12",
    "Kind": "Missed opportunity",
    "Stage": "risk",
    "Actions": "2.2.1; 2.4.1",
    "Perennial issues": "identifying-and-managing-risk",
    "Themes": "Identification of risk",
}


def _file(rows, xlsx=False):
    table = [COLUMNS] + [[row.get(c, "") for c in COLUMNS] for row in rows]
    if xlsx:
        return SimpleUploadedFile("coding.xlsx", as_xlsx(table, "Coding"))
    return SimpleUploadedFile("coding.csv", as_csv(table).encode())


def test_an_analysts_spreadsheet_imports_reviews_and_their_coding(client, cast):
    client.force_login(cast["analyst"])
    assert_good_page(client.get("/case-reviews/reviews/import/"))
    rows = [
        ROW,
        {
            **ROW,
            "Learning": "The child was not seen alone.",
            "Kind": "gap",
            "Stage": "first_contact",
            "Actions": "2.4.1",
        },
        {
            **ROW,
            "Review": "R2",
            "Address": "https://www.example.org/r2.pdf",
            "Police contact": "no",
            "Screening": "excluded",
            "Reason screened out": "No contact.",
            "Learning": "",
            "Page": "",
            "Kind": "",
            "Stage": "",
            "Actions": "",
            "Perennial issues": "",
            "Themes": "",
        },
    ]
    sent = client.post("/case-reviews/reviews/import/", {"file": _file(rows, xlsx=True)})
    assert sent.status_code == 302
    included = CaseReview.objects.get(report_url__endswith="r1.pdf")
    assert (included.screening, included.force.slug, included.kind) == (
        "included",
        "norfolk-constabulary",
        "dhr",
    )
    assert included.points.count() == 2 and not LearningPoint.objects.filter(published=True).exists()
    excluded = CaseReview.objects.get(report_url__endswith="r2.pdf")
    assert (excluded.screening, excluded.exclusion_reason) == ("excluded", "No contact.")


def test_every_problem_is_listed_and_nothing_is_written(client, cast):
    client.force_login(cast["analyst"])
    rows = [
        {**ROW, "Type": "gossip"},
        {**ROW, "Review": "R2", "Published": "May 2024", "Actions": "9.9.9"},
        {**ROW, "Review": "R3", "Police contact": "no"},
        {**ROW, "Review": "R4", "Themes": "No such theme", "Address": "nowhere"},
        ROW,
        {**ROW, "Partnership": "Another"},
    ]
    page = client.post("/case-reviews/reviews/import/", {"file": _file(rows)})
    assert page.status_code == 400
    html = page.content.decode()
    for expected in [
        "Row 2",
        "is not one of",
        "Row 3",
        "Write the date as YYYY-MM-DD",
        "Unknown action code: “9.9.9”",
        "Only reviews where police were in contact before the incident can be included",
        "Not a theme on the list",
        "Enter a full web address",
        "described differently on row 6",
    ]:
        assert expected in html, expected
    assert not CaseReview.objects.exists() and not LearningPoint.objects.exists()


def test_hostile_and_broken_files_are_refused_with_a_message(client, cast):
    import zipfile

    client.force_login(cast["analyst"])
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<" + b"a" * 50_000_000 + b">")
    for upload, message in [
        (SimpleUploadedFile("bomb.xlsx", bomb.getvalue()), "file"),
        (SimpleUploadedFile("empty.csv", b""), "The file is empty"),
        (
            SimpleUploadedFile("headings.csv", b"Name,Age\nA,1\n"),
            "The first row must hold the column headings",
        ),
        (SimpleUploadedFile("binary.csv", b"\xff\xfe\x00\x00garbage"), "file"),
    ]:
        page = client.post("/case-reviews/reviews/import/", {"file": upload})
        assert page.status_code == 400, upload.name
        assert message in page.content.decode(), upload.name
    assert client.post("/case-reviews/reviews/import/", {}).status_code == 400
    assert not CaseReview.objects.exists()


def test_an_export_imports_as_it_is(client, cast):
    from casereviews.tests.factories import published

    published(cast["analyst"], text="Exported learning.")
    client.force_login(cast["analyst"])
    from core.testing import body

    exported = body(client.get("/case-reviews/export/csv/"))
    CaseReview.objects.all().delete()
    sent = client.post("/case-reviews/reviews/import/", {"file": SimpleUploadedFile("export.csv", exported)})
    assert sent.status_code == 302, sent.content.decode()[:2000]
    assert LearningPoint.objects.get().text == "Exported learning."
    assert client.get("/case-reviews/reviews/import/").status_code == 200
    client.force_login(cast["lead_a"])
    assert client.post(
        "/case-reviews/reviews/import/", {"file": SimpleUploadedFile("export.csv", exported)}
    ).status_code in (403, 404)
