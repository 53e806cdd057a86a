"""Briefings: drawn from published learning, counted, published to forces, and answered."""

from datetime import date

from casereviews import services
from casereviews.models import Briefing, BriefingResponse
from casereviews.tests.factories import a_review, action, published, theme
from core.models import Notification
from core.testing import assert_good_page, with_version

ONCE = "5b1c4a52-9a51-4c1e-9a57-2f1f0f3f8b11"


def _form(**overrides):
    data = {
        "kind": "quarterly",
        "title": "Learning from 2024",
        "period_from_day": "1",
        "period_from_month": "1",
        "period_from_year": "2024",
        "period_to_day": "31",
        "period_to_month": "12",
        "period_to_year": "2024",
        "commentary": "Most learning concerns risk across repeated contacts.",
        "once": ONCE,
    }
    data.update(overrides)
    return data


def _repository(by):
    """Two included reviews with learning on 2.2.1 and 2.4.1 in 2024, one screened out, one
    waiting, and one included review of 2023."""
    published(by, text="Repeat calls were not linked.", code="2.2.1", kind="dhr")
    published(
        by,
        text="The child was not seen alone.",
        code="2.4.1",
        kind="cspr",
        report_url="https://www.example.org/2.pdf",
    )
    published(by, text="Outside the period.", code="2.2.1", published_on=date(2023, 6, 1), incident_on=None)
    out = a_review(by, included=False, police_contact="no", kind="sar")
    services.review_screen(review=out, by=by, include=False, reason="No police contact.")
    a_review(by, included=False, kind="dhr")


def test_a_briefing_counts_what_was_examined_and_draws_on_its_period(client, cast):
    _repository(cast["analyst"])
    client.force_login(cast["analyst"])
    assert_good_page(client.get("/case-reviews/briefings/new/"))
    sent = client.post("/case-reviews/briefings/new/", _form())
    briefing = Briefing.objects.get()
    assert sent.status_code == 302 and client.post("/case-reviews/briefings/new/", _form()).status_code == 302
    assert Briefing.objects.count() == 1, "a double click makes one briefing"
    page = client.get(f"/case-reviews/briefings/{briefing.pk}/")
    assert_good_page(page)
    assert page.context["counts"]["examined"] == 3 and page.context["counts"]["included"] == 2
    html = page.content.decode()
    assert "3 reviews examined, 2 included" in html
    assert "Repeat calls were not linked." in html and "Outside the period." not in html
    # Filtered to one action: only its learning; the counts are of the reviews in the period.
    edit = f"/case-reviews/briefings/{briefing.pk}/edit/"
    data = with_version(client, edit, {**_form(), "action_codes": ["2.4.1"]})
    assert client.post(edit, data).status_code == 302
    page = client.get(f"/case-reviews/briefings/{briefing.pk}/").content.decode()
    assert "The child was not seen alone." in page and "Repeat calls were not linked." not in page


def test_forces_never_see_a_draft_briefing(client, cast):
    _repository(cast["analyst"])
    briefing = services.briefing_create(
        by=cast["analyst"],
        fields={
            "kind": "quarterly",
            "title": "Draft",
            "period_from": date(2024, 1, 1),
            "period_to": date(2024, 12, 31),
            "review_kinds": [],
            "action_codes": [],
            "commentary": "",
        },
    )
    client.force_login(cast["lead_a"])
    assert client.get(f"/case-reviews/briefings/{briefing.pk}/").status_code == 404
    assert client.get(f"/case-reviews/briefings/{briefing.pk}/pdf/").status_code == 404
    assert "Draft" not in client.get("/case-reviews/briefings/").content.decode()


def test_bad_input_on_a_briefing_is_explained_and_nothing_is_written(client, cast):
    client.force_login(cast["analyst"])
    for overrides, message in [
        ({"title": ""}, "Give the briefing a title"),
        ({"kind": "monthly"}, "Choose a quarterly or spotlight briefing"),
        ({"period_to_year": "2023"}, "The end of the period must be on or after its start"),
        ({"period_from_month": "13"}, "The start of the period must be a real date"),
        ({"review_kinds": ["gossip"]}, "Choose types from the list"),
        ({"action_codes": ["9.9.9"]}, "Choose actions from the list"),
    ]:
        page = client.post("/case-reviews/briefings/new/", _form(once="", **overrides))
        assert page.status_code == 400 and message in page.content.decode(), overrides
    assert not Briefing.objects.exists()


def test_publishing_fixes_the_counts_tells_forces_and_they_respond(client, cast):
    _repository(cast["analyst"])
    briefing = services.briefing_create(
        by=cast["analyst"],
        fields={
            "kind": "spotlight",
            "title": "Spotlight: repeat calls",
            "period_from": date(2024, 1, 1),
            "period_to": date(2024, 12, 31),
            "review_kinds": [],
            "action_codes": [],
            "commentary": "Look again.",
        },
        themes=[theme()],
    )
    client.force_login(cast["analyst"])
    url = f"/case-reviews/briefings/{briefing.pk}/publish/"
    assert_good_page(client.get(url))
    assert client.post(url).status_code == 302
    briefing.refresh_from_db()
    assert briefing.counts["included"] == 2 and briefing.points.count() == 2
    assert Notification.objects.filter(user=cast["lead_a"], kind="casereviews").count() == 1
    assert not Notification.objects.filter(user=cast["inspector"]).exists()
    # Later learning does not change a published briefing.
    published(cast["analyst"], text="Published afterwards.", report_url="https://www.example.org/3.pdf")
    assert (
        "Published afterwards." not in client.get(f"/case-reviews/briefings/{briefing.pk}/").content.decode()
    )
    pdf = client.get(f"/case-reviews/briefings/{briefing.pk}/pdf/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    # The force's editor records its response and makes it an impact plan activity.
    client.force_login(cast["editor_a"])
    page = client.get(f"/case-reviews/briefings/{briefing.pk}/")
    assert_good_page(page)
    respond = {
        "organisation": str(cast["editor_a"].memberships.get().organisation_id),
        "action": str(action("2.2.1").pk),
        "text": "Call history now shown to attending officers.",
        "as_activity": "on",
        "once": ONCE,
    }
    bad = client.post(f"/case-reviews/briefings/{briefing.pk}/", {**respond, "text": "", "once": ""})
    assert bad.status_code == 400 and "Say what the force has done or will do" in bad.content.decode()
    assert client.post(f"/case-reviews/briefings/{briefing.pk}/", respond).status_code == 302
    assert client.post(f"/case-reviews/briefings/{briefing.pk}/", respond).status_code == 302
    response = BriefingResponse.objects.get()
    assert response.impact_activity is not None and response.impact_activity.text.startswith(
        "Call history now shown"
    )
    # The viewer cannot respond; another force never sees Norfolk's response.
    client.force_login(cast["viewer_a"])
    assert client.post(f"/case-reviews/briefings/{briefing.pk}/", respond).status_code == 403
    client.force_login(cast["lead_b"])
    assert (
        "Call history now shown" not in client.get(f"/case-reviews/briefings/{briefing.pk}/").content.decode()
    )
    assert client.get(f"/case-reviews/briefings/{briefing.pk}/responses/{response.pk}/").status_code == 404
    # The national team sees who has responded and who has not.
    client.force_login(cast["analyst"])
    page = client.get(f"/case-reviews/briefings/{briefing.pk}/")
    answered = page.context["answered"]
    assert [f.slug for f in answered["yes"]] == ["norfolk-constabulary"]
    assert "kent-police" in [f.slug for f in answered["no"]]


def test_a_response_is_changed_with_history_and_clashes_are_caught(client, cast):
    _repository(cast["analyst"])
    briefing = services.briefing_create(
        by=cast["analyst"],
        fields={
            "kind": "quarterly",
            "title": "2024",
            "period_from": date(2024, 1, 1),
            "period_to": date(2024, 12, 31),
            "review_kinds": [],
            "action_codes": [],
            "commentary": "",
        },
    )
    briefing = services.briefing_publish(briefing=briefing, by=cast["analyst"])
    response = services.response_add(
        briefing=briefing,
        organisation=cast["editor_a"].memberships.get().organisation,
        action=action("2.2.1"),
        by=cast["editor_a"],
        text="First.",
    )
    url = f"/case-reviews/briefings/{briefing.pk}/responses/{response.pk}/"
    client.force_login(cast["editor_a"])
    mine = with_version(client, url, {"text": "Second."})
    theirs = with_version(client, url, {"text": "Third."})
    assert client.post(url, mine).status_code == 302
    clash = client.post(url, theirs)
    assert clash.status_code == 400 and "saved this after you opened it" in clash.content.decode()
    page = client.get(url)
    assert_good_page(page)
    assert "First. → Second." in page.content.decode()
