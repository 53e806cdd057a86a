"""The signed-in person's row is kept between requests (accounts.backends) and forgotten the
moment it changes: nobody keeps access, or an old name or role, after a change."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import PASSWORD
from core import personal

SIGNED_IN_PAGE = "/benchmarking/"


def _signed_in(client, email="editor@force-a.test"):
    assert client.post("/accounts/sign-in/", {"email": email, "password": PASSWORD}).status_code == 302
    assert client.get(SIGNED_IN_PAGE).status_code == 200  # the row read, and kept
    return client


def _row_reads(client) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(SIGNED_IN_PAGE)
    return len([q for q in queries if q["sql"].startswith('SELECT "accounts_user"')]), response


def test_the_row_is_read_once_then_kept(client, cast):
    _signed_in(client)
    reads, response = _row_reads(client)
    assert reads == 0 and response.status_code == 200
    assert response.context["user"] == cast["editor_a"]


def test_a_change_to_the_person_is_read_at_their_next_request(client, cast):
    _signed_in(client)
    editor = cast["editor_a"]
    editor.full_name = "Renamed Editor"
    editor.save()
    reads, response = _row_reads(client)
    assert reads == 1 and response.context["user"].full_name == "Renamed Editor"


def test_a_deactivated_person_is_signed_out_at_their_next_request(client, cast):
    _signed_in(client)
    editor = cast["editor_a"]
    editor.is_active = False
    editor.save()
    response = client.get(SIGNED_IN_PAGE)
    assert response.status_code == 302 and response.url.startswith("/accounts/sign-in/")


def test_a_new_password_ends_the_sessions_made_with_the_old_one(client, cast):
    _signed_in(client)
    editor = cast["editor_a"]
    editor.set_password("a-new-and-longer-passphrase")
    editor.save()
    response = client.get(SIGNED_IN_PAGE)
    assert response.status_code == 302 and response.url.startswith("/accounts/sign-in/")


def test_roles_changed_past_the_model_are_read_at_the_next_request(client, cast):
    """core.personal.changed moves the person's cache version with an UPDATE (no signal): the
    kept row is forgotten with it, so the roles kept under the old version are never used."""
    _signed_in(client)
    cast["editor_a"].refresh_from_db()
    before = cast["editor_a"].cache_version
    personal.changed([cast["editor_a"].pk])
    reads, response = _row_reads(client)
    assert reads == 1 and response.context["user"].cache_version == before + 1
    # and kept again from then on
    assert _row_reads(client)[0] == 0


def test_a_wrong_password_is_checked_once(client, cast, monkeypatch):
    """Django's own backend stays listed for sessions it made; it never checks a password the
    service's backend already refused (no second hash for an attacker's guess)."""
    from django.contrib.auth import hashers

    checks = []
    real = hashers.check_password
    monkeypatch.setattr(
        "django.contrib.auth.base_user.check_password", lambda *a, **k: checks.append(1) or real(*a, **k)
    )
    response = client.post("/accounts/sign-in/", {"email": "editor@force-a.test", "password": "wrong"})
    assert response.status_code == 400 and len(checks) == 1


def test_a_session_made_by_djangos_own_backend_still_works(client, cast):
    client.force_login(cast["editor_a"], backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(SIGNED_IN_PAGE)
    assert response.status_code == 200 and response.context["user"] == cast["editor_a"]


def test_the_names_version_moves_with_any_change_to_people_but_not_a_sign_in(client, cast):
    """What is kept with people's names in it is keyed by core.personal.names_version."""
    before = personal.names_version()
    _signed_in(client)  # a sign-in saves last_login alone
    assert personal.names_version() == before
    cast["viewer_a"].full_name = "Vera Viewer"
    cast["viewer_a"].save()
    renamed = personal.names_version()
    assert renamed != before
    cast["inspector"].delete()
    assert personal.names_version() not in (before, renamed), "someone removed"
