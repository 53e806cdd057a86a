"""An impact realisation plan: home, dashboard, starting a plan, and its objectives, activities, risks and progress."""

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from benchmarking import selectors as benchmarking_selectors
from core.concurrency import stamp
from core.forms import posted
from core.kept_pages import kept_page
from core.personal import names_version
from framework import crosswalks
from framework import selectors as plan_selectors
from framework.models import Action, Objective, ToolkitObjective
from impact import access, forms, selectors, services
from impact.models import Plan, PlanActivity, PlanRisk
from impact.views.common import objective_or_404, render_page, saved_or_conflict, to_objective
from organisations.selectors import writers_of


def _current_version():
    version = plan_selectors.get_version("nvap")
    if version is None:
        raise Http404("The plan has not been loaded")
    return version


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
    can_start = access.writes_for(request.user, organisation)
    record = benchmarking_selectors.latest_return(organisation)
    # The same for everyone of the force who may start a plan (or may not), until its impact
    # work, its latest return, the plan's content or someone's name changes: drawn once for
    # each and kept. Overdue updates are counted as of the start of the hour.
    hour = timezone.now().replace(minute=0, second=0, microsecond=0)
    key = (
        f"impact-dashboard:{selectors.work_stamp(organisation.pk)}:{names_version()}"
        f":{plan_selectors.content_stamp(version)}:{record.pk if record else '-'}"
        f":{record.updated_at.isoformat() if record else '-'}:{hour.isoformat()}:{int(can_start)}"
    )
    return kept_page(
        request,
        "impact/dashboard.html",
        key,
        lambda: {
            "organisation": organisation,
            "version": version,
            "can_start": can_start,
            **selectors.force_dashboard(organisation, version, hour, record),
        },
    )


@access.signed_in
@require_http_methods(["GET"])
def mine(request):
    user = request.user
    # Until the person's roles (their cache_version), any force's impact work or any plan's
    # content changes, the list is the same: drawn once for each and kept.
    key = (
        f"impact-mine:{user.pk}:{user.cache_version}:{selectors.every_force_work_stamp()}"
        f":{plan_selectors.every_content_stamp()}"
    )
    return kept_page(request, "impact/mine.html", key, lambda: {"objectives": selectors.my_objectives(user)})


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
    organisation, _can_change = access.get_organisation_for_user(request.user, slug)
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
                    request,
                    _("{name} already has a plan for {code}: here it is.").format(
                        name=organisation.shown_name, code=action.code
                    ),
                )
                return redirect("impact:plan", pk=started.pk)
            form.add_error(None, str(problem))
        else:
            messages.success(
                request,
                _("Plan for {code} started. Add activities, measures and risks below.").format(
                    code=action.code
                ),
            )
            return redirect("impact:plan", pk=plan.pk)
    toolkit = getattr(action, "toolkit", None)
    return render_page(
        request,
        "plan_start.html",
        {
            "organisation": organisation,
            "action": action,
            "toolkit": toolkit,
            "form": form,
            "sets": plan_selectors.objective_sets(action) if toolkit else None,
        },
        form,
    )


@access.force_scoped
@require_http_methods(["GET"])
def plan(request, pk):
    found, can_edit = access.get_plan_for_user(request.user, pk)
    # The same for everyone of the force who may change it (or may not) until the force's
    # impact work, the plan's content or someone's name changes: drawn once for each and kept.
    # (Every framework's content too: what the plan informs elsewhere comes from the crosswalk.)
    key = (
        f"impact-plan:{pk}:{selectors.work_stamp(found.organisation_id)}:{names_version()}"
        f":{plan_selectors.every_content_stamp()}:{int(can_edit)}"
    )
    return kept_page(request, "impact/plan.html", key, lambda: _plan_context(pk, can_edit))


def _plan_context(pk, can_edit: bool) -> dict:
    detail = selectors.plans_in_detail().get(pk=pk)
    objectives = []
    for objective in detail.objectives.all():
        measures = list(objective.measures.all())
        for measure in measures:
            measure.trend = selectors.trend(measure)
        objectives.append(
            {"item": objective, "measures": measures, "latest": selectors.latest_progress(objective)}
        )
    return {
        "plan": detail,
        "informs": crosswalks.informs(detail.action.version.framework_id, detail.action.code),
        "objectives": objectives,
        "toolkit": getattr(detail.action, "toolkit", None),
        "can_edit": can_edit,
        "more_objectives": bool(selectors.objective_choices(detail)),
    }


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
        "written_in",
    )
    form = forms.PlanEditForm(
        posted(request), initial={name: getattr(item, name) for name in fields}, version=stamp(item, fields)
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in fields}
        conflict = saved_or_conflict(request, item, form, values, fields)
        if conflict is None:
            messages.success(request, _("Plan details saved."))
            return redirect("impact:plan", pk=item.pk)
    return render_page(request, "plan_edit.html", {"plan": item, "form": form, "conflict": conflict}, form)


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
        messages.success(request, _("Objectives added."))
        return redirect("impact:plan", pk=item.pk)
    return render_page(
        request,
        "objectives_add.html",
        {"plan": item, "form": form, "choices": choices, "sets": plan_selectors.objective_sets(item.action)},
        form,
    )


@access.force_scoped
@require_http_methods(["GET", "POST"])
def objective_edit(request, pk, objective_pk):
    plan_item, can_edit = access.get_plan_for_user(request.user, pk)
    access.require_write(can_edit)
    item = objective_or_404(plan_item, objective_pk)
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
        conflict = saved_or_conflict(request, item, form, values, stamped)
        if conflict is None:
            messages.success(request, _("Objective saved."))
            return to_objective(plan_item.pk, item.pk)
    rows = list(item.toolkit_objective.logic_model_rows.all()) if item.toolkit_objective_id else []
    return render_page(
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
    item = objective_or_404(plan_item, objective_pk)
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
        messages.success(request, _("Activities added."))
        return to_objective(plan_item.pk, item.pk)
    return render_page(
        request,
        "activities_add.html",
        {"plan": plan_item, "item": item, "form": form, "suggestions": suggestions.values()},
        form,
    )


@access.force_scoped
@require_http_methods(["GET", "POST"])
def risk_add(request, pk, objective_pk):
    plan_item, can_edit = access.get_plan_for_user(request.user, pk)
    access.require_write(can_edit)
    item = objective_or_404(plan_item, objective_pk)
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
        messages.success(request, _("Risk added."))
        return to_objective(plan_item.pk, item.pk)
    return render_page(request, "risk_add.html", {"plan": plan_item, "item": item, "form": form}, form)


@access.force_scoped
@require_http_methods(["GET", "POST"])
def progress_add(request, pk, objective_pk):
    plan_item, can_edit = access.get_plan_for_user(request.user, pk)
    access.require_write(can_edit)
    item = objective_or_404(plan_item, objective_pk)
    form = forms.ProgressForm(posted(request))
    if request.method == "POST" and form.is_valid():
        services.progress_update_add(plan_objective=item, by=request.user, **form.cleaned_data)
        messages.success(request, _("Progress update posted."))
        return to_objective(plan_item.pk, item.pk)
    updates = list(item.progress_updates.select_related("created_by"))
    return render_page(
        request,
        "progress_add.html",
        {"plan": plan_item, "item": item, "form": form, "updates": updates},
        form,
    )


ITEMS = {
    "activities": (PlanActivity, forms.ActivityForm, ("text", "outputs", "side", "status"), _("Activity")),
    "risks": (PlanRisk, forms.RiskForm, ("text", "mitigation", "side"), _("Risk")),
}


def _item_or_404(plan, kind, item_pk):
    if kind not in ITEMS and kind != "objectives":
        raise Http404("No such kind of item")
    if kind == "objectives":
        return objective_or_404(plan, item_pk)
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
        conflict = saved_or_conflict(request, item, form, values, fields)
        if conflict is None:
            messages.success(request, _("{noun} saved.").format(noun=noun))
            return to_objective(plan_item.pk, item.plan_objective_id)
    return render_page(
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
    noun = _("Objective") if kind == "objectives" else ITEMS[kind][3]
    if request.method == "POST":
        with transaction.atomic():
            if kind == "objectives":
                for measure in item.measures.all():
                    services.changes_save(measure, request.user, {"plan_objective": None})
            services.removed(item, request.user)
        messages.success(request, _("{noun} removed from the plan.").format(noun=noun))
        return redirect("impact:plan", pk=plan_item.pk)
    return render(
        request, "impact/item_remove.html", {"plan": plan_item, "item": item, "noun": noun, "kind": kind}
    )
