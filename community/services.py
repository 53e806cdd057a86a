"""Every change to the community: spaces, membership, threads and posts, following, answers,
reports and moderation. Each is one transaction, attributed for history, and tells the
people it concerns (core.notify, kind "community": weekly summary unless they choose)."""

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import format_lazy, slugify
from django.utils.translation import gettext_lazy as _

from community import access, richtext
from community.models import Attachment, Follow, Member, Post, Report, Space, Step, Thread
from core.concurrency import create_once, lock_unchanged
from core.history import attributed
from core.languages import ENGLISH
from core.notify import notify, quote

KIND = "community"
BODY_LIMIT = 10_000


class CommunityError(ValueError):
    """A change the community's rules refuse, with the reason to show the person."""


def _url(thread: Thread, post: Post | None = None) -> str:
    url = reverse("community:thread", args=[thread.pk])
    return f"{url}?post={post.pk}#post-{post.pk}" if post else url


def _tell(users, by, subject: str | Promise, message: str | Promise, url: str) -> None:
    notify(kind=KIND, users=[u for u in users if u != by], subject=subject, message=message, url=url)


def _readers(space: Space, users) -> list:
    """Those of `users` who may still read the space: someone who left a restricted or private
    space (or was never let in) hears nothing more of it, whatever they followed."""
    users = list(users)
    if space.access == Space.Access.OPEN:
        return users
    joined = set(
        Member.objects.filter(space=space, status=Member.Status.MEMBER, user__in=users).values_list(
            "user_id", flat=True
        )
    )
    return [u for u in users if u.pk in joined or access.facilitates_all(u)]


def _facilitators(space: Space) -> list:
    from organisations.roles import Can
    from organisations.selectors import people_who_can

    own = [
        m.user
        for m in space.members.filter(facilitator=True, status=Member.Status.MEMBER).select_related("user")
    ]
    return list({u.pk: u for u in [*people_who_can(Can.FACILITATE_COMMUNITY), *own]}.values())


# Spaces ---------------------------------------------------------------------------------


@transaction.atomic
def spaces_for_plan(framework_slug: str = "nvap") -> int:
    """One open space for each action of the plan's latest published version that has none
    yet (a new version brings spaces for its new actions; the old ones stay). Returns how
    many were made."""
    from framework import selectors as plan

    have = set(
        Space.objects.filter(kind=Space.Kind.ACTION, framework_slug=framework_slug).values_list(
            "action_code", flat=True
        )
    )
    made = 0
    for action in plan.current_actions(framework_slug):
        if action.code in have:
            continue
        Space.objects.create(
            slug=slugify(f"{framework_slug}-{action.code.replace('.', '-')}")[:60],
            name=f"{action.code} {action.title}"[:120],
            summary=f"Discussion of action {action.code} of the plan: what forces are doing, questions "
            "to the national team, practice and events.",
            kind=Space.Kind.ACTION,
            framework_slug=framework_slug,
            action_code=action.code,
            order=action.sort_key[:40],
        )
        made += 1
    return made


@transaction.atomic
def space_create(*, by, name: str, summary: str, access_: str, once=None) -> Space:
    def create():
        base = slugify(name)[:50] or "space"
        slug, n = base, 1
        while Space.objects.filter(slug=slug).exists():
            n += 1
            slug = f"{base}-{n}"
        space = attributed(
            Space(
                slug=slug,
                name=name.strip(),
                summary=summary.strip(),
                access=access_,
                created_by=by,
                once_key=once,
            ),
            by,
        )
        space.save()
        return space

    space, _made = create_once(Space, once, create)
    return space


@transaction.atomic
def space_edit(*, space: Space, by, name: str, summary: str, access_: str, seen: str | None) -> Space:
    current = lock_unchanged(space, ["name", "summary", "access"], seen)
    if current.kind == Space.Kind.ACTION:
        name = current.name  # an action's space keeps the action's name
    current.name, current.summary, current.access = name.strip(), summary.strip(), access_
    attributed(current, by).save()
    return current


# Membership -----------------------------------------------------------------------------


def _member(space: Space, user) -> Member:
    """The person's row in the space, made for someone in an open space; in a restricted or
    private space only its members have one to change."""
    member = Member.objects.select_for_update().filter(space=space, user=user).first()
    if member is None:
        if space.access != Space.Access.OPEN or not access.takes_part(user):
            raise CommunityError(_("{user} is not a member of this space.").format(user=user))
        member = Member.objects.create(space=space, user=user, status=Member.Status.MEMBER)
    return member


@transaction.atomic
def join(*, space: Space, user) -> Member:
    """Open: join at once. Restricted: ask, and the facilitators are told. Private: only an
    invitation lets someone in (accepting it is joining)."""
    existing = Member.objects.select_for_update().filter(space=space, user=user).first()
    if existing and existing.status == Member.Status.MEMBER:
        return existing
    if space.access == Space.Access.PRIVATE and not (existing and existing.status == Member.Status.INVITED):
        raise CommunityError(_("This space is by invitation only."))
    if space.access == Space.Access.RESTRICTED and not (
        existing and existing.status == Member.Status.INVITED
    ):
        if existing and existing.status == Member.Status.REFUSED:
            raise CommunityError(_("A facilitator did not approve your request to join this space."))
        member = existing or Member(space=space, user=user)
        member.status = Member.Status.REQUESTED
        attributed(member, user).save()
        _tell(
            _facilitators(space),
            user,
            format_lazy(_("{user} asks to join {space}"), user=user, space=space),
            format_lazy(_("{user} asks to join the space {space}"), user=user, space=space),
            reverse("community:members", args=[space.slug]),
        )
        return member
    member = existing or Member(space=space, user=user)
    member.status = Member.Status.MEMBER
    attributed(member, user).save()
    Follow.objects.get_or_create(user=user, space=space)
    return member


@transaction.atomic
def leave(*, space: Space, user) -> None:
    member = Member.objects.select_for_update().filter(space=space, user=user).first()
    Follow.objects.filter(user=user, space=space).delete()
    if member is None:
        return
    if member.suspended:
        # A suspension outlives leaving: the row stays, and a closed space must let them back.
        if space.access != Space.Access.OPEN:
            member.status = Member.Status.REFUSED
        member.facilitator = False
        attributed(member, user).save()
        return
    attributed(member, user).delete()


def _step(space, by, what, *, post=None, thread=None, member=None, note=""):
    return Step.objects.create(
        space=space, by=by, what=what, post=post, thread=thread, member=member, note=note
    )


@transaction.atomic
def request_decide(*, space: Space, by, user, approve: bool) -> Member:
    member = Member.objects.select_for_update().filter(space=space, user=user).first()
    if member is None or member.status != Member.Status.REQUESTED:
        raise CommunityError(_("That request has already been decided."))
    member.status = Member.Status.MEMBER if approve else Member.Status.REFUSED
    attributed(member, by).save()
    _step(space, by, Step.What.APPROVE if approve else Step.What.REFUSE, member=user)
    if approve:
        Follow.objects.get_or_create(user=user, space=space)
    _tell(
        [user],
        by,
        format_lazy(_("Your request to join {space}"), space=space),
        format_lazy(_("You can now read and post in {space}"), space=space)
        if approve
        else format_lazy(_("Your request to join {space} was not approved"), space=space),
        reverse("community:space", args=[space.slug]) if approve else reverse("community:home"),
    )
    return member


@transaction.atomic
def invite(*, space: Space, by, email: str) -> Member:
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None or not access.takes_part(user):
        raise CommunityError(_("Nobody in a force or the national team has that email address in NVAP Hub."))
    member = Member.objects.select_for_update().filter(space=space, user=user).first()
    if member and member.status == Member.Status.MEMBER:
        raise CommunityError(_("{user} is already a member of this space.").format(user=user))
    member = member or Member(space=space, user=user)
    member.status = Member.Status.INVITED
    attributed(member, by).save()
    _step(space, by, Step.What.INVITE, member=user)
    _tell(
        [user],
        by,
        format_lazy(_("An invitation to {space}"), space=space),
        format_lazy(_("{by} invites you to the space {space}"), by=by, space=space),
        reverse("community:space", args=[space.slug]),
    )
    return member


@transaction.atomic
def facilitator_set(*, space: Space, by, user, on: bool) -> Member:
    member = _member(space, user)
    member.status, member.facilitator = Member.Status.MEMBER, on
    attributed(member, by).save()
    _step(space, by, Step.What.APPOINT if on else Step.What.STAND_DOWN, member=user)
    return member


@transaction.atomic
def follow_set(*, user, on: bool, space: Space | None = None, thread: Thread | None = None) -> None:
    found = Follow.objects.filter(user=user, space=space, thread=thread)
    if on and not found.exists():
        try:
            with transaction.atomic():
                Follow.objects.create(user=user, space=space, thread=thread)
        except IntegrityError:
            pass  # followed twice at once: once is enough
    elif not on:
        found.delete()


# Threads and posts ----------------------------------------------------------------------


def _people_named(space: Space, names: list[str]) -> list:
    """The people a post mentions, each of whom must be able to read the space."""
    from django.contrib.auth import get_user_model

    if not names:
        return []
    User = get_user_model()
    found = []
    for name in names[:10]:
        people = list(
            User.objects.filter(Q(full_name__iexact=name) | Q(email__iexact=name), is_active=True)
            .filter(memberships__role__in=access.PARTICIPATING_ROLES)
            .distinct()[:3]
        )
        people = [p for p in people if access.place_in(p, space).reads]
        if not people:
            raise CommunityError(
                _(
                    "Nobody called “{name}” can read this space: check the name, or mention them by email address."
                ).format(name=name)
            )
        if len(people) > 1:
            raise CommunityError(
                _(
                    "More than one person is called “{name}”: mention them by email address instead, like @[name@force.police.uk]."
                ).format(name=name)
            )
        found.append(people[0])
    return found


def _body(text: str) -> str:
    body = richtext.clean(text)
    if not body:
        raise CommunityError(_("Enter your message"))
    if len(body) > BODY_LIMIT:
        raise CommunityError(
            _("Your message must be {count} characters or fewer").format(count=f"{BODY_LIMIT:,}")
        )
    return body


def _attach(post: Post, by, upload, title: str = "") -> None:
    from core import documents
    from core.files import save_with_file

    try:
        content_type, extension = documents.check(upload)
    except documents.DocumentRefused as refused:
        raise CommunityError(str(refused)) from None
    stored = Attachment(
        post=post,
        title=(title or upload.name or "attachment").strip()[:200],
        content_type=content_type,
        size=upload.size,
        added_by=by,
    )
    save_with_file(stored, "file", f"attachment.{extension}", upload, stored.save)


def _search_index(post: Post) -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    from django.contrib.postgres.search import SearchVector
    from django.db.models import Value

    Post.objects.filter(pk=post.pk).update(
        search_vector=SearchVector(Value(post.thread.title), weight="A", config="english")
        + SearchVector(Value(richtext.to_text(post.body)), weight="B", config="english")
    )


def _new_post(thread: Thread, by, body: str, once, written_in: str = ENGLISH) -> Post:
    post = attributed(
        Post(
            thread=thread,
            author=by,
            body=body,
            html=richtext.to_html(body),
            once_key=once,
            written_in=written_in,
        ),
        by,
    )
    post.save()
    _search_index(post)
    now = post.created_at
    Thread.objects.filter(pk=thread.pk).update(
        post_count=F("post_count") + 1, last_post_at=now, last_post_by=by
    )
    Space.objects.filter(pk=thread.space_id).update(last_post_at=now)
    return post


@transaction.atomic
def thread_start(
    *,
    space: Space,
    by,
    kind: str,
    title: str,
    body: str,
    upload=None,
    starts_at=None,
    joining: str = "",
    practice_entry_id: int | None = None,
    once=None,
    written_in: str = ENGLISH,
) -> Thread:
    place = access.place_in(by, space)
    access.require_posting(place)
    if kind == Thread.Kind.ANNOUNCEMENT and not place.facilitates:
        raise CommunityError(_("Only the space's facilitators make announcements."))
    if kind == Thread.Kind.EVENT and starts_at is None:
        raise CommunityError(_("Enter when the event starts"))
    if kind == Thread.Kind.PRACTICE and not practice_entry_id:
        raise CommunityError(_("Choose the practice example to share"))
    title = " ".join(richtext.plain(title).split())
    if not title:
        raise CommunityError(_("Enter a title"))
    text = _body(body)
    mentions = _people_named(space, richtext.mentioned(text))

    def create():
        thread = attributed(
            Thread(
                space=space,
                kind=kind,
                title=title[:150],
                author=by,
                status=Thread.Status.OPEN if kind == Thread.Kind.QUESTION else "",
                starts_at=starts_at if kind == Thread.Kind.EVENT else None,
                joining=richtext.plain(joining)[:500] if kind == Thread.Kind.EVENT else "",
                practice_entry_id=practice_entry_id if kind == Thread.Kind.PRACTICE else None,
                once_key=once,
            ),
            by,
        )
        thread.save()
        return thread

    thread, created = create_once(Thread, once, create)
    if not created:
        return thread
    post = _new_post(thread, by, text, None, written_in)
    if upload is not None:
        _attach(post, by, upload)
    Space.objects.filter(pk=space.pk).update(thread_count=F("thread_count") + 1)
    Follow.objects.get_or_create(user=by, thread=thread)
    url = _url(thread)
    where = f"{space}"
    told = {u.pk for u in mentions}
    _tell(
        mentions,
        by,
        format_lazy(_("{by} mentioned you"), by=by),
        format_lazy(_("{by} mentioned you in “{title}” ({where})"), by=by, title=thread.title, where=where),
        url,
    )
    followers = _readers(
        space,
        [f.user for f in Follow.objects.filter(space=space).select_related("user") if f.user_id not in told],
    )
    if kind == Thread.Kind.QUESTION:
        asked = [u for u in _facilitators(space) if u.pk not in told]
        _tell(
            asked,
            by,
            format_lazy(_("A question in {where}"), where=where),
            format_lazy(
                _("{by} asks the national team: “{title}” ({where})"), by=by, title=thread.title, where=where
            ),
            url,
        )
        told |= {u.pk for u in asked}
        followers = [u for u in followers if u.pk not in told]
    _tell(
        followers,
        by,
        format_lazy(_("New in {where}"), where=where),
        format_lazy(
            _("{by} started “{title}” in {where}: {quote}"),
            by=by,
            title=thread.title,
            where=where,
            quote=quote(richtext.to_text(text), 120),
        ),
        url,
    )
    return thread


@transaction.atomic
def reply(*, thread: Thread, by, body: str, upload=None, once=None, written_in: str = ENGLISH) -> Post:
    current = Thread.objects.select_for_update().select_related("space").get(pk=thread.pk)
    place = access.place_in(by, current.space)
    access.require_posting(place)
    if current.locked and not place.facilitates:
        raise CommunityError(_("A facilitator has locked this thread: no more replies."))
    text = _body(body)
    mentions = _people_named(current.space, richtext.mentioned(text))
    existing = Post.objects.filter(once_key=once).first() if once else None
    if existing is not None:
        return existing
    post = _new_post(current, by, text, once, written_in)
    if upload is not None:
        _attach(post, by, upload)
    # A question to the national team waits until one of the space's facilitators (the national
    # team, or a volunteer it appointed) replies; other forces' replies are welcome meanwhile.
    if current.kind == Thread.Kind.QUESTION and current.status == Thread.Status.OPEN and place.facilitates:
        current.status = Thread.Status.ANSWERED
        attributed(current, by).save(update_fields=["status", "updated_at"])
    Follow.objects.get_or_create(user=by, thread=current)
    url = _url(current, post)
    told = {u.pk for u in mentions}
    _tell(
        mentions,
        by,
        format_lazy(_("{by} mentioned you"), by=by),
        format_lazy(
            _("{by} mentioned you in “{title}” ({space})"), by=by, title=current.title, space=current.space
        ),
        url,
    )
    followers = _readers(
        current.space,
        [
            f.user
            for f in Follow.objects.filter(thread=current).select_related("user")
            if f.user_id not in told
        ],
    )
    _tell(
        followers,
        by,
        format_lazy(_("A reply in “{title}”"), title=current.title),
        format_lazy(
            _("{by} replied in “{title}” ({space}): {quote}"),
            by=by,
            title=current.title,
            space=current.space,
            quote=quote(richtext.to_text(text), 120),
        ),
        url,
    )
    return post


@transaction.atomic
def post_edit(
    *, post: Post, by, body: str, seen: str | None, note: str = "", written_in: str | None = None
) -> Post:
    """The author edits their own post; a facilitator edits anyone's, with a note the author
    is told (and the step is kept)."""
    current = lock_unchanged(post, ["body"], seen)
    place = access.place_in(by, current.thread.space)
    moderating = current.author_id != by.pk
    if moderating:
        access.require_facilitator(place)
        if not note.strip():
            raise CommunityError(_("Say why you are editing someone else's post"))
    else:
        access.require_posting(place)
        if current.hidden:
            raise CommunityError(_("A facilitator has hidden this post: it cannot be edited."))
    text = _body(body)
    _people_named(current.thread.space, richtext.mentioned(text))
    current.body, current.html, current.edited_at = text, richtext.to_html(text), timezone.now()
    if written_in:
        current.written_in = written_in
    attributed(current, by).save()
    _search_index(current)
    if moderating:
        _step(
            current.thread.space, by, Step.What.EDIT, post=current, thread=current.thread, note=note.strip()
        )
        _tell(
            [current.author],
            by,
            _("A facilitator edited your post"),
            format_lazy(
                _("A facilitator edited your post in “{title}”: {note}"),
                title=current.thread.title,
                note=note.strip(),
            ),
            _url(current.thread, current),
        )
    return current


@transaction.atomic
def answer_accept(*, thread: Thread, post: Post, by) -> Thread:
    """The person who asked accepts a reply as the answer."""
    current = Thread.objects.select_for_update().get(pk=thread.pk)
    if current.kind != Thread.Kind.QUESTION or current.author_id != by.pk:
        raise CommunityError(_("Only the person who asked can accept an answer."))
    if post.thread_id != current.pk or post.hidden or post.author_id == by.pk:
        raise CommunityError(_("Choose a reply from someone else in this thread."))
    current.status, current.accepted = Thread.Status.ACCEPTED, post
    attributed(current, by).save()
    _tell(
        [post.author],
        by,
        _("Your answer was accepted"),
        format_lazy(_("{by} accepted your answer in “{title}”"), by=by, title=current.title),
        _url(current, post),
    )
    return current


@transaction.atomic
def official_mark(*, thread: Thread, post: Post, by, on_action_page: bool) -> Thread:
    """A facilitator marks the national team's official answer to a question; it can be shown
    on the action's page as guidance."""
    current = Thread.objects.select_for_update().select_related("space").get(pk=thread.pk)
    access.require_facilitator(access.place_in(by, current.space))
    if current.kind != Thread.Kind.QUESTION:
        raise CommunityError(_("Only a question has an official answer."))
    if post.thread_id != current.pk or post.hidden:
        raise CommunityError(_("Choose a reply in this thread."))
    Post.objects.filter(thread=current, official=True).exclude(pk=post.pk).update(official=False)
    if not post.official:
        post.official = True
        attributed(post, by).save(update_fields=["official"])
    current.official, current.status = post, Thread.Status.ACCEPTED
    current.on_action_page = bool(on_action_page and current.space.kind == Space.Kind.ACTION)
    attributed(current, by).save()
    _step(current.space, by, Step.What.OFFICIAL, post=post, thread=current)
    _tell(
        [current.author],
        by,
        _("An official answer to your question"),
        format_lazy(_("The national team marked an official answer to “{title}”"), title=current.title),
        _url(current, post),
    )
    return current


@transaction.atomic
def event_materials(*, thread: Thread, by, materials: str, seen: str | None) -> Thread:
    current = lock_unchanged(thread, ["materials", "joining"], seen)
    place = access.place_in(by, current.space)
    if current.author_id != by.pk:
        access.require_facilitator(place)
    if current.kind != Thread.Kind.EVENT:
        raise CommunityError(_("Only an event has materials."))
    current.materials = richtext.clean(materials)[:BODY_LIMIT]
    attributed(current, by).save()
    return current


# Reports and moderation ----------------------------------------------------------------


@transaction.atomic
def report_post(*, post: Post, by, reason: str, detail: str = "") -> Report:
    """Tells the space's facilitators; the author is never told who reported it."""
    if post.author_id == by.pk:
        raise CommunityError(_("You cannot report your own post: edit it instead."))
    if reason not in Report.Reason.values:
        raise CommunityError(_("Choose why you are reporting the post"))
    existing = Report.objects.filter(post=post, reporter=by, status=Report.Status.OPEN).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            report = Report.objects.create(
                post=post, reporter=by, reason=reason, detail=richtext.plain(detail)[:500]
            )
    except IntegrityError:
        return Report.objects.get(post=post, reporter=by, status=Report.Status.OPEN)
    space = post.thread.space
    _tell(
        _facilitators(space),
        by,
        format_lazy(_("A post reported in {space}"), space=space),
        format_lazy(
            _("A post in “{title}” was reported: {reason}"),
            title=post.thread.title,
            reason=Report.Reason(report.reason).label,
        ),
        reverse("community:moderation"),
    )
    return report


def _close_reports(post: Post, by, status: str) -> None:
    Report.objects.filter(post=post, status=Report.Status.OPEN).update(
        status=status, closed_by=by, closed_at=timezone.now()
    )


@transaction.atomic
def post_hide(*, post: Post, by, note: str, hide: bool = True) -> Post:
    current = Post.objects.select_for_update().select_related("thread__space", "author").get(pk=post.pk)
    space = current.thread.space
    access.require_facilitator(access.place_in(by, space))
    if not note.strip():
        raise CommunityError(
            _("Say why, for the moderation record") if hide else _("Say why you are restoring it")
        )
    current.hidden, current.hidden_note = hide, note.strip()[:300] if hide else ""
    if hide and current.official:
        current.official = False
        Thread.objects.filter(pk=current.thread_id, official=current).update(
            official=None, on_action_page=False
        )
    attributed(current, by).save()
    _step(
        space,
        by,
        Step.What.HIDE if hide else Step.What.RESTORE,
        post=current,
        thread=current.thread,
        note=note.strip(),
    )
    if hide:
        _close_reports(current, by, Report.Status.ACTED)
    _tell(
        [current.author],
        by,
        _("A facilitator hid your post") if hide else _("Your post is shown again"),
        format_lazy(
            _("A facilitator hid your post in “{title}”: {note}"),
            title=current.thread.title,
            note=note.strip(),
        )
        if hide
        else format_lazy(_("A facilitator restored your post in “{title}”"), title=current.thread.title),
        _url(current.thread),
    )
    return current


@transaction.atomic
def report_dismiss(*, report: Report, by, note: str = "") -> None:
    current = Report.objects.select_for_update().select_related("post__thread__space").get(pk=report.pk)
    access.require_facilitator(access.place_in(by, current.post.thread.space))
    if current.status != Report.Status.OPEN:
        raise CommunityError(_("That report is already closed."))
    _close_reports(current.post, by, Report.Status.DISMISSED)
    _step(
        current.post.thread.space,
        by,
        Step.What.DISMISS,
        post=current.post,
        thread=current.post.thread,
        note=note.strip()[:500],
    )


@transaction.atomic
def thread_lock(*, thread: Thread, by, locked: bool, note: str = "") -> Thread:
    current = Thread.objects.select_for_update().select_related("space").get(pk=thread.pk)
    access.require_facilitator(access.place_in(by, current.space))
    current.locked = locked
    attributed(current, by).save()
    _step(
        current.space,
        by,
        Step.What.LOCK if locked else Step.What.UNLOCK,
        thread=current,
        note=note.strip()[:500],
    )
    return current


@transaction.atomic
def member_warn(*, space: Space, by, user, note: str) -> Member:
    access.require_facilitator(access.place_in(by, space))
    if not note.strip():
        raise CommunityError(_("Say what the warning is for"))
    member = _member(space, user)
    member.warnings += 1
    attributed(member, by).save()
    _step(space, by, Step.What.WARN, member=user, note=note.strip()[:500])
    _tell(
        [user],
        by,
        format_lazy(_("A warning from {space}'s facilitators"), space=space),
        format_lazy(_("A facilitator of {space} warns you: {note}"), space=space, note=note.strip()),
        reverse("community:space", args=[space.slug]),
    )
    return member


@transaction.atomic
def member_suspend(*, space: Space, by, user, suspend: bool, note: str) -> Member:
    access.require_facilitator(access.place_in(by, space))
    if user == by:
        raise CommunityError(_("You cannot suspend yourself."))
    if not note.strip():
        raise CommunityError(_("Say why, for the moderation record"))
    member = _member(space, user)
    member.suspended = suspend
    if suspend:
        member.facilitator = False
    attributed(member, by).save()
    _step(space, by, Step.What.SUSPEND if suspend else Step.What.LIFT, member=user, note=note.strip()[:500])
    _tell(
        [user],
        by,
        format_lazy(_("Your posting in {space}"), space=space),
        format_lazy(
            _("A facilitator suspended you from posting in {space}: {note}"), space=space, note=note.strip()
        )
        if suspend
        else format_lazy(_("You can post in {space} again"), space=space),
        reverse("community:space", args=[space.slug]),
    )
    return member
