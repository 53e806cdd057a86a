"""The review team's fieldwork log and findings, and who reads them."""

import pytest

from core.testing import assert_good_page
from framework.models import Action
from reviews import services
from reviews.models import FieldworkEntry, Finding, PeerReview
from reviews.tests.factories import a_review


@pytest.fixture
def review(cast):
    review = a_review(cast["lead_a"], codes=("2.4.1", "2.6.2"))
    services.review_decide(review=review, by=cast["admin"], accept=True)
    services.team_member_add(
        review=review, by=cast["admin"], user=cast["analyst"], role="lead", no_conflict=True
    )
    return review


def _action(code):
    return Action.objects.get(version__framework__slug="nvap", version__label="3", code=code)


def _entry(**overrides):
    data = {
        "kind": "interview",
        "held_on_day": "10",
        "held_on_month": "5",
        "held_on_year": "2027",
        "participants": "Three response officers and a sergeant",
        "notes": "Officers knew the victims' code but not who updates victims.",
        "actions": [str(_action("2.4.1").pk)],
        "once": "9a1c2e3f-4b5d-4e6f-8a9b-0c1d2e3f4a5b",
    }
    data.update(overrides)
    return data


def test_the_team_records_fieldwork_and_the_review_moves_into_it(client, cast, review):
    client.force_login(cast["analyst"])
    url = f"/reviews/{review.pk}/fieldwork/"
    assert_good_page(client.get(url))
    assert client.post(url, _entry()).status_code == 302
    assert client.post(url, _entry()).status_code == 302 and FieldworkEntry.objects.count() == 1, (
        "recorded once"
    )
    review.refresh_from_db()
    assert review.status == PeerReview.Status.FIELDWORK
    entry = FieldworkEntry.objects.get()
    assert [a.code for a in entry.actions.all()] == ["2.4.1"] and entry.created_by == cast["analyst"]
    assert "Officers knew the victims" in client.get(url).content.decode()


def test_bad_fieldwork_is_explained_and_nothing_is_written(client, cast, review):
    client.force_login(cast["analyst"])
    url = f"/reviews/{review.pk}/fieldwork/"
    for data, message in [
        (_entry(kind="gossip"), "Choose from the list"),
        (_entry(participants=""), "Say who took part, by role"),
        (_entry(notes=""), "Write what was found"),
        (_entry(actions=[]), "Choose which of the review"),
        (_entry(actions=[str(_action("2.2.1").pk)]), "Choose one of the review"),
        (_entry(held_on_day="31", held_on_month="2"), "must be a real date"),
    ]:
        page = client.post(url, data)
        assert page.status_code == 400, message
        assert message in page.content.decode(), message
    assert not FieldworkEntry.objects.exists()
    client.force_login(cast["lead_a"])
    assert client.post(url, _entry(once="")).status_code == 403, "the force does not write the team's log"


def test_case_audit_notes_stay_inside_the_review_team(client, cast, review):
    services.fieldwork_add(
        review=review,
        by=cast["analyst"],
        kind="case_audit",
        held_on=review.created_at.date(),
        participants="Ten case files",
        notes="Case 4: no contact for 40 days.",
        actions=[_action("2.4.1")],
    )
    services.fieldwork_add(
        review=review,
        by=cast["analyst"],
        kind="interview",
        held_on=review.created_at.date(),
        participants="Two victim care officers",
        notes="Scripts are out of date.",
        actions=[_action("2.4.1")],
    )
    url = f"/reviews/{review.pk}/fieldwork/"
    client.force_login(cast["analyst"])
    html = client.get(url).content.decode()
    assert "Case 4: no contact" in html and "Scripts are out of date." in html
    client.force_login(cast["admin"])  # runs reviews, but is not on this team
    html = client.get(url).content.decode()
    assert "Case 4: no contact" not in html and "stay inside the review team" in html
    assert "Scripts are out of date." in html
    client.force_login(cast["lead_a"])
    html = client.get(url).content.decode()
    assert "Case 4: no contact" not in html and "Scripts are out of date." not in html
    assert "Ten case files" in html, "the force sees what was done, not the notes"
    client.force_login(cast["lead_b"])
    assert client.get(url).status_code == 404


def test_findings_are_recorded_with_what_is_behind_them(client, cast, review):
    entry = services.fieldwork_add(
        review=review,
        by=cast["analyst"],
        kind="focus_group",
        held_on=review.created_at.date(),
        participants="Six victims' advocates",
        notes="Updates are patchy.",
        actions=[_action("2.4.1")],
    )
    client.force_login(cast["analyst"])
    url = f"/reviews/{review.pk}/findings/"
    assert_good_page(client.get(url))
    base = {
        "kind": "opportunity",
        "action": str(_action("2.4.1").pk),
        "text": "Victims are not always updated.",
    }
    missing = client.post(url, {**base, "suggested_step": ""})
    assert missing.status_code == 400 and "Suggest a step" in missing.content.decode()
    off = client.post(url, {**base, "action": str(_action("2.2.1").pk), "suggested_step": "x"})
    assert off.status_code == 400 and "Choose one of the review" in off.content.decode()
    assert not Finding.objects.exists()
    saved = client.post(
        url,
        {**base, "suggested_step": "Name an owner for each victim's updates.", "fieldwork": [str(entry.pk)]},
    )
    assert saved.status_code == 302
    finding = Finding.objects.get()
    assert list(finding.fieldwork.all()) == [entry] and finding.created_by == cast["analyst"]
    client.post(
        url,
        {"kind": "strength", "action": str(_action("2.6.2").pk), "text": "Clear standards on officer norms."},
    )
    html = client.get(url).content.decode()
    assert "Opportunity for improvement" in html and "Name an owner" in html and "Strength" in html
    # The force reads the findings once the report is drafted for it.
    client.force_login(cast["lead_a"])
    assert client.get(url).status_code == 403
    PeerReview.objects.filter(pk=review.pk).update(status=PeerReview.Status.REPORTING)
    assert "Name an owner" in client.get(url).content.decode()
    assert client.post(url, {**base, "suggested_step": "x"}).status_code == 403


def test_the_reviews_history_shows_findings_only_once_the_force_has_them(client, cast, review):
    services.evidence_request_add(
        review=review,
        by=cast["analyst"],
        title="Contact policy",
        kind="policy",
        due_on=review.created_at.date(),
    )
    services.fieldwork_add(
        review=review,
        by=cast["analyst"],
        kind="case_audit",
        held_on=review.created_at.date(),
        participants="Ten files",
        notes="Case 4: no contact.",
        actions=[_action("2.4.1")],
    )
    services.finding_add(
        review=review, by=cast["analyst"], kind="strength", action=_action("2.4.1"), text="Secret strength."
    )
    client.force_login(cast["lead_a"])
    page = client.get(f"/reviews/{review.pk}/").content.decode()
    assert "Evidence: Contact policy" in page
    assert "Secret strength." not in page and "Case 4" not in page
    client.force_login(cast["analyst"])
    page = client.get(f"/reviews/{review.pk}/").content.decode()
    assert "Finding: Secret strength." in page and "Case 4" not in page
