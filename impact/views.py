"""Impact realisation pages: a force builds its plan for an action from the toolkit, tracks
measures over time and posts progress; the national team reads every force's plans.
Views parse, call a service, render."""

from django.contrib import messages
from django.core.cache import cache
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from core.concurrency import EditConflict, conflicted, stamp
from core.downloads import XLSX, download, pdf_download, svg_response
from core.forms import posted, render_checked
from core.params import whole
from framework import selectors as plan_selectors
from framework.models import Action, Objective, SuggestedMeasure, ToolkitObjective
from impact import access, charts, forms, history, selectors, services, template, uploads
from impact.models import Measure, Plan, PlanActivity, PlanRisk
from organisations.selectors import writers_of


def _edited(request, item, form, values, stamped):
    """Saves a person's changes to one thing unless someone else changed those fields since
    their form was drawn. Returns None when saved, or what the page shows of the clash."""
    try:
        services.changes_save(item, request.user, values, seen=form.cleaned_data["version"], stamped=stamped)
    except EditConflict as clash:
        return conflicted(form, clash, values)
    return None


def _render(request, name, context, form=None, problems=None, anchor="#main-content"):
    return render_checked(request, f"impact/{name}", context, form, problems, anchor)


def _current_version():
    version = plan_selectors.get_version("nvap")
    if version is None:
        raise Http404("The plan has not been loaded")
    return version


# --- Home, dashboard and "my objectives" ---


@access.signed_in
@require_http_methods(["GET"])
def home(request):
    """A force user goes to their force's dashboard; national users choose a force."""
    forces = [m.organisation for m in access.memberships_of(request.user) if m.organisation.is_force]
    if len(forces) == 1 and not access.is_national_team(request.user):
        return redirect("impact:dashboard", slug=forces[0].slug)
    from organisations.models import Organisation

    everyone = (
        Organisation.objects.filter(kind=Organisation.Kind.FORCE).select_related("region")
        if access.is_national_team(request.user)
        else forces
    )
    return render(request, "impact/home.html", {"forces": everyone})


@access.force_scoped
@require_http_methods(["GET"])
def dashboard(request, slug):
    organisation, can_edit = access.get_organisation_for_user(request.user, slug)
    if not organisation.is_force:
        raise Http404("Only forces have impact realisation plans")
    version = _current_version()
    board = selectors.force_dashboard(organisation, version, timezone.now())
    can_start = access.writes_for(request.user, organisation)
    return render(
        request,
        "impact/dashboard.html",
        {"organisation": organisation, "version": version, "can_start": can_start, **board},
    )


@access.signed_in
@require_http_methods(["GET"])
def mine(request):
    return render(request, "impact/mine.html", {"objectives": selectors.my_objectives(request.user)})


# --- Starting and changing a plan ---


def _objective_sources(action, keys):
    """Toolkit objectives ("t<id>") and plan objectives ("o<id>") of the action, by key."""
    toolkit_ids = [int(k[1:]) for k in keys if k.startswith("t")]
    plan_ids = [int(k[1:]) for k in keys if k.startswith("o")]
    found = {
        f"t{o.pk}": {"toolkit_objective": o} for o in ToolkitObjective.objects.filter(pk__in=toolkit_ids)
    }
    found |= {f"o{o.pk}": {"objective": o} for o in Objective.objects.filter(pk__in=plan_ids)}
    return [found[k] for k in keys if k in found]


@access.force_scoped
@require_http_methods(["GET", "POST"])
def plan_start(request, slug, code):
    organisation, _ = access.get_organisation_for_user(request.user, slug)
    access.require_write(organisation.is_force and access.writes_for(request.user, organisation))
    version = _current_version()
    action = Action.objects.select_related("toolkit").filter(version=version, code=code).first()
    if action is None or action.scope != Action.Scope.FORCE:
        raise Http404("No such force action")
    existing = Plan.objects.filter(organisation=organisation, action=action).first()
    if existing is not None:
        return redirect("impact:plan", pk=existing.pk)
    form = forms.PlanStartForm(
        posted(request),
        objective_choices=selectors.action_objective_choices(action),
        initial={
            "prepared_by": request.user.full_name or request.user.email,
            "date_prepared": timezone.localdate(),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        chosen = data.pop("objectives")
        try:
            with transaction.atomic():
                plan = services.plan_create(organisation=organisation, action=action, by=request.user, **data)
                for source in _objective_sources(action, chosen):
                    services.plan_objective_add(plan=plan, by=request.user, **source)
        except services.ImpactError as problem:
            started = Plan.objects.filter(organisation=organisation, action=action).first()
            if started is not None:  # a second click of "Start the plan"
                messages.info(
                    request, f"{organisation.name} already has a plan for {action.code}: here it is."
                )
                return redirect("impact:plan", pk=started.pk)
            form.add_error(None, str(problem))
        else:
            messages.success(
                request, f"Plan for {action.code} started. Add activities, measures and risks below."
            )
            return redirect("impact:plan", pk=plan.pk)
    toolkit = getattr(action, "toolkit", None)
    return _render(
        request,
        "plan_start.html",
        {"organisation": organisation, "action": action, "toolkit": toolkit, "form": form},
        form,
    )


@access.force_scoped
@require_http_methods(["GET"])
def plan(request, pk):
    detail, can_edit = access.get_plan_for_user(request.user, pk, plans=selectors.plans_in_detail())
    objectives = []
    for objective in detail.objectives.all():
        measures = list(objective.measures.all())
        for measure in measures:
            measure.trend = selectors.trend(measure)
        objectives.append(
            {"item": objective, "measures": measures, "latest": selectors.latest_progress(objective)}
        )
    toolkit = getattr(detail.action, "toolkit", None)
    return render(
        request,
        "impact/plan.html",
        {
            "plan": detail,
            "objectives": objectives,
            "toolkit": toolkit,
            "can_edit": can_edit,
            "more_objectives": bool(selectors.objective_choices(detail)),
        },
    )


@access.force_scoped
@require_http_methods(["GET", "POST"])
def plan_edit(request, pk):
    item, can_edit = access.get_plan_for_user(request.user, pk)
    access.require_write(can_edit)
    fields = (
        "reporting_period",
        "project_lead",
        "prepared_by",
        "date_prepared",
        "status",
        "update_frequency",
    )
    form = forms.PlanEditForm(
        posted(request), initial={name: getattr(item, name) for name in fields}, version=stamp(item, fields)
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in fields}
        conflict = _edited(request, item, form, values, fields)
        if conflict is None:
            messages.success(request, "Plan details saved.")
            return redirect("impact:plan", pk=item.pk)
    return _render(request, "plan_edit.html", {"plan": item, "form": form, "conflict": conflict}, form)


@access.force_scoped
@require_http_methods(["GET", "POST"])
def objectives_add(request, pk):
    item, can_edit = access.get_plan_for_user(request.user, pk)
    access.require_write(can_edit)
    choices = selectors.objective_choices(item)
    form = forms.ObjectivesAddForm(posted(request), objective_choices=choices)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            for source in _objective_sources(item.action, form.cleaned_data["objectives"]):
                services.plan_objective_add(plan=item, by=request.user, **source)
        messages.success(request, "Objectives added.")
        return redirect("impact:plan", pk=item.pk)
    return _render(request, "objectives_add.html", {"plan": item, "form": form, "choices": choices}, form)


def _objective_or_404(plan, objective_pk):
    item = (
        plan.objectives.select_related("toolkit_objective", "objective", "impact_owner")
        .filter(pk=objective_pk)
        .first()
    )
    if item is None:
        raise Http404("No such objective in this plan")
    return item


@access.force_scoped
@require_http_methods(["GET", "POST"])
def objective_edit(request, pk, objective_pk):
    plan_item, can_edit = access.get_plan_for_user(request.user, pk)
    access.require_write(can_edit)
    item = _objective_or_404(plan_item, objective_pk)
    fields = ("organisational_impact", "external_impact", "next_steps", "additional_comments")
    initial = {name: getattr(item, name) for name in fields}
    initial["impact_owner"] = str(item.impact_owner_id or "")
    stamped = (*fields, "impact_owner")
    form = forms.PlanObjectiveForm(
        posted(request),
        initial=initial,
        people=writers_of(plan_item.organisation_id),
        version=stamp(item, stamped),
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in stamped}
        if values.get("impact_owner"):
            values["impact_owner_name"] = ""  # a person now owns it, so the imported name goes
        conflict = _edited(request, item, form, values, stamped)
        if conflict is None:
            messages.success(request, "Objective saved.")
            return redirect(f"{reverse('impact:plan', args=[plan_item.pk])}#objective-{item.pk}")
    rows = list(item.toolkit_objective.logic_model_rows.all()) if item.toolkit_objective_id else []
    return _render(
        request,
        "objective_edit.html",
        {"plan": plan_item, "item": item, "form": form, "rows": rows, "conflict": conflict},
        form,
    )


@access.force_scoped
@require_http_methods(["GET", "POST"])
def activities_add(request, pk, objective_pk):
    plan_item, can_edit = access.get_plan_for_user(request.user, pk)
    access.require_write(can_edit)
    item = _objective_or_404(plan_item, objective_pk)
    suggestions = {s.key: s for s in selectors.activity_suggestions(item)}
    form = forms.ActivitiesAddForm(
        posted(request), suggestion_choices=[(s.key, s.label) for s in suggestions.values()]
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            for key in data.get("suggestions", []):
                suggestion = suggestions[key]
                services.activity_add(
                    plan_objective=item,
                    by=request.user,
                    row=suggestion.row,
                    text=suggestion.text,
                    side=data["side"],
                )
            if data["own_text"].strip():
                services.activity_add(
                    plan_objective=item,
                    by=request.user,
                    text=data["own_text"],
                    outputs=data["own_outputs"],
                    side=data["side"],
                )
        messages.success(request, "Activities added.")
        return redirect(f"{reverse('impact:plan', args=[plan_item.pk])}#objective-{item.pk}")
    return _render(
        request,
        "activities_add.html",
        {"plan": plan_item, "item": item, "form": form, "suggestions": suggestions.values()},
        form,
    )


@access.force_scoped
@require_http_methods(["GET", "POST"])
def measure_add(request, pk, objective_pk):
    plan_item, can_edit = access.get_plan_for_user(request.user, pk)
    access.require_write(can_edit)
    item = _objective_or_404(plan_item, objective_pk)
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
        messages.success(request, f"Measure “{measure.name}” added. Record its values on its page.")
        return redirect(f"{reverse('impact:plan', args=[plan_item.pk])}#objective-{item.pk}")
    return _render(request, "measure_add.html", {"plan": plan_item, "item": item, "form": form}, form)


@access.force_scoped
@require_http_methods(["GET", "POST"])
def risk_add(request, pk, objective_pk):
    plan_item, can_edit = access.get_plan_for_user(request.user, pk)
    access.require_write(can_edit)
    item = _objective_or_404(plan_item, objective_pk)
    form = forms.RiskAddForm(posted(request), suggestions=selectors.risk_suggestions(item))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.risk_add(
            plan_objective=item,
            by=request.user,
            text=data["text"],
            mitigation=data["mitigation"],
            from_toolkit=data["from_toolkit"],
            side=data["side"],
        )
        messages.success(request, "Risk added.")
        return redirect(f"{reverse('impact:plan', args=[plan_item.pk])}#objective-{item.pk}")
    return _render(request, "risk_add.html", {"plan": plan_item, "item": item, "form": form}, form)


@access.force_scoped
@require_http_methods(["GET", "POST"])
def progress_add(request, pk, objective_pk):
    plan_item, can_edit = access.get_plan_for_user(request.user, pk)
    access.require_write(can_edit)
    item = _objective_or_404(plan_item, objective_pk)
    form = forms.ProgressForm(posted(request))
    if request.method == "POST" and form.is_valid():
        services.progress_update_add(plan_objective=item, by=request.user, **form.cleaned_data)
        messages.success(request, "Progress update posted.")
        return redirect(f"{reverse('impact:plan', args=[plan_item.pk])}#objective-{item.pk}")
    updates = list(item.progress_updates.select_related("created_by"))
    return _render(
        request,
        "progress_add.html",
        {"plan": plan_item, "item": item, "form": form, "updates": updates},
        form,
    )


# Items of a plan that can be changed and removed from their own pages.
ITEMS = {
    "activities": (PlanActivity, forms.ActivityForm, ("text", "outputs", "side", "status"), "Activity"),
    "risks": (PlanRisk, forms.RiskForm, ("text", "mitigation", "side"), "Risk"),
}


def _item_or_404(plan, kind, item_pk):
    if kind not in ITEMS and kind != "objectives":
        raise Http404("No such kind of item")
    if kind == "objectives":
        return _objective_or_404(plan, item_pk)
    model = ITEMS[kind][0]
    item = (
        model.objects.filter(plan_objective__plan=plan, pk=item_pk).select_related("plan_objective").first()
    )
    if item is None:
        raise Http404("No such item in this plan")
    return item


@access.force_scoped
@require_http_methods(["GET", "POST"])
def item_edit(request, pk, kind, item_pk):
    plan_item, can_edit = access.get_plan_for_user(request.user, pk)
    access.require_write(can_edit)
    if kind not in ITEMS:
        raise Http404("No such kind of item")
    item = _item_or_404(plan_item, kind, item_pk)
    _model, form_class, fields, noun = ITEMS[kind]
    form = form_class(
        posted(request), initial={name: getattr(item, name) for name in fields}, version=stamp(item, fields)
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in fields}
        conflict = _edited(request, item, form, values, fields)
        if conflict is None:
            messages.success(request, f"{noun} saved.")
            return redirect(
                f"{reverse('impact:plan', args=[plan_item.pk])}#objective-{item.plan_objective_id}"
            )
    return _render(
        request,
        "item_edit.html",
        {"plan": plan_item, "item": item, "form": form, "noun": noun, "kind": kind, "conflict": conflict},
        form,
    )


@access.force_scoped
@require_http_methods(["GET", "POST"])
def item_remove(request, pk, kind, item_pk):
    """A confirmation page, then the removal (kept in the plan's history)."""
    plan_item, can_edit = access.get_plan_for_user(request.user, pk)
    access.require_write(can_edit)
    item = _item_or_404(plan_item, kind, item_pk)
    noun = "Objective" if kind == "objectives" else ITEMS[kind][3]
    if request.method == "POST":
        with transaction.atomic():
            if kind == "objectives":
                for measure in item.measures.all():
                    services.changes_save(measure, request.user, {"plan_objective": None})
            services.removed(item, request.user)
        messages.success(request, f"{noun} removed from the plan.")
        return redirect("impact:plan", pk=plan_item.pk)
    return render(
        request, "impact/item_remove.html", {"plan": plan_item, "item": item, "noun": noun, "kind": kind}
    )


@access.force_scoped
@require_http_methods(["GET"])
def journey(request, pk):
    item, _ = access.get_plan_for_user(request.user, pk)
    return render(request, "impact/journey.html", {"plan": item, "journey": selectors.journey_to_good(item)})


@access.force_scoped
@require_http_methods(["GET"])
def plan_history(request, pk):
    item, _ = access.get_plan_for_user(request.user, pk)
    return render(request, "impact/history.html", {"plan": item, "entries": history.plan_history(item)})


@access.force_scoped
@require_http_methods(["GET"])
def plan_xlsx(request, pk):
    detail, _ = access.get_plan_for_user(request.user, pk, plans=selectors.plans_in_detail())
    return download(
        template.plan_workbook(detail),
        XLSX,
        f"impact-plan-{detail.organisation.slug}-{detail.action.code}.xlsx",
    )


@access.force_scoped
@require_http_methods(["GET"])
def plan_pdf(request, pk):
    detail, _ = access.get_plan_for_user(request.user, pk, plans=selectors.plans_in_detail())
    return pdf_download(
        request,
        "impact/plan_pdf.html",
        {"plan": detail, "rows": template.plan_rows(detail)},
        f"impact-plan-{detail.organisation.slug}-{detail.action.code}.pdf",
    )


@access.force_scoped
@require_http_methods(["GET", "POST"])
def plan_import(request, pk):
    item, can_edit = access.get_plan_for_user(request.user, pk)
    access.require_write(can_edit)
    return _file_page(
        request,
        "plan_import.html",
        {"plan": item},
        label="Impact Realisation Plan workbook (.xlsx)",
        help_text="This plan's export (keep the Reference column as it is), or the toolkit's own "
        "Impact Realisation Plan template, filled in.",
        apply=lambda upload: template.plan_import(plan=item, by=request.user, upload=upload),
        done=lambda imported: " ".join(
            [
                f"Workbook imported: {imported.written} change{'s' if imported.written != 1 else ''}."
                if imported.written
                else "Workbook imported: it matched the plan, so nothing changed.",
                *imported.notes,
            ]
        ),
        then=reverse("impact:plan", args=[item.pk]),
    )


def _file_page(request, name, context, *, label, help_text, apply, done, then):
    """A page with one file to upload that is checked whole: every problem is listed by row and
    column and nothing is saved, or it is applied and the user goes on to `then`."""
    form = forms.FileForm(posted(request), request.FILES or None, label=label, help_text=help_text)
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            written = apply(form.cleaned_data["file"])
        except services.MeasurementsRejected as rejected:
            problems = rejected.problems
        else:
            messages.success(request, done(written))
            return redirect(then)
    return _render(request, name, {**context, "form": form, "problems": problems}, form, problems, "#id_file")


# --- Measures ---


def _measure_context(measure):
    measurements = list(measure.measurements.select_related("updated_by"))
    latest = measurements[-1] if measurements else None
    return {
        "measure": measure,
        "measurements": measurements,
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
        messages.success(request, f"Value for {data['period']} saved.")
        return redirect("impact:measure", pk=item.pk)
    context = _measure_context(item)
    context.update(
        form=form, can_edit=can_edit, plan=item.plan_objective.plan if item.plan_objective_id else None
    )
    return _render(request, "measure.html", context, form)


@access.force_scoped
@require_http_methods(["GET"])
def measure_chart(request, pk):
    item, _ = access.get_measure_for_user(request.user, pk)
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
        conflict = _edited(request, item, form, values, fields)
        if conflict is None:
            cache.delete(charts.cache_key(item))
            messages.success(request, "Measure saved.")
            return redirect("impact:measure", pk=item.pk)
    return _render(request, "measure_edit.html", {"measure": item, "form": form, "conflict": conflict}, form)


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
            problems = [services.RowProblem(0, "Table", "Enter at least one period and value")]
        else:
            try:
                written = services.measurements_save(measure=item, by=request.user, rows=filled)
            except services.MeasurementsRejected as rejected:
                problems = _renumbered(rejected.problems, posted, filled)
            else:
                messages.success(request, f"{written} value{'s' if written != 1 else ''} saved.")
                return redirect("impact:measure", pk=item.pk)
    else:
        rows = [(m.period, f"{m.value.normalize():f}", m.note) for m in item.measurements.all()]
        rows += [("", "", "")] * 6
    return _render(
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
    return _file_page(
        request,
        "measure_upload.html",
        {"measure": item},
        label="CSV or Excel file",
        help_text="Columns Period, Value and Note (optional), with those headings in the first row.",
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
        messages.success(request, f"Measure “{item.name}” and its values removed.")
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
        SuggestedMeasure.objects.select_related("objective__toolkit__action", "peel_measure")
        .filter(pk=pk)
        .first()
    )
    if suggested is None:
        raise Http404("No such suggested measure")
    rows = selectors.national_distribution(suggested)
    values = sorted(float(r["latest"]) for r in rows if r["latest"] is not None)
    units = {r["measure"].unit for r in rows}
    summary = None
    if values and len(units) == 1:
        middle = len(values) // 2
        median = values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2
        summary = {"count": len(values), "low": values[0], "high": values[-1], "median": median}
    return render(
        request,
        "impact/suggested_measure.html",
        {"suggested": suggested, "rows": rows, "summary": summary, "mixed_units": len(units) > 1},
    )
