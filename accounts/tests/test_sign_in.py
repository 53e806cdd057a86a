import re

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.core import mail
from django.utils import timezone

from accounts.models import ApiToken
from accounts.services import api_token_create, api_token_user
from conftest import PASSWORD, run_queued_tasks
from core.testing import assert_good_page

SIGN_IN = "/accounts/sign-in/"


def _sign_in(client, email, password, **extra):
    return client.post(SIGN_IN, {"email": email, "password": password}, **extra)


def test_it_signs_in_with_email_and_password(client, cast):
    response = _sign_in(client, "editor@force-a.test", PASSWORD)
    assert response.status_code == 302
    assert response.url == "/"
    assert client.get("/").context["user"] == cast["editor_a"]


def test_it_ignores_the_case_of_the_email_address(client, cast):
    assert _sign_in(client, "Editor@Force-A.test", PASSWORD).status_code == 302


def test_a_wrong_password_shows_the_error_summary(client, cast):
    response = _sign_in(client, "editor@force-a.test", "wrong")
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "The email address or password is not right" in html
    assert response.context["user"].is_anonymous
    assert_good_page(response)


def test_missing_fields_are_named_in_the_error_summary(client, db):
    html = _sign_in(client, "", "").content.decode()
    assert 'href="#id_email">Enter your email address' in html
    assert 'href="#id_password">Enter your password' in html


def test_it_throttles_after_repeated_failures(client, cast, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        _sign_in(client, "editor@force-a.test", "wrong")
    response = _sign_in(client, "editor@force-a.test", PASSWORD)
    assert response.status_code == 400
    assert "Too many failed attempts to sign in" in response.content.decode()
    assert response.context["user"].is_anonymous


def test_the_throttle_says_the_same_for_accounts_that_do_not_exist(client, cast, settings):
    settings.AXES_FAILURE_LIMIT = 2

    def messages(email):
        pages = [_sign_in(client, email, "wrong").content.decode() for _ in range(3)]
        return [
            re.search(r'<ul class="govuk-list govuk-error-summary__list">(.*?)</ul>', p, re.S).group(1)
            for p in pages
        ]

    real, unknown = messages("editor@force-a.test"), messages("nobody@nowhere.test")
    assert real == unknown
    assert "The email address or password is not right" in unknown[0]
    assert "Too many failed attempts to sign in" in unknown[2]


def test_the_throttle_locks_the_pair_of_account_and_address_only(client, cast, settings):
    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(2):
        _sign_in(client, "editor@force-a.test", "wrong", REMOTE_ADDR="10.0.0.9")
    locked = _sign_in(client, "editor@force-a.test", PASSWORD, REMOTE_ADDR="10.0.0.9")
    assert "Too many failed attempts" in locked.content.decode()
    assert locked.status_code == 400
    # Someone else from the same address, and the owner from another address, sign in.
    assert _sign_in(client, "lead@force-a.test", PASSWORD, REMOTE_ADDR="10.0.0.9").status_code == 302
    client.logout()
    assert _sign_in(client, "editor@force-a.test", PASSWORD, REMOTE_ADDR="10.0.0.10").status_code == 302


def _behind_proxy(settings):
    settings.BEHIND_HTTPS_PROXY = True
    settings.TRUSTED_PROXY_COUNT = 1


def test_behind_the_proxy_five_failures_lock_only_that_client_and_account(client, cast, settings):
    _behind_proxy(settings)
    assert settings.AXES_FAILURE_LIMIT == 5
    proxy = {"REMOTE_ADDR": "10.1.1.1"}
    attacker = {**proxy, "HTTP_X_FORWARDED_FOR": "203.0.113.7"}
    for _ in range(5):
        _sign_in(client, "editor@force-a.test", "wrong", **attacker)
    locked = _sign_in(client, "editor@force-a.test", PASSWORD, **attacker)
    assert "Too many failed attempts" in locked.content.decode()
    # Another person behind the same proxy signs in.
    other = {**proxy, "HTTP_X_FORWARDED_FOR": "198.51.100.20"}
    assert _sign_in(client, "lead@force-a.test", PASSWORD, **other).status_code == 302
    client.logout()
    # The victim signs in with the right password from their own address.
    victim = {**proxy, "HTTP_X_FORWARDED_FOR": "198.51.100.44"}
    assert _sign_in(client, "editor@force-a.test", PASSWORD, **victim).status_code == 302
    client.logout()
    # A forged address on the left does not give the attacker a fresh pair.
    forged = {**proxy, "HTTP_X_FORWARDED_FOR": "192.0.2.1, 203.0.113.7"}
    locked = _sign_in(client, "editor@force-a.test", PASSWORD, **forged)
    assert "Too many failed attempts" in locked.content.decode()


def test_without_the_proxy_setting_the_forwarded_header_is_ignored(client, cast, settings):
    settings.AXES_FAILURE_LIMIT = 2
    for n in range(2):
        _sign_in(
            client,
            "editor@force-a.test",
            "wrong",
            REMOTE_ADDR="10.1.1.1",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
        )
    response = _sign_in(
        client, "editor@force-a.test", PASSWORD, REMOTE_ADDR="10.1.1.1", HTTP_X_FORWARDED_FOR="198.51.100.9"
    )
    assert "Too many failed attempts" in response.content.decode()


def _reset_password(client, email, new):
    client.post("/accounts/password-reset/", {"email": email})
    run_queued_tasks()
    link = re.search(r"http://testserver(/accounts/password-reset/\S+/)", mail.outbox[-1].body).group(1)
    form_url = client.get(link).url
    return client.post(form_url, {"new_password1": new, "new_password2": new})


def test_a_password_reset_lifts_the_lockout(client, cast, settings):
    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(2):
        _sign_in(client, "editor@force-a.test", "wrong")
    assert "Too many failed attempts" in _sign_in(client, "editor@force-a.test", PASSWORD).content.decode()
    new = "a-brand-new-long-password-42"
    assert _reset_password(client, "editor@force-a.test", new).status_code == 302
    assert not AccessAttempt.objects.filter(username="editor@force-a.test").exists()
    assert _sign_in(client, "editor@force-a.test", new).status_code == 302


def test_failures_older_than_the_window_do_not_count(client, cast, settings):
    settings.AXES_FAILURE_LIMIT = 1
    _sign_in(client, "editor@force-a.test", "wrong")
    assert "Too many failed attempts" in _sign_in(client, "editor@force-a.test", PASSWORD).content.decode()
    AccessAttempt.objects.update(attempt_time=timezone.now() - timezone.timedelta(minutes=16))
    assert _sign_in(client, "editor@force-a.test", PASSWORD).status_code == 302


def test_sign_out_needs_a_post(client, cast):
    client.force_login(cast["editor_a"])
    assert client.get("/accounts/sign-out/").status_code == 405
    response = client.post("/accounts/sign-out/")
    assert response.status_code == 302
    assert client.get("/").context["user"].is_anonymous


def test_it_does_not_redirect_off_site_after_sign_in(client, cast):
    response = client.post(
        SIGN_IN, {"email": "editor@force-a.test", "password": PASSWORD, "next": "https://evil.test/"}
    )
    assert response.url == "/"


def test_sessions_expire_after_inactivity(client, cast, settings):
    from importlib import import_module

    store = import_module(settings.SESSION_ENGINE).SessionStore  # the configured one (db or cached_db)
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_REFRESH_MINUTES == 5
    _sign_in(client, "editor@force-a.test", PASSWORD)
    signed_in_until = Session.objects.get().expire_date
    client.get("/")
    assert Session.objects.get().expire_date == signed_in_until, "not written again within 5 minutes"
    # Six minutes later (as the session sees it), a request extends it.
    session = store(client.cookies[settings.SESSION_COOKIE_NAME].value)
    session["_touched"] -= 6 * 60
    session.save()
    before = Session.objects.get().expire_date
    client.get("/")
    assert Session.objects.get().expire_date > before, "a request after 5 minutes extends it"
    # Once it has expired, the next page asks the person to sign in again.
    session = store(client.cookies[settings.SESSION_COOKIE_NAME].value)
    session.set_expiry(-1)
    session.save()
    response = client.get("/organisations/")
    assert response.status_code == 302
    assert response.url.startswith(SIGN_IN)


def test_a_signed_in_page_writes_nothing_to_the_session_table(client, cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _sign_in(client, "editor@force-a.test", PASSWORD)
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/organisations/norfolk-constabulary/").status_code == 200
    writes = [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith("SELECT")]
    assert writes == []


def test_an_anonymous_visit_creates_no_session(client, db):
    client.get("/accounts/sign-in/")
    assert Session.objects.count() == 0


def test_password_reset_sends_a_link_that_sets_a_new_password(client, cast):
    response = client.post("/accounts/password-reset/", {"email": "editor@force-a.test"})
    assert response.status_code == 302
    run_queued_tasks()
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/password-reset/\S+/)", mail.outbox[0].body).group(1)
    form_url = client.get(link).url
    weak = client.post(form_url, {"new_password1": "password", "new_password2": "password"})
    assert weak.status_code == 200
    assert "govuk-error-summary" in weak.content.decode()
    strong = "a-brand-new-long-password-42"
    done = client.post(form_url, {"new_password1": strong, "new_password2": strong})
    assert done.status_code == 302
    assert _sign_in(client, "editor@force-a.test", strong).status_code == 302


def test_password_reset_does_not_reveal_whether_an_account_exists(client, db):
    response = client.post("/accounts/password-reset/", {"email": "nobody@nowhere.test"})
    assert response.status_code == 302
    assert response.url == "/accounts/password-reset/sent/"
    run_queued_tasks()
    assert mail.outbox == []


def test_password_reset_rejects_a_malformed_address(client, db):
    response = client.post("/accounts/password-reset/", {"email": "not-an-address"})
    assert response.status_code == 200
    assert "Enter an email address in the correct format" in response.content.decode()


@pytest.mark.django_db
def test_password_rules_reject_short_and_common_passwords():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for bad in ["short1", "password1234", "123456789012"]:
        with pytest.raises(ValidationError):
            validate_password(bad)
    validate_password("a-long-unusual-phrase-7")


def test_password_reset_emails_are_limited_per_address(client, cast, settings):
    settings.PASSWORD_RESET_MAX_PER_HOUR = 2
    for _ in range(4):
        response = client.post("/accounts/password-reset/", {"email": "editor@force-a.test"})
        assert response.url == "/accounts/password-reset/sent/"
    run_queued_tasks()
    assert len(mail.outbox) == 2


def test_a_password_reset_revokes_api_tokens(client, cast):
    _, secret = api_token_create(user=cast["editor_a"], name="Power BI")
    assert api_token_user(secret) == cast["editor_a"]
    _reset_password(client, "editor@force-a.test", "a-brand-new-long-password-42")
    assert api_token_user(secret) is None


def test_leaving_an_organisation_revokes_api_tokens(cast):
    _, secret = api_token_create(user=cast["editor_a"], name="Power BI")
    assert api_token_user(secret) == cast["editor_a"]
    for membership in cast["editor_a"].memberships.all():
        membership.delete()
    assert api_token_user(secret) is None


def test_an_expired_token_no_longer_works(cast):
    token, secret = api_token_create(user=cast["editor_a"], name="Power BI")
    assert api_token_user(secret) == cast["editor_a"]
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timezone.timedelta(seconds=1))
    assert api_token_user(secret) is None


@pytest.mark.parametrize(
    "behind, count, forwarded, expected",
    [
        (False, 1, "203.0.113.7", "10.1.1.1"),
        (True, 1, "203.0.113.7", "203.0.113.7"),
        (True, 1, "192.0.2.1, 203.0.113.7", "203.0.113.7"),
        (True, 2, "192.0.2.1, 203.0.113.7, 10.2.2.2", "203.0.113.7"),
        (True, 2, "203.0.113.7", "10.1.1.1"),
        (True, 1, "not-an-address", "10.1.1.1"),
    ],
)
def test_the_client_address_is_read_from_the_proxy_header_only_when_configured(
    rf, settings, behind, count, forwarded, expected
):
    from accounts.throttle import client_address

    settings.BEHIND_HTTPS_PROXY, settings.TRUSTED_PROXY_COUNT = behind, count
    request = rf.get("/", REMOTE_ADDR="10.1.1.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected
