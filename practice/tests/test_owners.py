"""Practice examples have an owner from the force's team, who is told when an example is
given to them or taken away; leaving the force leaves their examples with nobody."""

import pytest
from django.test import Client

from core.models import Notification
from organisations import services as team
from organisations.models import Membership
from practice.models import Example
from practice.tests.factories import example

pytestmark = pytest.mark.django_db


def _url(item) -> str:
    return f"/practice/examples/{item.pk}/owner/"


def test_the_writer_owns_a_new_example_and_a_lead_gives_it_to_a_colleague(cast):
    item = example(cast["editor_a"].memberships.get().organisation, cast["editor_a"])
    assert item.owner == cast["editor_a"]
    lead = Client()
    lead.force_login(cast["lead_a"])
    assert "Editor" in lead.get(f"/practice/examples/{item.pk}/").content.decode()
    page = lead.get(_url(item))
    assert page.status_code == 200
    done = lead.post(_url(item), {"owner": cast["lead_a"].pk, "was": cast["editor_a"].pk})
    assert done.status_code == 302
    item.refresh_from_db()
    assert item.owner == cast["lead_a"]
    relieved = Notification.objects.get(user=cast["editor_a"])
    assert relieved.kind == "assignments" and relieved.message.startswith(
        "Lead gave a practice example you owned to someone else"
    )
    assert not Notification.objects.filter(user=cast["lead_a"]).exists(), "nobody is told of their own change"
    back = lead.post(_url(item), {"owner": cast["editor_a"].pk, "was": cast["lead_a"].pk})
    assert back.status_code == 302
    told = Notification.objects.filter(user=cast["editor_a"]).latest("pk")
    assert (
        told.message
        == "Lead made you the owner of a practice example in Norfolk Constabulary: “Referral quality clinic”"
    )
    history = list(item.history.order_by("history_date").values_list("owner_id", flat=True))
    assert history[-2:] == [cast["lead_a"].pk, cast["editor_a"].pk], "every change is in the history"


def test_a_stale_page_or_someone_outside_the_writers_is_refused(cast):
    item = example(cast["editor_a"].memberships.get().organisation, cast["editor_a"])
    lead = Client()
    lead.force_login(cast["lead_a"])
    stale = lead.post(_url(item), {"owner": cast["lead_a"].pk, "was": ""})
    assert stale.status_code == 400 and "Someone else has just made" in stale.content.decode()
    viewer = lead.post(_url(item), {"owner": cast["viewer_a"].pk, "was": cast["editor_a"].pk})
    assert viewer.status_code == 400 and "Choose the owner from the list" in viewer.content.decode()
    junk = lead.post(_url(item), {"owner": "<b>1</b>", "was": "x" * 21})
    assert junk.status_code == 400
    item.refresh_from_db()
    assert item.owner == cast["editor_a"]


def test_other_forces_and_readers_cannot_change_the_owner(cast):
    item = example(cast["editor_a"].memberships.get().organisation, cast["editor_a"])
    for person, status in [("lead_b", 404), ("viewer_a", 403), ("analyst", 403)]:
        client = Client()
        client.force_login(cast[person])
        assert client.post(_url(item), {"owner": "", "was": cast["editor_a"].pk}).status_code == status, (
            person
        )
    assert Example.objects.get(pk=item.pk).owner == cast["editor_a"]


def test_the_team_page_counts_examples_and_leaving_leaves_them_with_nobody(cast):
    norfolk = cast["editor_a"].memberships.get().organisation
    item = example(norfolk, cast["editor_a"])
    lead = Client()
    lead.force_login(cast["lead_a"])
    assert "1 practice example" in lead.get(f"/organisations/{norfolk.slug}/").content.decode()
    team.member_remove(organisation=norfolk, person=cast["editor_a"], by=cast["lead_a"])
    item.refresh_from_db()
    assert item.owner is None and item.created_by == cast["editor_a"]
    assert not Membership.objects.filter(user=cast["editor_a"]).exists()
