"""A force notifies a death, saves it incomplete and completes it; the national team
questions the category, the force answers, the national team settles it. Bad input is refused
with a message and writes nothing; two people never overwrite each other."""

from datetime import date, timedelta

import pytest

from deaths import services
from deaths.models import FLAGS, AccessLog, Challenge, DeathRecord, Person
from deaths.tests.factories import a_record, verified
from organisations.models import Organisation

FORM = {
    "organisation": "",
    "force_reference": "NFK/24/1234",
    "died_on_day": "3",
    "died_on_month": "5",
    "died_on_year": "2025",
    "category": "suspected_suicide",
    "method": "",
    "location": "",
    "circumstances": "",
    "suspect_arrested": "not_known",
    "charge": "",
    "conclusion": "",
    "review_commissioned": "not_known",
}


@pytest.fixture
def reporter(client, deaths_cast):
    return verified(client, deaths_cast["reporter_a"], reason="notifying")


def _norfolk():
    return str(Organisation.objects.get(slug="norfolk-constabulary").pk)


def test_a_reporter_saves_a_notification_incomplete_then_completes_and_sends_it(reporter, deaths_cast):
    saved = reporter.post("/deaths/notify/", {**FORM, "organisation": _norfolk(), "send": "later"})
    record = DeathRecord.objects.get()
    assert saved.url == f"/deaths/records/{record.pk}/"
    assert (record.status, record.method, record.category) == ("draft", "not_known", "suspected_suicide")
    from core.testing import with_version

    url = f"/deaths/records/{record.pk}/edit/"
    data = with_version(
        reporter, url, {**FORM, "organisation": _norfolk(), "method": "hanging", "send": "now"}
    )
    assert reporter.post(url, data).status_code == 302
    record.refresh_from_db()
    assert (record.status, record.method) == ("notified", "hanging") and record.notified_at
    page = reporter.get(f"/deaths/records/{record.pk}/").content.decode()
    assert "Method:</strong> Not known → Hanging" in page, "the history shows who changed what"
    assert "Status:</strong> Not sent yet → Notified" in page


def test_a_double_clicked_notify_makes_one_record(reporter):
    data = {**FORM, "organisation": _norfolk(), "send": "now", "once": "6f1c2a4e-8d0b-4c1e-9a55-2b1f6f0d7c11"}
    first, second = reporter.post("/deaths/notify/", data), reporter.post("/deaths/notify/", data)
    assert DeathRecord.objects.count() == 1 and first.url == second.url


@pytest.mark.parametrize(
    "change,message",
    [
        ({"force_reference": ""}, "Enter your force&#x27;s reference"),
        ({"force_reference": "x" * 51}, "Use 50 characters or fewer"),
        ({"died_on_day": ""}, "The date of death must include a day"),
        ({"died_on_month": "13"}, "The date of death must be a real date"),
        ({"died_on_year": str(date.today().year + 1)}, "The date of death must be today or in the past"),
        ({"category": "murder"}, "Choose the category"),
        ({"method": "poisoned-by-x"}, "Choose the method from the list"),
        ({"suspect_arrested": "perhaps"}, "Choose whether a suspect was arrested"),
        ({"organisation": "999999"}, "Choose the force"),
        ({"circumstances": "x" * 2001}, "Use 2,000 characters or fewer"),
    ],
)
def test_bad_notifications_are_refused_with_a_message_and_write_nothing(reporter, change, message):
    response = reporter.post("/deaths/notify/", {**FORM, "organisation": _norfolk(), "send": "now", **change})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not DeathRecord.objects.exists()


def test_a_reference_the_force_has_used_is_refused(reporter, deaths_cast):
    a_record(deaths_cast["reporter_a"], reference="NFK/24/1234")
    response = reporter.post("/deaths/notify/", {**FORM, "organisation": _norfolk(), "send": "now"})
    assert (
        response.status_code == 400
        and "already notified a death with this reference" in response.content.decode()
    )
    assert DeathRecord.objects.count() == 1


def test_an_empty_post_is_refused_everywhere_a_reporter_writes(reporter, deaths_cast):
    record = a_record(deaths_cast["reporter_a"])
    for url in (
        "/deaths/notify/",
        f"/deaths/records/{record.pk}/edit/",
        f"/deaths/records/{record.pk}/people/add/",
    ):
        response = reporter.post(url, {})
        assert response.status_code == 400, url
        assert "govuk-error-summary" in response.content.decode()
    assert not Person.objects.exists()


PERSON = {
    "role": "victim",
    "sex": "female",
    "age_band": "25_34",
    "ethnicity": "white",
    "relationship": "not_known",
    "contacts_12m": "2",
    "contacts_5y": "5",
    "risk_level": "high",
    **{f: "not_known" for f in FLAGS},
}


@pytest.mark.parametrize(
    "change,message",
    [
        ({"contacts_12m": "-1"}, "The number of contacts cannot be less than 0"),
        ({"contacts_12m": "two"}, "as a whole number"),
        ({"contacts_5y": "1"}, "enter at least as many"),
        ({"age_band": "ancient"}, "Choose the age band from the list"),
        ({"marac": "maybe"}, "Choose yes, no or not known"),
        ({"role": "witness"}, "Choose who this person is"),
    ],
)
def test_bad_people_are_refused_with_a_message(reporter, deaths_cast, change, message):
    record = a_record(deaths_cast["reporter_a"])
    response = reporter.post(f"/deaths/records/{record.pk}/people/add/", {**PERSON, **change})
    assert response.status_code == 400 and message in response.content.decode()
    assert not Person.objects.exists()


def test_two_people_changing_one_person_lose_nothing(client, deaths_cast):
    from django.test import Client

    from core.testing import with_version

    record = a_record(deaths_cast["reporter_a"])
    person = services.person_add(record=record, by=deaths_cast["reporter_a"], fields={"role": "victim"})
    first = verified(client, deaths_cast["reporter_a"])
    second = verified(Client(), deaths_cast["reporter_a"])
    url = f"/deaths/records/{record.pk}/people/{person.pk}/"
    mine = with_version(first, url, {**PERSON, "sex": "female"})
    theirs = with_version(second, url, {**PERSON, "sex": "male"})
    assert first.post(url, mine).status_code == 302
    clash = second.post(url, theirs)
    assert clash.status_code == 400 and "saved this after you opened it" in clash.content.decode()
    person.refresh_from_db()
    assert person.sex == "female"


def test_the_national_team_questions_the_category_and_the_force_answers(client, deaths_cast):
    from django.test import Client

    record = a_record(deaths_cast["reporter_a"], category="unexpected")
    analyst = verified(client, deaths_cast["deaths_analyst"], reason="validating")
    reporter = verified(Client(), deaths_cast["reporter_a"], reason="notifying")
    same = analyst.post(
        f"/deaths/records/{record.pk}/challenge/", {"proposed": "unexpected", "reason": "Why?"}
    )
    assert same.status_code == 400 and "other than the one the record has" in same.content.decode()
    empty = analyst.post(
        f"/deaths/records/{record.pk}/challenge/", {"proposed": "suspected_suicide", "reason": ""}
    )
    assert empty.status_code == 400 and not Challenge.objects.exists()
    analyst.post(
        f"/deaths/records/{record.pk}/challenge/",
        {"proposed": "suspected_suicide", "reason": "History of abuse."},
    )
    early = analyst.post(
        f"/deaths/records/{record.pk}/validate/", {"category": "suspected_suicide", "scope": "in_scope"}
    )
    assert early.status_code == 400 and "Wait for the force to answer" in early.content.decode()
    page = reporter.get(f"/deaths/records/{record.pk}/").content.decode()
    assert "The national team asks whether this is suspected victim suicide" in page
    from core.testing import with_version

    edit = f"/deaths/records/{record.pk}/edit/"
    moved = reporter.post(
        edit,
        with_version(
            reporter,
            edit,
            {
                **FORM,
                "organisation": _norfolk(),
                "force_reference": "NFK-1",
                "died_on_year": "2025",
                "died_on_month": "6",
                "died_on_day": "1",
                "category": "child",
            },
        ),
    )
    assert (
        moved.status_code == 400
        and "The category is settled with the national team" in moved.content.decode()
    )
    assert reporter.post(f"/deaths/records/{record.pk}/answer/", {"answer": ""}).status_code == 400
    reporter.post(f"/deaths/records/{record.pk}/answer/", {"answer": "Yes: three reports of abuse."})
    record.refresh_from_db()
    assert record.validation == "answered"
    analyst.post(
        f"/deaths/records/{record.pk}/validate/", {"category": "suspected_suicide", "scope": "in_scope"}
    )
    record.refresh_from_db()
    challenge = Challenge.objects.get()
    assert (record.category, record.category_notified, record.validation, record.scope) == (
        "suspected_suicide",
        "unexpected",
        "validated",
        "in_scope",
    )
    assert challenge.settled == "suspected_suicide" and challenge.answer == "Yes: three reports of abuse."


def test_an_exclusion_needs_a_reason(client, deaths_cast):
    record = a_record(deaths_cast["reporter_a"])
    analyst = verified(client, deaths_cast["deaths_analyst"])
    response = analyst.post(
        f"/deaths/records/{record.pk}/validate/", {"category": record.category, "scope": "excluded"}
    )
    assert response.status_code == 400 and "Choose why the death is excluded" in response.content.decode()
    analyst.post(
        f"/deaths/records/{record.pk}/validate/",
        {"category": record.category, "scope": "excluded", "exclusion": "duplicate", "note": "Also NFK-0"},
    )
    record.refresh_from_db()
    assert (record.scope, record.exclusion) == ("excluded", "duplicate")


def test_a_draft_is_the_forces_until_sent(client, deaths_cast):
    record = a_record(deaths_cast["reporter_a"], send=False)
    analyst = verified(client, deaths_cast["deaths_analyst"])
    response = analyst.post(
        f"/deaths/records/{record.pk}/validate/", {"category": record.category, "scope": "in_scope"}
    )
    assert response.status_code == 400 and "has not sent this notification yet" in response.content.decode()
    assert analyst.get(f"/deaths/records/{record.pk}/edit/").status_code == 403


def test_coding_refuses_bad_input(client, deaths_cast):
    record = a_record(deaths_cast["reporter_a"])
    analyst = verified(client, deaths_cast["deaths_analyst"])
    url = f"/deaths/records/{record.pk}/coding/"
    for data, message in (
        ({"step": "recommendation", "text": "", "addressee": "police"}, "Enter the recommendation"),
        ({"step": "recommendation", "text": "Do X", "addressee": "everyone"}, "Choose whom it is for"),
        ({"step": "themes", "themes": ["999999"]}, "Choose themes from the list"),
        ({"step": "review", "case_review": "abc"}, "Enter the number of a published case review"),
        ({"step": "review", "case_review": "999999"}, "There is no published case review with that number"),
        ({"step": "nothing"}, "Choose what to save"),
    ):
        response = analyst.post(url, data)
        assert response.status_code == 400 and message in response.content.decode(), data
    record.refresh_from_db()
    assert (
        not record.recommendations.exists() and not record.themes.exists() and record.case_review_id is None
    )


def test_retention_lists_old_records_and_deleting_one_is_logged(client, deaths_cast, settings):
    settings.DEATHS_RETENTION_YEARS = 5
    old = a_record(deaths_cast["reporter_a"], reference="OLD", died=date.today() - timedelta(days=6 * 366))
    recent = a_record(deaths_cast["reporter_a"], reference="NEW")
    lead = verified(client, deaths_cast["deaths_lead"], reason="retention")
    page = lead.get("/deaths/retention/").content.decode()
    assert "OLD" in page and "NEW" not in page
    assert lead.get(f"/deaths/retention/{recent.pk}/delete/").status_code == 404
    refused = lead.post(f"/deaths/retention/{old.pk}/delete/", {})
    assert refused.status_code == 400 and DeathRecord.objects.filter(pk=old.pk).exists()
    lead.post(f"/deaths/retention/{old.pk}/delete/", {"confirm": "on"})
    assert not DeathRecord.objects.filter(pk=old.pk).exists()
    line = AccessLog.objects.get(kind="delete")
    assert (line.user, line.reason) == (deaths_cast["deaths_lead"], "retention") and "OLD" in line.what
    assert verified(client, deaths_cast["deaths_analyst"]).get("/deaths/retention/").status_code == 404


def test_leads_keep_the_lists_and_not_known_stays(client, deaths_cast):
    from deaths.models import Term

    lead = verified(client, deaths_cast["deaths_lead"])
    assert lead.post("/deaths/lists/", {"list": "method", "label": "Hanging"}).status_code == 400
    assert lead.post("/deaths/lists/", {"list": "nonsense", "label": "X"}).status_code == 400
    lead.post("/deaths/lists/", {"list": "method", "label": "Crossbow"})
    assert Term.objects.filter(list="method", label="Crossbow").exists()
    not_known = Term.objects.get(list="method", code="not_known")
    response = lead.post(f"/deaths/lists/{not_known.pk}/", {"label": "Not known"})
    assert response.status_code == 400 and "stays in every list" in response.content.decode()


def test_two_analysts_deciding_one_record_never_overwrite_each_other(client, deaths_cast):
    from django.test import Client

    from core.testing import with_version
    from deaths.models import Term

    record = a_record(deaths_cast["reporter_a"])
    first = verified(client, deaths_cast["deaths_analyst"])
    second = verified(Client(), deaths_cast["deaths_lead"])
    url = f"/deaths/records/{record.pk}/validate/"
    mine = with_version(first, url, {"category": "intimate_partner", "scope": "in_scope"})
    theirs = with_version(second, url, {"category": "adult_family", "scope": "in_scope"})
    assert first.post(url, mine).status_code == 302
    clash = second.post(url, theirs)
    assert clash.status_code == 400 and "saved this after you opened it" in clash.content.decode()
    record.refresh_from_db()
    assert record.category == "intimate_partner"
    # Themes: the same.
    coding = f"/deaths/records/{record.pk}/coding/"
    stamp_first = first.get(coding).context["themes"]["version"].value()
    stamp_second = second.get(coding).context["themes"]["version"].value()
    control = Term.objects.get(list="theme", code="coercive_control")
    separation = Term.objects.get(list="theme", code="separation")
    first.post(coding, {"step": "themes", "themes": [control.pk], "version": stamp_first})
    late = second.post(coding, {"step": "themes", "themes": [separation.pk], "version": stamp_second})
    assert late.status_code == 400 and "Someone else saved this record" in late.content.decode()
    assert list(record.themes.all()) == [control]
