"""Coding a review's learning, comparing two coders, publishing, and the theme list."""

from django.contrib import messages
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from casereviews import access, rules, selectors, services
from casereviews.forms import PointForm, PublishForm, ThemeForm
from casereviews.models import Coding, LearningPoint, LearningTheme
from core.concurrency import EditConflict, conflicted, stamp
from core.forms import posted, render_checked


def _codes():
    from framework import selectors as plan

    version = plan.get_version("nvap")
    if version is None:
        return [], []
    return list(version.actions.order_by("sort_key")), list(version.perennial_issues.order_by("order"))


@access.national_team
@require_http_methods(["GET", "POST"])
def coding(request, pk):
    """The person's own coding of the review: its learning points, one added at a time, and
    marking it done. Another coder's points are not shown here, so each codes independently."""
    item = access.get_review(pk)
    access.require(access.codes(request.user))
    own = Coding.objects.filter(review=item, coder=request.user).first()
    actions, perennial = _codes()
    themes = list(LearningTheme.objects.filter(retired=False))
    step = request.POST.get("step") if request.method == "POST" else None
    form = PointForm(
        request.POST if step == "point" else None, actions=actions, perennial_issues=perennial, themes=themes
    )
    problems = []
    if request.method == "POST":
        try:
            if step == "point":
                if form.is_valid():
                    data = form.cleaned_data
                    own = services.coding_for(review=item, by=request.user)
                    services.point_add(
                        coding=own,
                        by=request.user,
                        text=data["text"],
                        page=data["page"],
                        kind=data["kind"],
                        stage=data["stage"],
                        actions=data["actions"],
                        perennial_issues=data["perennial_issues"],
                        themes=data["themes"],
                        once=data.get("once"),
                    )
                    messages.success(request, _("The learning point is added to your coding."))
                    return redirect("casereviews:coding", pk=item.pk)
            elif step in ("done", "reopen") and own is not None:
                services.coding_done(coding=own, by=request.user, done=step == "done")
                messages.success(
                    request,
                    _("Your coding is marked done.") if step == "done" else _("Your coding is open again."),
                )
                return (
                    redirect("casereviews:review", pk=item.pk)
                    if step == "done"
                    else redirect("casereviews:coding", pk=item.pk)
                )
            else:
                problems.append("Choose what to do")
        except services.CaseReviewError as problem:
            problems.append(str(problem))
    points = list(own.points.prefetch_related("actions", "perennial_issues", "themes")) if own else []
    return render_checked(
        request,
        "casereviews/coding.html",
        {"review": item, "coding": own, "points": points, "form": form, "codable": rules.codable(item)},
        form if step == "point" else None,
        problems,
    )


@access.national_team
@require_http_methods(["GET", "POST"])
def point_remove(request, pk, point_pk):
    item = access.get_review(pk)
    access.require(access.codes(request.user))
    point = (
        LearningPoint.objects.filter(review=item, pk=point_pk, coding__coder=request.user)
        .select_related("coding")
        .first()
    )
    if point is None:
        raise Http404("No such learning point in your coding")
    problems = []
    if request.method == "POST":
        try:
            services.point_remove(point=point, by=request.user)
        except services.CaseReviewError as problem:
            problems.append(str(problem))
        else:
            messages.success(request, _("The learning point is removed."))
            return redirect("casereviews:coding", pk=item.pk)
    return render_checked(
        request,
        "casereviews/confirm.html",
        {
            "caption": str(item),
            "question": _("Remove this learning point?"),
            "consequences": _(
                "“{text}” will be removed from your coding. The review's history keeps a record."
            ).format(text=point.text[:200]),
            "button": _("Remove the learning point"),
            "cancel": reverse("casereviews:coding", args=[item.pk]),
        },
        None,
        problems,
    )


@access.national_team
@require_http_methods(["GET"])
def agreement(request, pk):
    """Where two coders of the review disagree, code set by code set, with Cohen's kappa."""
    item = access.get_review(pk)
    codings = list(Coding.objects.filter(review=item).select_related("coder"))
    by_pk = {str(c.pk): c for c in codings}
    first = by_pk.get(request.GET.get("first", "")) or (codings[0] if codings else None)
    second = by_pk.get(request.GET.get("second", "")) or next((c for c in codings if c != first), None)
    compared = selectors.agreement(first, second) if first and second and first != second else None
    return render_checked(
        request,
        "casereviews/agreement.html",
        {"review": item, "codings": codings, "first": first, "second": second, "compared": compared},
    )


@access.national_team
@require_http_methods(["GET", "POST"])
def publish(request, pk):
    """Publishes one coding's learning to forces, after asking."""
    item = access.get_review(pk)
    access.require(access.codes(request.user))
    codings = list(
        Coding.objects.filter(review=item).select_related("coder").annotate(n_points=Count("points"))
    )
    form = PublishForm(posted(request), codings=codings)
    if request.method == "POST" and form.is_valid():
        try:
            services.learning_publish(
                review=item, by=request.user, coding=form.by_pk[form.cleaned_data["coding"]]
            )
        except services.CaseReviewError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, _("The review's learning is published: forces can read it now."))
            return redirect("casereviews:review", pk=item.pk)
    return render_checked(
        request,
        "casereviews/publish.html",
        {"review": item, "form": form, "codings": codings},
        form if request.method == "POST" else None,
    )


@access.national_team
@require_http_methods(["GET", "POST"])
def themes(request):
    """The national team's theme list: every theme, how much learning carries it, and a new one."""
    form = ThemeForm(posted(request))
    if request.method == "POST":
        access.require(access.codes(request.user))
        if form.is_valid():
            try:
                services.theme_add(
                    by=request.user,
                    name=form.cleaned_data["name"],
                    description=form.cleaned_data["description"],
                )
            except services.CaseReviewError as problem:
                form.add_error("name", str(problem))
            else:
                messages.success(request, _("The theme is added."))
                return redirect("casereviews:themes")
    listed = LearningTheme.objects.annotate(n=Count("points")).order_by("retired", "name")
    return render_checked(
        request,
        "casereviews/themes.html",
        {"themes": listed, "form": form, "codes": access.codes(request.user)},
        form if request.method == "POST" else None,
    )


@access.national_team
@require_http_methods(["GET", "POST"])
def theme(request, pk):
    item = LearningTheme.objects.filter(pk=pk).first()
    if item is None:
        raise Http404("No such theme")
    access.require(access.codes(request.user))
    fields = ("name", "description", "retired")
    form = ThemeForm(
        posted(request), initial={k: getattr(item, k) for k in fields}, version=stamp(item, fields)
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.theme_update(
                theme=item,
                by=request.user,
                name=data["name"],
                description=data["description"],
                retired=data["retired"],
                seen=data.get("version") or None,
            )
        except EditConflict as clash:
            conflict = conflicted(form, clash, {k: data[k] for k in fields})
        except services.CaseReviewError as problem:
            form.add_error("name", str(problem))
        else:
            messages.success(request, _("The theme is saved."))
            return redirect("casereviews:themes")
    from core.history import changes

    history = changes(
        list(item.history.select_related("history_user")),
        {"name": _("Name"), "description": _("Description"), "retired": _("Retired")},
        lambda r: _("The theme"),
    )
    return render_checked(
        request,
        "casereviews/theme.html",
        {"theme": item, "form": form, "conflict": conflict, "history": history},
        form if request.method == "POST" else None,
    )
