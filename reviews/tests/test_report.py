"""The report back: drafted from the findings, checked by the force, made final, as a page and a
tagged PDF that only the force and the national team read."""

import io

import pytest
from pypdf import PdfReader

from framework.models import Action
from reviews import services
from reviews.models import PeerReview, ReportComment
from reviews.tests.factories import a_review


@pytest.fixture
def review(cast):
    review = a_review(cast["lead_a"])
    services.review_decide(review=review, by=cast["admin"], accept=True)
    services.team_member_add(
        review=review, by=cast["admin"], user=cast["analyst"], role="lead", no_conflict=True
    )
    action = Action.objects.get(version__framework__slug="nvap", version__label="3", code="2.4.1")
    services.finding_add(
        review=review,
        by=cast["analyst"],
        kind="strength",
        action=action,
        text="Victims' voices shape training.",
    )
    services.finding_add(
        review=review,
        by=cast["analyst"],
        kind="opportunity",
        action=action,
        text="Updates to victims are patchy.",
        suggested_step="Name an owner for each victim's updates.",
    )
    return review


def test_the_lead_reviewer_drafts_the_force_comments_and_the_report_is_made_final(client, cast, review):
    url = f"/reviews/{review.pk}/report/"
    client.force_login(cast["lead_a"])
    assert "drafts the report after the fieldwork" in client.get(url).content.decode()
    assert client.get(f"{url}pdf/").status_code == 404
    assert client.post(url, {"step": "draft", "summary": "x"}).status_code == 403
    client.force_login(cast["analyst"])
    empty = client.post(url, {"step": "draft", "summary": ""})
    assert empty.status_code == 400 and "Write the report&#x27;s summary" in empty.content.decode()
    assert (
        client.post(url, {"step": "draft", "summary": "A force that listens to victims."}).status_code == 302
    )
    review.refresh_from_db()
    assert review.status == PeerReview.Status.REPORTING and review.report_drafted_at is not None
    client.force_login(cast["lead_a"])
    page = client.get(url).content.decode()
    assert (
        "A force that listens to victims." in page
        and "1 strength, 0 examples of promising practice, 1 opportunity for improvement." in page
    )
    bad = client.post(url, {"step": "comment", "text": ""})
    assert bad.status_code == 400 and "Write your comment" in bad.content.decode()
    once = "3b2a1c0d-9e8f-4a7b-8c6d-5e4f3a2b1c0d"
    assert (
        client.post(
            url, {"step": "comment", "text": "The training date is 2026, not 2025.", "once": once}
        ).status_code
        == 302
    )
    assert (
        client.post(
            url, {"step": "comment", "text": "The training date is 2026, not 2025.", "once": once}
        ).status_code
        == 302
    )
    assert ReportComment.objects.count() == 1, "a double click comments once"
    assert client.post(url, {"step": "finalise"}).status_code == 403, "the lead reviewer finalises"
    client.force_login(cast["analyst"])
    assert "The training date is 2026" in client.get(url).content.decode()
    assert client.post(url, {"step": "finalise"}).status_code == 302
    review.refresh_from_db()
    assert review.status == PeerReview.Status.FOLLOW_UP and review.report_final_at is not None
    again = client.post(url, {"step": "finalise"})
    assert again.status_code == 400 and "Only a report in draft is finalised." in again.content.decode()
    client.force_login(cast["viewer_a"])
    pdf = client.get(f"{url}pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.content))
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "Norfolk Constabulary" in text and "Name an owner for each victim" in text
    client.force_login(cast["lead_b"])
    assert client.get(url).status_code == 404 and client.get(f"{url}pdf/").status_code == 404


def test_a_report_needs_findings_before_it_is_drafted(cast):
    bare = a_review(cast["lead_a"], codes=("2.6.2",))
    services.review_decide(review=bare, by=cast["admin"], accept=True)
    with pytest.raises(services.ReviewError, match="Record the findings before drafting"):
        services.report_draft(review=bare, by=cast["admin"], summary="Nothing yet.")


def test_findings_show_on_the_forces_action_page_and_across_reviews(client, cast, review):
    client.force_login(cast["lead_a"])
    assert "Peer review findings" not in client.get("/plan/nvap/actions/2.4.1/").content.decode(), (
        "not before the draft"
    )
    services.report_draft(review=review, by=cast["analyst"], summary="Summary.")
    page = client.get("/plan/nvap/actions/2.4.1/").content.decode()
    assert "Peer review findings" in page and "Updates to victims are patchy." in page
    client.force_login(cast["lead_b"])
    assert "Updates to victims are patchy." not in client.get("/plan/nvap/actions/2.4.1/").content.decode()
    assert client.get("/reviews/findings/").status_code == 403
    client.force_login(cast["analyst"])
    across = client.get("/reviews/findings/")
    row = next(r for r in across.context["by_action"] if r["action__code"] == "2.4.1")
    assert (row["reviews"], row["strengths"], row["promising"], row["opportunities"]) == (1, 1, 0, 1)


def test_the_review_pages_read_the_same_number_of_queries_however_many_findings(client, cast, review):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core import cache

    services.report_draft(review=review, by=cast["analyst"], summary="Summary.")
    client.force_login(cast["analyst"])
    urls = [
        f"/reviews/{review.pk}/",
        f"/reviews/{review.pk}/findings/",
        f"/reviews/{review.pk}/report/",
        "/reviews/findings/",
    ]

    def counts():
        found = []
        for url in urls:
            cache.clear()
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            found.append(len(queries))
        return found

    before = counts()
    action = review.actions.get()
    PeerReview.objects.filter(pk=review.pk).update(status=PeerReview.Status.FIELDWORK)
    for n in range(10):
        services.finding_add(
            review=review, by=cast["analyst"], kind="promising", action=action, text=f"More {n}."
        )
    other = a_review(cast["lead_b"], slug="kent-police", codes=("2.6.2",))
    services.review_decide(review=other, by=cast["admin"], accept=True)
    services.finding_add(
        review=other, by=cast["admin"], kind="strength", action=other.actions.get(), text="Kent."
    )
    assert counts() == before


def test_the_force_shares_its_final_report_with_named_forces_and_publishes_its_summary(client, cast, review):
    from organisations.models import Organisation

    kent = Organisation.objects.get(slug="kent-police")
    services.report_draft(review=review, by=cast["analyst"], summary="A listening force.")
    url = f"/reviews/{review.pk}/report/"
    client.force_login(cast["lead_a"])
    early = client.post(url, {"step": "share", "forces": [str(kent.pk)]})
    assert early.status_code == 400 and "The report is shared once it is final." in early.content.decode()
    services.report_finalise(review=review, by=cast["analyst"])
    client.force_login(cast["lead_b"])
    assert client.get(url).status_code == 404, "not shared yet"
    client.force_login(cast["lead_a"])
    bad = client.post(
        url, {"step": "share", "forces": [str(Organisation.objects.get(slug="norfolk-constabulary").pk)]}
    )
    assert bad.status_code == 400 and "Choose forces from the list" in bad.content.decode()
    assert (
        client.post(url, {"step": "share", "forces": [str(kent.pk)], "publish_summary": "on"}).status_code
        == 302
    )
    review.refresh_from_db()
    assert list(review.shared_with.all()) == [kent] and review.summary_published
    client.force_login(cast["lead_b"])
    shared = client.get(url)
    assert shared.status_code == 200 and "Updates to victims are patchy." in shared.content.decode()
    assert client.get(f"{url}pdf/").status_code == 200
    assert client.get(f"/reviews/{review.pk}/").status_code == 404, "the report only, not the review"
    assert client.get(f"/reviews/{review.pk}/findings/").status_code == 404
    assert f"/reviews/{review.pk}/report/" in client.get("/reviews/").content.decode()
    client.force_login(cast["inspector"])
    assert client.get(url).status_code == 404
    summary = client.get(f"/reviews/{review.pk}/summary/")
    assert summary.status_code == 200 and "A listening force." in summary.content.decode()
    assert "Updates to victims are patchy." not in summary.content.decode(), "the summary, not the findings"
    client.force_login(cast["lead_a"])
    client.post(url, {"step": "share"})
    review.refresh_from_db()
    assert not review.shared_with.exists() and not review.summary_published, "taken back"
    client.force_login(cast["inspector"])
    assert client.get(f"/reviews/{review.pk}/summary/").status_code == 404


def test_the_force_shares_promising_practice_as_a_draft_example_linked_both_ways(client, cast, review):
    from practice.models import Example
    from reviews.models import Finding

    action = review.actions.get()
    promising = services.finding_add(
        review=review,
        by=cast["analyst"],
        kind="promising",
        action=action,
        text="A victims' panel reviews cases.",
    )
    url = f"/reviews/{review.pk}/findings/"
    client.force_login(cast["editor_a"])
    assert client.post(url, {"step": "example", "finding": str(promising.pk)}).status_code == 403, (
        "before the draft"
    )
    services.report_draft(review=review, by=cast["analyst"], summary="Summary.")
    strength = Finding.objects.get(review=review, kind="strength")
    refused = client.post(url, {"step": "example", "finding": str(strength.pk)})
    assert (
        refused.status_code == 400
        and "Only promising practice becomes a practice example." in refused.content.decode()
    )
    assert client.post(url, {"step": "example", "finding": "nonsense"}).status_code == 404
    made = client.post(url, {"step": "example", "finding": str(promising.pk)})
    example = Example.objects.get()
    assert made.status_code == 302 and made["Location"] == f"/practice/examples/{example.pk}/"
    assert (example.organisation.slug, example.status, example.what_was_done) == (
        "norfolk-constabulary",
        "draft",
        "A victims' panel reviews cases.",
    )
    assert client.post(url, {"step": "example", "finding": str(promising.pk)}).status_code == 302
    assert Example.objects.count() == 1, "once"
    assert "The finding it came from" in client.get(f"/practice/examples/{example.pk}/").content.decode()
    assert "Its practice example" in client.get(url).content.decode()
    client.force_login(cast["analyst"])
    assert client.post(url, {"step": "example", "finding": str(promising.pk)}).status_code == 403, (
        "the force's choice"
    )
