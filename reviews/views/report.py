"""The report back to the force: drafted by the lead reviewer from the scope and findings,
checked by the force's lead for factual accuracy, made final, and downloaded as a tagged PDF."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from core.downloads import pdf_download
from core.forms import render_checked
from organisations.models import Organisation
from reviews import access, selectors, services
from reviews.forms import ReportCommentForm, ReportDraftForm, ShareForm
from reviews.models import PeerReview, TeamMember

DRAFTED = {PeerReview.Status.REPORTING, PeerReview.Status.FOLLOW_UP, PeerReview.Status.CLOSED}


@access.force_scoped
@require_http_methods(["GET", "POST"])
def report(request, pk):
    review = access.get_report_for_user(request.user, pk)
    own = access.is_national_team(request.user) or review.organisation_id in access.forces_of(request.user)
    leads_review = review.team.filter(
        user=request.user, role=TeamMember.Role.LEAD
    ).exists() or access.runs_reviews(request.user)
    force_lead = access.leads(request.user, review.organisation_id)
    draft = ReportDraftForm(initial={"summary": review.report_summary})
    comment = ReportCommentForm()
    forces = list(Organisation.objects.filter(kind=Organisation.Kind.FORCE).order_by("name"))
    share = ShareForm(review=review, forces=forces)
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
                    messages.success(request, _("The draft is ready for the force to check."))
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
                    messages.success(request, _("Your comment is with the lead reviewer."))
                    return redirect("reviews:report", pk=review.pk)
            elif step == "share":
                access.require(force_lead)
                share = ShareForm(request.POST, review=review, forces=forces)
                if share.is_valid():
                    services.report_share(
                        review=review,
                        by=request.user,
                        forces=[share.by_pk[pk] for pk in share.cleaned_data["forces"]],
                        publish_summary=share.cleaned_data["publish_summary"],
                    )
                    messages.success(request, _("Who reads the report is saved."))
                    return redirect("reviews:report", pk=review.pk)
            elif step == "finalise":
                access.require(leads_review)
                services.report_finalise(review=review, by=request.user)
                messages.success(request, _("The report is final: the force now answers each opportunity."))
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
            "sharing": force_lead and review.report_final_at is not None,
            "share": share,
            "own": own,
            "shared_with": list(review.shared_with.order_by("name")),
        },
        [draft, comment, share] if request.method == "POST" else None,
        problems,
    )


@access.force_scoped
@require_http_methods(["GET"])
def report_pdf(request, pk):
    review = access.get_report_for_user(request.user, pk)
    if review.status not in DRAFTED:
        raise Http404("The report is not drafted yet")
    return pdf_download(
        request,
        "reviews/report_pdf.html",
        {"review": review, **selectors.report(review)},
        f"peer-review-{review.organisation.slug}-{review.pk}.pdf",
    )


@access.signed_in
@require_http_methods(["GET"])
def summary(request, pk):
    """A final report's summary the force chose to publish to everyone signed in."""
    from django.shortcuts import render

    review = PeerReview.objects.select_related("organisation").filter(pk=pk, summary_published=True).first()
    if review is None or review.report_final_at is None:
        raise Http404("No published summary")
    return render(request, "reviews/summary.html", {"review": review, **selectors.report(review)})
