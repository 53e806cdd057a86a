"""Pages where the national team drafts frameworks, compares and publishes versions, writes
them out as YAML, and keeps the crosswalks between frameworks.

Every page here is for national admins (`Can.AUTHOR_FRAMEWORKS`); the crosswalk page that
shows two frameworks side by side is for every plan reader (`framework.views`)."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from core.concurrency import EditConflict, clash_message, conflicted, shown, stamp
from core.content import ContentError
from core.forms import posted, render_checked
from core.history import changes as history_changes
from framework import access, authoring, bilingual, crosswalks, export
from framework import models as m
from framework.authoring_forms import (
    ActionForm,
    CrosswalkForm,
    FrameworkForm,
    LogicRowForm,
    ObjectiveForm,
    PeelMeasureForm,
    PerennialIssueForm,
    StartCrosswalkForm,
    ThemeForm,
    ToolkitForm,
    ToolkitObjectiveForm,
    VersionForm,
    WelshForm,
    as_lines,
    from_lines,
)


def _framework(slug) -> m.Framework:
    return get_object_or_404(m.Framework, slug=slug)


def _version(slug, label) -> m.FrameworkVersion:
    return get_object_or_404(
        m.FrameworkVersion.objects.select_related("framework"), framework__slug=slug, label=label
    )


def _draft(slug, label) -> m.FrameworkVersion:
    """A draft version, or a 404: a published version's content never changes."""
    version = _version(slug, label)
    if version.status != m.FrameworkVersion.Status.DRAFT:
        raise Http404("Only a draft version can be changed")
    return version


def _draft_url(version) -> str:
    return reverse("framework:draft", args=[version.framework.slug, version.label])


@access.authors
@require_http_methods(["GET"])
def home(request):
    frameworks = m.Framework.objects.prefetch_related("versions").order_by("name")
    return render(
        request,
        "framework/authoring/home.html",
        {
            "frameworks": frameworks,
            "waiting": crosswalks.awaiting_review().count(),
            "pairs": crosswalks.pairs(),
        },
    )


@access.authors
@require_http_methods(["GET", "POST"])
def framework_new(request):
    form = FrameworkForm(posted(request), initial={"theme_label": "Theme", "action_label": "Action"})
    if request.method == "POST" and form.is_valid():
        framework = authoring.create_framework(form.cleaned_data, request.user)
        messages.success(
            request, _("{name} is made, with an empty draft version 1.").format(name=framework.name)
        )
        return redirect(_draft_url(framework.versions.get()))
    return render_checked(
        request, "framework/authoring/framework_form.html", {"form": form}, form if form.is_bound else None
    )


@access.authors
@require_http_methods(["GET"])
def framework_page(request, framework):
    found = _framework(framework)
    versions = list(found.versions.order_by("-sequence"))
    draft = next((v for v in versions if v.status == m.FrameworkVersion.Status.DRAFT), None)
    return render(
        request,
        "framework/authoring/framework.html",
        {
            "framework": found,
            "versions": versions,
            "draft": draft,
            "next_label": authoring.next_label(found)[0],
        },
    )


@access.authors
@require_POST
def start_draft(request, framework):
    found = _framework(framework)
    draft = authoring.start_draft(found, request.user)
    messages.success(
        request,
        _("{title} is a draft. Only the national team can see it until it is published.").format(
            title=draft.title
        ),
    )
    return redirect(_draft_url(draft))


@access.authors
@require_http_methods(["GET"])
def draft(request, framework, label):
    version = _version(framework, label)
    if version.status != m.FrameworkVersion.Status.DRAFT:
        return redirect("framework:manage-framework", framework=framework)
    themes = list(version.themes.order_by("grouping", "order").prefetch_related("actions__objectives"))
    actions = m.Action.history.filter(version_id=version.pk).select_related("history_user")
    objectives = m.Objective.history.filter(action__version=version).select_related("history_user")
    recent = history_changes(
        list(actions.exclude(history_user=None)[:200]),
        {"title": "Title", "detail": "What it asks", "code": "Code"},
        lambda r: f"{r.code} {r.title}",
    ) + history_changes(
        list(objectives.exclude(history_user=None)[:200]),
        {"text": "The objective", "what_we_mean": "What we mean"},
        lambda r: f"Objective {r.number}",
    )
    recent.sort(key=lambda e: e["when"], reverse=True)
    return render(
        request,
        "framework/authoring/draft.html",
        {
            "framework": version.framework,
            "version": version,
            "themes": themes,
            "previous": authoring.previous_of(version),
            "recent": recent[:20],
            "problems": authoring.problems(version),
            "peel": list(version.peel_measures.order_by("sort_key")),
            "perennial": list(version.perennial_issues.order_by("order")),
        },
    )


def _edit_page(request, form, fields, save, done, context, template="framework/authoring/item_form.html"):
    """The one shape of an edit page here: on a valid POST, `save(cleaned_data)` and answer
    `done(saved)` (a redirect); a clash with someone else's save shows both versions
    (core.concurrency); anything wrong is in the error summary."""
    extra = {}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = save(data)
        except EditConflict as clash:
            extra = {"conflict": conflicted(form, clash, {f: data.get(f) for f in fields})}
        else:
            return done(saved)
    return render_checked(
        request, template, {**context, "form": form, **extra}, form if form.is_bound else None
    )


def _saved(request, message: str, to):
    messages.success(request, message)
    return redirect(to)


@access.authors
@require_http_methods(["GET", "POST"])
def version_edit(request, framework, label):
    version = _draft(framework, label)
    fields = authoring.VERSION_FIELDS
    form = VersionForm(
        posted(request), initial={f: getattr(version, f) for f in fields}, version=stamp(version, fields)
    )
    return _edit_page(
        request,
        form,
        fields,
        lambda data: authoring.save_version(
            version, {f: data[f] for f in fields}, request.user, data.get("version")
        ),
        lambda _saved_: _saved(request, _("The version's details are saved."), _draft_url(version)),
        {"version": version, "heading": _("The version's details")},
    )


def _theme_or_404(version, pk) -> m.Theme:
    return get_object_or_404(m.Theme, version=version, pk=pk)


@access.authors
@require_http_methods(["GET", "POST"])
def theme_edit(request, framework, label, pk=None):
    version = _draft(framework, label)
    theme = _theme_or_404(version, pk) if pk else None
    fields = authoring.THEME_FIELDS
    initial = {f: getattr(theme, f) for f in fields} if theme else {"grouping": version.framework.theme_label}
    form = ThemeForm(
        posted(request),
        initial=initial,
        version=stamp(theme, fields) if theme else "",
        theme=theme,
        draft=version,
    )
    noun = version.framework.theme_label.lower()
    return _edit_page(
        request,
        form,
        fields,
        lambda data: authoring.save_theme(
            version, theme, {f: data[f] for f in fields}, request.user, data.get("version") or None
        ),
        lambda saved: _saved(
            request,
            _("{grouping} {code} is saved.").format(grouping=saved.grouping, code=saved.code),
            _draft_url(version),
        ),
        {
            "version": version,
            "heading": _("Change {grouping} {code}").format(grouping=theme.grouping, code=theme.code)
            if theme
            else _("Add a {noun}").format(noun=noun),
            "remove_url": reverse("framework:theme-remove", args=[framework, label, theme.pk])
            if theme
            else "",
        },
    )


@access.authors
@require_http_methods(["GET", "POST"])
def theme_remove(request, framework, label, pk):
    version = _draft(framework, label)
    theme = _theme_or_404(version, pk)
    problems = []
    if request.method == "POST":
        try:
            authoring.remove_theme(theme, request.user)
        except ContentError as error:
            problems = error.problems
        else:
            messages.success(
                request,
                _("{grouping} {code} is removed from the draft.").format(
                    grouping=theme.grouping, code=theme.code
                ),
            )
            return redirect(_draft_url(version))
    return render_checked(
        request,
        "framework/authoring/remove.html",
        {
            "version": version,
            "what": f"{theme.grouping} {theme.code}. {theme.title}",
            "has_actions": theme.actions.exists(),
        },
        problems=problems,
    )


def _action_or_404(version, code) -> m.Action:
    return get_object_or_404(m.Action.objects.select_related("theme"), version=version, code=code)


@access.authors
@require_http_methods(["GET", "POST"])
def action_edit(request, framework, label, code=None):
    version = _draft(framework, label)
    action = _action_or_404(version, code) if code else None
    fields = authoring.ACTION_FIELDS
    if action:
        initial = {f: getattr(action, f) for f in fields}
        initial["theme"] = str(action.theme_id)
        initial["peel_measures"] = ", ".join(
            link.peel_measure.code for link in action.peel_links.select_related("peel_measure")
        )
        initial["perennial_issues"] = [str(pk) for pk in action.perennial_issues.values_list("pk", flat=True)]
    else:
        initial = {"scope": m.Action.Scope.FORCE}
    form = ActionForm(
        posted(request),
        initial=initial,
        version=stamp(action, fields) if action else "",
        action=action,
        draft=version,
    )

    def save(data):
        relations = {"peel_measures": data["peel_measures"]}
        if "perennial_issues" in data:
            relations["perennial_issues"] = data["perennial_issues"]
        values = {f: data[f] for f in fields}
        return authoring.save_action(
            version, action, values, relations, request.user, data.get("version") or None
        )

    noun = version.framework.action_label.lower()
    return _edit_page(
        request,
        form,
        fields,
        save,
        lambda saved: _saved(
            request,
            _("{code} {title} is saved.").format(code=saved.code, title=saved.title),
            _action_url(framework, label, saved.code),
        ),
        {
            "version": version,
            "action": action,
            "objectives": list(action.objectives.all()) if action else [],
            "heading": _("Change {code} {title}").format(code=action.code, title=action.title)
            if action
            else _("Add: {element}").format(element=noun),
        },
        "framework/authoring/action_form.html",
    )


def _action_url(framework, label, code) -> str:
    return reverse("framework:action-edit", args=[framework, label, code])


@access.authors
@require_http_methods(["GET", "POST"])
def action_remove(request, framework, label, code):
    version = _draft(framework, label)
    action = _action_or_404(version, code)
    if request.method == "POST":
        authoring.remove_action(action, request.user)
        messages.success(request, _("{code} is removed from the draft.").format(code=code))
        return redirect(_draft_url(version))
    return render(
        request,
        "framework/authoring/remove.html",
        {"version": version, "what": f"{action.code} {action.title}", "action": action},
    )


def _objective_or_404(action, number) -> m.Objective:
    return get_object_or_404(m.Objective, action=action, number=number)


@access.authors
@require_http_methods(["GET", "POST"])
def objective_edit(request, framework, label, code, number=None):
    version = _draft(framework, label)
    action = _action_or_404(version, code)
    objective = _objective_or_404(action, number) if number else None
    fields = authoring.OBJECTIVE_FIELDS
    initial = {}
    if objective:
        initial = {
            "text": objective.text,
            "what_we_mean": objective.what_we_mean,
            "what_we_need": as_lines(objective.what_we_need),
        }
    form = ObjectiveForm(
        posted(request), initial=initial, version=stamp(objective, fields) if objective else ""
    )

    def save(data):
        values = {
            "text": data["text"],
            "what_we_mean": data["what_we_mean"],
            "what_we_need": from_lines(data["what_we_need"]),
        }
        return authoring.save_objective(action, objective, values, request.user, data.get("version") or None)

    back = _action_url(framework, label, code)
    return _edit_page(
        request,
        form,
        fields,
        save,
        lambda saved: _saved(
            request, _("Objective {number} of {code} is saved.").format(number=saved.number, code=code), back
        ),
        {
            "version": version,
            "back": back,
            "heading": _("Change objective {number} of {code}").format(number=objective.number, code=code)
            if objective
            else _("Add an objective to {code}").format(code=code),
            "remove_url": reverse(
                "framework:objective-remove", args=[framework, label, code, objective.number]
            )
            if objective
            else "",
        },
    )


@access.authors
@require_http_methods(["GET", "POST"])
def objective_remove(request, framework, label, code, number):
    version = _draft(framework, label)
    action = _action_or_404(version, code)
    objective = _objective_or_404(action, number)
    if request.method == "POST":
        authoring.remove_objective(objective, request.user)
        messages.success(
            request, _("Objective {number} is removed from {code}.").format(number=number, code=code)
        )
        return redirect("framework:action-edit", framework=framework, label=label, code=code)
    return render(
        request,
        "framework/authoring/remove.html",
        {
            "version": version,
            "what": f"objective {number} of {code}",
            "back": reverse("framework:action-edit", args=[framework, label, code]),
        },
    )


@access.authors
@require_http_methods(["GET"])
def compare(request, framework, label):
    version = _version(framework, label)
    return render(
        request,
        "framework/authoring/compare.html",
        {"framework": version.framework, "version": version, **authoring.compare(version)},
    )


@access.authors
@require_http_methods(["GET", "POST"])
def publish(request, framework, label):
    version = _version(framework, label)
    if version.status == m.FrameworkVersion.Status.PUBLISHED:
        messages.success(request, _("{title} is published.").format(title=version.title))
        return redirect("framework:overview", framework=framework)
    problems = authoring.problems(version)
    if request.method == "POST" and not problems:
        try:
            authoring.publish(version, request.user)
        except ContentError as error:
            problems = error.problems
        else:
            messages.success(
                request,
                _(
                    "{title} is published: forces see it now. Links to earlier versions are flagged for review."
                ).format(title=version.title),
            )
            return redirect("framework:overview", framework=framework)
    return render_checked(
        request,
        "framework/authoring/publish.html",
        {"framework": version.framework, "version": version, **authoring.compare(version)},
        problems=problems,
    )


@access.authors
@require_http_methods(["GET"])
def export_zip(request, framework, label):
    version = _version(framework, label)
    response = HttpResponse(export.as_zip(version), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{framework}-{label}.zip"'
    return response


# Crosswalks


@access.authors
@require_http_methods(["GET"])
def crosswalk_home(request):
    versions = m.FrameworkVersion.objects.select_related("framework").order_by("framework__name", "-sequence")
    form = StartCrosswalkForm(request.GET or None, versions=versions)
    if form.is_bound and form.is_valid():
        return redirect(
            "framework:crosswalk-new", left=form.cleaned_data["left"], right=form.cleaned_data["right"]
        )
    return render_checked(
        request,
        "framework/authoring/crosswalks.html",
        {"form": form, "pairs": crosswalks.pairs(), "waiting": list(crosswalks.awaiting_review()[:200])},
        form if form.is_bound else None,
    )


@access.authors
@require_http_methods(["GET", "POST"])
def crosswalk_new(request, left, right):
    versions = m.FrameworkVersion.objects.select_related("framework")
    left_v, right_v = get_object_or_404(versions, pk=left), get_object_or_404(versions, pk=right)
    form = CrosswalkForm(
        posted(request), left=left_v, right=right_v, initial={"source": request.GET.get("source", "")}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        link, created = crosswalks.save(
            data["source"], data["target"], data["relation"], data["note"], request.user
        )
        if created:
            messages.success(
                request,
                _("{code} is linked to {target}.").format(code=link.source.code, target=link.target.code),
            )
        else:
            messages.success(
                request,
                _("{code} was already linked to {target}: change that link here.").format(
                    code=link.source.code, target=link.target.code
                ),
            )
            return redirect("framework:crosswalk-edit", pk=link.pk)
        return redirect(
            "framework:crosswalk",
            left=left_v.framework.slug,
            left_label=left_v.label,
            right=right_v.framework.slug,
            right_label=right_v.label,
        )
    return render_checked(
        request,
        "framework/authoring/crosswalk_form.html",
        {"form": form, "left": left_v, "right": right_v},
        form if form.is_bound else None,
    )


def _link_or_404(pk) -> m.CrosswalkLink:
    return get_object_or_404(
        m.CrosswalkLink.objects.select_related("source__version__framework", "target__version__framework"),
        pk=pk,
    )


def _pair_url(link) -> str:
    return reverse(
        "framework:crosswalk",
        args=[
            link.source.version.framework.slug,
            link.source.version.label,
            link.target.version.framework.slug,
            link.target.version.label,
        ],
    )


@access.authors
@require_http_methods(["GET", "POST"])
def crosswalk_edit(request, pk):
    link = _link_or_404(pk)
    form = CrosswalkForm(
        posted(request),
        initial={"relation": link.relation, "note": link.note},
        version=stamp(link, crosswalks.FIELDS),
    )
    history = history_changes(
        list(link.history.select_related("history_user")),
        {"relation": "How it relates", "note": "Note", "needs_review": "Waiting for review"},
        lambda r: "The link",
        {"relation": dict(m.CrosswalkLink.Relation.choices), "needs_review": {True: "Yes", False: "No"}},
    )
    return _edit_page(
        request,
        form,
        crosswalks.FIELDS,
        lambda data: crosswalks.change(
            link, data["relation"], data["note"], request.user, data.get("version")
        ),
        lambda _link: _saved(request, _("The link is saved and counts as reviewed today."), _pair_url(link)),
        {"link": link, "history": history},
        "framework/authoring/crosswalk_form.html",
    )


@access.authors
@require_POST
def crosswalk_confirm(request, pk):
    link = _link_or_404(pk)
    crosswalks.confirm(link, request.user)
    messages.success(
        request,
        _("The link from {code} to {target} is confirmed.").format(
            code=link.source.code, target=link.target.code
        ),
    )
    back = request.POST.get("next", "")
    if not (
        back.startswith("/plan/")
        and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()})
    ):
        back = _pair_url(link)
    return redirect(back)


@access.authors
@require_http_methods(["GET", "POST"])
def crosswalk_remove(request, pk):
    link = _link_or_404(pk)
    if request.method == "POST":
        back = _pair_url(link)
        crosswalks.remove(link, request.user)
        messages.success(request, _("The link is removed."))
        return redirect(back)
    return render(
        request,
        "framework/authoring/remove.html",
        {
            "what": f"the link from {link.source.code} to {link.target.code}",
            "back": _pair_url(link),
            "link": link,
        },
    )


# Carrying forces' work to a successor


@access.authors
@require_http_methods(["GET", "POST"])
def carry(request, framework, label):
    """What adopting the version would carry for each force, a preview of one force's work in
    full, and (after a confirmation) carrying it."""
    from framework import carrying
    from organisations.models import Organisation

    version = _version(framework, label)
    if version.status != m.FrameworkVersion.Status.PUBLISHED:
        raise Http404("Publish the version before carrying work to it")
    force = None
    if request.GET.get("force") or request.POST.get("force"):
        force = get_object_or_404(Organisation, slug=request.GET.get("force") or request.POST.get("force"))
    if request.method == "POST":
        carried = carrying.carry(version, request.user, [force.pk] if force else None)
        who = force.shown_name if force else _("every force")
        messages.success(
            request,
            ngettext(
                "Carried {count} piece of work for {who}.",
                "Carried {count} pieces of work for {who}.",
                carried,
            ).format(count=carried, who=who),
        )
        return redirect("framework:carry", framework=framework, label=label)
    proposals = carrying.proposals(version, [force.pk] if force else None)
    forces = Organisation.objects.in_bulk({p.organisation_id for p in proposals})
    by_force: dict[int, list] = {}
    for proposal in proposals:
        by_force.setdefault(proposal.organisation_id, []).append(proposal)
    rows = sorted(
        (
            {
                "force": forces[pk],
                "proposals": found,
                "positions": sum(1 for p in found if p.what == "standing position"),
                "plans": sum(1 for p in found if p.what == "impact plan"),
            }
            for pk, found in by_force.items()
        ),
        key=lambda r: r["force"].name,
    )
    return render(
        request,
        "framework/authoring/carry.html",
        {
            "framework": version.framework,
            "version": version,
            "pairs": carrying.pairs(version),
            "rows": rows,
            "force": force,
            "total": len(proposals),
        },
    )


# Toolkits


def _toolkit_or_404(action) -> m.Toolkit:
    return get_object_or_404(m.Toolkit, action=action)


def _toolkit_url(framework, label, code) -> str:
    return reverse("framework:toolkit-edit", args=[framework, label, code])


@access.authors
@require_http_methods(["GET", "POST"])
def toolkit_edit(request, framework, label, code):
    version = _draft(framework, label)
    action = _action_or_404(version, code)
    toolkit = m.Toolkit.objects.filter(action=action).first()
    fields = authoring.TOOLKIT_FIELDS
    initial = (
        {f: getattr(toolkit, f) for f in fields}
        if toolkit
        else {
            "title": f"Toolkit {code} {action.title}",
            "action_title": action.title,
            "action_detail": action.detail,
        }
    )
    form = ToolkitForm(posted(request), initial=initial, version=stamp(toolkit, fields) if toolkit else "")
    children = []
    if toolkit:
        children = [
            (
                f"Objective {o.number}: {o.short_title or o.text[:80]}",
                reverse("framework:toolkit-objective-edit", args=[framework, label, code, o.number]),
            )
            for o in toolkit.objectives.all()
        ]
    return _edit_page(
        request,
        form,
        fields,
        lambda data: authoring.save_toolkit(
            action, toolkit, {f: data[f] for f in fields}, request.user, data.get("version") or None
        ),
        lambda _toolkit: _saved(
            request,
            _("The toolkit for {code} is saved.").format(code=code),
            _toolkit_url(framework, label, code),
        ),
        {
            "version": version,
            "back": _action_url(framework, label, code),
            "heading": _("The toolkit for {code}").format(code=code)
            if toolkit
            else _("Add a toolkit to {code}").format(code=code),
            "children_heading": "The toolkit's objectives" if toolkit else "",
            "children": children,
            "add_child": (
                reverse("framework:toolkit-objective-new", args=[framework, label, code]),
                "Add a toolkit objective",
            ),
        },
    )


def _suggested(data) -> list[tuple[str, str, str]]:
    return [("peel", code, text) for code, text in data["peel_measures"]] + [
        ("other", "", text) for text in from_lines(data["other_measures"])
    ]


@access.authors
@require_http_methods(["GET", "POST"])
def toolkit_objective_edit(request, framework, label, code, number=None):
    version = _draft(framework, label)
    action = _action_or_404(version, code)
    toolkit = _toolkit_or_404(action)
    objective = get_object_or_404(m.ToolkitObjective, toolkit=toolkit, number=number) if number else None
    fields = authoring.TOOLKIT_OBJECTIVE_FIELDS
    lists = ("what_we_need", "unintended_consequences")
    initial = {}
    if objective:
        initial = {
            f: as_lines(getattr(objective, f)) if f in lists else getattr(objective, f) for f in fields
        }
        measures = list(objective.suggested_measures.all())
        initial["peel_measures"] = as_lines([f"{s.code} {s.text}" for s in measures if s.kind == "peel"])
        initial["other_measures"] = as_lines([s.text for s in measures if s.kind == "other"])
    form = ToolkitObjectiveForm(
        posted(request), initial=initial, version=stamp(objective, fields) if objective else "", draft=version
    )
    back = _toolkit_url(framework, label, code)

    def save(data):
        values = {f: from_lines(data[f]) if f in lists else data[f] for f in fields}
        return authoring.save_toolkit_objective(
            toolkit, objective, values, _suggested(data), request.user, data.get("version") or None
        )

    def done(saved):
        url = reverse("framework:toolkit-objective-edit", args=[framework, label, code, saved.number])
        return _saved(
            request,
            _("Toolkit objective {number} of {code} is saved.").format(number=saved.number, code=code),
            url,
        )

    children = []
    if objective:
        children = [
            (
                f"Row {i}: {row.activity[:80]}",
                reverse("framework:logic-row-edit", args=[framework, label, code, objective.number, row.pk]),
            )
            for i, row in enumerate(objective.logic_model_rows.all(), start=1)
        ]
    return _edit_page(
        request,
        form,
        fields,
        save,
        done,
        {
            "version": version,
            "back": back,
            "heading": _("Toolkit objective {number} of {code}").format(number=objective.number, code=code)
            if objective
            else _("Add a toolkit objective to {code}").format(code=code),
            "remove_url": reverse(
                "framework:toolkit-objective-remove", args=[framework, label, code, objective.number]
            )
            if objective
            else "",
            "children_heading": "Its logic model" if objective else "",
            "children": children,
            "add_child": (
                reverse("framework:logic-row-new", args=[framework, label, code, objective.number])
                if objective
                else "",
                "Add a logic model row",
            ),
        },
    )


@access.authors
@require_http_methods(["GET", "POST"])
def toolkit_objective_remove(request, framework, label, code, number):
    version = _draft(framework, label)
    objective = get_object_or_404(
        m.ToolkitObjective, toolkit=_toolkit_or_404(_action_or_404(version, code)), number=number
    )
    back = _toolkit_url(framework, label, code)
    if request.method == "POST":
        authoring.remove_toolkit_objective(objective, request.user)
        messages.success(
            request, _("Toolkit objective {number} is removed from {code}.").format(number=number, code=code)
        )
        return redirect(back)
    return render(
        request,
        "framework/authoring/remove.html",
        {
            "version": version,
            "what": f"toolkit objective {number} of {code}, with its logic model",
            "back": back,
        },
    )


@access.authors
@require_http_methods(["GET", "POST"])
def logic_row_edit(request, framework, label, code, number, pk=None):
    version = _draft(framework, label)
    objective = get_object_or_404(
        m.ToolkitObjective, toolkit=_toolkit_or_404(_action_or_404(version, code)), number=number
    )
    row = get_object_or_404(m.LogicModelRow, objective=objective, pk=pk) if pk else None
    fields = authoring.LOGIC_ROW_FIELDS
    initial = (
        {f: as_lines(getattr(row, f)) if f != "activity" else row.activity for f in fields} if row else {}
    )
    form = LogicRowForm(posted(request), initial=initial, version=stamp(row, fields) if row else "")
    back = reverse("framework:toolkit-objective-edit", args=[framework, label, code, number])

    def save(data):
        values = {f: data[f] if f == "activity" else from_lines(data[f]) for f in fields}
        return authoring.save_logic_row(objective, row, values, request.user, data.get("version") or None)

    return _edit_page(
        request,
        form,
        fields,
        save,
        lambda _row: _saved(request, _("The logic model row is saved."), back),
        {
            "version": version,
            "back": back,
            "heading": _("A logic model row of toolkit objective {number} ({code})").format(
                number=number, code=code
            ),
            "remove_url": reverse("framework:logic-row-remove", args=[framework, label, code, number, row.pk])
            if row
            else "",
        },
    )


@access.authors
@require_http_methods(["GET", "POST"])
def logic_row_remove(request, framework, label, code, number, pk):
    version = _draft(framework, label)
    objective = get_object_or_404(
        m.ToolkitObjective, toolkit=_toolkit_or_404(_action_or_404(version, code)), number=number
    )
    row = get_object_or_404(m.LogicModelRow, objective=objective, pk=pk)
    back = reverse("framework:toolkit-objective-edit", args=[framework, label, code, number])
    if request.method == "POST":
        authoring.remove_logic_row(row, request.user)
        messages.success(request, _("The logic model row is removed."))
        return redirect(back)
    return render(
        request,
        "framework/authoring/remove.html",
        {"version": version, "what": "this logic model row", "back": back},
    )


# A version's PEEL measures and perennial issues


@access.authors
@require_http_methods(["GET", "POST"])
def peel_measure_edit(request, framework, label, pk=None):
    version = _draft(framework, label)
    measure = get_object_or_404(m.PeelMeasure, version=version, pk=pk) if pk else None
    fields = authoring.PEEL_FIELDS
    form = PeelMeasureForm(
        posted(request),
        initial={f: getattr(measure, f) for f in fields} if measure else {},
        version=stamp(measure, fields) if measure else "",
        measure=measure,
        draft=version,
    )
    return _edit_page(
        request,
        form,
        fields,
        lambda data: authoring.save_peel_measure(
            version, measure, {f: data[f] for f in fields}, request.user, data.get("version") or None
        ),
        lambda saved: _saved(
            request, _("PEEL measure {code} is saved.").format(code=saved.code), _draft_url(version) + "#peel"
        ),
        {
            "version": version,
            "heading": _("Change PEEL measure {code}").format(code=measure.code)
            if measure
            else _("Add a PEEL measure"),
            "remove_url": reverse("framework:peel-remove", args=[framework, label, measure.pk])
            if measure
            else "",
        },
    )


@access.authors
@require_http_methods(["GET", "POST"])
def perennial_issue_edit(request, framework, label, pk=None):
    version = _draft(framework, label)
    issue = get_object_or_404(m.PerennialIssue, version=version, pk=pk) if pk else None
    fields = authoring.PERENNIAL_FIELDS
    form = PerennialIssueForm(
        posted(request),
        initial={f: getattr(issue, f) for f in fields} if issue else {},
        version=stamp(issue, fields) if issue else "",
    )
    return _edit_page(
        request,
        form,
        fields,
        lambda data: authoring.save_perennial_issue(
            version, issue, {f: data[f] for f in fields}, request.user, data.get("version") or None
        ),
        lambda saved: _saved(
            request, _("{name} is saved.").format(name=saved.name), _draft_url(version) + "#perennial"
        ),
        {
            "version": version,
            "heading": _("Change {name}").format(name=issue.name) if issue else _("Add a perennial issue"),
            "remove_url": reverse("framework:perennial-remove", args=[framework, label, issue.pk])
            if issue
            else "",
        },
    )


def _version_item_remove(request, framework, label, pk, kind):
    version = _draft(framework, label)
    model = m.PeelMeasure if kind == "peel" else m.PerennialIssue
    item = get_object_or_404(model, version=version, pk=pk)
    what = f"PEEL measure {item.code}" if kind == "peel" else item.name
    problems = []
    if request.method == "POST":
        try:
            authoring.remove_version_item(item, request.user)
        except ContentError as error:
            problems = error.problems
        else:
            return _saved(
                request, _("{what} is removed from the draft.").format(what=what), _draft_url(version)
            )
    return render_checked(
        request,
        "framework/authoring/remove.html",
        {"version": version, "what": what, "links": item.actions.count()},
        problems=problems,
    )


@access.authors
@require_http_methods(["GET", "POST"])
def peel_measure_remove(request, framework, label, pk):
    return _version_item_remove(request, framework, label, pk, "peel")


@access.authors
@require_http_methods(["GET", "POST"])
def perennial_issue_remove(request, framework, label, pk):
    return _version_item_remove(request, framework, label, pk, "perennial")


def _welsh_home_url(version) -> str:
    return reverse("framework:welsh", args=[version.framework.slug, version.label])


@access.authors
@require_http_methods(["GET"])
def welsh_home(request, framework, label):
    """How much of a version is in Welsh, item by item, with the latest changes."""
    version = _version(framework, label)
    items, total = bilingual.summary(version)
    return render(
        request,
        "framework/authoring/welsh.html",
        {
            "version": version,
            "items": items,
            "total": total,
            "changes": version.welsh_changes.select_related("by")[:10],
        },
    )


@access.authors
@require_http_methods(["GET", "POST"])
def welsh_edit(request, framework, label, kind, key):
    """One item's English and Welsh side by side; saving records each change."""
    version = _version(framework, label)
    item = bilingual.item_of(version, kind, key)
    if item is None:
        raise Http404("No such item in this version")
    form = WelshForm(posted(request), item=item, version=bilingual.stamp_of(item))
    extra = {}
    if request.method == "POST" and form.is_valid():
        written = form.written()
        try:
            changed = bilingual.save(
                version, item, written, request.user, form.cleaned_data.get("version") or None
            )
        except EditConflict:
            stored = bilingual.item_of(version, kind, key)
            if stored is None:  # removed from a draft meanwhile
                raise Http404("No such item in this version") from None
            extra["conflict"] = _welsh_clash(form, version, stored, written)
        else:
            messages.success(
                request,
                ngettext(
                    "{count} Welsh text of {item} is saved.",
                    "{count} Welsh texts of {item} are saved.",
                    changed,
                ).format(count=changed, item=item.heading)
                if changed
                else _("Nothing was changed."),
            )
            return redirect(_welsh_home_url(version))
    changes = version.welsh_changes.filter(item_key=f"{item.kind}:{item.key}"[:60]).select_related("by")[:20]
    return render_checked(
        request,
        "framework/authoring/welsh_item.html",
        {"version": version, "item": item, "form": form, "changes": changes, **extra},
        form if form.is_bound else None,
    )


def _welsh_clash(form, version, stored, written) -> dict:
    """Someone saved Welsh for this item after the person opened it: their Welsh beside the
    person's, the person's kept in the form, drawn now from what is stored."""
    who = (
        version.welsh_changes.filter(item_key=f"{stored.kind}:{stored.key}"[:60]).select_related("by").first()
    )
    rows = []
    for part in stored.parts:
        for name, yours in written.get(part.key, {}).items():
            theirs = bilingual.welsh_of(part.obj, name) or ""
            if shown(theirs) != shown(yours):
                label = (
                    f"{part.heading}: {bilingual.LABELS[name]}" if part.heading else bilingual.LABELS[name]
                )
                rows.append({"label": label, "theirs": shown(theirs), "yours": shown(yours)})
    by = who.by if who else None
    form.add_error(None, clash_message(by))
    form.data = form.data.copy()
    form.data["version"] = bilingual.stamp_of(stored)
    return {"by": by, "rows": rows}
