"""The practice library: submission, assessment, publication, search and facets, finding help,
import, exports and API, and what other forces can never see."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from core import cache as core_cache
from core.testing import assert_good_page, body, with_version
from framework.models import Action
from organisations.models import Organisation
from practice import services
from practice.models import Decision, Example, LibraryEntry, Strand
from practice.tests.factories import example, published, values

NORFOLK, KENT = "norfolk-constabulary", "kent-police"


@pytest.fixture
def norfolk():
    return Organisation.objects.get(slug=NORFOLK)


@pytest.fixture
def kent():
    return Organisation.objects.get(slug=KENT)


def _as(client, user):
    client.force_login(user)
    return client


def _form(**overrides):
    action = Action.objects.get(version__label="3", code="2.2.1")
    data = values() | {
        "strands": [str(Strand.objects.get(slug="child-protection").pk)],
        "actions": [str(action.pk)],
        "evidence_stage": "local",
        "outcome": "promising",
        "delivery_status": "live",
    }
    return data | overrides


# --- Writing and submitting ---


def test_a_force_writes_a_draft_and_submits_it(client, cast):
    client = _as(client, cast["editor_a"])
    page = client.get("/practice/examples/new/")
    assert_good_page(page)
    made = client.post("/practice/examples/new/", _form())
    item = Example.objects.get()
    assert made.status_code == 302 and made.url == f"/practice/examples/{item.pk}/"
    assert item.status == "draft" and item.organisation.slug == NORFOLK
    assert [s.slug for s in item.strands.all()] == ["child-protection"]
    detail = client.get(made.url)
    assert_good_page(detail)
    assert "Submit for assessment" in detail.content.decode()
    assert_good_page(client.get(f"/practice/examples/{item.pk}/submit/"))
    assert client.post(f"/practice/examples/{item.pk}/submit/").status_code == 302
    item.refresh_from_db()
    assert item.status == "submitted"
    assert list(item.decisions.values_list("kind", flat=True)) == ["submitted"]
    assert client.post(f"/practice/examples/{item.pk}/edit/", _form(title="Changed")).status_code == 400
    assert Example.objects.get().title == "Referral quality clinic", "locked while the national team has it"


def test_an_over_long_summary_is_refused_and_nothing_is_written(client, cast):
    client = _as(client, cast["editor_a"])
    response = client.post("/practice/examples/new/", _form(summary="word " * 101))
    assert response.status_code == 400
    assert_good_page(response)
    assert "The summary must be 100 words or fewer (it has 101)" in response.content.decode()
    assert not Example.objects.exists()
    with pytest.raises(services.PracticeError, match="100 words or fewer"):
        services.example_create(
            organisation=Organisation.objects.get(slug=NORFOLK),
            by=cast["editor_a"],
            values=values(summary="w " * 150),
        )


def test_every_practice_form_answers_bad_input_with_an_error_summary(client, cast, norfolk):
    item = example(norfolk, cast["editor_a"], attach=True)
    bad = {
        "/practice/examples/new/": {
            "title": "",
            "evaluation_link": "not a link",
            "contact_email": "nobody",
            "start_date": "2026-02-31",
            "strands": ["999999"],
            "delivery_status": "paused",
        },
        f"/practice/examples/{item.pk}/edit/": {"summary": "", "actions": ["999999"]},
        f"/practice/examples/{item.pk}/attachments/": {
            "file": SimpleUploadedFile("x.exe", b"MZ\x90\x00 not allowed")
        },
    }
    client = _as(client, cast["editor_a"])
    for url, data in bad.items():
        response = client.post(url, data)
        assert response.status_code == 400, url
        assert_good_page(response)
        assert "govuk-error-summary" in response.content.decode(), url
    wrong = client.post(
        f"/practice/examples/{item.pk}/attachments/", {"file": SimpleUploadedFile("x.exe", b"MZ\x90\x00")}
    )
    assert "must be a PDF, Word, Excel or PowerPoint document" in wrong.content.decode()
    assert item.attachments.count() == 1
    assert Example.objects.count() == 1 and Example.objects.get().title == "Referral quality clinic"
    _as(client, cast["admin"])
    assert (
        client.post(
            "/practice/calls/new/", {"title": "", "opens_on": "2026-05-01", "closes_on": "2026-04-01"}
        ).status_code
        == 400
    )
    services.example_submit(example=item, by=cast["editor_a"])
    refused = client.post(
        f"/practice/examples/{item.pk}/assess/", {"decision": "more_info", "evidence_stage": "local"}
    )
    assert refused.status_code == 400 and "Say what more information is needed" in refused.content.decode()
    assert Example.objects.get().status == "submitted"


def test_an_incomplete_example_cannot_be_submitted(client, cast, norfolk):
    item = services.example_create(
        organisation=norfolk, by=cast["editor_a"], values={"title": "Idea", "summary": "Short"}
    )
    client = _as(client, cast["editor_a"])
    response = client.post(f"/practice/examples/{item.pk}/submit/")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose at least one vulnerability strand" in html and "Give a contact" in html
    assert Example.objects.get().status == "draft"


# --- Assessment and publication ---


def test_more_information_then_resubmission_then_publication(client, cast, norfolk):
    item = example(norfolk, cast["editor_a"], attach=True)
    services.example_submit(example=item, by=cast["editor_a"])
    client = _as(client, cast["analyst"])
    assert_good_page(client.get(f"/practice/examples/{item.pk}/assess/"))
    client.post(
        f"/practice/examples/{item.pk}/assess/",
        {"decision": "more_info", "evidence_stage": "local", "note": "Say how many referrals were reviewed."},
    )
    item.refresh_from_db()
    assert item.status == "more_info"
    assert not LibraryEntry.objects.exists()
    page = _as(client, cast["editor_a"]).get(f"/practice/examples/{item.pk}/")
    assert "Say how many referrals were reviewed." in page.content.decode()
    edit = f"/practice/examples/{item.pk}/edit/"
    client.post(edit, with_version(client, edit, _form(outcomes="312 referrals reviewed in 2025")))
    client.post(f"/practice/examples/{item.pk}/submit/")
    _as(client, cast["analyst"]).post(
        f"/practice/examples/{item.pk}/assess/",
        {"decision": "publish", "evidence_stage": "independent", "note": "Good"},
    )
    item.refresh_from_db()
    entry = LibraryEntry.objects.get()
    assert item.status == "published" and entry.example == item
    assert entry.evidence_stage == "independent" and entry.outcomes == "312 referrals reviewed in 2025"
    assert entry.published_by == cast["analyst"] and item.attachments.get().published
    assert list(item.decisions.order_by("at", "pk").values_list("kind", flat=True)) == [
        "submitted",
        "started",
        "more_info",
        "submitted",
        "started",
        "published",
    ]
    history = _as(client, cast["editor_a"]).get(f"/practice/examples/{item.pk}/history/")
    assert_good_page(history)
    html = history.content.decode()
    assert "More information asked for" in html
    assert "(blank) → 312 referrals reviewed in 2025" in html
    item.refresh_from_db()
    services.example_update(
        example=item,
        by=cast["editor_a"],
        values={},
        strands=[Strand.objects.get(slug="gangs")],
        actions=list(item.actions.all()),
        objectives=[],
    )
    assert "(blank) → Gangs" in client.get(f"/practice/examples/{item.pk}/history/").content.decode()


def test_not_accepted_needs_a_reason_and_tells_the_force(client, cast, norfolk, mailoutbox):
    item = example(norfolk, cast["editor_a"])
    services.example_submit(example=item, by=cast["editor_a"])
    with pytest.raises(services.PracticeError, match="reason"):
        services.assessment_decide(example=item, by=cast["analyst"], decision="not_accepted", note=" ")
    services.assessment_decide(example=item, by=cast["analyst"], decision="not_accepted", note="Out of scope")
    item.refresh_from_db()
    assert item.status == "not_accepted" and not LibraryEntry.objects.exists()


def test_only_assessors_assess(client, cast, norfolk):
    item = example(norfolk, cast["editor_a"])
    services.example_submit(example=item, by=cast["editor_a"])
    for user in ("editor_a", "lead_a", "lead_b", "peer"):
        if user in cast:
            assert (
                _as(client, cast[user])
                .post(
                    f"/practice/examples/{item.pk}/assess/",
                    {"decision": "publish", "evidence_stage": "local"},
                )
                .status_code
                == 403
            )
    assert Example.objects.get().status == "submitted"


def test_a_change_to_a_published_example_is_assessed_before_it_shows(client, cast, norfolk):
    item = published(norfolk, cast["editor_a"], cast["analyst"])
    client = _as(client, cast["editor_a"])
    edit = f"/practice/examples/{item.pk}/edit/"
    client.post(edit, with_version(client, edit, _form(title="Renamed clinic")))
    item.refresh_from_db()
    assert item.status == "draft" and item.title == "Renamed clinic"
    assert LibraryEntry.objects.get().title == "Referral quality clinic"
    other = _as(client, cast["lead_b"])
    assert "Renamed clinic" not in other.get("/practice/?q=clinic").content.decode()
    assert "Referral quality clinic" in other.get("/practice/?q=clinic").content.decode()
    services.example_submit(example=item, by=cast["editor_a"])
    services.assessment_decide(example=item, by=cast["analyst"], decision="publish", note="")
    assert LibraryEntry.objects.get().title == "Renamed clinic"


# --- The library ---


def test_search_and_facets_find_published_practice(client, cast, norfolk, kent):
    published(norfolk, cast["editor_a"], cast["analyst"])
    published(
        kent,
        cast["lead_b"],
        cast["analyst"],
        title="Missing children return interviews",
        code="2.1.1",
        strand="missing-people",
        summary="Independent return interviews for every missing child.",
    )
    example(kent, cast["lead_b"], title="Unpublished secret clinic idea")
    client = _as(client, cast["viewer_a"])
    page = client.get("/practice/")
    assert_good_page(page)
    html = page.content.decode()
    assert "2 examples" in html and "Unpublished" not in html
    assert "Missing people (1)" in html and "Kent Police (1)" in html
    found = client.get("/practice/?q=referrals+clinic").content.decode()
    assert "Referral quality clinic" in found and "Missing children" not in found
    facet = client.get("/practice/?strand=missing-people").content.decode()
    assert "1 example" in facet and "Missing children return interviews" in facet
    assert "Referral quality clinic" not in facet
    both = client.get("/practice/?action=2.2.1&action=2.1.1").content.decode()
    assert "2 examples" in both
    none = client.get("/practice/?q=zebra").content.decode()
    assert "No published example matches" in none
    entry = LibraryEntry.objects.get(title__startswith="Missing")
    detail = client.get(f"/practice/library/{entry.pk}/")
    assert_good_page(detail)
    assert "mailto:sam.clinic@norfolk.police.uk" in detail.content.decode()


def test_contacts_are_for_signed_in_users_only(client, cast, norfolk, settings):
    settings.PLAN_IS_PUBLIC = True
    item = published(norfolk, cast["editor_a"], cast["analyst"], attach=True)
    entry = item.library_entry
    anonymous = client.get(f"/practice/library/{entry.pk}/").content.decode()
    assert "sam.clinic@norfolk.police.uk" not in anonymous and "Sign in" in anonymous
    assert "Clinic terms of reference" not in anonymous
    csv_text = body(client.get("/practice/library/export.csv")).decode()
    assert "Referral quality clinic" in csv_text and "sam.clinic" not in csv_text
    signed_in = _as(client, cast["lead_b"]).get(f"/practice/library/{entry.pk}/").content.decode()
    assert "sam.clinic@norfolk.police.uk" in signed_in and "Clinic terms of reference" in signed_in
    attachment = item.attachments.get()
    download = client.get(f"/practice/library/{entry.pk}/attachments/{attachment.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")


def test_related_examples_share_an_action_or_strand(client, cast, norfolk, kent):
    first = published(norfolk, cast["editor_a"], cast["analyst"])
    published(kent, cast["lead_b"], cast["analyst"], title="Kent referral hub")
    published(
        kent,
        cast["lead_b"],
        cast["analyst"],
        title="Knife crime education",
        code="2.7.1",
        strand="knife-crime",
    )
    html = _as(client, cast["viewer_a"]).get(f"/practice/library/{first.library_entry.pk}/").content.decode()
    related = html.split("Related practice")[1]
    assert "Kent referral hub" in related and "Knife crime education" not in related


def test_unpublished_examples_never_reach_other_forces(client, cast, norfolk):
    from accounts.models import ApiToken  # noqa: F401  (tokens exist; the session is enough here)

    draft = example(norfolk, cast["editor_a"], title="Secret draft clinic", attach=True)
    submitted = example(norfolk, cast["editor_a"], title="Secret submitted clinic")
    services.example_submit(example=submitted, by=cast["editor_a"])
    client = _as(client, cast["lead_b"])
    for url in [
        f"/practice/examples/{draft.pk}/",
        f"/practice/examples/{submitted.pk}/",
        f"/practice/examples/{draft.pk}/attachments/{draft.attachments.get().pk}/",
        f"/practice/examples/{draft.pk}/history/",
    ]:
        assert client.get(url).status_code == 404, url
    pages = [
        client.get("/practice/?q=secret"),
        client.get("/practice/"),
        client.get("/practice/?force=norfolk-constabulary"),
        client.get("/practice/examples/"),
        client.get("/practice/library/export.csv"),
        client.get("/practice/library/export.xlsx"),
        client.get("/api/v1/practice/?q=secret"),
        client.get("/api/v1/practice/?mine=1"),
    ]
    for response in pages:
        shown = (
            body(response)
            if not response["Content-Type"].startswith("application/vnd")
            else _xlsx_text(body(response))
        )
        assert b"Secret" not in (shown if isinstance(shown, bytes) else shown.encode()), (
            response.wsgi_request.get_full_path()
        )
    assert "Norfolk Constabulary (" not in client.get("/practice/").content.decode(), (
        "no facet count for unpublished work"
    )
    assert client.get("/api/v1/practice/").json()["count"] == 0
    own = _as(client, cast["viewer_a"]).get("/api/v1/practice/?mine=1").json()
    assert {r["title"] for r in own["results"]} == {"Secret draft clinic", "Secret submitted clinic"}


def _xlsx_text(content) -> str:
    sheet = load_workbook(io.BytesIO(content), read_only=True).active
    return "\n".join(
        " ".join(str(c) for c in row if c is not None) for row in sheet.iter_rows(values_only=True)
    )


def test_exports_and_api_list_the_library(client, cast, norfolk):
    item = published(norfolk, cast["editor_a"], cast["analyst"])
    client = _as(client, cast["lead_b"])
    rows = list(
        csv.reader(
            io.StringIO(body(client.get("/practice/library/export.csv?strand=child-protection")).decode())
        )
    )
    assert rows[0][:3] == ["Title", "Force", "ONS code"] and rows[1][:3] == [
        "Referral quality clinic",
        "Norfolk Constabulary",
        "E23000024",
    ]
    assert rows[0][-2:] == ["Contact name", "Contact email"]
    assert "Referral quality clinic" in _xlsx_text(body(client.get("/practice/library/export.xlsx")))
    data = client.get("/api/v1/practice/?action=2.2.1").json()
    assert data["count"] == 1 and data["results"][0]["actions"] == ["2.2.1"]
    assert data["results"][0]["force_ons_code"] == "E23000024"
    # A page sent is kept as sent until the library changes: a new publication shows at once.
    published(norfolk, cast["editor_a"], cast["analyst"], title="Second referral clinic", code="2.2.1")
    again = client.get("/api/v1/practice/?action=2.2.1").json()
    assert again["count"] == 2 and "Second referral clinic" in {r["title"] for r in again["results"]}
    assert (
        client.get(f"/api/v1/practice/{item.library_entry.pk}/").json()["title"] == "Referral quality clinic"
    )
    assert client.get("/api/v1/practice/999999/").status_code == 404
    assert client.get("/api/v1/practice/?page=0").json()["error"]["code"] == "bad_pagination"
    client.logout()
    assert client.get("/api/v1/practice/").status_code == 401
    schema = client.get("/api/v1/schema/").json()
    assert "/api/v1/practice/" in schema["paths"] and "/api/v1/practice/{id}/" in schema["paths"]


def test_the_api_keeps_its_pages_only_until_the_library_changes(client, cast, norfolk, kent):
    """The API's count and the ids on each page are kept by the library's version: a
    publication or a removal shows at once, and a repeated page reads only the entries."""
    published(norfolk, cast["editor_a"], cast["analyst"])
    client = _as(client, cast["lead_b"])
    first = client.get("/api/v1/practice/?q=clinic").json()
    assert first["count"] == 1 and [r["title"] for r in first["results"]] == ["Referral quality clinic"]
    with CaptureQueriesContext(connection) as again:
        assert client.get("/api/v1/practice/?q=clinic").json() == first
    assert not any("COUNT(" in q["sql"].upper() for q in again), "the count is kept"
    newer = published(kent, cast["lead_b"], cast["analyst"], title="Kent clinic")
    second = client.get("/api/v1/practice/?q=clinic").json()
    assert second["count"] == 2 and {r["title"] for r in second["results"]} == {
        "Referral quality clinic",
        "Kent clinic",
    }
    LibraryEntry.objects.filter(pk=newer.library_entry.pk).delete()
    assert client.get("/api/v1/practice/?q=clinic").json()["count"] == 1
    paged = client.get("/api/v1/practice/?page_size=1&page=2").json()
    assert paged["count"] == 1 and paged["results"] == [] and paged["previous"]


def test_library_query_count_does_not_grow_with_the_data(client, cast, norfolk, kent):
    client = _as(client, cast["viewer_a"])
    published(norfolk, cast["editor_a"], cast["analyst"])
    published(kent, cast["lead_b"], cast["analyst"], title="Kent clinic")  # so "related" has one already

    def queries(url):
        # A first visit records the language the person now reads in (a write each time the
        # language changes); the measured one is then the page's cost as built, with nothing
        # an earlier request kept.
        client.get(url)
        core_cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    urls = [
        "/practice/",
        "/practice/?q=clinic&strand=child-protection",
        f"/practice/library/{LibraryEntry.objects.get(title__startswith='Referral').pk}/",
        # In Welsh, where each entry's force is named in Welsh where it has a Welsh name.
        "/cy/practice/",
        "/cy/practice/?q=clinic&strand=child-protection",
    ]
    before = [queries(url) for url in urls]
    for n in range(6):
        published(kent, cast["lead_b"], cast["analyst"], title=f"Clinic {n}", code=["2.2.1", "2.1.1"][n % 2])
    assert [queries(url) for url in urls] == before


# --- Calls, benchmarking, finding help, import ---


def test_a_call_for_practice_collects_examples(client, cast, norfolk):
    client = _as(client, cast["admin"])
    assert_good_page(client.get("/practice/calls/new/"))
    client.post(
        "/practice/calls/new/",
        {
            "title": "Child exploitation 2026",
            "scope": "CCE",
            "opens_on": "2026-01-01",
            "closes_on": "2030-01-01",
        },
    )
    from practice.models import Call

    call = Call.objects.get()
    page = _as(client, cast["editor_a"]).get(f"/practice/calls/{call.pk}/")
    assert_good_page(page)
    assert f"/practice/examples/new/?call={call.pk}" in page.content.decode()
    form = client.get(f"/practice/examples/new/?call={call.pk}")
    assert f'<option value="{call.pk}" selected>' in form.content.decode()
    client.post(f"/practice/examples/new/?call={call.pk}", _form(call=str(call.pk)))
    assert Example.objects.get().call == call
    assert_good_page(client.get("/practice/calls/"))


def test_a_flagged_answer_becomes_a_draft_example_linked_both_ways(client, cast):
    from benchmarking.models import Answer, Return
    from benchmarking.tests.factories import open_exercise

    exercise = open_exercise(cast["admin"])
    record = Return.objects.get(exercise=exercise, organisation__slug=NORFOLK)
    answer = record.answers.first()
    client = _as(client, cast["editor_a"])
    Answer.objects.filter(pk=answer.pk).update(
        promising_practice=True, what_we_are_doing="A daily risk meeting."
    )
    hidden = client.get(f"/practice/from-answer/{answer.pk}/")
    assert (
        "not been flagged" not in hidden.content.decode()
        and "is published with the national picture" in hidden.content.decode()
    )
    assert client.post(f"/practice/from-answer/{answer.pk}/").status_code == 403, "not before publication"
    type(exercise).objects.filter(pk=exercise.pk).update(status="published")
    Answer.objects.filter(pk=answer.pk).update(promising_practice=False)
    page = client.get(f"/practice/from-answer/{answer.pk}/")
    assert page.status_code == 200 and "has not been flagged" in page.content.decode()
    assert client.post(f"/practice/from-answer/{answer.pk}/").status_code == 400
    Answer.objects.filter(pk=answer.pk).update(promising_practice=True)
    assert_good_page(client.get(f"/practice/from-answer/{answer.pk}/"))
    made = client.post(f"/practice/from-answer/{answer.pk}/")
    item = Example.objects.get()
    assert made.url == f"/practice/examples/{item.pk}/"
    assert item.source_answer_id == answer.pk and item.status == "draft"
    assert item.what_was_done == "A daily risk meeting." and list(item.actions.all()) == [answer.action]
    assert f"/benchmarking/returns/{record.pk}/answers/{answer.pk}/" in client.get(made.url).content.decode()
    assert (
        "Share it in the practice library"
        in client.get(f"/benchmarking/returns/{record.pk}/answers/{answer.pk}/").content.decode()
    )
    client.post(f"/practice/from-answer/{answer.pk}/")
    assert Example.objects.count() == 1, "one example per answer"
    assert _as(client, cast["lead_b"]).get(f"/practice/from-answer/{answer.pk}/").status_code == 404


def test_finding_help_lists_practice_and_forces_that_can_share(client, cast, norfolk, kent):
    from benchmarking import services as benchmarking
    from benchmarking.models import Answer, Return
    from benchmarking.tests.factories import open_exercise

    exercise = open_exercise(cast["admin"])
    own = Return.objects.get(exercise=exercise, organisation=norfolk).answers.get(action__code="2.2.1")
    benchmarking.answer_save(
        answer=own,
        by=cast["editor_a"],
        revision=own.revision,
        values={"rating": 1, "what_we_are_doing": "Little", "can_share": False, "sees_gap": True},
    )
    theirs = Return.objects.get(exercise=exercise, organisation=kent).answers.get(action__code="2.2.1")
    Answer.objects.filter(pk=theirs.pk).update(rating=5, can_share=True, share_contact="kit@kent.police.uk")
    Return.objects.filter(pk=theirs.return_record_id).update(status=Return.Status.SUBMITTED, share_name=True)
    # Two more forces said they can share, but one never submitted and one chose not to be named.
    for slug, status, named, contact in [
        ("essex-police", Return.Status.IN_PROGRESS, True, "draft@essex.police.uk"),
        ("suffolk-constabulary", Return.Status.SUBMITTED, False, "quiet@suffolk.police.uk"),
    ]:
        record = Return.objects.get(exercise=exercise, organisation__slug=slug)
        Return.objects.filter(pk=record.pk).update(status=status, share_name=named)
        record.answers.filter(action__code="2.2.1").update(rating=5, can_share=True, share_contact=contact)
    benchmarking.exercise_close(exercise=exercise, by=cast["admin"])
    benchmarking.exercise_publish(
        exercise=exercise, by=cast["admin"], reason="Published with returns missing, as a test."
    )
    published(kent, cast["lead_b"], cast["analyst"], title="Kent referral hub")
    page = _as(client, cast["viewer_a"]).get(f"/practice/help/{NORFOLK}/")
    assert_good_page(page)
    html = page.content.decode()
    assert "2.2.1" in html and "Kent referral hub" in html and "kit@kent.police.uk" in html
    assert "Essex" not in html and "draft@essex.police.uk" not in html
    assert "Suffolk" not in html and "quiet@suffolk.police.uk" not in html
    assert _as(client, cast["lead_b"]).get(f"/practice/help/{NORFOLK}/").status_code == 404


def _upload(rows, name="examples.csv"):
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode())


HEADINGS = [
    "Force",
    "Title",
    "Summary",
    "What was done",
    "Vulnerability strands",
    "Actions",
    "Evidence stage",
    "Outcome",
    "Contact email",
]


def test_the_national_team_imports_assessed_examples_all_or_nothing(client, cast):
    client = _as(client, cast["admin"])
    assert_good_page(client.get("/practice/import/"))
    bad = _upload(
        [
            HEADINGS,
            [
                "Norfolk Constabulary",
                "Good row",
                "Fine.",
                "Did it",
                "Domestic abuse",
                "2.2.1",
                "Evaluated locally",
                "Worked",
                "",
            ],
            [
                "Atlantis Police",
                "Bad force",
                "Fine.",
                "Did it",
                "Domestic abuse",
                "9.9.9",
                "",
                "",
                "not-an-email",
            ],
            ["Kent Police", "Too long", "w " * 120, "Did it", "Unicorns", "2.2.1", "Peer reviewed", "", ""],
        ]
    )
    refused = client.post("/practice/import/", {"file": bad})
    assert refused.status_code == 400
    assert_good_page(refused)
    html = refused.content.decode()
    for expected in [
        "Row 3, column “Force”: “Atlantis Police” is not a force",
        "Row 3, column “Actions”: Unknown action code “9.9.9”",
        "Row 3, column “Contact email”",
        "Row 4, column “Summary”: The summary must be 100 words or fewer",
        "Row 4, column “Vulnerability strands”: “Unicorns” is not a vulnerability strand",
        "Row 4, column “Evidence stage”",
    ]:
        assert expected in html, expected
    assert not Example.objects.exists() and not LibraryEntry.objects.exists()
    assert (
        client.post("/practice/import/", {"file": SimpleUploadedFile("x.csv", b"Title\nOnly\n")}).status_code
        == 400
    )
    good = _upload(
        [
            HEADINGS,
            [
                "Norfolk Constabulary",
                "Good row",
                "Fine.",
                "Did it",
                "Domestic abuse; Mental health",
                "2.2.1; 2.1.1",
                "Independently evaluated",
                "Worked",
                "a@b.police.uk",
            ],
        ]
    )
    assert client.post("/practice/import/", {"file": good}).status_code == 302
    entry = LibraryEntry.objects.get()
    assert entry.evidence_stage == "independent" and {a.code for a in entry.actions.all()} == {
        "2.1.1",
        "2.2.1",
    }
    assert Decision.objects.get().kind == "imported"
    assert _as(client, cast["editor_a"]).get("/practice/import/").status_code == 403


def test_word_search_is_ranked_paged_and_counted_in_the_database(client, cast, norfolk, kent, monkeypatch):
    from practice import library

    plain = {"summary": "A weekly review.", "problem": "Gaps.", "what_was_done": "Reviews.", "partners": ""}
    published(
        norfolk,
        cast["editor_a"],
        cast["analyst"],
        **plain | {"title": "Body mention", "what_was_done": "Triage."},
    )
    published(
        kent,
        cast["lead_b"],
        cast["analyst"],
        **plain | {"title": "Summary mention", "summary": "Daily triage."},
    )
    published(kent, cast["lead_b"], cast["analyst"], **plain | {"title": "Triage desk"})
    published(kent, cast["lead_b"], cast["analyst"], **plain | {"title": "Unrelated clinic"})
    client = _as(client, cast["viewer_a"])
    page = client.get("/practice/?q=triaged").context  # a stemmed form of the word
    assert [e.title for e in page["results"]] == ["Triage desk", "Summary mention", "Body mention"]
    assert page["total"] == 3
    force_counts = {
        o["label"]: o["count"] for f in page["facets"] if f["key"] == "force" for o in f["options"]
    }
    assert force_counts == {"Kent Police": 2, "Norfolk Constabulary": 1}
    # Two to a page: the second page holds the third, read with LIMIT/OFFSET.
    monkeypatch.setattr(library, "PAGE_SIZE", 2)
    second = client.get("/practice/?q=triage&page=2").context
    assert [e.title for e in second["results"]] == ["Body mention"] and second["pages"] == 2
    core_cache.clear()
    with CaptureQueriesContext(connection) as queries:
        client.get("/practice/?q=triage&page=2")
    listed = [q["sql"] for q in queries if 'FROM "practice_libraryentry"' in q["sql"] and "LIMIT" in q["sql"]]
    assert len(listed) == 1 and "OFFSET 2" in listed[0]
    with CaptureQueriesContext(connection) as again:
        html = client.get("/practice/?q=triage&page=2").content.decode()
    assert "Body mention" in html and "Triage desk" not in html
    assert not [q for q in again if "OFFSET" in q["sql"]], "the page's results kept until the library changes"
    assert not [q for q in again if "practice_libraryentry" in q["sql"]], "drawn once, then kept as drawn"


def test_the_landing_counts_are_made_when_the_library_changes_not_when_first_read(client, cast, norfolk):
    from conftest import run_queued_tasks

    published(norfolk, cast["editor_a"], cast["analyst"])
    run_queued_tasks()
    client = _as(client, cast["viewer_a"])
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/practice/").context
    assert page["total"] == 1
    assert not [q for q in queries if "facet_keys" in q["sql"]], "counted by the worker already"


def test_cached_counts_follow_publication_and_removal(client, cast, norfolk, kent):
    first = published(norfolk, cast["editor_a"], cast["analyst"])
    client = _as(client, cast["viewer_a"])
    assert client.get("/practice/").context["total"] == 1
    published(kent, cast["lead_b"], cast["analyst"], title="Kent clinic")
    assert client.get("/practice/").context["total"] == 2
    LibraryEntry.objects.filter(pk=first.library_entry.pk).delete()
    assert client.get("/practice/").context["total"] == 1


def test_library_exports_are_sent_as_written_not_built_in_memory(client, cast, norfolk, kent):
    from django.core.signals import request_finished
    from django.db import close_old_connections
    from django.http import FileResponse

    from core.downloads import xlsx_download
    from practice import exports

    published(norfolk, cast["editor_a"], cast["analyst"])
    published(kent, cast["lead_b"], cast["analyst"], title="Kent clinic")
    client = _as(client, cast["viewer_a"])
    response = client.get("/practice/library/export.csv")
    assert response.streaming and response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(body(response).decode())))
    assert sorted(row[0] for row in rows[1:]) == ["Kent clinic", "Referral quality clinic"]
    workbook = client.get("/practice/library/export.xlsx")
    assert isinstance(workbook, FileResponse) and workbook.streaming
    assert "Kent clinic" in _xlsx_text(body(workbook))
    # Written to a temporary file with no name on disk, sent in pieces, then closed.
    direct = xlsx_download(exports.rows(LibraryEntry.objects.all(), contacts=False), "Sheet", "f.xlsx")
    file = direct.file_to_stream
    assert isinstance(file.name, int)
    assert "Kent clinic" in _xlsx_text(b"".join(direct.streaming_content))
    # Closing a response ends the request (request_finished), which would close the test's
    # own database connection: kept open here, as Django's test client keeps it.
    request_finished.disconnect(close_old_connections)
    try:
        direct.close()
    finally:
        request_finished.connect(close_old_connections)
    assert file.closed
    # The rows come from the database a chunk at a time.
    original, exports.CHUNK = exports.CHUNK, 1
    try:
        with CaptureQueriesContext(connection) as queries:
            assert len(list(exports.rows(LibraryEntry.objects.all(), contacts=False))) == 3
    finally:
        exports.CHUNK = original
    # One entry per chunk: the strands are read once per chunk, so once per entry.
    assert len([q for q in queries if 'FROM "practice_strand"' in q["sql"]]) == 2


def test_a_library_export_imports_into_another_library(client, cast, norfolk):
    published(norfolk, cast["editor_a"], cast["analyst"])
    exported = body(_as(client, cast["admin"]).get("/practice/library/export.xlsx"))
    Example.objects.all().delete()
    assert (
        client.post("/practice/import/", {"file": SimpleUploadedFile("library.xlsx", exported)}).status_code
        == 302
    )
    entry = LibraryEntry.objects.get()
    assert entry.title == "Referral quality clinic" and entry.contact_email == "sam.clinic@norfolk.police.uk"
    assert [s.slug for s in entry.strands.all()] == ["child-protection"]


def test_assessing_an_example_not_waiting_says_so_and_changes_nothing(client, cast, norfolk):
    from practice.tests.factories import example

    item = example(norfolk, cast["editor_a"])
    client = _as(client, cast["analyst"])
    page = client.get(f"/practice/examples/{item.pk}/assess/")
    assert_good_page(page)
    assert page.status_code == 200 and "This example is not waiting for assessment" in page.content.decode()
    assert "Record the decision" not in page.content.decode()
    posted = client.post(f"/practice/examples/{item.pk}/assess/", {"decision": "publish", "note": ""})
    assert posted.status_code == 400 and "govuk-error-summary" in posted.content.decode()
    item.refresh_from_db()
    assert item.status == "draft"


def test_an_example_whose_owner_has_gone_says_nobody_owns_it(client, cast, norfolk):
    from practice.models import Example
    from practice.tests.factories import example

    item = example(norfolk, cast["editor_a"])
    Example.objects.filter(pk=item.pk).update(owner=None)  # as when the owner leaves the force
    page = _as(client, cast["lead_a"]).get(f"/practice/examples/{item.pk}/")
    assert_good_page(page)
    assert "Nobody yet" in page.content.decode()
