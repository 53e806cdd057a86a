"""Measures and their values: adding, recording, uploading, the trend chart, and one suggested measure across forces."""

from decimal import Decimal

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from core.concurrency import stamp
from core.downloads import svg_response
from core.forms import drawn, posted
from core.kept_pages import kept_blocks, kept_page
from core.params import whole
from core.personal import names_version
from framework import selectors as plan_selectors
from framework.models import SuggestedMeasure
from impact import access, charts, forms, selectors, services, uploads
from impact.models import Measure
from impact.views.common import file_page, objective_or_404, render_page, saved_or_conflict, to_objective


@access.force_scoped
@require_http_methods(["GET", "POST"])
def measure_add(request, pk, objective_pk):
    plan_item, can_edit = access.get_plan_for_user(request.user, pk)
    access.require_write(can_edit)
    item = objective_or_404(plan_item, objective_pk)
    suggestions = selectors.measure_suggestions(item)
    form = forms.MeasureAddForm(
        posted(request),
        suggestions=suggestions,
        initial={"direction": Measure.Direction.HIGHER, "frequency": Measure.Frequency.MONTHLY},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = form.measure_fields()
        chosen = form.suggestions.get(data["suggestion"])
        if chosen is not None and chosen.suggested is None:
            fields.update(source=Measure.Source.PEEL, peel_measure=chosen.peel)
        measure = services.measure_create(
            organisation=plan_item.organisation,
            by=request.user,
            name=data["name"] if chosen is None else chosen.text,
            suggested=chosen.suggested if chosen else None,
            plan_objective=item,
            once_key=data["once"],
            **fields,
        )
        messages.success(
            request, _("Measure “{name}” added. Record its values on its page.").format(name=measure.name)
        )
        return to_objective(plan_item.pk, item.pk)
    return render_page(request, "measure_add.html", {"plan": plan_item, "item": item, "form": form}, form)


# The measure page lists this many of the latest values; the rest are a click away.
LATEST_VALUES = 24


def _measure_context(measure, show_all: bool = False):
    """The values to list (the latest LATEST_VALUES, oldest of them first, or all of them)."""
    values = measure.measurements.select_related("updated_by")
    total = values.count()
    if show_all:
        measurements = list(values)
    else:
        measurements = list(values.order_by("-period")[:LATEST_VALUES])[::-1]
    latest = measurements[-1] if measurements else None
    return {
        "measure": measure,
        "measurements": measurements,
        "total_values": total,
        "hidden_values": total - len(measurements),
        "show_all": show_all,
        "latest": latest,
        "change": charts.change_since_baseline(measure, latest),
    }


@access.force_scoped
@require_http_methods(["GET", "POST"])
def measure(request, pk):
    item, can_edit = access.get_measure_for_user(request.user, pk)
    if request.method == "POST":
        access.require_write(can_edit)
    form = forms.MeasurementForm(posted(request), measure=item)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.measurements_save(
            measure=item, by=request.user, rows=[(data["period"], data["value"], data["note"])]
        )
        messages.success(request, _("Value for {period} saved.").format(period=data["period"]))
        return redirect("impact:measure", pk=item.pk)
    show_all = request.GET.get("values") == "all"
    # Its description and values are the same for everyone of the force who may change it (or
    # may not) until the force's work or someone's name changes: drawn once for each and kept.
    key = (
        f"impact-measure:{item.pk}:{selectors.work_stamp(item.organisation_id)}:{names_version()}"
        f":{int(show_all)}:{int(can_edit)}"
    )
    parts = kept_blocks(
        key,
        "impact/_measure_parts.html",
        ("summary", "values"),
        lambda: {**_measure_context(item, show_all=show_all), "can_edit": can_edit},
    )
    context = {
        "measure": item,
        "parts": parts,
        "form": form,
        # (blank, the form is the same for every measure taken as often as this one)
        "form_html": drawn(form, f"measurement:{item.frequency}"),
        "can_edit": can_edit,
        "plan": item.plan_objective.plan if item.plan_objective_id else None,
    }
    return render_page(request, "measure.html", context, form)


@access.force_scoped
@require_http_methods(["GET"])
def measure_chart(request, pk):
    item, _can_change = access.get_measure_for_user(request.user, pk)
    svg = charts.trend_svg_cached(item)
    if svg is None:
        raise Http404("No values yet")
    return svg_response(svg, "private, max-age=0, must-revalidate")


@access.force_scoped
@require_http_methods(["GET", "POST"])
def measure_edit(request, pk):
    item, can_edit = access.get_measure_for_user(request.user, pk)
    access.require_write(can_edit)
    fields = ("name", *forms.MEASURE_FIELDS)
    initial = {name: getattr(item, name) for name in fields}
    for name in ("baseline", "target"):
        initial[name] = "" if initial[name] is None else f"{initial[name].normalize():f}"
    form = forms.MeasureEditForm(
        posted(request), initial=initial, has_values=item.measurements.exists(), version=stamp(item, fields)
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        values = form.measure_fields()
        values["name"] = form.cleaned_data["name"].strip()
        conflict = saved_or_conflict(request, item, form, values, fields)
        if conflict is None:
            charts.forget(item)
            messages.success(request, _("Measure saved."))
            return redirect("impact:measure", pk=item.pk)
    return render_page(
        request, "measure_edit.html", {"measure": item, "form": form, "conflict": conflict}, form
    )


@access.force_scoped
@require_http_methods(["GET", "POST"])
def measure_values(request, pk):
    """Values entered as a batch in a table: the recorded periods plus blank rows."""
    item, can_edit = access.get_measure_for_user(request.user, pk)
    access.require_write(can_edit)
    problems, rows = [], []
    if request.method == "POST":
        count = whole(request.POST.get("rows"), default=0, maximum=500)
        posted = [
            (
                request.POST.get(f"period-{i}", ""),
                request.POST.get(f"value-{i}", ""),
                request.POST.get(f"note-{i}", ""),
            )
            for i in range(count)
        ]
        filled = [row for row in posted if any(str(cell).strip() for cell in row)]
        rows = posted
        if not filled:
            problems = [services.RowProblem(0, "Table", _("Enter at least one period and value"))]
        else:
            try:
                written = services.measurements_save(measure=item, by=request.user, rows=filled)
            except services.MeasurementsRejected as rejected:
                problems = _renumbered(rejected.problems, posted, filled)
            else:
                messages.success(
                    request,
                    ngettext("{count} value saved.", "{count} values saved.", written).format(count=written),
                )
                return redirect("impact:measure", pk=item.pk)
    else:
        rows = [(m.period, f"{m.value.normalize():f}", m.note) for m in item.measurements.all()]
        rows += [("", "", "")] * 6
    return render_page(
        request,
        "measure_values.html",
        {"measure": item, "rows": rows, "problems": problems},
        problems=problems,
    )


def _renumbered(problems, posted, filled):
    """Problems numbered by the table's rows, counting blank rows the user left."""
    positions = [index for index, row in enumerate(posted, start=1) if any(str(c).strip() for c in row)]
    return [
        services.RowProblem(
            positions[p.row - 1] if 0 < p.row <= len(positions) else p.row, p.column, p.message
        )
        for p in problems
    ]


@access.force_scoped
@require_http_methods(["GET", "POST"])
def measure_upload(request, pk):
    item, can_edit = access.get_measure_for_user(request.user, pk)
    access.require_write(can_edit)
    return file_page(
        request,
        "measure_upload.html",
        {"measure": item},
        label=_("CSV or Excel file"),
        help_text=_("Columns Period, Value and Note (optional), with those headings in the first row."),
        apply=lambda upload: uploads.measurements_upload(measure=item, by=request.user, upload=upload),
        done=lambda written: f"File uploaded: {written} value{'s' if written != 1 else ''} saved.",
        then=reverse("impact:measure", args=[item.pk]),
    )


@access.force_scoped
@require_http_methods(["GET", "POST"])
def measure_remove(request, pk):
    item, can_edit = access.get_measure_for_user(request.user, pk)
    access.require_write(can_edit)
    plan_item = item.plan_objective.plan if item.plan_objective_id else None
    if request.method == "POST":
        services.removed(item, request.user)
        messages.success(request, _("Measure “{name}” and its values removed.").format(name=item.name))
        return redirect("impact:plan", pk=plan_item.pk) if plan_item else redirect("impact:home")
    return render(
        request,
        "impact/measure_remove.html",
        {"measure": item, "plan": plan_item, "count": item.measurements.count()},
    )


@access.national_team
@require_http_methods(["GET"])
def suggested_measure(request, pk):
    """Every force tracking a measure under one toolkit suggested measure: their latest values."""
    suggested = (
        SuggestedMeasure.objects.select_related("objective__toolkit__action__version", "peel_measure")
        .filter(pk=pk)
        .first()
    )
    if suggested is None:
        raise Http404("No such suggested measure")
    # The same for the whole national team until any force's work or the toolkit changes.
    version = suggested.objective.toolkit.action.version
    key = (
        f"impact-suggested:{suggested.pk}:{selectors.every_force_work_stamp()}"
        f":{plan_selectors.content_stamp(version)}"
    )
    return kept_page(request, "impact/suggested_measure.html", key, lambda: _distribution(suggested))


def _distribution(suggested) -> dict:
    rows = selectors.national_distribution(suggested)
    # Decimals, as stored: a median of 77.1 and 77.3 is 77.2, never 77.19999999999999.
    values = sorted(Decimal(str(r["latest"])) for r in rows if r["latest"] is not None)
    units = {r["measure"].unit for r in rows}
    summary = None
    if values and len(units) == 1:
        middle = len(values) // 2
        median = values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2
        summary = {"count": len(values), "low": values[0], "high": values[-1], "median": median}
    return {"suggested": suggested, "rows": rows, "summary": summary, "mixed_units": len(units) > 1}
