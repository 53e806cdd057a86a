"""The community's front page and its spaces: finding, joining, leaving, following, opening."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from community import access, selectors, services
from community.forms import SpaceForm
from community.models import Member, Space, Thread
from core.concurrency import EditConflict, conflicted, stamp
from core.forms import posted, render_checked
from core.params import whole

SPACE_FIELDS = ["name", "summary", "access"]


@access.community_page
@require_http_methods(["GET"])
def home(request):
    user = request.user
    spaces = selectors.spaces_for(user)
    facilitates = access.facilitates_all(user) or bool(access.facilitated_space_ids(user))
    return render(
        request,
        "community/home.html",
        {
            "spaces": spaces,
            "can_open": access.facilitates_all(user),
            "facilitates": facilitates,
            "waiting": selectors.waiting_questions(user)[:10] if facilitates else [],
            "replies": selectors.replies_to_mine(user),
        },
    )


@access.community_page
@require_http_methods(["GET"])
def space(request, slug):
    found, place = access.get_space_for_user(request.user, slug, contents=False)
    if not place.reads:
        # A restricted space shows its name and a way to ask to join, nothing more.
        return render(request, "community/space_closed.html", {"space": found, "place": place})
    kind = request.GET.get("type", "")
    kind = kind if kind in Thread.Kind.values else ""
    page = selectors.threads_page(found, kind=kind, page=whole(request.GET.get("page"), default=1, minimum=1))
    page.param = "page"
    return render(
        request,
        "community/space.html",
        {
            "space": found,
            "place": place,
            "page": page,
            "kind": kind,
            "kinds": Thread.Kind.choices,
            "keep": f"type={kind}&" if kind else "",
            "followed": selectors.follows_of(request.user, space=found),
        },
    )


@access.community_page
@require_http_methods(["GET", "POST"])
def space_new(request):
    if not access.facilitates_all(request.user):
        raise PermissionDenied("Only the national team's facilitators open spaces.")
    form = SpaceForm(posted(request), initial={"access": Space.Access.OPEN})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        made = services.space_create(
            by=request.user,
            name=data["name"],
            summary=data["summary"],
            access_=data["access"],
            once=data.get("once"),
        )
        messages.success(request, _("The space {space} is open.").format(space=made))
        return redirect("community:space", slug=made.slug)
    return render_checked(
        request,
        "community/space_form.html",
        {"form": form, "space": None},
        form if request.method == "POST" else None,
    )


@access.community_page
@require_http_methods(["GET", "POST"])
def space_edit(request, slug):
    found, place = access.get_space_for_user(request.user, slug)
    access.require_facilitator(place)
    form = SpaceForm(
        posted(request),
        initial={f: getattr(found, f) for f in SPACE_FIELDS},
        version=stamp(found, SPACE_FIELDS),
    )
    if found.kind == Space.Kind.ACTION:
        form.fields["name"].disabled = True
    extra = {}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.space_edit(
                space=found,
                by=request.user,
                name=data["name"],
                summary=data["summary"],
                access_=data["access"],
                seen=data.get("version"),
            )
        except EditConflict as clash:
            extra = {"conflict": conflicted(form, clash, {f: data.get(f) for f in SPACE_FIELDS})}
        else:
            messages.success(request, _("The space is saved."))
            return redirect("community:space", slug=found.slug)
    return render_checked(
        request,
        "community/space_form.html",
        {"form": form, "space": found, **extra},
        form if request.method == "POST" else None,
    )


@access.community_page
@require_POST
def join(request, slug):
    found, place = access.get_space_for_user(request.user, slug, contents=False)
    try:
        member = services.join(space=found, user=request.user)
    except services.CommunityError as problem:
        messages.error(request, str(problem))
        return redirect("community:space", slug=found.slug)
    if member.status == Member.Status.REQUESTED:
        messages.success(request, _("Your request to join is sent to the space's facilitators."))
    else:
        messages.success(
            request,
            _("You joined {space}. You follow it: new threads come in your weekly summary.").format(
                space=found
            ),
        )
    return redirect("community:space", slug=found.slug)


@access.community_page
@require_http_methods(["GET", "POST"])
def leave(request, slug):
    found, place = access.get_space_for_user(request.user, slug, contents=False)
    if request.method == "POST":
        services.leave(space=found, user=request.user)
        messages.success(request, _("You left {space}.").format(space=found))
        return redirect("community:home")
    return render(request, "community/leave.html", {"space": found, "place": place})


@access.community_page
@require_POST
def follow_space(request, slug):
    found, _place = access.get_space_for_user(request.user, slug)
    on = request.POST.get("follow") == "on"
    services.follow_set(user=request.user, space=found, on=on)
    messages.success(
        request,
        _("You follow {space}.").format(space=found)
        if on
        else _("You no longer follow {space}.").format(space=found),
    )
    return redirect("community:space", slug=found.slug)
