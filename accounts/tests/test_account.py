"""Your account: your name, your password, your organisations and roles, and signing out
everywhere else."""

import pytest
from django.test import Client

from conftest import PASSWORD
from core.testing import assert_good_page

pytestmark = pytest.mark.django_db
URL = "/accounts/"
NEW_PASSWORD = "plum-harbour-lantern-42"


def _signed_in(user, password=PASSWORD) -> Client:
    client = Client()
    assert client.post("/accounts/sign-in/", {"email": user.email, "password": password}).status_code == 302
    return client


def test_the_account_page_shows_your_organisations_and_roles(cast):
    client = Client()
    client.force_login(cast["lead_a"])
    page = client.get(URL)
    assert_good_page(page)
    html = page.content.decode()
    assert "lead@force-a.test" in html and "Norfolk Constabulary</a>: Force vulnerability lead" in html
    assert "Kent" not in html


def test_you_change_your_name_and_it_shows_at_once(cast):
    client = _signed_in(cast["editor_a"])
    bad = client.post(URL, {"action": "name", "name-full_name": "  "})
    assert bad.status_code == 400 and "Enter your full name" in bad.content.decode()
    assert 'href="#id_name-full_name"' in bad.content.decode(), "the summary links to the field"
    assert client.post(URL, {"action": "name", "name-full_name": "Edie Owner"}).status_code == 302
    cast["editor_a"].refresh_from_db()
    assert cast["editor_a"].full_name == "Edie Owner"
    assert 'value="Edie Owner"' in client.get(URL).content.decode()


def test_changing_your_password_keeps_this_session_and_ends_the_others(cast):
    user = cast["viewer_a"]
    here, elsewhere = _signed_in(user), _signed_in(user)
    wrong = here.post(
        URL,
        {
            "action": "password",
            "password-old_password": "not it",
            "password-new_password1": NEW_PASSWORD,
            "password-new_password2": NEW_PASSWORD,
        },
    )
    assert wrong.status_code == 400 and "Your current password is not right" in wrong.content.decode()
    short = here.post(
        URL,
        {
            "action": "password",
            "password-old_password": PASSWORD,
            "password-new_password1": "short",
            "password-new_password2": "short",
        },
    )
    assert short.status_code == 400 and "too short" in short.content.decode()
    done = here.post(
        URL,
        {
            "action": "password",
            "password-old_password": PASSWORD,
            "password-new_password1": NEW_PASSWORD,
            "password-new_password2": NEW_PASSWORD,
        },
    )
    assert done.status_code == 302
    assert here.get(URL).status_code == 200, "still signed in here"
    assert elsewhere.get(URL).status_code == 302, "signed out elsewhere"
    _signed_in(user, NEW_PASSWORD)


def test_sign_out_everywhere_else_ends_every_other_session(cast):
    user = cast["editor_a"]
    here, elsewhere, third = _signed_in(user), _signed_in(user), _signed_in(user)
    assert here.post(URL, {"action": "sign-out-elsewhere"}).status_code == 302
    assert here.get(URL).status_code == 200
    assert elsewhere.get(URL).status_code == 302 and third.get("/benchmarking/").status_code == 302
    again = _signed_in(user)
    assert again.get(URL).status_code == 200, "a new sign-in works"
    assert _signed_in(cast["viewer_a"]).get(URL).status_code == 200, "other people are not affected"


def test_a_post_that_names_no_form_changes_nothing_and_says_so(cast):
    client = _signed_in(cast["editor_a"])
    for data in ({}, {"action": "drop-tables", "name-full_name": "X"}):
        response = client.post(URL, data)
        assert (
            response.status_code == 400 and "Choose what to change on this page" in response.content.decode()
        )
    cast["editor_a"].refresh_from_db()
    assert cast["editor_a"].full_name == "Editor"


def test_the_account_page_needs_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and response.url.startswith("/accounts/sign-in/")


def test_you_choose_which_notifications_come_by_email_and_which_in_a_daily_summary(cast):
    from core.models import Email, Notification
    from core.notify import KINDS, notify, send_digests

    editor = cast["editor_a"]
    client = _signed_in(editor)
    page = client.get(URL)
    assert_good_page(page)
    choices = {f"emails-{kind}": "at_once" for kind in KINDS}
    bad = client.post(URL, {"action": "emails", **choices, "emails-returns": "hourly"})
    assert bad.status_code == 400 and "Choose one of the ways listed" in bad.content.decode()
    assert 'href="#id_emails-returns_0"' in bad.content.decode()
    choices.update({"emails-assignments": "digest", "emails-practice": "digest", "emails-returns": "never"})
    assert client.post(URL, {"action": "emails", **choices}).status_code == 302
    assert 'value="digest" checked' in client.get(URL).content.decode()

    lead = cast["lead_a"]
    notify(
        users=[editor, lead], kind="assignments", subject="Given", message="Lead gave you 2.1.1.", url="/x/"
    )
    notify(users=[editor], kind="practice", subject="Assessed", message="Your example is published.")
    notify(users=[editor], kind="returns", subject="Accepted", message="Your return is accepted.")
    notify(users=[editor], kind="deadlines", subject="Due", message="Your return is due tomorrow.")
    assert Notification.objects.filter(user=editor).count() == 4, "every one shows in NVAP Hub"
    assert list(Email.objects.filter(to=editor.email).values_list("subject", flat=True)) == ["NVAP Hub: Due"]
    assert Email.objects.filter(to=lead.email, subject="NVAP Hub: Given").count() == 1, "others as they chose"

    assert send_digests.call() == 1
    digest = Email.objects.get(to=editor.email, subject="NVAP Hub: your daily summary")
    assert (
        "(2)" in digest.body
        and "Lead gave you 2.1.1." in digest.body
        and "Your example is published." in digest.body
    )
    assert digest.body.index("Lead gave you") < digest.body.index("Your example"), "oldest first"
    assert "/x/" in digest.body and "accepted" not in digest.body
    assert send_digests.call() == 0, "each notification is summarised once"
    assert not Notification.objects.filter(emailed="in_digest").exists()


def test_your_latest_sign_ins_are_listed_and_signing_out_elsewhere_marks_them(cast):
    user = cast["editor_a"]
    elsewhere = Client(HTTP_USER_AGENT="Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Safari/604.1")
    assert (
        elsewhere.post("/accounts/sign-in/", {"email": user.email, "password": PASSWORD}).status_code == 302
    )
    here = Client(
        HTTP_USER_AGENT="Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/140.0 Safari/537.36 Edg/140.0"
    )
    assert here.post("/accounts/sign-in/", {"email": user.email, "password": PASSWORD}).status_code == 302
    rows = here.get(URL).context["sign_ins"]
    assert [(r.browser, r.how) for r in rows] == [
        ("Edge on Windows", "Password"),
        ("Safari on iPhone", "Password"),
    ]
    html = here.get(URL).content.decode()
    assert "This browser" in html and "Signed in unless signed out or unused for 30 minutes" in html
    here.post(URL, {"action": "sign-out-elsewhere"})
    assert "Signed out" in here.get(URL).content.decode()
    other = Client()
    other.force_login(cast["viewer_a"])
    assert "Safari on iPhone" not in other.get(URL).content.decode(), "each person sees their own"
