"""Starting threads, replying, questions and their answers, mentions, following, summaries,
events, practice, files, edits, and what bad input gets."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from community import selectors, services
from community.models import Attachment, Follow, Post, Space, Thread
from community.tests.factories import space_of, thread_in
from community.tests.test_richtext import HOSTILE, assert_harmless
from core.models import Email, EmailSetting, Notification

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _upload(name="notes.pdf", data=PDF):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="application/pdf")


def _new(client, space, **fields):
    data = {"kind": "discussion", "title": "Joint training", "body": "How do you count it?", **fields}
    return client.post(f"/community/spaces/{space.slug}/new/", data)


def test_every_action_of_the_plan_has_an_open_space(content):
    from framework import selectors as plan

    codes = {a.code for a in plan.current_actions("nvap")}
    spaces = Space.objects.filter(kind=Space.Kind.ACTION, framework_slug="nvap")
    assert set(spaces.values_list("action_code", flat=True)) == codes
    assert set(spaces.values_list("access", flat=True)) == {Space.Access.OPEN}
    assert services.spaces_for_plan("nvap") == 0, "a second run makes nothing new"


def test_a_contributor_starts_a_discussion_and_follows_it(client, cast):
    client.force_login(cast["editor_a"])
    space = space_of()
    response = _new(client, space, once="11111111-1111-1111-1111-111111111111")
    thread = Thread.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/community/threads/{thread.pk}/"
    assert (thread.kind, thread.title, thread.author, thread.post_count) == (
        "discussion",
        "Joint training",
        cast["editor_a"],
        1,
    )
    assert Follow.objects.filter(user=cast["editor_a"], thread=thread).exists()
    page = client.get(f"/community/threads/{thread.pk}/").content.decode()
    assert "How do you count it?" in page and "Do not post case details" in page


def test_a_double_clicked_post_makes_one_thread_and_one_reply(client, cast):
    client.force_login(cast["editor_a"])
    space = space_of()
    once = "22222222-2222-2222-2222-222222222222"
    _new(client, space, once=once)
    _new(client, space, once=once)
    thread = Thread.objects.get()
    reply = {"body": "Thanks", "once": "33333333-3333-3333-3333-333333333333"}
    client.post(f"/community/threads/{thread.pk}/", reply)
    client.post(f"/community/threads/{thread.pk}/", reply)
    assert Post.objects.filter(thread=thread).count() == 2
    assert Thread.objects.get().post_count == 2


@pytest.mark.parametrize(
    "fields,field,message",
    [
        ({"title": ""}, "title", "Enter a title"),
        ({"title": "x" * 151}, "title", "Use 150 characters or fewer"),
        ({"body": ""}, "body", "Enter your message"),
        ({"body": "x" * 10_001}, "body", "Use 10,000 characters or fewer"),
        ({"kind": "nonsense"}, "kind", "Choose what you are starting"),
        ({"kind": "announcement"}, "kind", "Choose what you are starting"),
        (
            {
                "kind": "event",
                "starts_on_day": "31",
                "starts_on_month": "2",
                "starts_on_year": "2027",
                "starts_time": "14:30",
            },
            "starts_on",
            "must be a real date",
        ),
        (
            {
                "kind": "event",
                "starts_on_day": "3",
                "starts_on_month": "2",
                "starts_on_year": "2027",
                "starts_time": "25:00",
            },
            "starts_time",
            "Enter the start time",
        ),
        ({"kind": "event", "starts_time": "10:00"}, "starts_on", "Enter the event date"),
        ({"body": "Over to @[Nobody At All]"}, None, "Nobody called “Nobody At All” can read this space"),
        ({"body": "Over to @[Lead]"}, None, "More than one person is called “Lead”"),
    ],
)
def test_bad_input_starting_a_thread_is_refused_with_a_message_and_nothing_written(
    client, cast, fields, field, message
):
    client.force_login(cast["editor_a"])
    response = _new(client, space_of(), **fields)
    page = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in page and message in page
    if field:
        assert f'href="#id_{field}' in page or f'href="#{field}' in page
    assert not Thread.objects.exists() and not Post.objects.exists() and not Notification.objects.exists()


@pytest.mark.parametrize(
    "name,data,message",
    [
        ("evil.pdf", b"<html><script>alert(1)</script></html>", "must be a PDF, Word, Excel or PowerPoint"),
        ("empty.pdf", b"", "The file is empty"),
        ("fake.docx", b"PK\x03\x04not really a zip", "must be a PDF, Word, Excel or PowerPoint"),
    ],
)
def test_a_hostile_or_empty_file_is_refused_and_leaves_no_thread_and_no_file(
    client, cast, name, data, message, settings, tmp_path
):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }
    client.force_login(cast["editor_a"])
    response = _new(client, space_of(), upload=_upload(name, data))
    assert response.status_code == 400 and message in response.content.decode()
    assert not Thread.objects.exists() and not Attachment.objects.exists()
    assert not list(tmp_path.rglob("*.*"))


def test_a_file_on_a_reply_is_checked_kept_and_served_to_readers(client, cast, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }
    thread = thread_in(space_of(), cast["editor_a"])
    client.force_login(cast["lead_b"])
    client.post(
        f"/community/threads/{thread.pk}/", {"body": "Our template", "upload": _upload("Training log.pdf")}
    )
    stored = Attachment.objects.get()
    assert (stored.content_type, stored.title) == ("application/pdf", "Training log.pdf")
    response = client.get(f"/community/files/{stored.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith('attachment; filename="training-logpdf.pdf"')


def test_a_question_is_open_until_answered_then_accepted_with_the_official_answer(client, cast):
    space = space_of()
    question = thread_in(
        space, cast["editor_a"], kind=Thread.Kind.QUESTION, title="Do partners' sessions count?"
    )
    assert question.status == Thread.Status.OPEN
    told = Notification.objects.filter(user=cast["analyst"], kind="community").get()
    assert "asks the national team" in told.message
    assert [i.title for i in selectors.needs_you(cast["analyst"], question.created_at.date())] == [
        "Answer “Do partners' sessions count?”"
    ]
    services.reply(thread=question, by=cast["editor_a"], body="Any views?")
    assert Thread.objects.get().status == Thread.Status.OPEN, "the asker's own reply answers nothing"
    services.reply(thread=question, by=cast["lead_b"], body="We count them too")
    assert Thread.objects.get().status == Thread.Status.OPEN, (
        "another force's reply is welcome, but not the national team's"
    )
    answer = services.reply(thread=question, by=cast["analyst"], body="Yes, count them.")
    assert Thread.objects.get().status == Thread.Status.ANSWERED
    client.force_login(cast["analyst"])
    response = client.post(f"/community/posts/{answer.pk}/official/", {"on_action_page": "on"})
    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.status, question.official, question.on_action_page) == ("accepted", answer, True)
    assert Post.objects.get(pk=answer.pk).official
    assert selectors.waiting_questions(cast["analyst"]) == []
    action_page = client.get("/plan/nvap/actions/2.2.1/").content.decode()
    assert "The national team&#x27;s answers" in action_page or "The national team's answers" in action_page
    assert "Yes, count them." in action_page


def test_only_facilitators_mark_an_official_answer(client, cast):
    question = thread_in(space_of(), cast["editor_a"], kind=Thread.Kind.QUESTION)
    answer = services.reply(thread=question, by=cast["lead_b"], body="We do")
    client.force_login(cast["lead_a"])
    assert client.post(f"/community/posts/{answer.pk}/official/").status_code == 403
    assert Thread.objects.get().official is None


def test_the_asker_accepts_an_answer(client, cast):
    question = thread_in(space_of(), cast["editor_a"], kind=Thread.Kind.QUESTION)
    answer = services.reply(thread=question, by=cast["lead_b"], body="We do")
    client.force_login(cast["lead_b"])
    client.post(f"/community/posts/{answer.pk}/accept/")
    assert (Thread.objects.get().status, Thread.objects.get().accepted) == ("open", None), (
        "only the asker accepts"
    )
    client.force_login(cast["editor_a"])
    client.post(f"/community/posts/{answer.pk}/accept/")
    assert (Thread.objects.get().status, Thread.objects.get().accepted) == ("accepted", answer)


def test_a_mention_tells_the_person_and_replies_tell_followers_but_never_the_writer(cast):
    cast["lead_b"].full_name = "Kit Lead"
    cast["lead_b"].save()
    thread = thread_in(space_of(), cast["editor_a"], body="What does @[Kit Lead] think?")
    mentioned = Notification.objects.get(user=cast["lead_b"])
    assert "mentioned you" in mentioned.message and mentioned.url == f"/community/threads/{thread.pk}/"
    services.reply(thread=thread, by=cast["lead_b"], body="We count them.")
    assert Notification.objects.filter(user=cast["editor_a"], message__contains="replied").count() == 1
    assert not Notification.objects.filter(user=cast["lead_b"], message__contains="replied").exists()


def test_followers_of_a_space_hear_of_new_threads(cast):
    space = space_of()
    services.follow_set(user=cast["viewer_a"], space=space, on=True)
    thread_in(space, cast["editor_a"], title="New here")
    assert (
        Notification.objects.filter(user=cast["viewer_a"], message__contains="started “New here”").count()
        == 1
    )
    services.follow_set(user=cast["viewer_a"], space=space, on=False)
    thread_in(space, cast["editor_a"], title="And again")
    assert not Notification.objects.filter(user=cast["viewer_a"], message__contains="And again").exists()


def test_community_news_is_never_emailed_a_post_at_a_time_by_default_but_summarised_weekly(cast, deliver):
    from core.notify import send_digests, send_weekly_digests

    mail.outbox.clear()
    thread = thread_in(space_of(), cast["editor_a"], title="Weekly please")
    services.reply(thread=thread, by=cast["lead_b"], body="A reply")
    deliver()
    assert mail.outbox == []
    assert Notification.objects.get(user=cast["editor_a"]).emailed == Notification.Emailed.IN_WEEKLY
    assert send_digests.call() == 0
    assert send_weekly_digests.call() == 1
    deliver()
    (email,) = mail.outbox
    assert email.to == [cast["editor_a"].email] and email.subject == "NVAP Hub: your weekly summary"
    assert "“Weekly please”" in email.body and f"/community/threads/{thread.pk}/" in email.body
    assert send_weekly_digests.call() == 0, "each notification is summarised once"


def test_someone_who_chose_each_time_gets_an_email_per_reply(cast, deliver):
    EmailSetting.objects.create(user=cast["editor_a"], kind="community", how=EmailSetting.How.AT_ONCE)
    thread = thread_in(space_of(), cast["editor_a"])
    mail.outbox.clear()
    services.reply(thread=thread, by=cast["lead_b"], body="A reply")
    deliver()
    assert [m.to for m in mail.outbox] == [[cast["editor_a"].email]]


def test_hostile_writing_survives_on_no_page_and_in_no_email(client, cast, deliver):
    from core.notify import send_weekly_digests

    space = space_of()
    services.follow_set(user=cast["lead_b"], space=space, on=True)
    client.force_login(cast["editor_a"])
    _new(
        client,
        space,
        title="<script>alert('t')</script>Hostile <b onmouseover=alert(1)>title</b>",
        body=HOSTILE,
    )
    thread = Thread.objects.get()
    client.post(f"/community/threads/{thread.pk}/", {"body": HOSTILE})
    post = Post.objects.filter(thread=thread).first()
    assert_harmless(client.get("/community/").content.decode().split("<main", 1)[1].split("</main>", 1)[0])
    for url in (
        f"/community/threads/{thread.pk}/",
        f"/community/spaces/{space.slug}/",
        "/community/search/?q=Before",
        "/plan/nvap/actions/2.2.1/",
        f"/community/posts/{post.pk}/edit/",
        f"/community/posts/{post.pk}/history/",
    ):
        page = client.get(url).content.decode()
        assert "Hostile title" in page or "Before" in page, url
        assert_harmless(page.split("<main", 1)[1].split("</main>", 1)[0])
    client.force_login(cast["lead_b"])
    for url in ("/notifications/", "/"):
        assert_harmless(client.get(url).content.decode().split("<main", 1)[1].split("</main>", 1)[0])
    send_weekly_digests.call()
    deliver()
    bodies = [e.body for e in Email.objects.all()]
    assert bodies and all("Hostile title" in b for b in bodies)
    for body in bodies:
        assert "<" not in body and "javascript:" not in body.lower() and "alert(" not in body


def test_an_event_has_its_date_joining_details_and_materials_afterwards(client, cast):
    client.force_login(cast["editor_a"])
    _new(
        client,
        space_of(),
        kind="event",
        title="Data surgery",
        starts_on_day="3",
        starts_on_month="2",
        starts_on_year="2027",
        starts_time="14:30",
        joining="Teams link to follow",
    )
    event = Thread.objects.get()
    assert (event.kind, event.starts_at.hour, event.starts_at.minute, event.joining) == (
        "event",
        14,
        30,
        "Teams link to follow",
    )
    page = client.get(f"/community/threads/{event.pk}/materials/")
    version = page.context["form"]["version"].value()
    client.post(
        f"/community/threads/{event.pk}/materials/",
        {"materials": "Slides: https://example.org/s", "version": version},
    )
    assert Thread.objects.get().materials == "Slides: https://example.org/s"
    stale = client.post(
        f"/community/threads/{event.pk}/materials/", {"materials": "Older", "version": version}
    )
    assert stale.status_code == 400 and Thread.objects.get().materials == "Slides: https://example.org/s"


def test_two_people_editing_one_post_lose_nothing(client, cast):
    thread = thread_in(space_of(), cast["editor_a"], body="First words")
    post = Post.objects.get()
    client.force_login(cast["editor_a"])
    version = client.get(f"/community/posts/{post.pk}/edit/").context["form"]["version"].value()
    assert (
        client.post(
            f"/community/posts/{post.pk}/edit/", {"body": "Second words", "version": version}
        ).status_code
        == 302
    )
    stale = client.post(f"/community/posts/{post.pk}/edit/", {"body": "Third words", "version": version})
    assert stale.status_code == 400 and "Second words" in stale.content.decode()
    assert Post.objects.get().body == "Second words"
    history = client.get(f"/community/posts/{post.pk}/history/").content.decode()
    assert "First words" in history and "Second words" in history
    assert thread.pk


def test_someone_else_cannot_edit_a_post_but_a_facilitator_can_with_a_note(client, cast):
    thread_in(space_of(), cast["editor_a"], body="Original")
    post = Post.objects.get()
    client.force_login(cast["lead_b"])
    assert client.get(f"/community/posts/{post.pk}/edit/").status_code == 403
    client.force_login(cast["analyst"])
    version = client.get(f"/community/posts/{post.pk}/edit/").context["form"]["version"].value()
    refused = client.post(
        f"/community/posts/{post.pk}/edit/", {"body": "Tidied", "version": version, "note": ""}
    )
    assert refused.status_code == 400 and "Say why you are editing someone else" in refused.content.decode()
    client.post(
        f"/community/posts/{post.pk}/edit/", {"body": "Tidied", "version": version, "note": "Removed a name"}
    )
    assert Post.objects.get().body == "Tidied"
    told = Notification.objects.get(user=cast["editor_a"], message__contains="edited your post")
    assert "Removed a name" in told.message


def test_a_locked_thread_takes_no_more_replies(client, cast):
    thread = thread_in(space_of(), cast["editor_a"])
    client.force_login(cast["analyst"])
    too_long = client.post(f"/community/threads/{thread.pk}/lock/", {"note": "x" * 301})
    assert too_long.status_code == 400 and "Use 300 characters or fewer" in too_long.content.decode()
    assert not Thread.objects.get().locked
    client.post(f"/community/threads/{thread.pk}/lock/", {"note": "Settled"})
    assert Thread.objects.get().locked
    from community.models import Step

    assert list(Step.objects.values_list("what", "note")) == [("lock", "Settled")]
    client.force_login(cast["lead_b"])
    assert client.post(f"/community/threads/{thread.pk}/", {"body": "One more"}).status_code == 400
    assert Post.objects.count() == 1


def test_a_force_with_a_gap_is_offered_the_actions_space(client, cast):
    from unittest import mock

    client.force_login(cast["lead_a"])
    with mock.patch("benchmarking.selectors.latest_ratings", return_value=(None, {"2.2.1": {"gap": True}})):
        page = client.get("/plan/nvap/actions/2.2.1/").content.decode()
    assert "latest return shows a gap on 2.2.1" in page
    assert f"/community/spaces/{space_of().slug}/new/?type=question" in page
    page = client.get("/plan/nvap/actions/2.2.1/").content.decode()
    assert "shows a gap" not in page


def test_a_practice_example_leads_to_its_discussion(client, cast):
    from practice.models import LibraryEntry
    from practice.tests.factories import published

    norfolk = cast["editor_a"].memberships.get().organisation
    entry = LibraryEntry.objects.get(example=published(norfolk, cast["editor_a"], cast["analyst"]))
    client.force_login(cast["lead_b"])
    assert f"/community/practice/{entry.pk}/" in client.get(f"/practice/library/{entry.pk}/").content.decode()
    response = client.get(f"/community/practice/{entry.pk}/")
    assert response["Location"] == f"/community/spaces/{space_of().slug}/new/?type=practice&entry={entry.pk}"
    form = client.get(response["Location"]).content.decode()
    assert entry.title in form
    client.post(
        f"/community/spaces/{space_of().slug}/new/",
        {
            "kind": "practice",
            "title": "Worth a look",
            "body": "We tried this",
            "practice_entry": str(entry.pk),
        },
    )
    thread = Thread.objects.get()
    assert thread.practice_entry_id == entry.pk
    assert client.get(f"/community/practice/{entry.pk}/")["Location"] == f"/community/threads/{thread.pk}/"
    assert client.get("/community/practice/999999/").status_code == 404


def test_search_finds_posts_by_their_words_and_filters_by_space_and_type(client, cast, spaces):
    thread_in(space_of(), cast["editor_a"], title="Joint training", body="Partners deliver sessions")
    thread_in(
        spaces["open"],
        cast["editor_a"],
        kind=Thread.Kind.QUESTION,
        title="Dashboards",
        body="Which forces publish sessions data?",
    )
    client.force_login(cast["lead_a"])
    found = client.get("/community/search/?q=sessions").context["results"]
    assert {p.thread.title for p in found.object_list} == {"Joint training", "Dashboards"}
    found = client.get(f"/community/search/?q=sessions&space={spaces['open'].slug}").context["results"]
    assert [p.thread.title for p in found.object_list] == ["Dashboards"]
    found = client.get("/community/search/?q=sessions&kind=discussion").context["results"]
    assert [p.thread.title for p in found.object_list] == ["Joint training"]
    bad = client.get("/community/search/?q=sessions&kind=nonsense")
    assert bad.status_code == 400 and "Choose a type from the list" in bad.content.decode()


def _pages_cost(client, url):
    with CaptureQueriesContext(connection) as counted:
        assert client.get(url).status_code == 200
    return len(counted)


def test_a_space_and_a_thread_cost_the_same_queries_however_long(client, cast):
    from conftest import work_counted

    space = space_of()
    thread = thread_in(space, cast["editor_a"])
    for n in range(3):
        thread_in(space, cast["lead_b"], title=f"T{n}")
        services.reply(thread=thread, by=cast["lead_b"], body=f"R{n}")
    client.force_login(cast["editor_a"])
    work_counted(cast["editor_a"])
    space_small = _pages_cost(client, f"/community/spaces/{space.slug}/")
    thread_small = _pages_cost(client, f"/community/threads/{thread.pk}/")
    for n in range(30):
        thread_in(space, cast["lead_b"], title=f"U{n}")
    for n in range(60):
        services.reply(thread=thread, by=cast["analyst"], body=f"S{n}")
    work_counted(cast["editor_a"])
    assert _pages_cost(client, f"/community/spaces/{space.slug}/") == space_small
    assert _pages_cost(client, f"/community/threads/{thread.pk}/") == thread_small
    assert _pages_cost(client, f"/community/threads/{thread.pk}/?page=2") == thread_small


def test_the_account_page_offers_the_community_weekly_by_default(client, cast):
    client.force_login(cast["editor_a"])
    form = client.get("/accounts/").context["emails_form"]
    assert form["community"].value() == EmailSetting.How.WEEKLY
    assert (EmailSetting.How.WEEKLY, "In one email a week") in form.fields["community"].choices
