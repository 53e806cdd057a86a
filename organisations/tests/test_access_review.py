"""Joiners, movers and leavers: accounts unused for 180 days are suspended by the daily access
check and restored by a lead; each force's leads confirm their team every quarter."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import User
from conftest import PASSWORD, run_queued_tasks
from core.models import Notification
from core.testing import assert_good_page
from organisations import services
from organisations.models import AccessEvent, Organisation, TeamReview
from organisations.tasks import review_access

pytestmark = pytest.mark.django_db
NORFOLK = "norfolk-constabulary"
TEAM = f"/organisations/{NORFOLK}/"


def _unused_for(user, days):
    then = timezone.now() - timedelta(days=days)
    User.objects.filter(pk=user.pk).update(last_login=then, date_joined=then - timedelta(days=1))


def test_accounts_unused_for_180_days_are_suspended_and_a_lead_restores_them(client, cast):
    viewer, editor = cast["viewer_a"], cast["editor_a"]
    _unused_for(viewer, 181)
    _unused_for(editor, 179)
    superuser = User.objects.create_superuser(email="break-glass@vkpp.test", password=PASSWORD)
    _unused_for(superuser, 400)
    assert services.suspend_unused() == 1
    viewer.refresh_from_db()
    editor.refresh_from_db()
    superuser.refresh_from_db()
    assert not viewer.is_active and editor.is_active and superuser.is_active
    event = AccessEvent.objects.get()
    assert (event.person, event.organisation.slug, event.kind, event.by) == (
        viewer,
        NORFOLK,
        "suspended",
        None,
    )
    refused = client.post("/accounts/sign-in/", {"email": viewer.email, "password": PASSWORD})
    assert refused.status_code == 400
    assert services.suspend_unused() == 0, "nobody twice"

    client.force_login(cast["lead_a"])
    team = client.get(TEAM)
    assert_good_page(team)
    html = team.content.decode()
    assert "Suspended</strong>" in html and "Restore<span" in html
    assert client.post(f"{TEAM}people/{viewer.pk}/restore/").status_code == 302
    viewer.refresh_from_db()
    assert viewer.is_active and viewer.restored_at is not None
    assert services.suspend_unused() == 0, "unused time counts afresh from the restoration"
    from django.test import Client

    assert (
        Client().post("/accounts/sign-in/", {"email": viewer.email, "password": PASSWORD}).status_code == 302
    )
    history = client.get(f"{TEAM}changes/").content.decode()
    assert "Suspended: not signed in for a long time" in history and "Restored" in history


def test_only_those_who_run_the_team_restore(client, cast):
    viewer = cast["viewer_a"]
    _unused_for(viewer, 200)
    services.suspend_unused()
    for who in ("editor_a", "analyst"):
        client.force_login(cast[who])
        assert client.post(f"{TEAM}people/{viewer.pk}/restore/").status_code == 403
    client.force_login(cast["lead_b"])
    assert client.post(f"{TEAM}people/{viewer.pk}/restore/").status_code == 404
    viewer.refresh_from_db()
    assert not viewer.is_active


def test_each_quarter_every_forces_leads_are_asked_to_confirm_their_team(client, cast):
    _unused_for(cast["editor_a"], 100)
    review_access.enqueue()
    run_queued_tasks()
    assert (
        TeamReview.objects.filter(confirmed_at__isnull=True).count()
        == Organisation.objects.filter(kind="force").count()
    )
    told = Notification.objects.get(user=cast["lead_a"])
    assert told.message.startswith("It is time to check who can see Norfolk Constabulary's work")
    assert told.url == f"{TEAM}#review"
    assert not Notification.objects.filter(user=cast["editor_a"]).exists(), "leads only"
    review_access.call()
    assert Notification.objects.filter(user=cast["lead_a"]).count() == 1, "once a quarter"

    client.force_login(cast["lead_a"])
    home = client.get("/")
    assert_good_page(home)
    assert "Confirm Norfolk Constabulary&#x27;s team for this quarter</a>" in home.content.decode()
    team = client.get(TEAM).content.decode()
    assert "Confirm your team for this quarter" in team and "1 person has not signed in for 90 days" in team
    row = team[team.index("Editor") :]
    assert "Not signed in for 90 days" in row[: row.index("</tr>")]
    client.force_login(cast["editor_a"])
    assert "Confirm your team" not in client.get(TEAM).content.decode(), "for those who run the team"
    assert client.post(f"{TEAM}review/confirm/").status_code == 403

    client.force_login(cast["lead_a"])
    assert client.post(f"{TEAM}review/confirm/").status_code == 302
    review = TeamReview.objects.get(organisation__slug=NORFOLK)
    assert review.confirmed_by == cast["lead_a"] and review.quarter == services.quarter_of(
        timezone.localdate()
    )
    assert "Confirm Norfolk" not in client.get("/").content.decode()
    assert "Confirm your team for this quarter" not in client.get(TEAM).content.decode()
    again = client.post(f"{TEAM}review/confirm/", follow=True)
    assert "confirmed already" in again.content.decode()


def test_quarters_start_in_january_april_july_and_october():
    from datetime import date

    assert [services.quarter_of(date(2026, m, 15)) for m in (1, 3, 4, 6, 7, 9, 10, 12)] == [
        date(2026, 1, 1),
        date(2026, 1, 1),
        date(2026, 4, 1),
        date(2026, 4, 1),
        date(2026, 7, 1),
        date(2026, 7, 1),
        date(2026, 10, 1),
        date(2026, 10, 1),
    ]
