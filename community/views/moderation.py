"""Reporting posts, the facilitators' queue and steps, the members of a space, and search."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from community import access, selectors, services
from community.forms import InviteForm, NoteForm, ReportForm, SearchForm
from community.models import Member, Report, Space
from core.forms import posted, render_checked
from core.params import whole


def _back_to(post) -> str:
    return f"{reverse('community:thread', args=[post.thread_id])}?post={post.pk}#post-{post.pk}"


@access.community_page
@require_http_methods(["GET", "POST"])
def report(request, pk):
    post, place = access.get_post_for_user(request.user, pk)
    form = ReportForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.report_post(
                post=post,
                by=request.user,
                reason=form.cleaned_data["reason"],
                detail=form.cleaned_data["detail"],
            )
        except services.CommunityError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(
                request,
                _(
                    "Thank you: the space's facilitators will look at the post. The author is not told who reported it."
                ),
            )
            return redirect(_back_to(post))
    return render_checked(
        request,
        "community/report.html",
        {"form": form, "post": post, "thread": post.thread},
        form if request.method == "POST" else None,
    )


@access.community_page
@require_http_methods(["GET", "POST"])
def hide(request, pk):
    """Hide a post (or restore a hidden one), with a note kept in the moderation record."""
    post, place = access.get_post_for_user(request.user, pk)
    access.require_facilitator(place)
    form = NoteForm(posted(request))
    if request.method == "POST" and form.is_valid():
        services.post_hide(post=post, by=request.user, note=form.cleaned_data["note"], hide=not post.hidden)
        messages.success(
            request,
            _("The post is restored.")
            if post.hidden
            else _("The post is hidden. It is kept, and can be restored."),
        )
        return redirect(_back_to(post))
    return render_checked(
        request,
        "community/hide.html",
        {"form": form, "post": post, "thread": post.thread},
        form if request.method == "POST" else None,
    )


@access.community_page
@require_http_methods(["GET"])
def moderation(request):
    user = request.user
    facilitated = access.facilitated_space_ids(user)
    if facilitated is not None and not facilitated:
        raise PermissionDenied("Only facilitators moderate the community.")
    return render(
        request,
        "community/moderation.html",
        {
            "reports": selectors.open_reports(user),
            "requests": selectors.join_requests(user),
            "questions": selectors.waiting_questions(user),
            "steps": selectors.steps(user),
        },
    )


@access.community_page
@require_POST
def dismiss(request, pk):
    found = Report.objects.select_related("post").filter(pk=pk).first()
    if found is None:
        raise Http404("No such report")
    _post, place = access.get_post_for_user(request.user, found.post_id)
    access.require_facilitator(place)
    try:
        services.report_dismiss(report=found, by=request.user, note=request.POST.get("note", ""))
    except services.CommunityError as problem:
        messages.error(request, str(problem))
    else:
        messages.success(request, _("The report is closed with no action."))
    return redirect("community:moderation")


@access.community_page
@require_http_methods(["GET", "POST"])
def members(request, slug):
    found, place = access.get_space_for_user(request.user, slug)
    access.require_facilitator(place)
    inviting = request.method == "POST" and request.POST.get("step") == "invite"
    form = InviteForm(request.POST if inviting else None)
    if inviting and form.is_valid():
        try:
            services.invite(space=found, by=request.user, email=form.cleaned_data["email"])
        except services.CommunityError as problem:
            form.add_error("email", str(problem))
        else:
            messages.success(request, _("The invitation is sent."))
            return redirect("community:members", slug=found.slug)
    elif request.method == "POST" and not inviting:
        _member_decision(request, found)
        return redirect("community:members", slug=found.slug)
    return render_checked(
        request,
        "community/members.html",
        {
            "space": found,
            "place": place,
            "members": selectors.members_of(found),
            "form": form,
            "Status": Member.Status,
        },
        form if inviting else None,
    )


def _member_decision(request, space: Space) -> None:
    """Approve or refuse a request to join; appoint a facilitator or stand one down."""
    step = request.POST.get("step")
    person = get_user_model().objects.filter(pk=whole(request.POST.get("user"), default=0)).first()
    try:
        if person is None or step not in ("approve", "refuse", "appoint", "stand_down"):
            raise services.CommunityError(_("Choose a person and what to do from the list"))
        if step in ("approve", "refuse"):
            services.request_decide(space=space, by=request.user, user=person, approve=step == "approve")
        else:
            services.facilitator_set(space=space, by=request.user, user=person, on=step == "appoint")
    except services.CommunityError as problem:
        messages.error(request, str(problem))
    else:
        messages.success(request, _("Saved."))


STEPS = {
    "warn": ("Warn {person}", "Send the warning"),
    "suspend": ("Suspend {person} from posting in this space", "Suspend"),
    "lift": ("Let {person} post in this space again", "Lift the suspension"),
}


@access.community_page
@require_http_methods(["GET", "POST"])
def member_step(request, slug, user_id, step):
    found, place = access.get_space_for_user(request.user, slug)
    access.require_facilitator(place)
    if step not in STEPS:
        raise Http404("No such step")
    person = get_user_model().objects.filter(pk=user_id).first()
    if (
        person is None
        or not access.place_in(person, found).reads
        and not found.members.filter(user=person).exists()
    ):
        raise Http404("No such member")
    form = NoteForm(posted(request))
    if request.method == "POST" and form.is_valid():
        note = form.cleaned_data["note"]
        try:
            if step == "warn":
                services.member_warn(space=found, by=request.user, user=person, note=note)
            else:
                services.member_suspend(
                    space=found, by=request.user, user=person, suspend=step == "suspend", note=note
                )
        except services.CommunityError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, _("Done: it is in the moderation record, and they are told."))
            return redirect("community:members", slug=found.slug)
    heading, button = STEPS[step]
    return render_checked(
        request,
        "community/member_step.html",
        {
            "form": form,
            "space": found,
            "person": person,
            "heading": heading.format(person=person),
            "button": button,
        },
        form if request.method == "POST" else None,
    )


@access.community_page
@require_http_methods(["GET"])
def search(request):
    user = request.user
    spaces = [
        s for group in ("action", "national") for s in selectors.spaces_for(user)[group] if s.place.reads
    ]
    form = SearchForm(request.GET or None, spaces=spaces)
    results, query, problems = None, "", []
    if form.is_bound and form.is_valid():
        query = form.cleaned_data["q"].strip()
        chosen: Space | None = next((s for s in spaces if s.slug == form.cleaned_data["space"]), None)
        if query:
            results = selectors.search(
                user, query, space=chosen, kind=form.cleaned_data["kind"], page=request.GET.get("page", "1")
            )
            results.param = "page"
    keep = request.GET.copy()
    keep.pop("page", None)
    return render_checked(
        request,
        "community/search.html",
        {"form": form, "results": results, "query": query, "keep": keep.urlencode() + "&" if keep else ""},
        form if form.is_bound else None,
        problems=problems,
    )
