"""Recording, screening and describing reviews: the national team's pages."""

from casereviews.models import CaseReview, Subject
from casereviews.tests.factories import a_review
from core.testing import assert_good_page, with_version

ONCE = "3f1c4a52-9a51-4c1e-9a57-2f1f0f3f8b11"


def _form(**overrides):
    data = {
        "kind": "cspr",
        "nation": "england",
        "partnership": "Testshire Safeguarding Children Partnership",
        "force": "",
        "published_on_day": "14",
        "published_on_month": "2",
        "published_on_year": "2024",
        "report_url": "https://www.example.org/reviews/child-a.pdf",
        "pseudonym": "Child A",
        "police_contact": "yes",
        "subject-age_band": "6_10",
        "subject-sex": "female",
        "subject-ethnicity": "not_recorded",
        "once": ONCE,
    }
    data.update(overrides)
    return data


def test_an_analyst_records_a_review_once_however_often_it_is_sent(client, cast):
    client.force_login(cast["analyst"])
    assert_good_page(client.get("/case-reviews/reviews/new/"))
    sent = client.post("/case-reviews/reviews/new/", _form())
    review = CaseReview.objects.get()
    assert sent.status_code == 302 and sent["Location"] == f"/case-reviews/reviews/{review.pk}/"
    assert (review.kind, review.screening, review.pseudonym, str(review.published_on)) == (
        "cspr",
        "to_screen",
        "Child A",
        "2024-02-14",
    )
    assert [(s.age_band, s.sex, s.ethnicity) for s in review.subjects.all()] == [
        ("6_10", "female", "not_recorded")
    ]
    assert client.post("/case-reviews/reviews/new/", _form()).status_code == 302
    assert CaseReview.objects.count() == 1, "a double click records one review"
    page = client.get(f"/case-reviews/reviews/{review.pk}/")
    assert_good_page(page)
    assert "Not screened yet" in page.content.decode()


def test_bad_input_on_the_record_form_is_explained_and_nothing_is_written(client, cast):
    client.force_login(cast["analyst"])
    for overrides, message in [
        ({"kind": ""}, "Choose the type of review"),
        ({"kind": "gossip"}, "Choose the type of review"),
        ({"partnership": ""}, "Enter the commissioning partnership"),
        ({"published_on_day": "31", "published_on_month": "2"}, "The date published must be a real date"),
        ({"published_on_day": ""}, "The date published must include a day"),
        ({"report_url": "not an address"}, "Enter an address like https://www.example.org/review.pdf"),
        ({"police_contact": ""}, "Say whether police were in contact before the incident"),
        (
            {"incident_on_day": "1", "incident_on_month": "1", "incident_on_year": "2025"},
            "The date of the incident must be on or before the date published",
        ),
        ({"joint_with": "12, twelve"}, "Give record numbers only, separated by commas"),
        ({"joint_with": "999999"}, "There is no review numbered 999999"),
        ({"joint_with": "99999999999999999999"}, "There is no review numbered 99999999999999999999"),
        ({"force": "999999"}, "Choose a force from the list"),
        ({"subject-sex": "robot"}, "Choose the sex (or not recorded)"),
        ({"pseudonym": "x" * 101}, "Use 100 characters or fewer"),
    ]:
        page = client.post("/case-reviews/reviews/new/", _form(**overrides))
        assert page.status_code == 400, overrides
        assert message in page.content.decode(), overrides
        assert_good_page(page)
    assert not CaseReview.objects.exists() and not Subject.objects.exists()


def test_a_force_cannot_reach_the_national_pages(client, cast):
    review = a_review(cast["analyst"], included=False)
    client.force_login(cast["lead_a"])
    for url in [
        "/case-reviews/reviews/",
        "/case-reviews/reviews/new/",
        f"/case-reviews/reviews/{review.pk}/",
        "/case-reviews/themes/",
    ]:
        assert client.get(url).status_code in (403, 404), url
    client.force_login(cast["analyst"])
    assert client.get("/case-reviews/reviews/").status_code == 200


def test_screening_in_needs_police_contact_and_screening_out_needs_a_reason(client, cast):
    client.force_login(cast["analyst"])
    review = a_review(cast["analyst"], included=False, police_contact="no")
    url = f"/case-reviews/reviews/{review.pk}/screen/"
    assert_good_page(client.get(url))
    refused = client.post(url, {"decision": "include"})
    assert refused.status_code == 400
    assert (
        "Only reviews where police were in contact before the incident can be included"
        in refused.content.decode()
    )
    no_reason = client.post(url, {"decision": "exclude", "reason": " "})
    assert no_reason.status_code == 400 and "Say why the review is screened out" in no_reason.content.decode()
    review.refresh_from_db()
    assert review.screening == "to_screen"
    assert client.post(url, {"decision": "exclude", "reason": "No police contact."}).status_code == 302
    review.refresh_from_db()
    assert (review.screening, review.exclusion_reason) == ("excluded", "No police contact.")
    history = client.get(f"/case-reviews/reviews/{review.pk}/").content.decode()
    assert "Not screened yet → Screened out" in history


def test_two_people_changing_one_record_are_both_told(client, cast):
    review = a_review(cast["analyst"])
    url = f"/case-reviews/reviews/{review.pk}/edit/"
    client.force_login(cast["analyst"])
    data = with_version(client, url, {**_form(), "partnership": "First change"})
    data.pop("once")
    second = with_version(client, url, {**_form(), "partnership": "Second change"})
    second.pop("once")
    assert client.post(url, data).status_code == 302
    clash = client.post(url, second)
    assert clash.status_code == 400
    assert "saved this after you opened it" in clash.content.decode()
    review.refresh_from_db()
    assert review.partnership == "First change"


def test_subjects_and_recommendations_are_added_and_removed_with_history(client, cast):
    from casereviews.tests.factories import coded

    review = a_review(cast["analyst"])
    coding = coded(review, cast["analyst"])
    client.force_login(cast["analyst"])
    url = f"/case-reviews/reviews/{review.pk}/"
    added = client.post(
        url,
        {
            "step": "subject",
            "subject-age_band": "75_plus",
            "subject-sex": "male",
            "subject-ethnicity": "white",
            "subject-once": ONCE,
        },
    )
    assert added.status_code == 302
    subject = review.subjects.get()
    bad = client.post(url, {"step": "recommendation", "text": "", "addressee": "police"})
    assert bad.status_code == 400 and "Write the recommendation" in bad.content.decode()
    point = coding.points.get()
    made = client.post(
        url,
        {
            "step": "recommendation",
            "text": "Review repeat calls together.",
            "addressee": "police_partners",
            "points": [point.pk],
        },
    )
    assert made.status_code == 302
    recommendation = review.recommendations.get()
    assert (recommendation.addressee, list(recommendation.points.all())) == ("police_partners", [point])
    remove = f"/case-reviews/reviews/{review.pk}/subjects/{subject.pk}/remove/"
    assert_good_page(client.get(remove))
    assert Subject.objects.filter(pk=subject.pk).exists(), "asking first removes nothing"
    assert client.post(remove).status_code == 302
    assert not Subject.objects.filter(pk=subject.pk).exists()
    page = client.get(url).content.decode()
    assert (
        "A subject" in page
        and "Removed by" in page
        and "Recommendation: Review repeat calls together." in page
    )
