"""Evidence requests: the review team asks the force for documents and data, the force gives
files against each or says why it cannot."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from core.downloads import stored_file
from core.forms import posted, render_checked
from reviews import access, rules, services
from reviews.forms import CannotProvideForm, EvidenceRequestForm, EvidenceUploadForm
from reviews.models import EvidenceFile
from reviews.views.common import confirm_removal


@access.force_scoped
@require_http_methods(["GET", "POST"])
def evidence(request, pk):
    """Every request with its progress, on both sides; the team asks for more here."""
    review, can_edit = access.get_review_for_user(request.user, pk)
    # The review team asks (and the national team that runs reviews).
    runs = access.writes_findings(request.user, review)
    form = EvidenceRequestForm(posted(request))
    if request.method == "POST":
        access.require(runs)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.evidence_request_add(
                    review=review,
                    by=request.user,
                    title=data["title"],
                    kind=data["kind"],
                    due_on=data["due_on"],
                    detail=data["detail"],
                    once=data.get("once"),
                )
            except services.ReviewError as problem:
                form.add_error(None, str(problem))
            else:
                messages.success(
                    request, _("{name} is asked for it.").format(name=review.organisation.shown_name)
                )
                return redirect("reviews:evidence", pk=review.pk)
    items = list(review.evidence_requests.prefetch_related("files"))
    done = sum(1 for i in items if i.status != i.Status.OPEN)
    return render_checked(
        request,
        "reviews/evidence.html",
        {
            "review": review,
            "items": items,
            "done": done,
            "form": form,
            "runs": runs,
            "can_edit": can_edit,
            "open": rules.evidence_is_open(review),
        },
        form if request.method == "POST" else None,
    )


@access.force_scoped
@require_http_methods(["GET", "POST"])
def evidence_request(request, pk, request_pk):
    """One request: its files, and for the force's writers the upload or "cannot provide"."""
    review, item, can_edit = access.get_evidence_request_for_user(request.user, pk, request_pk)
    upload = EvidenceUploadForm()
    cannot = CannotProvideForm()
    if request.method == "POST":
        access.require_write(can_edit)
        if request.POST.get("kind") == "cannot":
            cannot = CannotProvideForm(request.POST)
            form, error_field = cannot, "reason"
        else:
            upload = EvidenceUploadForm(request.POST, request.FILES)
            form, error_field = upload, "upload"
        if form.is_valid():
            try:
                if form is cannot:
                    services.evidence_cannot_provide(
                        item=item, by=request.user, reason=form.cleaned_data["reason"]
                    )
                    done = "The national team is told why it cannot be provided."
                else:
                    services.evidence_file_add(
                        item=item,
                        by=request.user,
                        title=form.cleaned_data["file_title"],
                        upload=form.cleaned_data["upload"],
                    )
                    done = "The file is uploaded."
            except services.ReviewError as problem:
                form.add_error(error_field, str(problem))
            else:
                messages.success(request, done)
                return redirect("reviews:evidence-request", pk=review.pk, request_pk=item.pk)
    return render_checked(
        request,
        "reviews/evidence_request.html",
        {
            "review": review,
            "item": item,
            "files": list(item.files.select_related("added_by")),
            "upload": upload,
            "cannot": cannot,
            "can_edit": can_edit and rules.evidence_is_open(review),
        },
        [upload, cannot],
    )


def _file(review, item, file_pk) -> EvidenceFile:
    stored = EvidenceFile.objects.filter(request=item, pk=file_pk).first()
    if stored is None:
        raise Http404("No such file")
    return stored


@access.force_scoped
@require_http_methods(["GET"])
def evidence_file(request, pk, request_pk, file_pk):
    review, item, _place = access.get_evidence_request_for_user(request.user, pk, request_pk)
    return stored_file(_file(review, item, file_pk), "evidence")


@access.force_scoped
@require_http_methods(["GET", "POST"])
def evidence_file_remove(request, pk, request_pk, file_pk):
    review, item, can_edit = access.get_evidence_request_for_user(request.user, pk, request_pk)
    access.require_write(can_edit)
    stored = _file(review, item, file_pk)
    return confirm_removal(
        request,
        "evidence_file_remove.html",
        {"review": review, "item": item, "stored": stored},
        lambda: services.evidence_file_remove(stored=stored, by=request.user),
        f"{stored.title} is removed.",
        reverse("reviews:evidence-request", args=[review.pk, item.pk]),
    )
