"""Reads of the community: the spaces a person sees, a space's threads and a thread's posts
(each page a fixed number of queries however many there are), search, what the action page
shows, and what needs a person on their home page."""

from datetime import timedelta

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, F, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from community import access
from community.models import Attachment, Follow, Member, Post, Report, Space, Step, Thread
from core.work import Item

THREADS_PER_PAGE = 25
POSTS_PER_PAGE = 50
RESULTS_PER_PAGE = 20
RECENT_DAYS = 14


def spaces_for(user) -> dict[str, list[Space]]:
    """Every space the person may see, by kind, each marked with what they may do there."""
    follows = set(Follow.objects.filter(user=user, space__isnull=False).values_list("space_id", flat=True))
    found: dict[str, list[Space]] = {"mine": [], "action": [], "national": []}
    for space in Space.objects.order_by("kind", "order", "name"):
        place = access.place_in(user, space)
        if not place.sees:
            continue
        space.place, space.followed = place, space.pk in follows  # type: ignore[attr-defined]
        found["action" if space.kind == Space.Kind.ACTION else "national"].append(space)
        if space.pk in follows or place.status == Member.Status.MEMBER:
            found["mine"].append(space)
    return found


def threads_page(space: Space, *, kind: str = "", page: int = 1):
    threads = Thread.objects.filter(space=space)
    if kind:
        threads = threads.filter(kind=kind)
    threads = threads.select_related("author", "last_post_by").order_by("-last_post_at", "-pk")
    paged = Paginator(threads, THREADS_PER_PAGE).get_page(page)
    return paged


def posts_page(thread: Thread, *, page: int | str = 1):
    posts = (
        Post.objects.filter(thread=thread)
        .defer("search_vector")
        .select_related("author")
        .prefetch_related(Prefetch("attachments", queryset=Attachment.objects.order_by("pk")))
        .order_by("created_at", "pk")
    )
    return Paginator(posts, POSTS_PER_PAGE).get_page(page)


def page_of_post(thread: Thread, post_id: int) -> int:
    """The page of the thread a post is on (for links from notifications)."""
    before = Post.objects.filter(thread=thread, pk__lt=post_id).count()
    return before // POSTS_PER_PAGE + 1


def follows_of(user, *, space=None, thread=None) -> bool:
    return Follow.objects.filter(user=user, space=space, thread=thread).exists()


def reported_by(user, post_ids) -> set[int]:
    return set(
        Report.objects.filter(reporter=user, post_id__in=post_ids, status=Report.Status.OPEN).values_list(
            "post_id", flat=True
        )
    )


def open_reports_on(post_ids) -> dict[int, int]:
    return dict(
        Report.objects.filter(post_id__in=post_ids, status=Report.Status.OPEN)
        .values_list("post_id")
        .annotate(n=Count("pk"))
        .values_list("post_id", "n")
    )


def members_of(space: Space) -> list[Member]:
    return list(space.members.select_related("user").order_by("-facilitator", "status", "user__full_name"))


def _readable(user, prefix: str = "") -> Q:
    """Where the person may read, as a filter (on threads, or `prefix` to reach the thread's space)."""
    ids = access.readable_space_ids(user)
    if ids is None:
        return Q()
    return Q(**{f"{prefix}space__access": Space.Access.OPEN}) | Q(**{f"{prefix}space_id__in": ids})


def readable_threads(user):
    """Every thread the person may read."""
    return Thread.objects.filter(_readable(user))


def search(user, query: str, *, space: Space | None = None, kind: str = "", page: int | str = 1):
    """Posts the person may read matching the words, best first: ranked full text on PostgreSQL,
    every word (as the start of a word or anywhere) on SQLite. Hidden posts reach facilitators
    only."""
    from django.contrib.postgres.search import SearchQuery, SearchRank

    posts = Post.objects.filter(_readable(user, "thread__"))
    if space is not None:
        posts = posts.filter(thread__space=space)
    if kind:
        posts = posts.filter(thread__kind=kind)
    facilitated = access.facilitated_space_ids(user)
    if facilitated is not None:
        posts = posts.filter(Q(hidden=False) | Q(thread__space_id__in=facilitated))
    words = query.split()[:10]
    order: tuple[str, ...]
    if connection.vendor == "postgresql":
        asked = SearchQuery(query, search_type="websearch", config="english")
        posts = posts.filter(search_vector=asked).annotate(rank=SearchRank(F("search_vector"), asked))
        order = ("-rank", "-created_at", "-pk")
    else:
        for word in words:
            posts = posts.filter(Q(body__icontains=word) | Q(thread__title__icontains=word))
        order = ("-created_at", "-pk")
    posts = posts.defer("search_vector").select_related("thread__space", "author").order_by(*order)
    return Paginator(posts, RESULTS_PER_PAGE).get_page(page)


def action_space(framework_slug: str, code: str) -> Space | None:
    return Space.objects.filter(
        kind=Space.Kind.ACTION, framework_slug=framework_slug, action_code=code
    ).first()


def space_of_action(action) -> Space | None:
    """The space of an action of the plan (framework.Action), found by its plan and code in one
    query."""
    from framework.models import Framework

    plans = Framework.objects.filter(versions=action.version_id).values("slug")
    return Space.objects.filter(
        kind=Space.Kind.ACTION, framework_slug__in=plans, action_code=action.code
    ).first()


def on_action(space: Space) -> dict:
    """What an action's page shows of its space: the latest threads and the official answers
    the facilitators chose to show there."""
    threads = list(
        Thread.objects.filter(space=space).select_related("author").order_by("-last_post_at", "-pk")[:5]
    )
    guidance = list(
        Thread.objects.filter(
            space=space, on_action_page=True, official__isnull=False, official__hidden=False
        )
        .select_related("official__author")
        .order_by("-created_at")[:5]
    )
    return {"space": space, "threads": threads, "guidance": guidance}


def practice_threads(entry_id: int) -> list[Thread]:
    return list(
        Thread.objects.filter(practice_entry_id=entry_id)
        .select_related("space")
        .order_by("-last_post_at")[:5]
    )


def _facilitated(found, user, space_field: str = "space_id"):
    """`found` narrowed to the spaces the person facilitates (all of them for the national team;
    none, without asking the database, for someone who facilitates nowhere)."""
    facilitated = access.facilitated_space_ids(user)
    return found if facilitated is None else found.filter(**{f"{space_field}__in": facilitated})


def waiting_questions(user) -> list[Thread]:
    """Questions to the national team no facilitator has answered yet, oldest first, in the
    spaces the person facilitates."""
    questions = _facilitated(
        Thread.objects.filter(kind=Thread.Kind.QUESTION, status=Thread.Status.OPEN), user
    )
    return list(questions.select_related("space", "author").order_by("created_at", "pk")[:50])


def _open_reports(user):
    return _facilitated(Report.objects.filter(status=Report.Status.OPEN), user, "post__thread__space_id")


def _join_requests(user):
    return _facilitated(Member.objects.filter(status=Member.Status.REQUESTED), user)


def open_reports(user) -> list[Report]:
    reports = _open_reports(user).select_related("post__thread__space", "post__author", "reporter")
    return list(reports.order_by("created_at", "pk")[:200])


def join_requests(user) -> list[Member]:
    return list(_join_requests(user).select_related("space", "user").order_by("added_at")[:100])


def steps(user, limit: int = 50) -> list[Step]:
    found = _facilitated(Step.objects.all(), user)
    return list(found.select_related("space", "by", "member", "post", "thread")[:limit])


def replies_to_mine(user, now=None) -> list[Thread]:
    """The person's threads someone else replied to in the last RECENT_DAYS days."""
    now = now or timezone.now()
    return list(
        Thread.objects.filter(author=user, last_post_at__gte=now - timedelta(days=RECENT_DAYS))
        .exclude(last_post_by=user)
        .exclude(last_post_by__isnull=True)
        .filter(_readable(user))
        .select_related("space", "last_post_by")
        .order_by("-last_post_at")[:10]
    )


def needs_you(user, today) -> list[Item]:
    """Facilitators: questions waiting for the national team, reports and requests to join.
    Everyone: replies to their own threads."""
    if not access.takes_part(user):
        return []
    items: list[Item] = []
    facilitated = access.facilitated_space_ids(user)
    if facilitated is None or facilitated:
        questions = waiting_questions(user)
        for thread in questions[:10]:
            age = (today - timezone.localdate(thread.created_at)).days
            items.append(
                Item(
                    title=_("Answer “{title}”").format(title=thread.title),
                    url=reverse("community:thread", args=[thread.pk]),
                    detail=ngettext(
                        "A question to the national team in {space}, asked {count} day ago",
                        "A question to the national team in {space}, asked {count} days ago",
                        age,
                    ).format(space=thread.space, count=age),
                    due=timezone.localdate(thread.created_at),
                    tag=_("Waiting"),
                )
            )
        reports, requests = _open_reports(user).count(), _join_requests(user).count()
        waiting = []
        if reports:
            waiting.append(
                ngettext("{count} reported post", "{count} reported posts", reports).format(count=reports)
            )
        if requests:
            waiting.append(
                ngettext("{count} request to join", "{count} requests to join", requests).format(
                    count=requests
                )
            )
        if waiting:
            items.append(
                Item(
                    title=_("Moderate the community: {waiting}").format(waiting=_(" and ").join(waiting)),
                    url=reverse("community:moderation"),
                    urgent=True,
                )
            )
    for thread in replies_to_mine(user):
        items.append(
            Item(
                title=_("Replies to “{title}”").format(title=thread.title),
                url=reverse("community:thread", args=[thread.pk]),
                detail=_("Last from {person} in {space}").format(
                    person=thread.last_post_by, space=thread.space
                ),
            )
        )
    return items
