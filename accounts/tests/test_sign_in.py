import re

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.utils import timezone

from accounts.models import FailedSignIn
from conftest import PASSWORD
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
    settings.SIGN_IN_MAX_FAILURES = 3
    for _ in range(3):
        _sign_in(client, "editor@force-a.test", "wrong")
    response = _sign_in(client, "editor@force-a.test", PASSWORD)
    assert response.status_code == 400
    assert "Too many failed attempts to sign in" in response.content.decode()
    assert response.context["user"].is_anonymous


def test_the_throttle_says_the_same_for_accounts_that_do_not_exist(client, db, settings):
    settings.SIGN_IN_MAX_FAILURES = 2
    for _ in range(2):
        first = _sign_in(client, "nobody@nowhere.test", "wrong")
    assert "The email address or password is not right" in first.content.decode()
    response = _sign_in(client, "nobody@nowhere.test", "wrong")
    assert "Too many failed attempts to sign in" in response.content.decode()


def test_the_throttle_counts_failures_per_network_address(client, cast, settings):
    settings.SIGN_IN_MAX_FAILURES = 2
    _sign_in(client, "a@x.test", "wrong", REMOTE_ADDR="10.0.0.9")
    _sign_in(client, "b@x.test", "wrong", REMOTE_ADDR="10.0.0.9")
    response = _sign_in(client, "editor@force-a.test", PASSWORD, REMOTE_ADDR="10.0.0.9")
    assert "Too many failed attempts" in response.content.decode()
    assert _sign_in(client, "editor@force-a.test", PASSWORD, REMOTE_ADDR="10.0.0.10").status_code == 302


def test_failures_older_than_the_window_do_not_count(client, cast, settings):
    settings.SIGN_IN_MAX_FAILURES = 1
    _sign_in(client, "editor@force-a.test", "wrong")
    FailedSignIn.objects.update(attempted_at=timezone.now() - timezone.timedelta(minutes=16))
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
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    _sign_in(client, "editor@force-a.test", PASSWORD)
    session = Session.objects.get()
    before = session.expire_date
    client.get("/")
    assert Session.objects.get().expire_date >= before, "each request extends the session"
    Session.objects.update(expire_date=timezone.now() - timezone.timedelta(seconds=1))
    response = client.get("/organisations/")
    assert response.status_code == 302
    assert response.url.startswith(SIGN_IN)


def test_password_reset_sends_a_link_that_sets_a_new_password(client, cast):
    response = client.post("/accounts/password-reset/", {"email": "editor@force-a.test"})
    assert response.status_code == 302
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
