"""What forces write survives a spreadsheet round trip: download the return workbook or the
Impact Realisation Plan template, upload it unchanged, and every stored text is byte for byte
what it was, with nothing written. Text that looks like a formula stays text; Word's line
break (U+000B) exports without error and comes back as a line break."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from benchmarking import services as benchmarking
from benchmarking.models import Answer, Return
from benchmarking.tests.factories import open_exercise
from impact.models import PlanActivity, PlanObjective, PlanRisk
from impact.tests.factories import plan_with_everything
from organisations.models import Organisation

TRICKY = [
    "=1+1",
    "Text stored with a space after it ",
    "+cmd|' /C calc'!A0",
    "-2 referrals",
    "@SUM(A1:A2)",
    '=HYPERLINK("http://evil.invalid","click")',
    "Emoji 🚓👮‍♀️ and accents: café, naïve, Ysgol Gymraeg ŵ ŷ",
    "עברית ومرحبا: right-to-left text",
    "Two lines\nand a blank line\n\nthen more",
    "Windows line ends\r\nstay as they are",
    "Tabs\tinside",
    "Quotes ' \" and <angle> & ampersands",
    "_x000D_ looks like an escape",
    "Long text " + "x" * 4900,
]


@pytest.fixture
def answers(cast):
    exercise = open_exercise(cast["admin"])
    record = Return.objects.get(exercise=exercise, organisation__slug="norfolk-constabulary")
    return record, list(record.answers.order_by("pk"))


def _problems(response) -> str:
    html = response.content.decode()
    start = html.find("govuk-error-summary__list")
    return html[start : start + 1500] if start >= 0 else html[:500]


def _upload_unchanged(client, url, content):
    book = load_workbook(io.BytesIO(content))
    buffer = io.BytesIO()
    book.save(buffer)
    return client.post(url, {"file": SimpleUploadedFile("unchanged.xlsx", buffer.getvalue())})


def test_every_stored_answer_text_survives_the_return_workbook_round_trip(client, cast, answers):
    record, items = answers
    assert len(items) >= 3
    texts = iter(TRICKY)
    stored = {}
    for answer in items:
        values = {}
        for field in ("what_we_are_doing", "planned_activity", "potential_for_improvement"):
            values[field] = next(texts, "plain")
        benchmarking.answer_save(answer=answer, by=cast["editor_a"], revision=answer.revision, values=values)
        stored[answer.pk] = values
    client.force_login(cast["editor_a"])
    download = client.get(f"/benchmarking/returns/{record.pk}/workbook/")
    assert download.status_code == 200
    sheet = load_workbook(io.BytesIO(download.content))["Return"]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row), "no cell is a formula"
    response = _upload_unchanged(
        client, f"/benchmarking/returns/{record.pk}/workbook/upload/", download.content
    )
    assert response.status_code == 302, _problems(response)
    page = client.get(response.url)
    assert "no answers had changed" in page.content.decode()
    for pk, values in stored.items():
        answer = Answer.objects.get(pk=pk)
        for field, text in values.items():
            assert getattr(answer, field) == text, f"{field} changed"


def test_word_line_breaks_export_and_come_back_as_line_breaks(client, cast, answers):
    record, items = answers
    answer = items[0]
    benchmarking.answer_save(
        answer=answer,
        by=cast["editor_a"],
        revision=answer.revision,
        values={"what_we_are_doing": "One\x0bTwo"},
    )
    client.force_login(cast["editor_a"])
    download = client.get(f"/benchmarking/returns/{record.pk}/workbook/")
    assert download.status_code == 200
    client.force_login(cast["analyst"])
    for fmt in ("xlsx", "csv"):
        assert client.get(f"/benchmarking/exercises/{record.exercise_id}/export.{fmt}").status_code == 200
    client.force_login(cast["editor_a"])
    response = _upload_unchanged(
        client, f"/benchmarking/returns/{record.pk}/workbook/upload/", download.content
    )
    assert response.status_code == 302
    assert Answer.objects.get(pk=answer.pk).what_we_are_doing == "One\nTwo"


def test_every_stored_plan_text_survives_the_template_round_trip(client, cast):
    norfolk = Organisation.objects.get(slug="norfolk-constabulary")
    plan, _measure = plan_with_everything(norfolk, cast["editor_a"])
    objective = PlanObjective.objects.get(plan=plan)
    texts = iter(TRICKY)
    plan.project_lead = next(texts)
    plan.prepared_by = next(texts)
    plan.reporting_period = next(texts)
    plan.save()
    objective.next_steps = next(texts)
    objective.additional_comments = next(texts)
    objective.organisational_impact = next(texts)
    objective.external_impact = next(texts)
    objective.save()
    for activity in PlanActivity.objects.filter(plan_objective=objective):
        activity.text, activity.outputs = next(texts), next(texts)
        activity.save()
    for risk in PlanRisk.objects.filter(plan_objective=objective):
        risk.text, risk.mitigation = next(texts), next(texts, "plain")
        risk.save()

    def snapshot():
        plan.refresh_from_db()
        objective.refresh_from_db()
        return (
            (plan.project_lead, plan.prepared_by, plan.reporting_period),
            (
                objective.next_steps,
                objective.additional_comments,
                objective.organisational_impact,
                objective.external_impact,
            ),
            sorted(
                PlanActivity.objects.filter(plan_objective=objective).values_list("pk", "text", "outputs")
            ),
            sorted(PlanRisk.objects.filter(plan_objective=objective).values_list("pk", "text", "mitigation")),
        )

    before = snapshot()
    history = sum(m.history.count() for m in (type(plan), PlanObjective, PlanActivity, PlanRisk))
    client.force_login(cast["editor_a"])
    download = client.get(f"/impact/plans/{plan.pk}/template.xlsx")
    assert download.status_code == 200
    sheet = load_workbook(io.BytesIO(download.content)).worksheets[0]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row), "no cell is a formula"
    response = _upload_unchanged(client, f"/impact/plans/{plan.pk}/import/", download.content)
    assert response.status_code == 302, _problems(response)
    assert snapshot() == before
    assert sum(m.history.count() for m in (type(plan), PlanObjective, PlanActivity, PlanRisk)) == history
