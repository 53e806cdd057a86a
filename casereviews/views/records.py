"""The national team's record of reviews: the list, recording, screening, subjects,
recommendations, and importing an existing coding spreadsheet."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from casereviews import access, imports, rules, selectors, services
from casereviews.forms import ImportForm, RecommendationForm, ReviewForm, ScreenForm, SubjectForm
from casereviews.models import CaseReview, Coding, Subject
from core.concurrency import EditConflict, conflicted, stamp
from core.forms import posted, render_checked
from core.rows import RowsRejected
from organisations.models import Organisation


def _forces():
    return list(Organisation.objects.filter(kind=Organisation.Kind.FORCE).order_by("name"))


@access.national_team
@require_http_methods(["GET"])
def reviews(request):
    from django.core.paginator import Paginator

    found = selectors.reviews_list(request.GET)
    page = Paginator(found["reviews"], 50).get_page(request.GET.get("page"))
    page.param = "page"
    return render(
        request,
        "casereviews/reviews.html",
        {
            **found,
            "page": page,
            "codes": access.codes(request.user),
            "screenings": CaseReview.Screening.choices,
        },
    )


@access.national_team
@require_http_methods(["GET", "POST"])
def review_new(request):
    access.require(access.codes(request.user))
    form = ReviewForm(posted(request), forces=_forces())
    subject = SubjectForm(posted(request), prefix="subject")
    if request.method == "POST" and form.is_valid() & subject.is_valid():
        data = form.cleaned_data
        try:
            review = services.review_record(
                by=request.user,
                fields={k: data[k] for k in services.REVIEW_FIELDS},
                joint_with=data["joint_with"],
                subjects=[
                    (
                        subject.cleaned_data["age_band"],
                        subject.cleaned_data["sex"],
                        subject.cleaned_data["ethnicity"],
                    )
                ],
                once=data.get("once"),
            )
        except services.CaseReviewError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, _("The review is recorded. Screen it next."))
            return redirect("casereviews:review", pk=review.pk)
    return render_checked(
        request,
        "casereviews/review_form.html",
        {"form": form, "subject": subject, "review": None},
        [form, subject] if request.method == "POST" else None,
    )


@access.national_team
@require_http_methods(["GET", "POST"])
def review(request, pk):
    """A review: what is recorded, its screening, subjects, codings, recommendations and
    history. The national team adds subjects and recommendations here."""
    item = access.get_review(pk)
    writes = access.codes(request.user)
    step = request.POST.get("step") if request.method == "POST" else None
    subject = SubjectForm(request.POST if step == "subject" else None, prefix="subject")
    points = list(item.points.select_related("coding__coder").order_by("coding_id", "pk"))
    recommendation = RecommendationForm(request.POST if step == "recommendation" else None, points=points)
    problems = []
    if request.method == "POST":
        access.require(writes)
        try:
            if step == "subject":
                if subject.is_valid():
                    services.subject_add(
                        review=item,
                        by=request.user,
                        **{k: subject.cleaned_data[k] for k in ("age_band", "sex", "ethnicity")},
                        once=subject.cleaned_data.get("once"),
                    )
                    messages.success(request, _("The subject is added."))
                    return redirect("casereviews:review", pk=item.pk)
            elif step == "recommendation":
                if recommendation.is_valid():
                    data = recommendation.cleaned_data
                    services.recommendation_add(
                        review=item,
                        by=request.user,
                        text=data["text"],
                        addressee=data["addressee"],
                        points=[recommendation.by_pk[p] for p in data["points"]],
                        once=data.get("once"),
                    )
                    messages.success(request, _("The recommendation is added."))
                    return redirect("casereviews:review", pk=item.pk)
            else:
                problems.append("Choose what to add")
        except services.CaseReviewError as problem:
            problems.append(str(problem))
    codings = list(Coding.objects.filter(review=item).select_related("coder"))
    for coding in codings:
        coding.n_points = sum(1 for p in points if p.coding_id == coding.pk)
    return render_checked(
        request,
        "casereviews/review.html",
        {
            "review": item,
            "writes": writes,
            "codable": rules.codable(item),
            "subjects": list(item.subjects.all()),
            "joint": list(item.joint_with.all()),
            "codings": codings,
            "mine": next((c for c in codings if c.coder_id == request.user.pk), None),
            "recommendations": list(item.recommendations.prefetch_related("points")),
            "subject": subject,
            "recommendation": recommendation,
            "history": selectors.review_history(item),
        },
        [subject, recommendation] if request.method == "POST" else None,
        problems,
    )


@access.national_team
@require_http_methods(["GET", "POST"])
def review_edit(request, pk):
    item = access.get_review(pk)
    access.require(access.codes(request.user))
    fields = services.REVIEW_FIELDS + ("joint_with",)
    initial = {k: getattr(item, k) for k in services.REVIEW_FIELDS}
    initial["force"] = str(item.force_id or "")
    initial["joint_with"] = ", ".join(str(r.pk) for r in item.joint_with.all())
    form = ReviewForm(
        posted(request), forces=_forces(), review=item, initial=initial, version=stamp(item, fields)
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.review_update(
                review=item,
                by=request.user,
                fields={k: data[k] for k in services.REVIEW_FIELDS},
                joint_with=data["joint_with"],
                seen=data.get("version") or None,
            )
        except EditConflict as clash:
            conflict = conflicted(form, clash, {k: data[k] for k in services.REVIEW_FIELDS})
        except services.CaseReviewError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, _("The review's record is saved."))
            return redirect("casereviews:review", pk=item.pk)
    return render_checked(
        request,
        "casereviews/review_form.html",
        {"form": form, "review": item, "conflict": conflict},
        form if request.method == "POST" else None,
    )


@access.national_team
@require_http_methods(["GET", "POST"])
def review_screen(request, pk):
    """Screens a review in (police were in contact before the incident) or out, with why."""
    item = access.get_review(pk)
    access.require(access.codes(request.user))
    form = ScreenForm(posted(request), initial={"reason": item.exclusion_reason})
    if request.method == "POST" and form.is_valid():
        try:
            services.review_screen(
                review=item,
                by=request.user,
                include=form.cleaned_data["decision"] == "include",
                reason=form.cleaned_data["reason"],
            )
        except services.CaseReviewError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, _("The review is screened."))
            return redirect("casereviews:review", pk=item.pk)
    return render_checked(
        request,
        "casereviews/screen.html",
        {"form": form, "review": item, "may_include": rules.may_include(item.police_contact)},
        form if request.method == "POST" else None,
    )


@access.national_team
@require_http_methods(["GET", "POST"])
def subject_remove(request, pk, subject_pk):
    item = access.get_review(pk)
    access.require(access.codes(request.user))
    subject = Subject.objects.filter(review=item, pk=subject_pk).first()
    if subject is None:
        from django.http import Http404

        raise Http404("No such subject")
    if request.method == "POST":
        services.subject_remove(subject=subject, by=request.user)
        messages.success(request, _("The subject is removed."))
        return redirect("casereviews:review", pk=item.pk)
    return render(
        request,
        "casereviews/confirm.html",
        {
            "caption": str(item),
            "question": _("Remove this subject?"),
            "consequences": _(
                "{subject} will be removed from the review. Its history keeps a record."
            ).format(subject=subject),
            "button": _("Remove the subject"),
            "cancel": reverse("casereviews:review", args=[item.pk]),
        },
    )


@access.national_team
@require_http_methods(["GET", "POST"])
def review_import(request):
    access.require(access.codes(request.user))
    form = ImportForm(posted(request), request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            count, points = imports.import_coding(upload=form.cleaned_data["file"], by=request.user)
        except RowsRejected as rejected:
            problems = rejected.problems
        except services.CaseReviewError as problem:
            problems = [str(problem)]
        else:
            messages.success(
                request,
                _("{reviews} and {points} imported, coded by you and not yet published.").format(
                    reviews=ngettext("{count} review", "{count} reviews", count).format(count=count),
                    points=ngettext("{count} learning point", "{count} learning points", points).format(
                        count=points
                    ),
                ),
            )
            return redirect("casereviews:reviews")
    return render_checked(
        request,
        "casereviews/import.html",
        {"form": form, "columns": imports.COLUMNS, "required": imports.REQUIRED},
        form if request.method == "POST" else None,
        problems,
        "#id_file",
    )
