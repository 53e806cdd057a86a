import os
import subprocess
import sys

import pytest
from django.conf import settings

from core.testing import assert_good_page

PROJECT = settings.BASE_DIR


PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "x" * 20 + "a-production-like-secret-key-with-enough-entropy-9f3k2",
    "ALLOWED_HOSTS": "nvaphub.example.org",
    "EMAIL_HOST": "smtp.example.org",
}


def _manage(*args, **env):
    environment = {**os.environ, **env}
    # The browser tests allow sync ORM calls beside Playwright's loop; a deployment never does.
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=PROJECT, env=environment, capture_output=True, text=True
    )


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = _manage("check", DEBUG="0", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_it_refuses_a_bad_boolean_setting():
    result = _manage("check", DEBUG="perhaps")
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


def test_check_deploy_is_clean_under_production_settings():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_every_response_carries_a_content_security_policy_without_inline_script(client):
    response = client.get("/accessibility/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def _production_response(path, **env):
    """A request answered under the project's own production settings, in a fresh process."""
    code = (
        "import django;django.setup();from django.test import Client;"
        f"r=Client().get({path!r}, secure=True, HTTP_HOST='nvaphub.example.org');"
        "print(r.status_code);print(r.headers.get('Strict-Transport-Security'));print(r.headers.get('Cache-Control'))"
    )
    environment = {**os.environ, **PRODUCTION, **env, "DJANGO_SETTINGS_MODULE": "nvaphub.settings"}
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT, env=environment, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_production_settings_send_hsts_for_a_year_with_subdomains_and_preload_opt_in():
    assert _production_response("/api/v1/schema/")[1] == "max-age=31536000"
    opted_in = _production_response(
        "/api/v1/schema/", SECURE_HSTS_INCLUDE_SUBDOMAINS="1", SECURE_HSTS_PRELOAD="1"
    )
    assert opted_in[1] == "max-age=31536000; includeSubDomains; preload"


def test_it_refuses_to_start_without_a_mail_server_when_debug_is_off():
    result = _manage("check", **{**PRODUCTION, "EMAIL_HOST": ""})
    assert result.returncode != 0
    assert "Set EMAIL_HOST" in result.stderr
    explicit = _manage(
        "check",
        **{**PRODUCTION, "EMAIL_HOST": "", "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"},
    )
    assert explicit.returncode == 0, explicit.stderr


def test_cookies_are_secure_and_http_only_when_debug_is_off():
    code = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SECURE_SSL_REDIRECT)"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django;django.setup();{code}"],
        cwd=PROJECT,
        env={**os.environ, **PRODUCTION, "DJANGO_SETTINGS_MODULE": "nvaphub.settings"},
        capture_output=True,
        text=True,
    )
    assert result.stdout.split() == ["True", "True", "True", "True"], result.stderr


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/accessibility/", "/privacy/", "/accounts/sign-in/"])
def test_public_pages_are_well_formed(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert_good_page(response)


@pytest.mark.django_db
def test_not_found_is_a_govuk_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert_good_page(response)


def test_server_error_page_is_a_govuk_page(rf):
    from core.views import error_500

    response = error_500(rf.get("/"))
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()


@pytest.mark.django_db
def test_forbidden_is_a_govuk_page(rf):
    from core.views import error_403

    request = rf.get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    response = error_403(request)
    assert response.status_code == 403
    assert "You do not have permission to do this" in response.content.decode()


def test_the_print_stylesheet_hides_navigation():
    css = (PROJECT / "assets" / "scss" / "main.scss").read_text()
    assert "@media print" in css
    assert ".govuk-header" in css.split("@media print", 1)[1]


def test_a_request_body_over_the_limit_is_refused_before_it_is_read(client, cast, settings):
    settings.MAX_REQUEST_BYTES = 1024 * 1024
    client.force_login(cast["editor_a"])
    body = b"x" * (1024 * 1024 + 1)
    page = client.generic("POST", "/practice/examples/new/", body, content_type="application/octet-stream")
    assert page.status_code == 413
    assert "larger than 1 MB" in page.content.decode()
    api = client.generic("POST", "/api/v1/practice/", body, content_type="application/json")
    assert api.status_code == 413
    assert api.json() == {"detail": "What you sent is larger than 1 MB, the most NVAP Hub accepts at once."}
