"""The practice community, with axe on every page: Norfolk's contributor asks the national team
a question in the 2.2.1 space and mentions Kent's lead; Kent's lead is told and replies; the
national analyst answers and marks the official answer; Norfolk's lead reports Kent's reply;
the analyst hides it; Kent's lead sees it hidden without learning who reported it; and the
contributor's weekly summary lists the thread."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from conftest import PASSWORD, run_queued_tasks
from tests.browser.conftest import assert_accessible, assert_fits_and_prints, members, signed_in_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people(transactional_db):
    found = members(
        [
            ("colin", "contributor@force-a.test", "norfolk-constabulary", "CONTRIBUTOR"),
            ("nora", "lead@force-a.test", "norfolk-constabulary", "FORCE_LEAD"),
            ("kit", "lead@force-b.test", "kent-police", "FORCE_LEAD"),
            ("ann", "analyst@vkpp.test", "vkpp", "NATIONAL_ANALYST"),
        ]
    )
    from community.services import spaces_for_plan

    spaces_for_plan("nvap")
    return found


def test_a_question_answered_reported_and_moderated(browser, live_server, people):
    from community.models import Post, Thread
    from core.notify import send_weekly_digests

    colin = signed_in_page(browser, live_server, "contributor@force-a.test", PASSWORD)
    colin.click(".govuk-service-navigation a:has-text('Community')")
    colin.wait_for_url(re.compile(r"/community/$"))
    assert_accessible(colin)
    colin.click("a:has-text('2.2.1')")
    assert_accessible(colin)
    expect(colin.locator("text=Do not post case details")).to_be_visible()
    colin.click("text=Start a thread")
    assert_accessible(colin)
    colin.click("button:has-text('Post')")
    expect(colin.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(colin)
    colin.check("input[name=kind][value=question]")
    colin.fill("#id_title", "Does the return count training delivered by partners?")
    colin.fill("#id_body", "We train officers **jointly** with the council.\n\nHow does @[Kit] count it?")
    colin.click("button:has-text('Post')")
    colin.wait_for_url(re.compile(r"/community/threads/\d+/$"))
    assert_accessible(colin)
    expect(colin.locator("strong:has-text('@Kit')")).to_be_visible()
    expect(colin.locator(".govuk-tag:has-text('Waiting for an answer')")).to_be_visible()
    assert_fits_and_prints(colin, "Does the return count training")
    thread = Thread.objects.get()

    kit = signed_in_page(browser, live_server, "lead@force-b.test", PASSWORD)
    kit.click(".govuk-service-navigation a:has-text('Notifications')")
    assert_accessible(kit)
    kit.click("a:has-text('Colin mentioned you')")
    kit.wait_for_url(re.compile(rf"/community/threads/{thread.pk}/"))
    kit.fill("#id_body", "We count joint sessions. Our log names the officer and the victim's street.")
    kit.click("button:has-text('Post your reply')")
    kit.wait_for_url(re.compile(r"#post-\d+$"))
    assert_accessible(kit)
    reply = Post.objects.filter(thread=thread).order_by("pk").last()

    ann = signed_in_page(browser, live_server, "analyst@vkpp.test", PASSWORD)
    assert_accessible(ann)
    ann.click(f"a:has-text('Answer “{thread.title}”')")
    ann.fill("#id_body", "Yes: count everyone trained, whoever runs the session, and say which were joint.")
    ann.click("button:has-text('Post your reply')")
    ann.wait_for_url(re.compile(r"#post-\d+$"))
    answer = Post.objects.filter(thread=thread).order_by("pk").last()
    ann.click(f"#post-{answer.pk} a:has-text('Mark as the official answer')")
    assert_accessible(ann)
    ann.click("button:has-text('Mark as the official answer')")
    ann.wait_for_url(re.compile(r"#post-\d+$"))
    expect(ann.locator(f"#post-{answer.pk} .govuk-tag:has-text('Official answer')")).to_be_visible()
    assert_accessible(ann)
    thread.refresh_from_db()
    assert (thread.status, thread.official_id) == ("accepted", answer.pk)

    nora = signed_in_page(browser, live_server, "lead@force-a.test", PASSWORD)
    nora.goto(f"/community/threads/{thread.pk}/")
    nora.click(f"#post-{reply.pk} a:has-text('Report')")
    assert_accessible(nora)
    nora.check("input[name=reason][value=operational]")
    nora.fill("#id_detail", "It describes a victim's street")
    nora.click("button:has-text('Send the report')")
    nora.wait_for_url(re.compile(r"#post-\d+$"))
    expect(nora.locator("text=The author is not told who reported it").first).to_be_visible()
    assert_accessible(nora)

    ann.click(".govuk-service-navigation a:has-text('Your work')")
    ann.click("a:has-text('Moderate the community')")
    ann.wait_for_url(re.compile(r"/community/moderation/$"))
    assert_accessible(ann)
    expect(ann.locator("text=Contains operational or personal information")).to_be_visible()
    ann.click(f"a[href='/community/posts/{reply.pk}/hide/']")
    assert_accessible(ann)
    ann.fill("#id_note", "It describes where a victim lives")
    ann.click("button:has-text('Hide the post')")
    ann.wait_for_url(re.compile(r"#post-\d+$"))
    assert_accessible(ann)
    assert Post.objects.get(pk=reply.pk).hidden

    kit.goto(f"/community/threads/{thread.pk}/")
    expect(kit.locator(f"#post-{reply.pk}:has-text('A facilitator hid this post')")).to_be_visible()
    assert "victim's street" not in kit.content()
    kit.click(".govuk-service-navigation a:has-text('Notifications')")
    assert_accessible(kit)
    told = kit.locator("main").inner_text()
    assert "hid your post" in told and "It describes where a victim lives" in told
    assert "Nora" not in told and "lead@force-a.test" not in told

    mail.outbox.clear()
    assert send_weekly_digests.call() >= 1
    run_queued_tasks()
    summary = next(m for m in mail.outbox if m.to == ["contributor@force-a.test"])
    assert summary.subject == "NVAP Hub: your weekly summary"
    assert "Does the return count training delivered by partners?" in summary.body
    assert f"/community/threads/{thread.pk}/" in summary.body
