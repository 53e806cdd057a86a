import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.translation import gettext, pgettext
from openpyxl import load_workbook

from benchmarking import services
from benchmarking.models import Answer, Return
from benchmarking.tests.factories import open_exercise


@pytest.fixture
def record(cast):
    exercise = open_exercise(cast["admin"])
    return Return.objects.get(exercise=exercise, organisation__slug="norfolk-constabulary")


def _download(client, record):
    response = client.get(f"/benchmarking/returns/{record.pk}/workbook/")
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def _upload(client, record, book, name="return.xlsx"):
    buffer = io.BytesIO()
    book.save(buffer)
    upload = SimpleUploadedFile(name, buffer.getvalue())
    return client.post(f"/benchmarking/returns/{record.pk}/workbook/upload/", {"file": upload})


def _fill(sheet, row, rating=3, text="Our vulnerability desk", share="No", gap="No"):
    sheet.cell(row, 4).value = rating
    sheet.cell(row, 5).value = text
    sheet.cell(row, 9).value = share
    sheet.cell(row, 11).value = gap


def test_the_workbook_has_a_row_per_action_with_drop_downs(client, cast, record):
    client.force_login(cast["viewer_a"])
    book = _download(client, record)
    sheet = book["Return"]
    assert sheet.max_row == 1 + 3
    assert sheet.cell(2, 2).value.startswith("2.1.1")
    formulas = {dv.formula1 for dv in sheet.data_validations.dataValidation}
    assert '"1,2,3,4,5"' in formulas and '"Yes,No"' in formulas
    assert book["Rating scale"].cell(2, 2).value == "Not started"


def test_a_round_trip_changes_exactly_the_changed_answers(client, cast, record):
    client.force_login(cast["editor_a"])
    book = _download(client, record)
    sheet = book["Return"]
    _fill(sheet, 2)
    _fill(sheet, 4, rating=5, text="Embedded", share="Yes")
    sheet.cell(4, 10).value = "Jo Bloggs, jo@norfolk.police.uk"
    response = _upload(client, record, book)
    assert response.status_code == 302
    answers = {a.action.code: a for a in record.answers.select_related("action")}
    assert (answers["2.1.1"].rating, answers["2.1.1"].revision) == (3, 1)
    assert answers["2.2.1"].revision == 0, "an untouched row changes nothing"
    assert (answers["2.3.1"].rating, answers["2.3.1"].can_share) == (5, True)
    assert answers["2.3.1"].history.count() == 2
    # Uploading the same workbook again changes nothing.
    again = _download(client, record)
    response = _upload(client, record, again)
    assert response.status_code == 302
    assert [a.revision for a in record.answers.order_by("action__sort_key")] == [1, 0, 1]


def test_a_workbook_with_bad_rows_lists_every_problem_and_writes_nothing(client, cast, record):
    client.force_login(cast["editor_a"])
    book = _download(client, record)
    sheet = book["Return"]
    _fill(sheet, 2, rating=9)
    _fill(sheet, 3, share="Maybe")
    _fill(sheet, 4)
    sheet.cell(4, 7).value = "31/02/2027"
    response = _upload(client, record, book)
    assert response.status_code == 400
    html = response.content.decode()
    assert "The workbook has 3 problems: nothing was saved" in html
    assert "Row 2, column “Rating (1-5)”: Enter a rating from 1 to 5" in html
    assert "Row 3, column “Can share knowledge or skills? (Yes/No)”: Enter Yes or No" in html
    assert "Row 4, column “Target date (YYYY-MM-DD)”" in html
    assert not Answer.objects.filter(return_record=record, revision__gt=0).exists()


def test_rows_changed_in_the_hub_since_download_are_refused(client, cast, record):
    client.force_login(cast["editor_a"])
    book = _download(client, record)
    answer = record.answers.get(action__code="2.1.1")
    services.answer_save(
        answer=answer, by=cast["lead_a"], revision=0, values={"what_we_are_doing": "Online edit"}
    )
    _fill(book["Return"], 2, text="Offline edit")
    response = _upload(client, record, book)
    assert response.status_code == 400
    assert "changed this answer in NVAP Hub after the workbook was downloaded" in response.content.decode()
    answer.refresh_from_db()
    assert answer.what_we_are_doing == "Online edit"


def test_an_untouched_row_does_not_undo_a_newer_online_change(client, cast, record):
    client.force_login(cast["editor_a"])
    book = _download(client, record)
    answer = record.answers.get(action__code="2.1.1")
    services.answer_save(
        answer=answer, by=cast["lead_a"], revision=0, values={"what_we_are_doing": "Online edit"}
    )
    _fill(book["Return"], 3)
    assert _upload(client, record, book).status_code == 302
    answer.refresh_from_db()
    assert answer.what_we_are_doing == "Online edit"


@pytest.mark.parametrize(
    "data,name", [(b"%PDF-1.7 not a workbook", "return.xlsx"), (b"PK\x03\x04garbage", "r.xlsx")]
)
def test_files_that_are_not_workbooks_are_refused(client, cast, record, data, name):
    client.force_login(cast["editor_a"])
    response = client.post(
        f"/benchmarking/returns/{record.pk}/workbook/upload/", {"file": SimpleUploadedFile(name, data)}
    )
    assert response.status_code == 400
    assert "The file must be an Excel workbook (.xlsx)" in response.content.decode()


def test_a_missing_file_is_refused(client, cast, record):
    client.force_login(cast["editor_a"])
    response = client.post(f"/benchmarking/returns/{record.pk}/workbook/upload/", {})
    assert response.status_code == 400 and "Choose the workbook to upload" in response.content.decode()


def test_viewers_cannot_upload(client, cast, record):
    client.force_login(cast["viewer_a"])
    assert client.get(f"/benchmarking/returns/{record.pk}/workbook/upload/").status_code == 403


def test_the_exercise_exports_are_for_the_national_team(client, cast, record):
    answer = record.answers.first()
    services.answer_save(
        answer=answer, by=cast["lead_a"], revision=0, values={"what_we_are_doing": "=HYPERLINK(1)"}
    )
    client.force_login(cast["analyst"])
    response = client.get(f"/benchmarking/exercises/{record.exercise_id}/export.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["Exercise", "Force", "ONS code"]
    assert len(rows) == 1 + 44 * 3
    codes = {r[1]: r[2] for r in rows[1:]}
    assert codes["Norfolk Constabulary"] == "E23000024" and codes["British Transport Police"] == ""
    assert "'=HYPERLINK(1)" in [r[8] for r in rows], "formulas are neutralised"
    book = load_workbook(
        io.BytesIO(client.get(f"/benchmarking/exercises/{record.exercise_id}/export.xlsx").content)
    )
    assert book["Answers"].max_row == 1 + 44 * 3
    client.force_login(cast["lead_a"])
    assert client.get(f"/benchmarking/exercises/{record.exercise_id}/export.csv").status_code == 403
    own = client.get(f"/benchmarking/returns/{record.pk}/answers.csv").content.decode()
    assert len(list(csv.reader(io.StringIO(own)))) == 1 + 3


def _in_welsh(words: str) -> str:
    with translation.override("cy"):
        said = gettext(words)
    assert said != words, f"{words!r} has a Welsh translation"
    return said


def test_a_welsh_reader_gets_the_workbook_in_welsh_and_it_reads_back_in_either_language(client, cast, record):
    client.force_login(cast["editor_a"])
    response = client.get(f"/cy/benchmarking/returns/{record.pk}/workbook/")
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["Return"]
    assert [c.value for c in sheet[1]][:4] == [
        _in_welsh("Answer ID"),
        _in_welsh("Action"),
        _in_welsh("Objective"),
        _in_welsh("Rating (1-5)"),
    ]
    with translation.override("cy"):
        yes, no = pgettext("an answer in a spreadsheet", "Yes"), pgettext("an answer in a spreadsheet", "No")
    assert (yes, no) == ("Ie", "Na")
    assert f'"{yes},{no}"' in {dv.formula1 for dv in sheet.data_validations.dataValidation}
    assert _in_welsh("Rating scale") in book.sheetnames
    _fill(sheet, 2, rating=4, share=yes, gap=no)
    sheet.cell(2, 10).value = "Siân Jones"
    # Read back on an English page: Welsh headings and answers are understood.
    response = _upload(client, record, book)
    assert response.status_code == 302
    answer = record.answers.get(action__code="2.1.1")
    assert (answer.rating, answer.can_share, answer.sees_gap) == (4, True, False)


def test_a_welsh_workbooks_problems_are_told_in_welsh(client, cast, record):
    client.force_login(cast["editor_a"])
    book = load_workbook(io.BytesIO(client.get(f"/cy/benchmarking/returns/{record.pk}/workbook/").content))
    _fill(book["Return"], 2, share="Efallai")
    buffer = io.BytesIO()
    book.save(buffer)
    response = client.post(
        f"/cy/benchmarking/returns/{record.pk}/workbook/upload/",
        {"file": SimpleUploadedFile("return.xlsx", buffer.getvalue())},
    )
    assert response.status_code == 400
    assert _in_welsh("Enter Yes or No") in response.content.decode()


def test_the_answers_export_has_welsh_headings_for_a_welsh_reader(client, cast, record):
    client.force_login(cast["analyst"])
    response = client.get(f"/cy/benchmarking/exercises/{record.exercise_id}/export.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == [_in_welsh("Exercise"), _in_welsh("Force"), _in_welsh("ONS code")]
    assert rows[0][15] == _in_welsh("National rating")
    book = load_workbook(
        io.BytesIO(client.get(f"/cy/benchmarking/exercises/{record.exercise_id}/export.xlsx").content)
    )
    assert book.sheetnames == [_in_welsh("Answers")]
