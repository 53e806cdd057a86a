"""The community's own access walk: every route, opened on a private space's things by someone
not invited (a 404 each time), by an inspector (a 403: the community is for forces and the
national team) and by nobody signed in (to sign in). Then restricted spaces, hidden posts and
search."""

import pytest

from community import services
from community.models import Attachment, Thread
from community.tests.factories import space_of, thread_in
from community.tests.test_threads import PDF, _upload
from core.testing import site_patterns

pytestmark = pytest.mark.django_db

ROUTES = [
    (str(p.pattern), p.name)
    for p in site_patterns()
    if str(p.pattern) == "community/"
    for p in p.url_patterns
]
# Routes that name no one space's things: the community's front page, search and the queue.
UNSCOPED = {"home", "search", "moderation", "space-new", "practice"}


@pytest.fixture
def private_things(cast, spaces, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }
    space = spaces["private"]
    thread = thread_in(
        space,
        cast["lead_b"],
        kind=Thread.Kind.EVENT,
        title="Private event",
        body="Secret plans",
        starts_at=space.created_at,
    )
    post = services.reply(thread=thread, by=cast["analyst"], body="Private reply", upload=_upload())
    report = services.report_post(post=post, by=cast["lead_b"], reason="spam")
    return {
        "slug": space.slug,
        "pk": {
            "thread": thread.pk,
            "post": post.pk,
            "report": report.pk,
            "file": Attachment.objects.get().pk,
        },
        "user_id": cast["lead_b"].pk,
        "step": "warn",
    }


def _url(route: str, name: str, things) -> str:
    path = "/" + route
    path = path.replace("<slug:slug>", things["slug"]).replace("<int:user_id>", str(things["user_id"]))
    path = path.replace("<slug:step>", things["step"])
    kind = (
        "thread"
        if "threads/" in route
        else "post"
        if "posts/" in route
        else "report"
        if "reports/" in route
        else "file"
    )
    return path.replace("<int:pk>", str(things["pk"][kind]))


SCOPED = [(route, name) for route, name in ROUTES if name not in UNSCOPED]


def test_the_walk_covers_every_community_route():
    assert {name for _, name in ROUTES} >= {
        "space",
        "thread",
        "post-edit",
        "attachment",
        "members",
        "member-step",
    }
    assert len(SCOPED) + len(UNSCOPED) == len(ROUTES)


@pytest.mark.parametrize("route,name", SCOPED, ids=[n for _, n in SCOPED])
@pytest.mark.parametrize("person", ["lead_a", "editor_a", "viewer_a"])
def test_a_private_spaces_things_are_a_404_to_anyone_not_invited(
    client, cast, private_things, route, name, person
):
    client.force_login(cast[person])
    url = _url("community/" + route, name, private_things)
    answers = [
        client.get(url).status_code,
        client.post(url, {"body": "x", "note": "x", "reason": "spam", "follow": "on"}).status_code,
    ]
    # A method the route does not take is refused before anything is looked up (405, the same
    # for every address); the method it takes finds nothing.
    assert set(answers) <= {404, 405} and 404 in answers, (url, answers)


@pytest.mark.parametrize("route,name", ROUTES, ids=[n for _, n in ROUTES])
def test_inspectors_and_people_signed_out_are_kept_out(client, cast, private_things, route, name):
    url = _url("community/" + route, name, private_things).replace("<int:entry_id>", "1")
    assert client.get(url)["Location"].startswith("/accounts/sign-in/")
    client.force_login(cast["inspector"])
    assert client.get(url).status_code == 403, url


def test_members_of_a_private_space_read_it_and_its_files(client, cast, private_things):
    client.force_login(cast["lead_b"])
    assert client.get(f"/community/threads/{private_things['pk']['thread']}/").status_code == 200
    response = client.get(f"/community/files/{private_things['pk']['file']}/")
    assert b"".join(response.streaming_content) == PDF


def test_search_never_shows_a_private_or_restricted_spaces_posts_to_non_members(
    client, cast, spaces, private_things
):
    thread_in(spaces["restricted"], cast["lead_b"], title="Restricted plans", body="Secret plans too")
    thread_in(space_of(), cast["editor_a"], title="Open plans", body="Secret plans in the open")
    client.force_login(cast["lead_a"])
    found = client.get("/community/search/?q=secret+plans").context["results"]
    assert [p.thread.title for p in found.object_list] == ["Open plans"]
    assert client.get(f"/community/search/?q=secret&space={spaces['private'].slug}").status_code == 400
    client.force_login(cast["lead_b"])
    found = client.get("/community/search/?q=secret+plans").context["results"]
    assert {p.thread.title for p in found.object_list} == {"Open plans", "Restricted plans", "Private event"}


def test_a_restricted_space_shows_outsiders_its_name_and_nothing_inside(client, cast, spaces):
    thread = thread_in(spaces["restricted"], cast["lead_b"], title="Inside only")
    client.force_login(cast["lead_a"])
    page = client.get(f"/community/spaces/{spaces['restricted'].slug}/").content.decode()
    assert "Case review learning" in page and "Inside only" not in page
    assert client.get(f"/community/threads/{thread.pk}/").status_code == 404
    home = client.get("/community/").content.decode()
    assert (
        "Case review learning" in home and "Leads&#x27; network" not in home and "Leads' network" not in home
    )


def test_an_action_page_shows_its_space_only_to_those_who_take_part(client, cast):
    thread_in(space_of(), cast["editor_a"], title="Visible on the action page")
    client.force_login(cast["lead_b"])
    assert "Visible on the action page" in client.get("/plan/nvap/actions/2.2.1/").content.decode()
    client.force_login(cast["inspector"])
    assert "Visible on the action page" not in client.get("/plan/nvap/actions/2.2.1/").content.decode()
