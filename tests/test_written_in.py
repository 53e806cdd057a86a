"""What people write records the language they wrote it in: their own choice, the page's
language unless they say otherwise; kept in exports and the API, marked on the pages that
show it (lang and a tag where it differs from the page's), never translated by machine."""

import csv
import io

import pytest

from benchmarking.models import Answer, Return
from benchmarking.tests.factories import open_exercise
from benchmarking.tests.test_pages import _answer_post
from community.models import Post, Thread
from community.tests.factories import space_of
from impact import services as impact
from impact.models import Plan

pytestmark = pytest.mark.django_db


def _thread(client, space, **fields):
    data = {"kind": "discussion", "title": "Hyfforddiant", "body": "Sut ydych chi’n ei gyfrif?", **fields}
    return client.post(f"/community/spaces/{space.slug}/new/", data)


def test_a_post_keeps_the_language_it_was_written_in_and_pages_mark_it(client, cast):
    client.force_login(cast["editor_a"])
    space = space_of()
    assert _thread(client, space, written_in="cy").status_code == 302
    post = Post.objects.get()
    assert post.written_in == "cy"
    page = client.get(f"/community/threads/{post.thread_id}/").content.decode()
    assert 'app-post__body app-break-anywhere" lang="cy"' in page
    assert "Written in Welsh" in page, "an English page says the post is in Welsh"
    welsh_page = client.get(f"/cy/community/threads/{post.thread_id}/").content.decode()
    assert "Ysgrifennwyd yn Gymraeg" not in welsh_page, "a Welsh page needs no tag for Welsh"
    # A reply says nothing of its language: it takes the page's.
    client.post(f"/cy/community/threads/{post.thread_id}/", {"body": "Diolch"})
    client.post(f"/community/threads/{post.thread_id}/", {"body": "Thanks"})
    assert list(Post.objects.order_by("pk").values_list("written_in", flat=True)) == ["cy", "cy", "en-gb"]


def test_the_language_choice_defaults_to_the_page_and_refuses_anything_else(client, cast):
    client.force_login(cast["editor_a"])
    space = space_of()
    form = client.get(f"/cy/community/spaces/{space.slug}/new/").context["form"]
    assert form["written_in"].initial == "cy"
    assert client.get(f"/community/spaces/{space.slug}/new/").context["form"]["written_in"].initial == "en-gb"
    response = _thread(client, space, written_in="fr")
    assert response.status_code == 400 and "Choose English or Cymraeg" in response.content.decode()
    assert not Thread.objects.exists()


def test_an_answer_keeps_its_language_in_the_export_the_api_and_the_review(client, cast):
    exercise = open_exercise(cast["admin"])
    record = Return.objects.get(exercise=exercise, organisation__slug="norfolk-constabulary")
    answer = record.answers.order_by("pk").first()
    client.force_login(cast["editor_a"])
    data = _answer_post(answer, what_we_are_doing="Desg bregusrwydd", written_in="cy")
    response = client.post(f"/benchmarking/returns/{record.pk}/answers/{answer.pk}/", data)
    assert response.status_code == 302
    assert Answer.objects.get(pk=answer.pk).written_in == "cy"
    client.force_login(cast["analyst"])
    rows = list(
        csv.reader(
            io.StringIO(client.get(f"/benchmarking/exercises/{exercise.pk}/export.csv").content.decode())
        )
    )
    column = rows[0].index("Written in")
    said = {row[8]: row[column] for row in rows[1:] if row[8]}
    assert said == {"Desg bregusrwydd": "Cymraeg"}
    review = client.get(f"/benchmarking/returns/{record.pk}/review/").content.decode()
    assert '<span lang="cy">Desg bregusrwydd</span>' in review and "Written in Welsh" in review


def test_a_plan_keeps_the_language_it_is_written_in(client, cast):
    from framework.models import Action
    from organisations.models import Organisation

    plan = impact.plan_create(
        organisation=Organisation.objects.get(slug="norfolk-constabulary"),
        action=Action.objects.get(code="2.2.1", version__label="3"),
        by=cast["editor_a"],
    )
    client.force_login(cast["editor_a"])
    page = client.get(f"/cy/impact/plans/{plan.pk}/edit/")
    data = {k: v for k, v in page.context["form"].initial.items() if v is not None}
    data.update({"written_in": "cy", "status": plan.status, "update_frequency": plan.update_frequency})
    data.update({"date_prepared_day": "", "date_prepared_month": "", "date_prepared_year": ""})
    response = client.post(f"/cy/impact/plans/{plan.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Plan.objects.get(pk=plan.pk).written_in == "cy"
    shown = client.get(f"/impact/plans/{plan.pk}/").content.decode()
    assert '<dd class="govuk-summary-list__value" lang="cy">Cymraeg</dd>' in shown
