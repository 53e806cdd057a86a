"""The force's action plan after the report: an action for each opportunity for improvement,
followed up until it is done or explained."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from core.concurrency import EditConflict, conflicted, stamp
from core.forms import posted, render_checked
from organisations.selectors import writers_of
from reviews import access, services
from reviews.forms import ResponseForm
from reviews.models import Finding, PeerReview


@access.force_scoped
@require_http_methods(["GET"])
def action_plan(request, pk):
    review, can_edit = access.get_review_for_user(request.user, pk)
    opportunities = list(
        review.findings.filter(kind=Finding.Kind.OPPORTUNITY)
        .select_related("action", "response__owner", "response__impact_activity__plan_objective")
        .order_by("action__sort_key", "pk")
    )
    for finding in opportunities:
        finding.answer = getattr(finding, "response", None)
    return render_checked(
        request,
        "reviews/action_plan.html",
        {
            "review": review,
            "opportunities": opportunities,
            "can_edit": can_edit,
            "answering": review.status == PeerReview.Status.FOLLOW_UP,
        },
    )


@access.force_scoped
@require_http_methods(["GET", "POST"])
def respond(request, pk, finding_pk):
    """One opportunity: the force's action, owner, date and progress; and making it an
    activity in the force's impact plan for the action."""
    review, can_edit = access.get_review_for_user(request.user, pk)
    finding = (
        review.findings.filter(pk=finding_pk, kind=Finding.Kind.OPPORTUNITY)
        .select_related("action", "objective")
        .first()
    )
    if finding is None:
        raise Http404("No such opportunity")
    answer = getattr(finding, "response", None)
    form = ResponseForm(
        posted(request) if request.POST.get("step") != "activity" else None,
        people=writers_of(review.organisation_id),
        response=answer,
        version=stamp(answer, services.RESPONSE_FIELDS) if answer else "",
    )
    conflict = None
    problems = []
    if request.method == "POST":
        access.require_write(can_edit)
        try:
            if request.POST.get("step") == "activity":
                if answer is None:
                    raise services.ReviewError(_("Say what the force will do first."))
                services.response_to_activity(response=answer, by=request.user)
                messages.success(
                    request,
                    _("It is an activity in {name}'s impact plan for {code}.").format(
                        name=review.organisation.shown_name, code=finding.action.code
                    ),
                )
                return redirect("reviews:respond", pk=review.pk, finding_pk=finding.pk)
            if form.is_valid():
                services.response_save(
                    finding=finding,
                    by=request.user,
                    values=form.values(),
                    seen=form.cleaned_data.get("version") or None,
                )
                messages.success(request, _("The action is saved."))
                return redirect("reviews:action-plan", pk=review.pk)
        except EditConflict as clash:
            conflict = conflicted(form, clash, form.values())
        except services.ReviewError as problem:
            problems.append(str(problem))
    return render_checked(
        request,
        "reviews/respond.html",
        {
            "review": review,
            "finding": finding,
            "answer": answer,
            "form": form,
            "conflict": conflict,
            "can_edit": can_edit and review.status == PeerReview.Status.FOLLOW_UP,
        },
        form if request.method == "POST" else None,
        problems,
    )
