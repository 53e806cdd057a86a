"""Comparing a force with its peers: the comparison groups the national team keeps, and each
action's comparison of a force's rating with its region, its most similar forces and every
force, over time, with charts to download."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from benchmarking import access, selectors, services
from benchmarking.forms import SimilarForcesForm
from benchmarking.views.common import can_run_exercises, render_page
from core.forms import posted
from organisations.models import Organisation


@access.national_team
@require_http_methods(["GET"])
def similar_forces(request):
    """Every force's comparison group, for the national team."""
    groups = selectors.similar_forces()
    forces = Organisation.objects.filter(kind=Organisation.Kind.FORCE).order_by("name")
    return render(
        request,
        "benchmarking/similar_forces.html",
        {
            "rows": [(f, groups.get(f.pk, [])) for f in forces],
            "can_edit": can_run_exercises(request.user),
        },
    )


@access.national_team
@require_http_methods(["GET", "POST"])
def similar_forces_edit(request, slug):
    if request.method == "POST" and not can_run_exercises(request.user):
        raise PermissionDenied("Only national analysts and admins keep the comparison groups.")
    organisation = Organisation.objects.filter(slug=slug, kind=Organisation.Kind.FORCE).first()
    if organisation is None:
        raise Http404("No such force")
    forces = list(Organisation.objects.filter(kind=Organisation.Kind.FORCE).order_by("name"))
    chosen = selectors.similar_to(organisation.pk)
    form = SimilarForcesForm(posted(request), organisation=organisation, forces=forces, chosen=chosen)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.similar_forces_set(
                organisation=organisation, by=request.user, forces=form.chosen()
            )
        except services.BenchmarkingError as problem:
            form.add_error("forces", str(problem))
        else:
            messages.success(
                request,
                ngettext(
                    "{name}'s comparison group is saved: {count} change.",
                    "{name}'s comparison group is saved: {count} changes.",
                    changed,
                ).format(name=organisation.shown_name, count=changed),
            )
            return redirect("benchmarking:similar-forces")
    return render_page(
        request,
        "similar_forces_edit.html",
        {
            "organisation": organisation,
            "form": form,
            "history": selectors.similar_forces_history(organisation),
        },
        form,
    )


def _compared(request, pk, code):
    from benchmarking import picture

    record = access.get_report_for_user(request.user, pk)
    data = picture.build(record.exercise)
    group = selectors.similar_to(record.organisation_id)
    compared = picture.comparison(
        data,
        record,
        code,
        {f.pk for f in group},
        national=access.is_national_team(request.user),
        organisation_ids={m.organisation_id for m in access.memberships_of(request.user)},
    )
    if compared is None:
        raise Http404("The exercise did not ask about this action")
    trend = selectors.action_trend(record.organisation_id, code)
    charts = picture.comparison_charts(
        compared, record.organisation.short_name or record.organisation.shown_name, trend
    )
    return record, compared, trend, charts, group


@access.force_scoped
@require_http_methods(["GET"])
def compare(request, pk, code):
    """One action of a published exercise: the force beside its region, its most similar
    forces and every force; the sorted ratings of every force; its rating over time and its
    standing position now. Each chart has a table of the same numbers and downloads."""
    from django.utils import timezone

    record, compared, trend, charts, group = _compared(request, pk, code)
    history = selectors.rating_history(record.organisation_id, code)
    return render(
        request,
        "benchmarking/compare.html",
        {
            "record": record,
            "compared": compared,
            "trend": trend,
            "charts": {name: bool(svg) for name, svg in charts.items()},
            "similar": group,
            "position": history[-1] if history else None,
            "today": timezone.localdate(),
        },
    )


CHARTS = {"groups", "slope", "trend"}


@access.force_scoped
@require_http_methods(["GET"])
def compare_chart(request, pk, code, chart, fmt):
    from core.downloads import chart_download

    if chart not in CHARTS or fmt not in ("svg", "png"):
        raise Http404("No such chart")
    record, _unused, _unused, charts, _unused = _compared(request, pk, code)
    svg = charts[chart]
    if not svg:
        raise Http404("Nothing to chart yet")
    return chart_download(svg, fmt, f"{record.organisation.slug}-{code}-{chart}")
