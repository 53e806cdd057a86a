"""The review team's fieldwork log and findings."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from core.forms import posted, render_checked
from reviews import access, rules, selectors, services
from reviews.forms import FieldworkForm, FindingForm


@access.force_scoped
@require_http_methods(["GET", "POST"])
def fieldwork(request, pk):
    """The fieldwork log: what was done, when and with whom (by role). Notes show only to the
    review team (and the national team running it); a case audit's only to the team."""
    review, _place = access.get_review_for_user(request.user, pk)
    on_team = access.is_on_team(request.user, review)
    runs = access.runs_reviews(request.user)
    actions = list(review.actions.order_by("sort_key"))
    form = FieldworkForm(posted(request), actions=actions)
    if request.method == "POST":
        access.require(on_team or runs)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.fieldwork_add(
                    review=review,
                    by=request.user,
                    kind=data["kind"],
                    held_on=data["held_on"],
                    participants=data["participants"],
                    notes=data["notes"],
                    actions=[form.by_pk[pk] for pk in data["actions"]],
                    once=data.get("once"),
                )
            except services.ReviewError as problem:
                form.add_error(None, str(problem))
            else:
                messages.success(request, _("The fieldwork is recorded."))
                return redirect("reviews:fieldwork", pk=review.pk)
    entries = list(review.fieldwork.prefetch_related("actions").select_related("created_by"))
    for entry in entries:
        entry.notes_shown = rules.notes_visible(entry.kind, on_team=on_team, runs_reviews=runs)
    return render_checked(
        request,
        "reviews/fieldwork.html",
        {
            "review": review,
            "entries": entries,
            "form": form,
            "writes": (on_team or runs) and review.status in rules.UNDER_WAY,
        },
        form if request.method == "POST" else None,
    )


@access.force_scoped
@require_http_methods(["GET", "POST"])
def findings(request, pk):
    """The review's findings by action; the team records them here. The force reads them once
    the report is drafted for it."""
    review, _place = access.get_review_for_user(request.user, pk)
    writes = access.writes_findings(request.user, review)
    if not writes and not access.is_national_team(request.user) and not rules.findings_shown_to_force(review):
        access.require(False)
    actions = list(review.actions.order_by("sort_key"))
    evidence = list(review.evidence_requests.all())
    fieldwork = list(review.fieldwork.all())
    sharing = request.method == "POST" and request.POST.get("step") == "example"
    problems: list[str] = []
    if sharing:
        shared = _to_example(request, review)
        if not isinstance(shared, str):
            return shared
        problems.append(shared)
    form = FindingForm(
        posted(request) if not sharing else None, actions=actions, evidence=evidence, fieldwork=fieldwork
    )
    if request.method == "POST" and not sharing:
        access.require(writes)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.finding_add(
                    review=review,
                    by=request.user,
                    kind=data["kind"],
                    action=form.by_pk[data["action"]],
                    text=data["text"],
                    suggested_step=data["suggested_step"],
                    evidence=[form.evidence_by_pk[pk] for pk in data.get("evidence", [])],
                    fieldwork=[form.fieldwork_by_pk[pk] for pk in data.get("fieldwork", [])],
                    once=data.get("once"),
                )
            except services.ReviewError as problem:
                form.add_error(None, str(problem))
            else:
                messages.success(request, _("The finding is recorded."))
                return redirect("reviews:findings", pk=review.pk)
    found = list(
        review.findings.select_related("action", "objective").prefetch_related("evidence", "fieldwork")
    )
    groups = [(a, [f for f in found if f.action_id == a.pk]) for a in actions]
    return render_checked(
        request,
        "reviews/findings.html",
        {
            "review": review,
            "groups": groups,
            "form": form,
            "writes": writes and review.status in rules.UNDER_WAY,
            "shares": access.can_in(request.user, access.Can.WRITE_FORCE_WORK, review.organisation_id)
            and rules.findings_shown_to_force(review),
        },
        form if request.method == "POST" and not sharing else None,
        problems,
    )


@access.national_team
@require_http_methods(["GET"])
def across(request):
    """Across every review: findings by action and kind, and the forces' overdue actions."""
    from django.shortcuts import render
    from django.utils import timezone

    return render(request, "reviews/across.html", selectors.across_reviews(timezone.localdate()))


def _to_example(request, review):
    """The force makes promising practice a draft example in the practice library: the
    example's page, or why not."""
    from django.http import Http404

    chosen = str(request.POST.get("finding", ""))
    finding = review.findings.filter(pk=int(chosen)).first() if chosen.isdigit() else None
    if finding is None:
        raise Http404("No such finding")
    access.require(access.can_in(request.user, access.Can.WRITE_FORCE_WORK, review.organisation_id))
    try:
        example = services.finding_to_example(finding=finding, by=request.user)
    except services.ReviewError as problem:
        return str(problem)
    messages.success(
        request, _("A draft practice example is made: complete it and submit it to the library.")
    )
    return redirect("practice:example", pk=example.pk)
