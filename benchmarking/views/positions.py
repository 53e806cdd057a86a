"""Standing positions: each force keeps its current self-assessment of every action up to
date between exercises; the national team sees them together, live."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from benchmarking import access, selectors, services
from benchmarking.forms import PositionForm
from benchmarking.models import DEFAULT_SCALE, RatingLevel, StandingPosition
from benchmarking.views.common import render_page
from core.concurrency import revision_clash
from core.forms import posted
from framework import crosswalks
from framework import selectors as plan_selectors
from organisations.selectors import writers_of

SCALE = [RatingLevel(value=v, label=label, descriptor=d) for v, label, d in DEFAULT_SCALE]
LABELS = {level.value: level.label for level in SCALE}


def _plan():
    version = plan_selectors.get_version(settings.DEFAULT_FRAMEWORK)
    if version is None:
        raise Http404("No published plan")
    return version


@access.signed_in
@require_http_methods(["GET"])
def positions(request):
    """Where "Standing positions" leads: a person's own force's positions (the first, if they
    belong to more than one), or for everyone else the live national picture."""
    forces = [m.organisation for m in access.memberships_of(request.user) if m.organisation.is_force]
    if forces and not access.is_national_team(request.user):
        return redirect("benchmarking:force-positions", slug=forces[0].slug)
    return redirect("benchmarking:live-picture")


@access.force_scoped
@require_http_methods(["GET"])
def force_positions(request, slug):
    organisation, can_edit = access.get_force_positions_for_user(request.user, slug)
    version = _plan()
    today = timezone.localdate()
    groups = selectors.force_positions(organisation, version, today)
    rows = [row for group in groups for row in group["rows"]]
    for row in rows:
        for p in [row["position"], *(p for _unused, p in row["objectives"])]:
            if p is not None:
                p.rating_label = LABELS.get(p.rating, "")
    return render(
        request,
        "benchmarking/positions.html",
        {
            "organisation": organisation,
            "version": version,
            "groups": groups,
            "can_edit": can_edit,
            "kept": sum(1 for row in rows if row["kept"]),
            "total": len(rows),
            "due": sum(len(row["due"]) for row in rows),
            "review_days": settings.POSITION_REVIEW_DAYS,
        },
    )


@access.force_scoped
@require_http_methods(["GET", "POST"])
def position_edit(request, slug, code, objective=None):
    """A force's standing position on one action (or objective): the form for those who
    write the force's work, what it says for others, its ratings over time and its history."""
    organisation, can_edit = access.get_force_positions_for_user(request.user, slug)
    if request.method == "POST":
        access.require_write(can_edit)
    version = _plan()
    action = plan_selectors.action_summary(version, code)
    if action is None or action.scope != action.Scope.FORCE:
        raise Http404("No such action")
    target = None
    if objective is not None:
        target = action.objectives.filter(number=objective).first()
        if target is None:
            raise Http404("No such objective")
    position = selectors.position_of(organisation, code, objective)
    shown_position = position or StandingPosition(organisation=organisation, action=action, objective=target)
    people = writers_of(organisation.pk)
    form = PositionForm(posted(request), position=shown_position, levels=SCALE, people=people)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.position_save(
                organisation=organisation,
                action=action,
                objective=target,
                by=request.user,
                revision=form.cleaned_data["revision"],
                values=form.values(),
            )
        except services.ConflictError as clash:
            conflict = revision_clash(form, clash.current, form.values())
        except services.BenchmarkingError as problem:
            form.add_error(None, str(problem))
        else:
            what = f"{code}" + (f" objective {objective}" if objective is not None else "")
            messages.success(
                request,
                _("{name}'s position on {what} is saved and marked reviewed today.").format(
                    name=organisation.shown_name, what=what
                ),
            )
            return redirect("benchmarking:force-positions", slug=organisation.slug)
    return render_page(
        request,
        "position_form.html",
        {
            "organisation": organisation,
            "action": action,
            "objective": target,
            "position": position,
            "form": form,
            "can_edit": can_edit,
            "conflict": conflict,
            "rating_label": LABELS.get(position.rating, "") if position else "",
            "history": selectors.position_history(position) if position else [],
            "informs": crosswalks.informs(
                action.version.framework_id, code, include_drafts=access.is_national_team(request.user)
            ),
            "ratings": selectors.rating_history(organisation.pk, code) if objective is None else [],
            "due": position is not None
            and position.reviewed_on < selectors.review_due_before(timezone.localdate()),
        },
        form,
    )


@access.signed_in
@require_http_methods(["GET"])
def live_picture(request):
    """Every force's current standing positions together: self-assessed and not reviewed.
    The national team sees which force said what; a force sees the counts, with its own
    rating marked, and never another force's name."""
    version = _plan()
    picture = selectors.live_picture(version, timezone.localdate())
    national = access.is_national_team(request.user)
    own = [m.organisation for m in access.memberships_of(request.user) if m.organisation.is_force]
    rows = [
        {
            **row,
            "own": [(force, row["ratings"].get(force.pk)) for force in own],
            "levels": list(zip(SCALE, row["counts"], strict=True)),
        }
        for row in picture["rows"]
    ]
    return render(
        request,
        "benchmarking/live_picture.html",
        {"version": version, "rows": rows, "forces": picture["forces"], "national": national, "scale": SCALE},
    )


@access.national_team
@require_http_methods(["GET"])
def live_action(request, code):
    """One action's standing positions, force by force, for the national team."""
    version = _plan()
    action = plan_selectors.action_summary(version, code)
    if action is None:
        raise Http404("No such action")
    rows = selectors.live_action(version, code, timezone.localdate())
    return render(
        request,
        "benchmarking/live_action.html",
        {"version": version, "action": action, "rows": rows, "labels": LABELS},
    )
