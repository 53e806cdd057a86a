"""Running exercises: create, open, close, publish, the rating scale, deadlines and exports."""

import hashlib

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from accounts.mfa import fresh as second_factor_fresh
from benchmarking import access, picture, selectors, services, workbook
from benchmarking.forms import (
    ExerciseEditForm,
    ExerciseForm,
    ExtensionForm,
    RatingScaleForm,
)
from benchmarking.models import Answer, Exercise, Return
from benchmarking.views.common import can_run_exercises, national_return, render_page
from core.concurrency import EditConflict, conflicted, stamp
from core.downloads import XLSX, download
from core.forms import posted
from core.kept_pages import kept_page
from core.paging import page_of
from core.params import whole


def _exercise_or_404(pk) -> Exercise:
    exercise = selectors.exercise_detail(pk)
    if exercise is None:
        raise Http404("No such exercise")
    return exercise


@access.signed_in
@require_http_methods(["GET"])
def home(request):
    """National users see every exercise; force users see their force's returns."""
    user, national = request.user, access.is_national_team(request.user)
    can_run = can_run_exercises(user)
    pages = tuple(
        whole(request.GET.get(name, "1"), default=1, minimum=1) for name in ("returns", "exercises")
    )
    # The same for this person until their roles (cache_version), the returns they see, or any
    # exercise changes: drawn once for each and kept.
    key = (
        f"benchmarking-home:{user.pk}:{user.cache_version}:{selectors.returns_stamp(None if national else user)}"
        f":{selectors.exercises_stamp()}:{int(national)}:{int(can_run)}:{pages[0]}:{pages[1]}"
    )

    def context():
        found = {
            "returns": page_of(selectors.returns_for_user(user), request, param="returns"),
            "mine": selectors.my_answers(user),
            "can": {"run_exercises": can_run},
        }
        if national:
            found["exercises"] = page_of(selectors.exercises_for_national(), request, param="exercises")
            found["queue"] = selectors.review_queue()
        return found

    return kept_page(request, "benchmarking/home.html", key, context)


@access.national_team
@require_http_methods(["GET", "POST"])
def exercise_new(request):
    if not can_run_exercises(request.user):
        raise PermissionDenied
    form = ExerciseForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        exercise = services.exercise_create(
            created_by=request.user,
            version=data["version"],
            title=data["title"],
            instructions=data["instructions"],
            granularity=data["granularity"],
            opens_on=data["opens_on"],
            closes_on=data["closes_on"],
            actions=list(data["actions"]),
            previous=data["previous"],
        )
        messages.success(request, _("Exercise “{title}” created as a draft.").format(title=exercise.title))
        return redirect("benchmarking:exercise", pk=exercise.pk)
    return render_page(request, "exercise_form.html", {"form": form}, form)


@access.national_team
@require_http_methods(["GET", "POST"])
def exercise_edit(request, pk):
    """A draft exercise changed whole, until it opens: title, instructions, dates, what forces
    answer and on which actions, and where each return starts from."""
    if not can_run_exercises(request.user):
        raise PermissionDenied
    found = _exercise_or_404(pk)
    if found.status != Exercise.Status.DRAFT:
        messages.info(request, _("The exercise has opened, so it can no longer be changed."))
        return redirect("benchmarking:exercise", pk=found.pk)
    form = ExerciseEditForm(posted(request), exercise=found, seen=stamp(found, services.EXERCISE_FIELDS))
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.exercise_update(
                exercise=found,
                by=request.user,
                values=form.values(),
                actions=list(form.cleaned_data["actions"]),
                seen=form.cleaned_data["version"],
            )
        except EditConflict as clash:
            conflict = conflicted(form, clash, {**form.values(), "actions": form.cleaned_data["actions"]})
        except services.BenchmarkingError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(
                request, _("The draft exercise is changed.") if changed else _("Nothing had changed.")
            )
            return redirect("benchmarking:exercise", pk=found.pk)
    return render_page(
        request, "exercise_edit.html", {"exercise": found, "form": form, "conflict": conflict}, form
    )


@access.national_team
@require_http_methods(["GET"])
def exercise(request, pk):
    found = Exercise.objects.filter(pk=pk).first()
    if found is None:
        raise Http404("No such exercise")
    can_run = can_run_exercises(request.user)
    if found.status == Exercise.Status.DRAFT:  # (its scale can still change; no returns yet)
        return render(request, "benchmarking/exercise.html", _exercise_context(pk))
    # Once open, what the page shows changes with the exercise's status and its returns
    # (picture.stamp) or an edit of its own fields: drawn once for each and kept.
    fields = (found.title, found.instructions, found.opens_on, found.closes_on, found.granularity)
    key = (
        f"exercise-page:{pk}:{picture.version(found)}:{hashlib.sha256(repr(fields).encode()).hexdigest()}"
        f":{int(can_run)}"
    )
    return kept_page(
        request,
        "benchmarking/exercise.html",
        key,
        lambda: {**_exercise_context(pk), "can": {"run_exercises": can_run}},
    )


def _exercise_context(pk) -> dict:
    exercise = _exercise_or_404(pk)
    returns = list(exercise.returns.all())
    counts = {status: 0 for status in Return.Status.values}
    for record in returns:
        counts[record.status] += 1
    returned = counts[Return.Status.SUBMITTED] + counts[Return.Status.ACCEPTED]
    return {"exercise": exercise, "returns": returns, "counts": counts, "returned": returned}


STATE_CHANGES = {
    "open": (
        services.exercise_open,
        _("Open the exercise"),
        _(
            "The exercise has been opened: every force now has a return, and its leads and contributors are told."
        ),
    ),
    "close": (
        services.exercise_close,
        _("Close the exercise"),
        _("The exercise has been closed: returns are locked."),
    ),
    "publish": (
        services.exercise_publish,
        _("Publish the national picture"),
        _("The exercise has been published."),
    ),
}


@access.national_team
@require_http_methods(["GET", "POST"])
def exercise_change(request, pk, change):
    """A confirmation page, then the change: opening, closing or publishing an exercise."""
    if not can_run_exercises(request.user) or change not in STATE_CHANGES:
        raise PermissionDenied
    exercise = _exercise_or_404(pk)
    service, title, done = STATE_CHANGES[change]
    error = None
    reason = request.POST.get("reason", "") if request.method == "POST" else ""
    if request.method == "POST":
        try:
            if change == "publish":
                if len(reason) > 2000:
                    raise services.BenchmarkingError(_("Keep the reason to 2,000 characters or fewer"))
                service(exercise=exercise, by=request.user, reason=reason)
            else:
                service(exercise=exercise, by=request.user)
        except services.BenchmarkingError as problem:
            error = str(problem)
        else:
            messages.success(request, done)
            return redirect("benchmarking:exercise", pk=exercise.pk)
    checklist = selectors.publish_checklist(exercise) if change == "publish" else None
    return render_page(
        request,
        "exercise_change.html",
        {"exercise": exercise, "change": change, "title": title, "checklist": checklist, "reason": reason},
        problems=[error] if error else None,
        anchor="#reason" if change == "publish" else "#main-content",
    )


@access.national_team
@require_http_methods(["GET", "POST"])
def return_extension(request, pk):
    if not can_run_exercises(request.user):
        raise PermissionDenied
    record = national_return(request, pk)
    form = ExtensionForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.return_extension_grant(
                return_record=record, by=request.user, until=form.cleaned_data["until"]
            )
        except services.BenchmarkingError as problem:
            form.add_error("until", str(problem))
        else:
            messages.success(
                request,
                _("{name} now has until {date}.").format(
                    name=record.organisation.shown_name, date=date_format(form.cleaned_data["until"], "j F Y")
                ),
            )
            return redirect("benchmarking:exercise", pk=record.exercise_id)
    return render_page(request, "return_extension.html", {"record": record, "form": form}, form)


@access.national_team
@second_factor_fresh
@require_http_methods(["GET"])
def exercise_export(request, pk, fmt):
    exercise = _exercise_or_404(pk)
    answers = workbook.export_answers(Answer.objects.filter(return_record__exercise=exercise))
    if fmt == "csv":
        return download(workbook.as_csv(answers), "text/csv", f"exercise-{exercise.pk}.csv")
    if fmt == "xlsx":
        return download(workbook.as_xlsx(answers), XLSX, f"exercise-{exercise.pk}.xlsx")
    raise Http404("No such format")


@access.national_team
@require_http_methods(["GET", "POST"])
def exercise_scale(request, pk):
    if not can_run_exercises(request.user):
        raise PermissionDenied
    exercise = _exercise_or_404(pk)
    form = RatingScaleForm(posted(request), levels=exercise.rating_levels.all())
    if request.method == "POST" and form.is_valid():
        try:
            services.rating_scale_update(exercise=exercise, by=request.user, values=form.values())
        except services.BenchmarkingError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, _("The rating scale is saved."))
            return redirect("benchmarking:exercise", pk=exercise.pk)
    return render_page(request, "exercise_scale.html", {"exercise": exercise, "form": form}, form)
