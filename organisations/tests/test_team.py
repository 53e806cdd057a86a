"""Teams that organisations run themselves: invitations by email, roles, removals, the last
lead kept, and every change recorded."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from accounts.models import User
from conftest import PASSWORD
from core.models import Email
from core.testing import assert_good_page
from organisations import services
from organisations.models import Invitation, Membership, Organisation

pytestmark = pytest.mark.django_db
NORFOLK = "norfolk-constabulary"
TEAM = f"/organisations/{NORFOLK}/"
NEW_PASSWORD = "plum-harbour-lantern-42"


def _link(email: Email) -> str:
    return re.search(r"http://[^/]+(/organisations/invitations/[^/\s]+/)", email.body).group(1)


def _invite(client, lead, email="new.person@norfolk.police.uk", role="contributor", slug=NORFOLK):
    client.force_login(lead)
    response = client.post(f"/organisations/{slug}/invite/", {"email": email, "role": role})
    assert response.status_code == 302, response.content.decode()[:2000]
    return _link(Email.objects.filter(to__iexact=email).latest("pk"))


def test_a_lead_invites_a_colleague_who_makes_an_account_with_the_link_once(client, cast):
    client.force_login(cast["lead_a"])
    assert_good_page(client.get(f"{TEAM}invite/"))
    link = _invite(client, cast["lead_a"], email="New.Person@Norfolk.police.uk")
    email = Email.objects.get(to="new.person@norfolk.police.uk")
    assert email.secret
    assert "invited you to join Norfolk Constabulary in NVAP Hub as Action owner or contributor" in email.body
    invitation = Invitation.objects.get()
    assert invitation.key_hash not in email.body and link.split("/")[-2] not in invitation.key_hash
    team = client.get(TEAM)
    assert_good_page(team)
    assert "new.person@norfolk.police.uk" in team.content.decode() and "Send again" in team.content.decode()

    client.logout()
    page = client.get(link)
    assert_good_page(page)
    assert "Action owner or contributor" in page.content.decode()
    bad = client.post(link, {"full_name": "Nia New", "password": "short", "password_again": "short"})
    assert bad.status_code == 400 and "govuk-error-summary" in bad.content.decode()
    assert "too short" in bad.content.decode()
    mismatch = client.post(
        link, {"full_name": "Nia New", "password": NEW_PASSWORD, "password_again": "other"}
    )
    assert mismatch.status_code == 400 and "The two passwords are not the same" in mismatch.content.decode()
    assert not User.objects.filter(email="new.person@norfolk.police.uk").exists(), "nothing half-made"
    done = client.post(
        link, {"full_name": "Nia New", "password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
    )
    assert done.status_code == 302 and done.url == TEAM
    person = User.objects.get(email="new.person@norfolk.police.uk")
    assert person.full_name == "Nia New" and person.check_password(NEW_PASSWORD)
    assert list(Membership.objects.filter(user=person).values_list("role", flat=True)) == ["contributor"]
    assert client.get(TEAM).status_code == 200, "signed in as the new person"
    client.logout()
    again = client.get(link)
    assert again.status_code == 404 and "no longer works" in again.content.decode()
    assert (
        client.post(
            link, {"full_name": "X", "password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
        ).status_code
        == 404
    )
    assert Invitation.objects.get().status == Invitation.Status.ACCEPTED


def test_an_invitation_stops_working_after_seven_days_and_sending_again_replaces_its_link(client, cast):
    first = _invite(client, cast["lead_a"])
    invitation = Invitation.objects.get()
    client.post(f"{TEAM}invitations/{invitation.pk}/resend/")
    second = _link(Email.objects.latest("pk"))
    assert first != second
    client.logout()
    assert client.get(first).status_code == 404, "the old link stops"
    assert client.get(second).status_code == 200
    later = timezone.now() + timedelta(days=7, minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert client.get(second).status_code == 404
        refused = client.post(
            second, {"full_name": "Late", "password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
        )
        assert refused.status_code == 404
    assert not User.objects.filter(email="new.person@norfolk.police.uk").exists()


def test_someone_with_an_account_joins_a_second_organisation_signed_in(client, cast):
    link = _invite(client, cast["lead_b"], email=cast["editor_a"].email, role="viewer", slug="kent-police")
    client.logout()
    page = client.get(link)
    assert "sign in</a> first" in page.content.decode()
    refused = client.post(
        link, {"full_name": "Someone", "password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
    )
    assert refused.status_code == 400 and "You already have an account" in refused.content.decode()
    client.force_login(cast["viewer_a"])
    wrong = client.post(link)
    assert wrong.status_code == 400 and "This invitation is for editor@force-a.test" in wrong.content.decode()
    client.force_login(cast["editor_a"])
    assert client.post(link).status_code == 302
    roles = set(Membership.objects.filter(user=cast["editor_a"]).values_list("organisation__slug", "role"))
    assert roles == {(NORFOLK, "contributor"), ("kent-police", "viewer")}
    assert client.get("/organisations/kent-police/").status_code == 200


def test_bad_invitations_are_refused_with_a_clear_message(client, cast):
    client.force_login(cast["lead_a"])
    url = f"{TEAM}invite/"
    cases = [
        ({"email": "", "role": "viewer"}, "Enter their email address"),
        ({"email": "not-an-address", "role": "viewer"}, "Enter an email address in the correct format"),
        ({"email": "x@y.uk", "role": "national_admin"}, "Choose one of the roles listed"),
        ({"email": "x@y.uk"}, "Choose their role"),
        ({"email": cast["viewer_a"].email, "role": "viewer"}, "is already in Norfolk Constabulary"),
    ]
    for data, message in cases:
        response = client.post(url, data)
        assert response.status_code == 400 and message in response.content.decode(), data
        assert "govuk-error-summary" in response.content.decode()
    assert client.post(url, {"email": "twice@norfolk.police.uk", "role": "viewer"}).status_code == 302
    twice = client.post(url, {"email": "twice@norfolk.police.uk", "role": "viewer"})
    assert twice.status_code == 400 and "has already been invited" in twice.content.decode()
    assert Invitation.objects.count() == 1 and Email.objects.filter(to="twice@norfolk.police.uk").count() == 1


def test_a_withdrawn_invitation_asks_first_then_its_link_stops(client, cast):
    link = _invite(client, cast["lead_a"])
    invitation = Invitation.objects.get()
    url = f"{TEAM}invitations/{invitation.pk}/withdraw/"
    confirm = client.get(url)
    assert_good_page(confirm)
    assert Invitation.objects.get().status == Invitation.Status.PENDING, "asking changes nothing"
    assert client.post(url).status_code == 302
    assert Invitation.objects.get().status == Invitation.Status.WITHDRAWN
    again = client.post(url)
    assert again.status_code == 400 and "already been accepted or withdrawn" in again.content.decode()
    client.logout()
    assert client.get(link).status_code == 404


def test_a_force_always_keeps_a_lead(client, cast):
    lead = cast["lead_a"]
    client.force_login(lead)
    url = f"{TEAM}people/{lead.pk}/role/"
    assert_good_page(client.get(url))
    demoted = client.post(url, {"role": "viewer", "was": "force_lead"})
    assert demoted.status_code == 400 and "needs at least one force lead" in demoted.content.decode()
    removed = client.post(f"{TEAM}people/{lead.pk}/remove/")
    assert removed.status_code == 400 and "needs at least one force lead" in removed.content.decode()
    assert Membership.objects.get(user=lead).role == "force_lead"
    # With a second lead, the first can step down.
    assert (
        client.post(
            f"{TEAM}people/{cast['editor_a'].pk}/role/", {"role": "force_lead", "was": "contributor"}
        ).status_code
        == 302
    )
    assert client.post(url, {"role": "viewer", "was": "force_lead"}).status_code == 302
    assert Membership.objects.get(user=lead).role == "viewer"


def test_a_role_changed_by_someone_else_since_is_not_overwritten(client, cast):
    client.force_login(cast["lead_a"])
    editor = cast["editor_a"]
    url = f"{TEAM}people/{editor.pk}/role/"
    assert 'value="contributor"' in client.get(url).content.decode()
    services.role_change(
        organisation=Organisation.objects.get(slug=NORFOLK),
        person=editor,
        role="viewer",
        was="contributor",
        by=cast["admin"],
    )
    stale = client.post(url, {"role": "force_lead", "was": "contributor"})
    assert stale.status_code == 400 and "Someone has changed" in stale.content.decode()
    assert Membership.objects.get(user=editor).role == "viewer"


def test_removing_someone_keeps_what_they_wrote_and_stops_their_sign_in(client, cast):
    from benchmarking import services as benchmarking_services
    from benchmarking.tests.factories import open_exercise

    editor = cast["editor_a"]
    exercise = open_exercise(cast["admin"])
    answer = exercise.returns.get(organisation__slug=NORFOLK).answers.order_by("pk").first()
    benchmarking_services.answer_save(
        answer=answer, by=editor, revision=answer.revision, values={"what_we_are_doing": "Daily triage"}
    )
    benchmarking_services.answers_assign(
        return_record=answer.return_record, by=cast["lead_a"], assignments={answer.pk: editor}
    )
    client.force_login(cast["lead_a"])
    team = client.get(TEAM).content.decode()
    row = team[team.index("Editor") :]
    assert "1 answer to write" in row[: row.index("</tr>")]
    url = f"{TEAM}people/{editor.pk}/remove/"
    confirm = client.get(url)
    assert_good_page(confirm)
    assert "will not be able to sign in" in confirm.content.decode()
    assert Membership.objects.filter(user=editor).exists(), "asking changes nothing"
    assert client.post(url).status_code == 302
    editor.refresh_from_db()
    answer.refresh_from_db()
    assert not Membership.objects.filter(user=editor).exists() and not editor.is_active
    assert answer.what_we_are_doing == "Daily triage" and answer.updated_by == editor, (
        "what they wrote stays theirs"
    )
    assert answer.assigned_to is None, "what they owned is nobody's until reassigned"
    changes = client.get(f"{TEAM}changes/")
    assert_good_page(changes)
    history = changes.content.decode()
    assert "Removed by Lead" in history and "Editor" in history
    client.logout()
    refused = client.post("/accounts/sign-in/", {"email": editor.email, "password": PASSWORD})
    assert refused.status_code == 400


def test_only_those_who_run_the_team_change_it(client, cast):
    invitation = services.invitation_send(
        organisation=Organisation.objects.get(slug=NORFOLK), email="a@b.uk", role="viewer", by=cast["lead_a"]
    )
    pages = [
        f"{TEAM}invite/",
        f"{TEAM}people/{cast['viewer_a'].pk}/role/",
        f"{TEAM}people/{cast['viewer_a'].pk}/remove/",
        f"{TEAM}invitations/{invitation.pk}/withdraw/",
    ]
    assert client.get(f"{TEAM}changes/").status_code == 302, "signed in first"
    for who in ("editor_a", "viewer_a", "analyst"):
        client.force_login(cast[who])
        for url in pages:
            assert client.get(url).status_code == 403, (who, url)
            assert client.post(url).status_code == 403, (who, url)
        assert client.post(f"{TEAM}invitations/{invitation.pk}/resend/").status_code == 403
        assert client.get(f"{TEAM}changes/").status_code == 403
        assert "Invite someone" not in client.get(TEAM).content.decode()
    client.force_login(cast["lead_b"])
    for url in pages:
        assert client.get(url).status_code == 404, url
    client.force_login(cast["admin"])
    assert client.get(pages[0]).status_code == 200, "national admins run every organisation's team"
    assert client.post(pages[0], {"email": "n@vkpp.test", "role": "viewer"}).status_code == 302


def test_someone_removed_and_invited_back_sets_a_password_and_keeps_their_account(client, cast):
    viewer = cast["viewer_a"]
    norfolk = Organisation.objects.get(slug=NORFOLK)
    services.member_remove(organisation=norfolk, person=viewer, by=cast["lead_a"])
    viewer.refresh_from_db()
    assert not viewer.is_active
    link = _invite(client, cast["lead_a"], email=viewer.email, role="viewer")
    client.logout()
    done = client.post(link, {"full_name": "Other", "password": NEW_PASSWORD, "password_again": NEW_PASSWORD})
    assert done.status_code == 302
    viewer.refresh_from_db()
    assert viewer.is_active and viewer.check_password(NEW_PASSWORD) and viewer.full_name == "Viewer"
    assert User.objects.filter(email=viewer.email).count() == 1, "the same account, not a second"
    assert list(Membership.objects.filter(user=viewer).values_list("role", flat=True)) == ["viewer"]
