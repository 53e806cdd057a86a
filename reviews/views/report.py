"""The report back to the force: drafted by the lead reviewer from the scope and findings,
checked by the force's lead for factual accuracy, made final, and downloaded as a tagged PDF."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from core.downloads import pdf_download
from core.forms import render_checked
from reviews import access, selectors, services
from reviews.forms import ReportCommentForm, ReportDraftForm
from reviews.models import PeerReview, TeamMember

DRAFTED = {PeerReview.Status.REPORTING, PeerReview.Status.FOLLOW_UP, PeerReview.Status.CLOSED}


@access.force_scoped
@require_http_methods(["GET", "POST"])
def report(request, pk):
    review, _ = access.get_review_for_user(request.user, pk)
    leads_review = review.team.filter(
        user=request.user, role=TeamMember.Role.LEAD
    ).exists() or access.runs_reviews(request.user)
    force_lead = access.leads(request.user, review.organisation_id)
    draft = ReportDraftForm(initial={"summary": review.report_summary})
    comment = ReportCommentForm()
    problems = []
    if request.method == "POST":
        step = request.POST.get("step")
        try:
            if step == "draft":
                access.require(leads_review)
                draft = ReportDraftForm(request.POST)
                if draft.is_valid():
                    services.report_draft(
                        review=review, by=request.user, summary=draft.cleaned_data["summary"]
                    )
                    messages.success(request, "The draft is ready for the force to check.")
                    return redirect("reviews:report", pk=review.pk)
            elif step == "comment":
                access.require(force_lead)
                comment = ReportCommentForm(request.POST)
                if comment.is_valid():
                    services.report_comment(
                        review=review,
                        by=request.user,
                        text=comment.cleaned_data["text"],
                        once=comment.cleaned_data.get("once"),
                    )
                    messages.success(request, "Your comment is with the lead reviewer.")
                    return redirect("reviews:report", pk=review.pk)
            elif step == "finalise":
                access.require(leads_review)
                services.report_finalise(review=review, by=request.user)
                messages.success(request, "The report is final: the force now answers each opportunity.")
                return redirect("reviews:report", pk=review.pk)
            else:
                problems.append("Choose what to do with the report")
        except services.ReviewError as problem:
            problems.append(str(problem))
    drafted = review.status in DRAFTED
    return render_checked(
        request,
        "reviews/report.html",
        {
            "review": review,
            "drafted": drafted,
            "shown": drafted or leads_review or access.is_national_team(request.user),
            **selectors.report(review),
            "draft": draft,
            "comment": comment,
            "leads_review": leads_review
            and review.status
            in {PeerReview.Status.ACCEPTED, PeerReview.Status.FIELDWORK, PeerReview.Status.REPORTING},
            "force_lead": force_lead and review.status == PeerReview.Status.REPORTING,
        },
        [draft, comment] if request.method == "POST" else None,
        problems,
    )


@access.force_scoped
@require_http_methods(["GET"])
def report_pdf(request, pk):
    review, _ = access.get_review_for_user(request.user, pk)
    if review.status not in DRAFTED:
        raise Http404("The report is not drafted yet")
    return pdf_download(
        request,
        "reviews/report_pdf.html",
        {"review": review, **selectors.report(review)},
        f"peer-review-{review.organisation.slug}-{review.pk}.pdf",
    )
