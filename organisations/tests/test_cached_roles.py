"""A person's roles and unread count are cached between requests, and never outlive a change."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.notify import notify
from organisations.models import Membership, Organisation

Role = Membership.Role
# Another force's dashboard: only people who see every force reach it.
OTHER_FORCE = "/impact/forces/kent-police/"


def _membership_reads(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    reads = [q for q in queries if 'WHERE "organisations_membership"."user_id" = ' in q["sql"]]
    return response, reads


def test_roles_are_read_once_then_kept(client, cast):
    client.force_login(cast["analyst"])
    first, reads = _membership_reads(client, "/organisations/vkpp/")
    assert first.status_code == 200 and len(reads) == 1
    second, reads = _membership_reads(client, "/organisations/vkpp/")
    assert second.status_code == 200 and reads == []


def test_a_removed_role_stops_access_on_the_next_request(client, cast):
    client.force_login(cast["analyst"])
    assert client.get(OTHER_FORCE).status_code == 200
    Membership.objects.filter(user=cast["analyst"]).delete()
    assert client.get(OTHER_FORCE).status_code == 404


def test_a_granted_role_counts_on_the_next_request(client, cast):
    client.force_login(cast["viewer_a"])
    assert client.get(OTHER_FORCE).status_code == 404
    Membership.objects.create(
        user=cast["viewer_a"], organisation=Organisation.objects.get(slug="vkpp"), role=Role.NATIONAL_ANALYST
    )
    assert client.get(OTHER_FORCE).status_code == 200


def test_a_renamed_organisation_shows_at_once(client, cast):
    client.force_login(cast["editor_a"])
    client.get("/organisations/norfolk-constabulary/")
    force = Organisation.objects.get(slug="norfolk-constabulary")
    force.name = "Norfolk Police Renamed"
    force.save()
    assert "Norfolk Police Renamed" in client.get("/organisations/norfolk-constabulary/").content.decode()


def test_a_saved_user_row_does_not_bring_back_old_roles(client, cast):
    person = cast["analyst"]
    client.force_login(person)
    client.get(OTHER_FORCE)  # caches the analyst role under the current version
    stale = type(person).objects.get(pk=person.pk)
    Membership.objects.filter(user=person).delete()
    stale.full_name = "Saved from an older copy"
    stale.save()
    assert client.get(OTHER_FORCE).status_code == 404


def test_the_unread_count_follows_notifications(client, cast):
    person = cast["editor_a"]
    client.force_login(person)
    assert " unread</span>" not in client.get("/organisations/norfolk-constabulary/").content.decode()
    notify(users=[person], subject="Test", message="Something needs you", kind="returns")
    notify(users=[person], subject="Test", message="Something else needs you", kind="returns")
    page = client.get("/organisations/norfolk-constabulary/").content.decode()
    assert '2<span class="govuk-visually-hidden"> unread</span>' in page
    client.get("/notifications/")
    assert " unread</span>" not in client.get("/organisations/norfolk-constabulary/").content.decode()
