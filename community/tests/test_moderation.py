"""Reports, the moderation queue and every moderation step: hidden (never deleted) posts,
locks, warnings, suspensions, joining restricted and private spaces, and the record kept."""

import pytest

from community import selectors, services
from community.models import Member, Post, Report, Space, Step, Thread
from community.tests.factories import space_of, thread_in
from core.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported(cast):
    thread = thread_in(space_of(), cast["editor_a"], title="Our clinic")
    post = services.reply(
        thread=thread, by=cast["lead_b"], body="The victim in case 123 lives at 4 High Street"
    )
    return thread, post


def test_a_report_reaches_the_facilitators_and_never_names_the_reporter_to_the_author(client, cast, reported):
    thread, post = reported
    client.force_login(cast["lead_a"])
    response = client.post(
        f"/community/posts/{post.pk}/report/", {"reason": "operational", "detail": "A case"}
    )
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.reporter, report.reason, report.status) == (cast["lead_a"], "operational", "open")
    for facilitator in ("analyst", "admin"):
        told = Notification.objects.get(user=cast[facilitator], message__contains="was reported")
        assert "Contains operational or personal information" in told.message
        assert str(cast["lead_a"].email) not in told.message and "Lead" not in told.message.split(":")[0]
    assert not Notification.objects.filter(user=cast["lead_b"], message__contains="reported").exists()
    client.force_login(cast["lead_b"])
    page = client.get(f"/community/threads/{thread.pk}/").content.decode()
    assert "lead@force-a.test" not in page and "Reported" not in page
    client.force_login(cast["analyst"])
    queue = client.get("/community/moderation/").content.decode()
    assert "Contains operational or personal information" in queue and "Our clinic" in queue


def test_reporting_twice_makes_one_report_and_ones_own_post_cannot_be_reported(client, cast, reported):
    _, post = reported
    client.force_login(cast["lead_a"])
    client.post(f"/community/posts/{post.pk}/report/", {"reason": "operational"})
    client.post(f"/community/posts/{post.pk}/report/", {"reason": "operational"})
    assert Report.objects.count() == 1
    client.force_login(cast["lead_b"])
    refused = client.post(f"/community/posts/{post.pk}/report/", {"reason": "spam"})
    assert refused.status_code == 400 and "cannot report your own post" in refused.content.decode()
    empty = client.post(f"/community/posts/{post.pk}/report/", {"reason": ""})
    assert empty.status_code == 400 and "Choose why you are reporting it" in empty.content.decode()
    assert Report.objects.count() == 1


def test_a_facilitator_hides_a_post_which_then_reaches_facilitators_only(client, cast, reported):
    thread, post = reported
    services.report_post(post=post, by=cast["lead_a"], reason="operational")
    client.force_login(cast["analyst"])
    refused = client.post(f"/community/posts/{post.pk}/hide/", {"note": ""})
    assert refused.status_code == 400 and "Say why, for the moderation record" in refused.content.decode()
    client.post(f"/community/posts/{post.pk}/hide/", {"note": "Names a victim's address"})
    post.refresh_from_db()
    assert post.hidden and Post.objects.filter(pk=post.pk).exists(), "hidden, not deleted"
    assert Report.objects.get().status == Report.Status.ACTED
    step = Step.objects.get(what=Step.What.HIDE)
    assert (step.by, step.post, step.note) == (cast["analyst"], post, "Names a victim's address")
    assert "4 High Street" in client.get(f"/community/threads/{thread.pk}/").content.decode()
    for person in ("editor_a", "lead_a", "lead_b"):
        client.force_login(cast[person])
        page = client.get(f"/community/threads/{thread.pk}/").content.decode()
        assert "4 High Street" not in page and "A facilitator hid this post." in page
        assert client.get(f"/community/posts/{post.pk}/history/").status_code == 404
        assert client.get(f"/community/posts/{post.pk}/report/").status_code == 404
        assert client.get("/community/search/?q=High+Street").context["results"].paginator.count == 0
    told = Notification.objects.get(user=cast["lead_b"], message__contains="hid your post")
    assert "Names a victim's address" in told.message
    client.force_login(cast["analyst"])
    assert client.get("/community/search/?q=High+Street").context["results"].paginator.count == 1
    client.post(f"/community/posts/{post.pk}/hide/", {"note": "Checked: made up"})
    assert not Post.objects.get(pk=post.pk).hidden
    assert list(Step.objects.order_by("at", "pk").values_list("what", flat=True)) == ["hide", "restore"]


def test_only_facilitators_moderate(client, cast, reported):
    thread, post = reported
    client.force_login(cast["lead_a"])
    assert client.get(f"/community/posts/{post.pk}/hide/").status_code == 403
    assert client.post(f"/community/threads/{thread.pk}/lock/").status_code == 403
    assert client.get("/community/moderation/").status_code == 403
    assert client.get(f"/community/spaces/{space_of().slug}/members/").status_code == 403
    assert not Post.objects.filter(hidden=True).exists() and not Thread.objects.filter(locked=True).exists()


def test_a_force_volunteer_facilitates_the_space_they_are_appointed_to_and_no_other(client, cast, spaces):
    services.facilitator_set(space=spaces["open"], by=cast["admin"], user=cast["lead_a"], on=True)
    inside = thread_in(spaces["open"], cast["lead_b"])
    outside = thread_in(space_of(), cast["lead_b"])
    client.force_login(cast["lead_a"])
    assert client.get(f"/community/posts/{inside.posts.get().pk}/hide/").status_code == 200
    assert client.get(f"/community/posts/{outside.posts.get().pk}/hide/").status_code == 403
    assert client.get("/community/moderation/").status_code == 200


def test_a_warning_and_a_suspension_are_recorded_and_stop_posting_until_lifted(client, cast, reported):
    thread, _ = reported
    space = thread.space
    client.force_login(cast["analyst"])
    base = f"/community/spaces/{space.slug}/members/{cast['lead_b'].pk}"
    client.post(f"{base}/warn/", {"note": "Keep case details out"})
    client.post(f"{base}/suspend/", {"note": "Posted a victim's address again"})
    member = Member.objects.get(space=space, user=cast["lead_b"])
    assert (member.warnings, member.suspended) == (1, True)
    client.force_login(cast["lead_b"])
    assert client.post(f"/community/threads/{thread.pk}/", {"body": "Again"}).status_code == 403
    assert (
        client.post(
            f"/community/spaces/{space.slug}/new/", {"kind": "discussion", "title": "x", "body": "y"}
        ).status_code
        == 403
    )
    assert "suspended you from posting" in client.get(f"/community/threads/{thread.pk}/").content.decode()
    client.force_login(cast["analyst"])
    client.post(f"{base}/lift/", {"note": "Spoke to them"})
    client.force_login(cast["lead_b"])
    assert client.post(f"/community/threads/{thread.pk}/", {"body": "Back"}).status_code == 302
    assert list(Step.objects.order_by("at", "pk").values_list("what", flat=True)) == [
        "warn",
        "suspend",
        "lift",
    ]


def test_dismissing_a_report_closes_it_with_no_action(client, cast, reported):
    _, post = reported
    report = services.report_post(post=post, by=cast["lead_a"], reason="spam")
    client.force_login(cast["analyst"])
    client.post(f"/community/reports/{report.pk}/dismiss/")
    assert Report.objects.get().status == Report.Status.DISMISSED and not Post.objects.get(pk=post.pk).hidden
    assert selectors.open_reports(cast["analyst"]) == []


def test_a_restricted_space_admits_people_a_facilitator_approves(client, cast, spaces):
    space = spaces["restricted"]
    client.force_login(cast["lead_a"])
    closed = client.get(f"/community/spaces/{space.slug}/").content.decode()
    assert "Ask to join" in closed and "Threads" not in closed
    client.post(f"/community/spaces/{space.slug}/join/")
    assert Member.objects.get(space=space, user=cast["lead_a"]).status == Member.Status.REQUESTED
    assert Notification.objects.filter(user=cast["analyst"], message__contains="asks to join").exists()
    assert client.get(f"/community/spaces/{space.slug}/new/").status_code == 404
    client.force_login(cast["analyst"])
    client.post(f"/community/spaces/{space.slug}/members/", {"step": "approve", "user": cast["lead_a"].pk})
    client.force_login(cast["lead_a"])
    assert client.get(f"/community/spaces/{space.slug}/new/").status_code == 200


def test_a_private_space_is_by_invitation_only(client, cast, spaces):
    space = spaces["private"]
    client.force_login(cast["lead_a"])
    assert client.get(f"/community/spaces/{space.slug}/").status_code == 404
    assert client.post(f"/community/spaces/{space.slug}/join/").status_code == 404
    client.force_login(cast["analyst"])
    bad = client.post(
        f"/community/spaces/{space.slug}/members/", {"step": "invite", "email": "nobody@example.org"}
    )
    assert bad.status_code == 400 and "Nobody in a force or the national team" in bad.content.decode()
    client.post(f"/community/spaces/{space.slug}/members/", {"step": "invite", "email": cast["lead_a"].email})
    client.force_login(cast["lead_a"])
    assert "Accept the invitation" in client.get(f"/community/spaces/{space.slug}/").content.decode()
    client.post(f"/community/spaces/{space.slug}/join/")
    assert client.get(f"/community/spaces/{space.slug}/").context["place"].reads


def test_only_the_national_team_opens_spaces_and_changes_are_recorded(client, cast):
    client.force_login(cast["lead_a"])
    assert client.get("/community/spaces/new/").status_code == 403
    client.force_login(cast["admin"])
    bad = client.post("/community/spaces/new/", {"name": "", "summary": "", "access": "nonsense"})
    assert bad.status_code == 400 and "Enter the space&#x27;s name" in bad.content.decode()
    client.post(
        "/community/spaces/new/", {"name": "Wales", "summary": "For the four Welsh forces", "access": "open"}
    )
    space = Space.objects.get(name="Wales")
    version = client.get(f"/community/spaces/{space.slug}/edit/").context["form"]["version"].value()
    client.post(
        f"/community/spaces/{space.slug}/edit/",
        {"name": "Wales", "summary": "Cymru", "access": "restricted", "version": version},
    )
    space.refresh_from_db()
    assert (space.summary, space.access) == ("Cymru", "restricted")
    latest = space.history.first()
    assert (latest.history_user, latest.summary) == (cast["admin"], "Cymru")


def test_someone_who_left_a_private_space_hears_nothing_more_of_its_threads(client, cast, spaces):
    space = spaces["private"]
    services.invite(space=space, by=cast["admin"], email=cast["lead_a"].email)
    services.join(space=space, user=cast["lead_a"])
    thread = thread_in(space, cast["lead_b"], title="Leads only")
    services.follow_set(user=cast["lead_a"], thread=thread, on=True)
    services.leave(space=space, user=cast["lead_a"])
    services.reply(thread=thread, by=cast["lead_b"], body="Still private")
    assert Notification.objects.filter(user=cast["lead_a"], message__contains="started “Leads only”").exists()
    assert not Notification.objects.filter(user=cast["lead_a"], message__contains="replied").exists()
    client.force_login(cast["lead_a"])
    assert client.get(f"/community/threads/{thread.pk}/").status_code == 404
