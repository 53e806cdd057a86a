"""Second factors: who must have one, the second step of signing in, setting up an
authenticator app, recovery codes, removing and resetting, the organisation's rule, asking
again before sensitive steps, and every change on the team's history."""

import time
from base64 import b32decode
from binascii import unhexlify

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import mfa
from conftest import PASSWORD
from organisations.models import AccessEvent

pytestmark = pytest.mark.django_db

NORFOLK = "norfolk-constabulary"


def code_for(key_hex: str, steps_ahead: int = 0) -> str:
    totp = TOTP(unhexlify(key_hex))
    totp.time = time.time() + steps_ahead * 30
    return f"{totp.token():06d}"


def password_only(user) -> Client:
    client = Client()
    response = client.post("/accounts/sign-in/", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    client.first = response["Location"]
    return client


def enrol_app(client) -> tuple[str, list[str]]:
    """Sets up an authenticator app through the pages; returns its key and recovery codes."""
    page = client.get("/accounts/two-factor/app/")
    assert page.status_code == 200
    secret = page.context["secret"].replace(" ", "")
    key_hex = b32decode(secret).hex()
    done = client.post("/accounts/two-factor/app/", {"name": "Work phone", "code": code_for(key_hex)})
    assert done.status_code == 302
    shown = client.get(done["Location"])
    codes = shown.context["codes"]
    assert len(codes) == 10 and all(c in shown.content.decode() for c in codes)
    return key_hex, codes


def test_a_national_analyst_without_a_second_factor_reaches_no_force_data_until_they_set_one_up(cast):
    client = password_only(cast["analyst"])
    assert client.first == "/accounts/two-factor/"
    for url in ["/benchmarking/", f"/organisations/{NORFOLK}/", "/impact/", "/practice/"]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/two-factor/"), url
    api = client.get("/api/v1/exercises/")
    assert api.status_code == 403 and api.json()["error"]["code"] == "second_factor_needed"
    page = client.get("/accounts/two-factor/")
    assert "You are a national analyst in VKPP" in page.content.decode()
    enrol_app(client)
    assert client.get("/benchmarking/").status_code == 200
    assert client.get(f"/organisations/{NORFOLK}/").status_code == 200
    assert cast["analyst"].__class__.objects.get(pk=cast["analyst"].pk).mfa_enrolled_at is not None


def test_a_force_lead_must_and_a_contributor_may(cast):
    assert (
        mfa.required_for(cast["lead_a"])
        and mfa.required_for(cast["admin"])
        and mfa.required_for(cast["inspector"])
    )
    assert not mfa.required_for(cast["editor_a"]) and not mfa.required_for(cast["viewer_a"])
    contributor = password_only(cast["editor_a"])
    assert contributor.first == "/"
    assert contributor.get("/benchmarking/").status_code == 200


def test_an_organisation_can_ask_everyone_to_use_one(cast):
    lead = Client()
    lead.force_login(cast["lead_a"])
    form = lead.get(f"/organisations/{NORFOLK}/second-factors/")
    assert form.status_code == 200
    bad = lead.post(f"/organisations/{NORFOLK}/second-factors/", {"everyone": "perhaps"})
    assert bad.status_code == 400 and "Choose one of the options listed" in bad.content.decode()
    assert lead.post(f"/organisations/{NORFOLK}/second-factors/", {"everyone": "yes"}).status_code == 302
    editor = password_only(cast["editor_a"])
    assert editor.first == "/accounts/two-factor/"
    assert editor.get("/benchmarking/")["Location"].startswith("/accounts/two-factor/")
    assert "asks everyone to use one" in editor.get("/accounts/two-factor/").content.decode()
    event = AccessEvent.objects.get(kind=AccessEvent.Kind.MFA_REQUIRED)
    assert event.by == cast["lead_a"] and event.person is None
    # Another force's lead cannot change Norfolk's rule.
    other = Client()
    other.force_login(cast["lead_b"])
    assert other.post(f"/organisations/{NORFOLK}/second-factors/", {"everyone": "no"}).status_code == 404


def test_once_set_up_signing_in_asks_for_a_code_that_works_once(cast):
    editor = cast["editor_a"]
    first = password_only(editor)
    key_hex, codes = enrol_app(first)
    client = password_only(editor)
    assert client.first == "/accounts/verify/"
    assert client.get("/benchmarking/")["Location"] == "/accounts/verify/?next=%2Fbenchmarking%2F"
    wrong = client.post(
        "/accounts/verify/", {"code": "000000" if code_for(key_hex) != "000000" else "111111"}
    )
    assert wrong.status_code == 400 and "That code is not right" in wrong.content.decode()
    time.sleep(1.1)  # a wrong code makes the app's codes wait a second
    right = client.post("/accounts/verify/", {"code": code_for(key_hex, 1), "next": "/benchmarking/"})
    assert right.status_code == 302 and right["Location"] == "/benchmarking/"
    assert client.get("/benchmarking/").status_code == 200
    again = password_only(editor)
    replay = again.post("/accounts/verify/", {"code": code_for(key_hex, 1)})
    assert replay.status_code == 400, "a code works once"


def test_a_recovery_code_works_once(cast):
    editor = cast["editor_a"]
    _, codes = enrol_app(password_only(editor))
    client = password_only(editor)
    assert client.post("/accounts/verify/", {"code": codes[0].upper()}).status_code == 302
    assert client.get("/benchmarking/").status_code == 200
    again = password_only(editor)
    assert again.post("/accounts/verify/", {"code": codes[0]}).status_code == 400
    time.sleep(1.1)  # a wrong code makes the codes wait a second
    assert again.post("/accounts/verify/", {"code": codes[1]}).status_code == 302


@pytest.mark.parametrize(
    "code, message",
    [
        ("", "Enter the code from your authenticator app, or a recovery code"),
        ("x" * 21, "Enter a code of 20 characters or fewer"),
        ("12ab56", "That code is not right"),
        ("<script>", "That code is not right"),
    ],
)
def test_bad_codes_get_a_clear_message(cast, code, message):
    editor = cast["editor_a"]
    enrol_app(password_only(editor))
    response = password_only(editor).post("/accounts/verify/", {"code": code})
    assert response.status_code == 400 and message in response.content.decode()


def test_setting_up_an_app_needs_its_code(cast):
    client = Client()
    client.force_login(cast["editor_a"])
    client.get("/accounts/two-factor/app/")
    for code, message in [
        ("", "Enter the 6-digit code"),
        ("123", "That code is not right"),
        ("1" * 11, "Enter the 6-digit"),
    ]:
        response = client.post("/accounts/two-factor/app/", {"name": "Phone", "code": code})
        assert response.status_code == 400 and message in response.content.decode()
    assert not TOTPDevice.objects.filter(user=cast["editor_a"]).exists()


def test_a_sensitive_step_asks_again_after_fifteen_minutes(cast, settings):
    editor = cast["editor_a"]
    client = password_only(editor)
    # No second factor yet: creating an API token asks them to set one up first.
    response = client.get("/accounts/api-tokens/")
    assert response["Location"] == "/accounts/two-factor/?next=%2Faccounts%2Fapi-tokens%2F"
    key_hex, _ = enrol_app(client)
    assert client.get("/accounts/api-tokens/").status_code == 200, "just used"
    session = client.session
    session[mfa.MFA_AT] = int(time.time()) - settings.MFA_FRESH_MINUTES * 60 - 1
    session.save()
    stale = client.post("/accounts/api-tokens/", {"name": "Power BI"})
    assert stale["Location"] == "/accounts/verify/?next=%2Faccounts%2Fapi-tokens%2F&again=1"
    assert not editor.api_tokens.exists()
    page = client.get(stale["Location"])
    assert "Confirm it is you" in page.content.decode()
    assert (
        client.post(
            "/accounts/verify/", {"code": code_for(key_hex, 1), "next": "/accounts/api-tokens/"}
        ).status_code
        == 302
    )
    assert client.post("/accounts/api-tokens/", {"name": "Power BI"}).status_code == 200
    assert editor.api_tokens.count() == 1


def test_role_changes_and_whole_exercise_exports_ask_again_when_stale(cast, settings):
    from django.utils import timezone

    for person in (cast["lead_a"], cast["analyst"]):
        TOTPDevice.objects.create(user=person, key="3132333435363738393031323334353637383930", confirmed=True)
        person.mfa_enrolled_at = timezone.now()
        person.save()
    lead = Client()
    lead.force_login(cast["lead_a"])
    session = lead.session
    session[mfa.MFA_AT] = int(time.time()) - settings.MFA_FRESH_MINUTES * 60 - 1
    session.save()
    url = f"/organisations/{NORFOLK}/people/{cast['editor_a'].pk}/role/"
    assert lead.get(url)["Location"].startswith("/accounts/verify/?next=")
    analyst = Client()
    analyst.force_login(cast["analyst"])
    session = analyst.session
    session[mfa.MFA_AT] = int(time.time()) - settings.MFA_FRESH_MINUTES * 60 - 1
    session.save()
    assert analyst.get("/benchmarking/exercises/1/export.csv")["Location"].startswith("/accounts/verify/")


def test_the_last_second_factor_stays_while_you_must_have_one(cast):
    client = Client()
    client.force_login(cast["lead_a"])
    enrol_app(client)
    device = TOTPDevice.objects.get(user=cast["lead_a"])
    url = f"/accounts/two-factor/app/{device.pk}/remove/"
    assert "you must keep one" in client.get(url).content.decode()
    refused = client.post(url)
    assert refused.status_code == 400 and "Add another before you remove this one" in refused.content.decode()
    assert TOTPDevice.objects.filter(pk=device.pk).exists()


def test_someone_who_need_not_can_remove_theirs_and_it_is_recorded(cast):
    editor = cast["editor_a"]
    client = Client()
    client.force_login(editor)
    enrol_app(client)
    device = TOTPDevice.objects.get(user=editor)
    other = Client()
    other.force_login(cast["viewer_a"])
    assert other.get(f"/accounts/two-factor/app/{device.pk}/remove/").status_code == 404, "not theirs"
    assert client.post(f"/accounts/two-factor/app/{device.pk}/remove/").status_code == 302
    editor.refresh_from_db()
    assert editor.mfa_enrolled_at is None and not TOTPDevice.objects.filter(user=editor).exists()
    assert password_only(editor).first == "/", "signs in with a password alone again"
    kinds = list(AccessEvent.objects.filter(person=editor).order_by("pk").values_list("kind", "detail"))
    assert kinds == [
        ("mfa_added", "Authenticator app: Work phone"),
        ("recovery_codes", ""),
        ("mfa_removed", "Authenticator app: Work phone"),
    ]
    lead = Client()
    lead.force_login(cast["lead_a"])
    history = lead.get(f"/organisations/{NORFOLK}/changes/").content.decode()
    assert "Second factor removed: Authenticator app: Work phone" in history
    assert "Second factor added: Authenticator app: Work phone" in history


def test_a_lead_resets_a_lost_second_factor(cast):
    editor = cast["editor_a"]
    mine = Client()
    mine.force_login(editor)
    enrol_app(mine)
    lead = Client()
    lead.force_login(cast["lead_a"])
    url = f"/organisations/{NORFOLK}/people/{editor.pk}/reset-second-factor/"
    assert "Reset Editor's second factor?" in lead.get(url).content.decode()
    outsider = Client()
    outsider.force_login(cast["lead_b"])
    assert outsider.post(url).status_code == 404
    assert lead.post(url).status_code == 302
    editor.refresh_from_db()
    assert editor.mfa_enrolled_at is None
    assert mine.get("/benchmarking/").status_code == 302, "signed out everywhere"
    event = AccessEvent.objects.get(kind=AccessEvent.Kind.MFA_RESET)
    assert event.person == editor and event.by == cast["lead_a"]


def test_new_recovery_codes_replace_the_old(cast):
    client = Client()
    client.force_login(cast["editor_a"])
    _, old = enrol_app(client)
    assert client.post("/accounts/two-factor/recovery-codes/").status_code == 302
    new = client.get("/accounts/two-factor/").context["codes"]
    assert len(new) == 10 and not set(new) & set(old)
    assert password_only(cast["editor_a"]).post("/accounts/verify/", {"code": old[0]}).status_code == 400
    assert client.get("/accounts/two-factor/").context["codes"] is None, "shown once"


@pytest.mark.parametrize(
    "endpoint",
    [
        "/accounts/two-factor/passkeys/registration/complete/",
        "/accounts/two-factor/passkeys/authentication/complete/",
    ],
)
@pytest.mark.parametrize("body", ["not json", '{"id": "x", "rawId": "x", "response": {}}', "[]", "{" * 5000])
def test_passkey_endpoints_answer_junk_with_a_json_error(cast, endpoint, body):
    client = Client()
    client.force_login(cast["editor_a"])
    response = client.post(endpoint, body, content_type="application/json")
    assert 400 <= response.status_code < 500, (endpoint, response.status_code)
    assert response["Content-Type"].startswith("application/json")
    from django_otp_webauthn.models import WebAuthnCredential

    assert not WebAuthnCredential.objects.exists()
    cast["editor_a"].refresh_from_db()
    assert cast["editor_a"].mfa_enrolled_at is None


def test_passkey_endpoints_are_for_people_signed_in(content):
    response = Client().post(
        "/accounts/two-factor/passkeys/registration/begin/", "{}", content_type="application/json"
    )
    assert response.status_code == 302 and response["Location"].startswith("/accounts/sign-in/")
