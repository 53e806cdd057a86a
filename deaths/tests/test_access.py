"""Only named deaths roles open the repository: every other role of every organisation gets a
404 on every page of it, and every read by a permitted person adds exactly one log line."""

import re

import pytest
from django.urls import URLPattern, URLResolver

from core.testing import site_patterns
from deaths import services
from deaths.models import AccessLog, Grant, Person
from deaths.tests.factories import a_record, verified
from organisations import access as shared


def _deaths_routes():
    for top in site_patterns():
        if isinstance(top, URLResolver) and top.namespace == "deaths":
            for pattern in top.url_patterns:
                assert isinstance(pattern, URLPattern)
                yield "deaths/" + str(pattern.pattern), pattern.name, pattern.callback


ROUTES = list(_deaths_routes())


def test_every_page_of_the_repository_is_restricted():
    assert len(ROUTES) > 20
    for route, _name, view in ROUTES:
        assert view.access_policy == shared.RESTRICTED, route


@pytest.fixture
def objects(deaths_cast):
    record = a_record(deaths_cast["reporter_a"])
    person = services.person_add(
        record=record, by=deaths_cast["reporter_a"], fields={"role": Person.Role.VICTIM}
    )
    recommendation = services.recommendation_add(
        record=record, by=deaths_cast["deaths_analyst"], text="Ask about strangulation.", addressee="police"
    )
    from deaths.models import Report, Term

    report = services.report_create(
        by=deaths_cast["deaths_analyst"],
        title="Year",
        period_from=record.died_on.replace(month=4, day=1),
        period_to=record.died_on.replace(year=record.died_on.year + 1, month=3, day=31),
        threshold=5,
    )
    assert Report.objects.count() == 1
    return {
        "pk": record.pk,
        "person_pk": person.pk,
        "recommendation_pk": recommendation.pk,
        "grant_pk": Grant.objects.filter(user=deaths_cast["reporter_a"]).get().pk,
        "term_pk": Term.objects.first().pk,
        "report_pk": report.pk,
    }


def _url(route, values, name):
    def fill(match):
        key = match.group(2)
        if key == "pk" and name.startswith("report"):
            key = "report_pk"
        return str(values[key])

    return "/" + re.sub(r"<(\w+:)?(\w+)>", fill, route)


# Every role of every organisation without a deaths role, and another force's reporter.
OUTSIDERS = ("lead_a", "editor_a", "viewer_a", "lead_b", "analyst", "admin", "inspector", "peer")


@pytest.mark.parametrize("who", OUTSIDERS + ("reporter_b",))
def test_everyone_else_gets_a_404_on_every_page(client, deaths_cast, objects, who):
    verified(client, deaths_cast[who])
    opened = []
    for route, name, _view in ROUTES:
        if who == "admin" and name in ("grants", "grant-remove"):
            continue  # national admins grant the roles (below)
        if who == "reporter_b" and name in ("home", "reason", "notify", "search", "grants", "grant-remove"):
            continue  # pages every reporter has: they show only their own force (below)
        url = _url(route, objects, name)
        got = (client.get(url).status_code, client.post(url).status_code)
        if got != (404, 404) and not (got[0] == 404 and got[1] == 405) and not (got == (405, 404)):
            opened.append((url, got))
    assert not opened, opened
    assert not AccessLog.objects.exists(), "nothing was read, so nothing is logged"


def test_another_forces_reporter_sees_only_their_own_force(client, deaths_cast, objects):
    verified(client, deaths_cast["reporter_b"])
    page = client.get("/deaths/records/").content.decode()
    assert "NFK-1" not in page and "No records match" in page
    assert client.get("/deaths/").status_code == 200


def test_national_admins_grant_roles_but_open_no_record(client, deaths_cast, objects):
    verified(client, deaths_cast["admin"])
    assert client.get("/deaths/roles/").status_code == 200
    assert client.get(f"/deaths/records/{objects['pk']}/").status_code == 404
    assert client.get("/deaths/").status_code == 404


def test_the_api_summary_is_a_404_to_everyone_else(client, deaths_cast, objects):
    for who in OUTSIDERS + ("reporter_a",):
        verified(client, deaths_cast[who])
        response = client.get("/api/v1/deaths/summary/?from=2025-04-01&to=2026-03-31&by=category")
        assert response.status_code == 404, who
        assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("who", ["reporter_a", "deaths_analyst", "deaths_lead"])
def test_each_read_by_a_permitted_person_adds_exactly_one_log_line(client, deaths_cast, objects, who):
    verified(client, deaths_cast[who], reason="query")
    before = AccessLog.objects.count()
    assert client.get(f"/deaths/records/{objects['pk']}/").status_code == 200
    lines = list(AccessLog.objects.order_by("-pk")[: AccessLog.objects.count() - before])
    assert len(lines) == 1
    line = lines[0]
    assert (line.user, line.kind, line.reason, line.record_id) == (
        deaths_cast[who],
        "read",
        "query",
        objects["pk"],
    )
    client.get(f"/deaths/records/{objects['pk']}/print/")
    assert AccessLog.objects.filter(kind="print").count() == 1
    client.get("/deaths/records/?q=NFK")
    search = AccessLog.objects.get(kind="search")
    assert search.what == "q=NFK" and search.record is None


def test_a_reason_is_asked_once_a_session_before_anything_opens(client, deaths_cast, objects):
    verified(client, deaths_cast["deaths_analyst"], reason=None)
    response = client.get(f"/deaths/records/{objects['pk']}/")
    assert response.status_code == 302 and response.url.startswith("/deaths/reason/?next=")
    assert not AccessLog.objects.exists()
    bad = client.post(response.url, {"reason": "curiosity"})
    assert bad.status_code == 400 and "Choose why you are opening it" in bad.content.decode()
    chosen = client.post(response.url, {"reason": "validating"})
    assert chosen.url == f"/deaths/records/{objects['pk']}/"
    client.get(chosen.url)
    assert AccessLog.objects.get().reason == "validating"


def test_the_repository_needs_a_second_factor_passed_this_session(client, deaths_cast, objects):
    client.force_login(deaths_cast["deaths_analyst"], second_factor=False)
    response = client.get("/deaths/")
    assert response.status_code == 302 and response.url.startswith("/accounts/two-factor/")


def test_a_reason_page_never_sends_anyone_off_the_repository(client, deaths_cast):
    verified(client, deaths_cast["deaths_analyst"], reason=None)
    response = client.post("/deaths/reason/?next=https://evil.example/", {"reason": "audit"})
    assert response.url == "/deaths/"


def test_exports_need_a_fresh_second_factor_and_are_logged(client, deaths_cast, objects, settings):
    import time

    from django.utils import timezone

    analyst = deaths_cast["deaths_analyst"]
    analyst.mfa_enrolled_at = timezone.now()
    analyst.save(update_fields=["mfa_enrolled_at"])
    verified(client, analyst)
    session = client.session
    session["_mfa_at"] = int(time.time()) - (settings.MFA_FRESH_MINUTES + 1) * 60
    session.save()
    stale = client.get("/deaths/records/export.csv")
    assert stale.status_code == 302 and stale.url.startswith("/accounts/verify/")
    assert not AccessLog.objects.filter(kind="export").exists()
    verified(client, deaths_cast["deaths_analyst"])
    from core.testing import body

    response = client.get("/deaths/records/export.csv")
    text = body(response).decode()
    assert response.status_code == 200 and "NFK-1" in text
    assert AccessLog.objects.get(kind="export").what == "1 records"


def test_granting_a_role_is_recorded_and_needs_a_member_of_the_organisation(client, deaths_cast):
    from organisations.models import Organisation

    verified(client, deaths_cast["admin"])
    kent = Organisation.objects.get(slug="kent-police")
    refused = client.post(
        "/deaths/roles/", {"email": "editor@force-a.test", "role": "reporter", "organisation": kent.pk}
    )
    assert refused.status_code == 400 and "is not in Kent Police" in refused.content.decode()
    wrong = client.post(
        "/deaths/roles/", {"email": "lead@force-b.test", "role": "analyst", "organisation": kent.pk}
    )
    assert wrong.status_code == 400 and "named in the national team" in wrong.content.decode()
    made = client.post(
        "/deaths/roles/", {"email": "lead@force-b.test", "role": "reporter", "organisation": kent.pk}
    )
    assert made.status_code == 302
    grant = Grant.objects.get(user=deaths_cast["lead_b"])
    record = grant.history.get()
    assert (record.history_user, record.history_type, record.role) == (deaths_cast["admin"], "+", "reporter")


def test_leaving_the_organisation_ends_the_role(deaths_cast):
    from organisations.services import member_remove

    reporter = deaths_cast["reporter_a"]
    member_remove(
        organisation=reporter.memberships.get().organisation, person=reporter, by=deaths_cast["lead_a"]
    )
    assert not Grant.objects.filter(user=reporter).exists()


def test_the_record_export_has_welsh_headings_for_a_welsh_reader(client, deaths_cast, objects):
    from django.utils import translation
    from django.utils.translation import gettext

    from core.testing import body

    verified(client, deaths_cast["deaths_analyst"])
    response = client.get("/cy/deaths/records/export.csv")
    headings = body(response).decode().splitlines()[0].split(",")
    with translation.override("cy"):
        welsh = [gettext("Record"), gettext("Force"), gettext("Force reference"), gettext("Date of death")]
    assert headings[:4] == welsh and welsh[0] != "Record"
