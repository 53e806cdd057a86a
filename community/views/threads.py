"""Threads and posts: starting, reading, replying, editing, answers, events, files."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from community import access, selectors, services
from community.forms import EditForm, LockForm, MaterialsForm, OfficialForm, ReplyForm, ThreadForm
from community.models import Attachment, Space, Thread
from core.concurrency import EditConflict, conflicted, stamp
from core.downloads import stored_file
from core.forms import posted, render_checked
from core.history import changes
from core.params import whole


def _entries_for(space: Space) -> list[tuple[str, str]]:
    """Published practice examples a thread in this space may share: those on its action."""
    from practice import selectors as practice

    if space.kind != Space.Kind.ACTION:
        return []
    found = practice.published_entries_on(space.action_code)
    return [(str(e["pk"]), f"{e['title']} ({e['force']})") for e in found]


@access.community_page
@require_http_methods(["GET", "POST"])
def thread_new(request, slug):
    found, place = access.get_space_for_user(request.user, slug)
    access.require_posting(place)
    entries = _entries_for(found)
    initial = {}
    if request.GET.get("type") in Thread.Kind.values:
        initial["kind"] = request.GET["type"]
    if request.GET.get("entry") in {pk for pk, _label in entries}:
        initial["practice_entry"] = request.GET["entry"]
    form = ThreadForm(
        posted(request),
        request.FILES or None,
        initial=initial,
        facilitates=place.facilitates,
        entries=entries,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = services.thread_start(
                space=found,
                by=request.user,
                kind=data["kind"],
                title=data["title"],
                body=data["body"],
                upload=data.get("upload"),
                starts_at=data.get("starts_at"),
                joining=data.get("joining", ""),
                practice_entry_id=whole(data.get("practice_entry"), default=None)
                if data.get("practice_entry")
                else None,
                once=data.get("once"),
                written_in=data["written_in"],
            )
        except services.CommunityError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(
                request, _("Your thread is started. You follow it: replies come in your weekly summary.")
            )
            return redirect("community:thread", pk=made.pk)
    return render_checked(
        request,
        "community/thread_form.html",
        {"form": form, "space": found, "place": place},
        form if request.method == "POST" else None,
    )


def _thread_context(request, found: Thread, place, page_number) -> dict:
    page = selectors.posts_page(found, page=page_number)
    page.param = "page"
    posts = list(page.object_list)
    ids = [p.pk for p in posts]
    reported = selectors.reported_by(request.user, ids)
    counts = selectors.open_reports_on(ids) if place.facilitates else {}
    for p in posts:
        p.reported_by_me, p.report_count = p.pk in reported, counts.get(p.pk, 0)
    entry = None
    if found.practice_entry_id:
        from practice import selectors as practice

        entry = practice.published_entries([found.practice_entry_id]).get(found.practice_entry_id)
    return {
        "thread": found,
        "space": found.space,
        "place": place,
        "page": page,
        "posts": posts,
        "followed": selectors.follows_of(request.user, thread=found),
        "entry": entry,
        "Kind": Thread.Kind,
        "Status": Thread.Status,
    }


@access.community_page
@require_http_methods(["GET", "POST"])
def thread(request, pk):
    found, place = access.get_thread_for_user(request.user, pk)
    form = ReplyForm(posted(request), request.FILES or None)
    if request.method == "POST":
        access.require_posting(place)
        if form.is_valid():
            data = form.cleaned_data
            try:
                post = services.reply(
                    thread=found,
                    by=request.user,
                    body=data["body"],
                    upload=data.get("upload"),
                    once=data.get("once"),
                    written_in=data["written_in"],
                )
            except services.CommunityError as problem:
                form.add_error("body", str(problem))
            else:
                messages.success(request, _("Your reply is posted."))
                number = selectors.page_of_post(found, post.pk)
                return redirect(
                    f"{reverse('community:thread', args=[found.pk])}?page={number}#post-{post.pk}"
                )
        page_number = 10**6  # the last page, where the reply would go
    else:
        asked = whole(request.GET.get("post"), default=None)
        page_number = (
            selectors.page_of_post(found, asked)
            if asked
            else whole(request.GET.get("page"), default=1, minimum=1)
        )
    context = _thread_context(request, found, place, page_number)
    return render_checked(
        request,
        "community/thread.html",
        {**context, "form": form},
        form if request.method == "POST" else None,
        anchor="#body",
    )


@access.community_page
@require_POST
def follow_thread(request, pk):
    found, _place = access.get_thread_for_user(request.user, pk)
    on = request.POST.get("follow") == "on"
    services.follow_set(user=request.user, thread=found, on=on)
    messages.success(request, _("You follow this thread.") if on else _("You no longer follow this thread."))
    return redirect("community:thread", pk=found.pk)


@access.community_page
@require_http_methods(["GET", "POST"])
def lock(request, pk):
    found, place = access.get_thread_for_user(request.user, pk)
    access.require_facilitator(place)
    form = LockForm(posted(request))
    if request.method == "POST" and form.is_valid():
        services.thread_lock(
            thread=found, by=request.user, locked=not found.locked, note=form.cleaned_data["note"]
        )
        messages.success(
            request,
            _("The thread is unlocked.") if found.locked else _("The thread is locked: no more replies."),
        )
        return redirect("community:thread", pk=found.pk)
    return render_checked(
        request,
        "community/lock.html",
        {"form": form, "thread": found, "space": found.space},
        form if request.method == "POST" else None,
    )


@access.community_page
@require_http_methods(["GET", "POST"])
def materials(request, pk):
    found, place = access.get_thread_for_user(request.user, pk)
    if found.kind != Thread.Kind.EVENT:
        raise Http404("Only an event has materials")
    if found.author_id != request.user.pk:
        access.require_facilitator(place)
    fields = ["materials", "joining"]
    form = MaterialsForm(
        posted(request), initial={"materials": found.materials}, version=stamp(found, fields)
    )
    extra = {}
    if request.method == "POST" and form.is_valid():
        try:
            services.event_materials(
                thread=found,
                by=request.user,
                materials=form.cleaned_data["materials"],
                seen=form.cleaned_data.get("version"),
            )
        except EditConflict as clash:
            extra = {"conflict": conflicted(form, clash, {"materials": form.cleaned_data["materials"]})}
        except services.CommunityError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, _("The event's materials are saved."))
            return redirect("community:thread", pk=found.pk)
    return render_checked(
        request,
        "community/materials.html",
        {"form": form, "thread": found, **extra},
        form if request.method == "POST" else None,
    )


@access.community_page
@require_http_methods(["GET", "POST"])
def post_edit(request, pk):
    post, place = access.get_post_for_user(request.user, pk)
    if post.author_id != request.user.pk:
        access.require_facilitator(place)
    else:
        access.require_posting(place)
    form = EditForm(
        posted(request),
        initial={"body": post.body, "written_in": post.written_in},
        version=stamp(post, ["body"]),
    )
    if post.author_id == request.user.pk:
        del form.fields["note"]
    extra = {}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.post_edit(
                post=post,
                by=request.user,
                body=data["body"],
                seen=data.get("version"),
                note=data.get("note", ""),
                written_in=data["written_in"],
            )
        except EditConflict as clash:
            extra = {"conflict": conflicted(form, clash, {"body": data["body"]})}
        except services.CommunityError as problem:
            form.add_error(
                "note" if "note" in form.fields and "why" in str(problem).lower() else "body", str(problem)
            )
        else:
            messages.success(request, _("The post is saved."))
            return redirect(
                f"{reverse('community:thread', args=[post.thread_id])}?post={post.pk}#post-{post.pk}"
            )
    return render_checked(
        request,
        "community/post_edit.html",
        {"form": form, "post": post, "thread": post.thread, **extra},
        form if request.method == "POST" else None,
    )


POST_FIELDS = {
    "body": "Message",
    "hidden": "Hidden",
    "hidden_note": "Why it was hidden",
    "official": "Official answer",
}


@access.community_page
@require_http_methods(["GET"])
def post_history(request, pk):
    post, place = access.get_post_for_user(request.user, pk)
    records = list(post.history.select_related("history_user").order_by("history_date", "history_id"))
    if not place.facilitates:
        fields = {"body": "Message"}
    else:
        fields = POST_FIELDS
    entries = changes(records, fields, lambda r: _("The post"))
    return render(
        request, "community/post_history.html", {"post": post, "thread": post.thread, "entries": entries}
    )


@access.community_page
@require_POST
def accept(request, pk):
    post, place = access.get_post_for_user(request.user, pk)
    try:
        services.answer_accept(thread=post.thread, post=post, by=request.user)
    except services.CommunityError as problem:
        messages.error(request, str(problem))
    else:
        messages.success(request, _("You accepted this answer."))
    return redirect(f"{reverse('community:thread', args=[post.thread_id])}?post={post.pk}#post-{post.pk}")


@access.community_page
@require_http_methods(["GET", "POST"])
def official(request, pk):
    post, place = access.get_post_for_user(request.user, pk)
    access.require_facilitator(place)
    if post.thread.kind != Thread.Kind.QUESTION:
        raise Http404("Only a question has an official answer")
    form = OfficialForm(
        posted(request), initial={"on_action_page": post.thread.space.kind == Space.Kind.ACTION}
    )
    if post.thread.space.kind != Space.Kind.ACTION:
        del form.fields["on_action_page"]
    if request.method == "POST" and form.is_valid():
        try:
            services.official_mark(
                thread=post.thread,
                post=post,
                by=request.user,
                on_action_page=form.cleaned_data.get("on_action_page", False),
            )
        except services.CommunityError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, _("This is now the official answer."))
            return redirect(
                f"{reverse('community:thread', args=[post.thread_id])}?post={post.pk}#post-{post.pk}"
            )
    return render_checked(
        request,
        "community/official.html",
        {"form": form, "post": post, "thread": post.thread},
        form if request.method == "POST" else None,
    )


@access.community_page
@require_http_methods(["GET"])
def attachment(request, pk):
    stored = Attachment.objects.select_related("post").filter(pk=pk).first()
    if stored is None:
        raise Http404("No such file")
    access.get_post_for_user(request.user, stored.post_id)  # the same rules as the post
    return stored_file(stored, "attachment")


@access.community_page
@require_http_methods(["GET"])
def practice(request, entry_id):
    """From a practice example to its discussion: the latest thread sharing it, or a new one
    in its action's space."""
    from practice import selectors as practice_selectors

    entry = practice_selectors.published_entries([entry_id]).get(entry_id)
    if entry is None:
        raise Http404("No such published practice example")
    for found in selectors.practice_threads(entry_id):
        if access.place_in(request.user, found.space).reads:
            return redirect("community:thread", pk=found.pk)
    for code in entry["actions"]:
        space = selectors.action_space("nvap", code)
        if space and access.place_in(request.user, space).posts:
            return redirect(
                f"{reverse('community:thread-new', args=[space.slug])}?type=practice&entry={entry_id}"
            )
    raise Http404("No space to discuss this example in")
