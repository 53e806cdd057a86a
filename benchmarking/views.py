"""Benchmarking pages: the national team runs exercises and reviews returns; forces answer,
check completion and submit. Views parse, call a service, render."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods

from benchmarking import access, picture, selectors, services, workbook
from benchmarking.forms import (
    AnswerForm,
    EvidenceFileForm,
    EvidenceLinkForm,
    ExerciseForm,
    ExtensionForm,
    KeyFindingForm,
    RatingScaleForm,
    ReviewAnswerForm,
    SendBackForm,
    SubmitForm,
    WorkbookUploadForm,
)
from benchmarking.models import Answer, Exercise, Return
from benchmarking.rules import return_deadline, review_is_final, review_is_visible
from core.concurrency import clash_message, shown
from core.downloads import XLSX, download, pdf_download, svg_response
from core.forms import posted, render_checked
from organisations.selectors import writers_of


def _can_run_exercises(user) -> bool:
    return access.can(user, access.Can.RUN_EXERCISES)


def _exercise_or_404(pk) -> Exercise:
    exercise = selectors.exercise_detail(pk)
    if exercise is None:
        raise Http404("No such exercise")
    return exercise


def _render(request, template, context, form=None, problems=None, **kwargs):
    return render_checked(request, f"benchmarking/{template}", context, form, problems, **kwargs)


@access.signed_in
@require_http_methods(["GET"])
def home(request):
    """National users see every exercise; force users see their force's returns."""
    context = {
        "returns": selectors.returns_for_user(request.user),
        "mine": selectors.my_answers(request.user),
    }
    if access.is_national_team(request.user):
        context["exercises"] = selectors.exercises_for_national()
        context["queue"] = selectors.review_queue()
    return render(request, "benchmarking/home.html", context)


@access.national_team
@require_http_methods(["GET", "POST"])
def exercise_new(request):
    if not _can_run_exercises(request.user):
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
        messages.success(request, f"Exercise “{exercise.title}” created as a draft.")
        return redirect("benchmarking:exercise", pk=exercise.pk)
    return _render(request, "exercise_form.html", {"form": form}, form)


@access.national_team
@require_http_methods(["GET"])
def exercise(request, pk):
    exercise = _exercise_or_404(pk)
    returns = list(exercise.returns.all())
    counts = {status: 0 for status in Return.Status.values}
    for record in returns:
        counts[record.status] += 1
    returned = counts[Return.Status.SUBMITTED] + counts[Return.Status.ACCEPTED]
    return render(
        request,
        "benchmarking/exercise.html",
        {
            "exercise": exercise,
            "returns": returns,
            "counts": counts,
            "returned": returned,
        },
    )


STATE_CHANGES = {
    "open": (services.exercise_open, "Open the exercise", "opened: every force now has a return"),
    "close": (services.exercise_close, "Close the exercise", "closed: returns are locked"),
    "publish": (services.exercise_publish, "Publish the national picture", "published"),
}


@access.national_team
@require_http_methods(["GET", "POST"])
def exercise_change(request, pk, change):
    """A confirmation page, then the change: opening, closing or publishing an exercise."""
    if not _can_run_exercises(request.user) or change not in STATE_CHANGES:
        raise PermissionDenied
    exercise = _exercise_or_404(pk)
    service, title, done = STATE_CHANGES[change]
    error = None
    if request.method == "POST":
        try:
            service(exercise=exercise, by=request.user)
        except services.BenchmarkingError as problem:
            error = str(problem)
        else:
            messages.success(request, f"The exercise has been {done}.")
            return redirect("benchmarking:exercise", pk=exercise.pk)
    return _render(
        request,
        "exercise_change.html",
        {"exercise": exercise, "change": change, "title": title},
        problems=[error] if error else None,
    )


def _levels(record):
    return list(record.exercise.rating_levels.all())


@access.force_scoped
@require_http_methods(["GET"])
def return_detail(request, pk):
    record, can_edit = access.get_return_for_user(request.user, pk)
    answers = selectors.answers_of(record)
    return render(
        request,
        "benchmarking/return.html",
        {
            "record": record,
            "answers": answers,
            "progress": selectors.progress(answers),
            "can_edit": can_edit,
            "can_submit": can_edit and access.is_force_lead_of(request.user, record.organisation_id),
            "is_lead": access.is_force_lead_of(request.user, record.organisation_id),
            "history": selectors.return_history(record),
            "deadline": return_deadline(record),
            "levels": {level.value: level.label for level in _levels(record)},
        },
    )


def _answer_or_404(record, answer_pk):
    answer = record.answers.select_related("action", "objective", "updated_by").filter(pk=answer_pk).first()
    if answer is None:
        raise Http404("No such answer")
    return answer


@access.force_scoped
@require_http_methods(["GET", "POST"])
def answer_edit(request, pk, answer_pk):
    record, can_edit = access.get_return_for_user(request.user, pk)
    answer = _answer_or_404(record, answer_pk)
    if request.method == "POST":
        access.require_write(can_edit)
    levels = _levels(record)
    show_review = review_is_visible(record.exercise, national_team=access.is_national_team(request.user))
    form = AnswerForm(posted(request), answer=answer, levels=levels)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_save(
                answer=answer, by=request.user, revision=form.cleaned_data["revision"], values=form.values()
            )
        except services.ConflictError as clash:
            current, yours = clash.current, form.values()
            form.add_error(None, clash_message(current.updated_by))
            form.data = form.data.copy()
            form.data["revision"] = current.revision
            rows = [
                {
                    "label": form.fields[name].label,
                    "theirs": shown(getattr(current, name)),
                    "yours": shown(mine),
                }
                for name, mine in yours.items()
                if shown(getattr(current, name)) != shown(mine)
            ]
            conflict = {"by": current.updated_by, "rows": rows}
        except services.BenchmarkingError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, f"Your answer on {answer.action.code} {answer.action.title} is saved.")
            return redirect("benchmarking:return", pk=record.pk)
    return _render(
        request,
        "answer_form.html",
        {
            "record": record,
            "answer": answer,
            "form": form,
            "can_edit": can_edit,
            "conflict": conflict,
            "levels": levels,
            "history": selectors.answer_history(answer, show_review=show_review),
            "show_review": show_review,
        },
        form,
    )


@access.force_scoped
@require_http_methods(["GET", "POST"])
def return_submit(request, pk):
    record, can_edit = access.get_return_for_user(request.user, pk)
    if not (can_edit and access.is_force_lead_of(request.user, record.organisation_id)):
        raise PermissionDenied("Only the force's vulnerability lead can submit its return.")
    form = SubmitForm(posted(request))
    missing = []
    if request.method == "POST":
        try:
            services.return_submit(
                return_record=record, by=request.user, declaration=bool(request.POST.get("declaration"))
            )
        except services.IncompleteReturnError as problem:
            missing = problem.missing
            form.is_valid()
        except services.BenchmarkingError:
            form.is_valid()
        else:
            messages.success(request, "Your return has been submitted to the national team.")
            return redirect("benchmarking:return", pk=record.pk)
    incomplete = [
        (
            reverse("benchmarking:answer", args=[record.pk, answer.pk]),
            f"Complete your answer on {answer.action.code} {answer.action.title}"
            + (f", objective {answer.objective.number}" if answer.objective_id else ""),
        )
        for answer in missing or []
    ]
    return _render(request, "return_submit.html", {"record": record, "form": form}, form, items=incomplete)


def _national_return(request, pk):
    record, _ = access.get_return_for_user(request.user, pk)
    return record


@access.national_team
@require_http_methods(["GET", "POST"])
def return_review(request, pk):
    if request.method == "POST" and not _can_run_exercises(request.user):
        raise PermissionDenied("Only national analysts and admins accept or return a return.")
    record = _national_return(request, pk)
    answers = selectors.answers_of(record)
    form = SendBackForm(posted(request)) if request.POST.get("decision") == "send_back" else SendBackForm()
    error = None
    if request.method == "POST":
        try:
            if request.POST.get("decision") == "accept":
                services.return_accept(return_record=record, by=request.user)
                messages.success(request, f"{record.organisation.name}'s return is accepted.")
                return redirect("benchmarking:exercise", pk=record.exercise_id)
            if form.is_valid():
                services.return_send_back(
                    return_record=record, by=request.user, comment=form.cleaned_data["comment"]
                )
                messages.success(
                    request, f"The return has gone back to {record.organisation.name} with your comment."
                )
                return redirect("benchmarking:exercise", pk=record.exercise_id)
        except services.BenchmarkingError as problem:
            error = str(problem)
    return _render(
        request,
        "return_review.html",
        {
            "record": record,
            "answers": answers,
            "form": form,
            "levels": {level.value: level.label for level in _levels(record)},
        },
        form,
        problems=[error] if error else None,
    )


@access.national_team
@require_http_methods(["GET", "POST"])
def answer_review(request, pk, answer_pk):
    if request.method == "POST" and not _can_run_exercises(request.user):
        raise PermissionDenied("Only national analysts and admins review answers.")
    record = _national_return(request, pk)
    answer = _answer_or_404(record, answer_pk)
    form = ReviewAnswerForm(posted(request), answer=answer, levels=_levels(record))
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_review(answer=answer, by=request.user, values=form.cleaned_data)
        except services.BenchmarkingError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, f"Your review of {answer.action.code} is saved.")
            return redirect("benchmarking:review", pk=record.pk)
    return _render(
        request,
        "answer_review.html",
        {
            "record": record,
            "answer": answer,
            "form": form,
            "history": selectors.answer_history(answer, show_review=True),
        },
        form,
    )


@access.national_team
@require_http_methods(["GET", "POST"])
def return_extension(request, pk):
    if not _can_run_exercises(request.user):
        raise PermissionDenied
    record = _national_return(request, pk)
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
                request, f"{record.organisation.name} now has until {form.cleaned_data['until']:%-d %B %Y}."
            )
            return redirect("benchmarking:exercise", pk=record.exercise_id)
    return _render(request, "return_extension.html", {"record": record, "form": form}, form)


def _organisation_ids(user) -> set[int]:
    return {m.organisation_id for m in access.memberships_of(user)}


@access.signed_in
@require_http_methods(["GET"])
def national_picture(request, pk):
    exercise = access.get_exercise_picture_for_user(request.user, pk)
    national = access.is_national_team(request.user)
    data = picture.for_viewer(
        picture.build(exercise), exercise, national=national, organisation_ids=_organisation_ids(request.user)
    )
    findings = {f.action_id: f for f in exercise.key_findings.all()}
    for row in data["actions"]:
        row["finding"] = findings.get(row["id"])
    return render(
        request,
        "benchmarking/picture.html",
        {
            "exercise": exercise,
            "picture": data,
            "national": national,
            "can_write": _can_write_findings(request.user) and not review_is_final(exercise),
        },
    )


def _can_write_findings(user) -> bool:
    return access.can(user, access.Can.REVIEW_RETURNS)


DRILLS = {
    "promising": ("with promising practice", lambda a: a.promising_practice),
    "gap-self": ("with a gap the force identified", lambda a: a.sees_gap and not a.reviewer_sees_gap),
    "gap-reviewer": ("with a gap the reviewer identified", lambda a: a.reviewer_sees_gap and not a.sees_gap),
    "gap-both": ("with a gap both identified", lambda a: a.sees_gap and a.reviewer_sees_gap),
}


@access.national_team
@require_http_methods(["GET"])
def picture_answers(request, pk, code, show, value=None):
    """The answers behind a count in the national picture (national team only)."""
    exercise = access.get_exercise_picture_for_user(request.user, pk)
    action = exercise.actions.filter(code=code).first()
    if action is None:
        raise Http404("No such action in this exercise")
    if show in DRILLS:
        description, keep = DRILLS[show]
    elif show == "rated" and value is not None:
        description, keep = f"rated {value}", lambda a: a.rating == value
    else:
        raise Http404("No such count")
    answers = [
        a
        for a in Answer.objects.filter(
            return_record__exercise=exercise, return_record__status__in=picture.COUNTED, action=action
        ).select_related("return_record__organisation", "objective")
        if keep(a)
    ]
    return render(
        request,
        "benchmarking/picture_answers.html",
        {"exercise": exercise, "action": action, "answers": answers, "description": description},
    )


@access.national_team
@require_http_methods(["GET", "POST"])
def key_finding(request, pk, code):
    if not _can_write_findings(request.user):
        raise PermissionDenied
    exercise = access.get_exercise_picture_for_user(request.user, pk)
    action = exercise.actions.filter(code=code).first()
    if action is None:
        raise Http404("No such action in this exercise")
    current = exercise.key_findings.filter(action=action).first()
    form = KeyFindingForm(posted(request), initial={"text": current.text if current else ""})
    if request.method == "POST" and form.is_valid():
        services.key_finding_save(
            exercise=exercise, action=action, by=request.user, text=form.cleaned_data["text"]
        )
        messages.success(request, f"Key findings for {action.code} saved.")
        return redirect("benchmarking:picture", pk=exercise.pk)
    return _render(request, "key_finding.html", {"exercise": exercise, "action": action, "form": form}, form)


def _report_context(request, pk):
    record = access.get_report_for_user(request.user, pk)
    data = picture.build(record.exercise)
    answers = selectors.answers_of(record)
    findings = {f.action_id: f.text for f in record.exercise.key_findings.all()}
    rows = picture.force_report(data, record, answers)
    for row in rows:
        row["finding"] = findings.get(row["id"], "")
    return {
        "record": record,
        "rows": rows,
        "levels": data["levels"],
        "returned": data["returned"],
        "total": data["total"],
    }


@access.force_scoped
@require_http_methods(["GET"])
def return_report(request, pk):
    return render(request, "benchmarking/report.html", _report_context(request, pk))


@access.force_scoped
@require_http_methods(["GET"])
def return_report_pdf(request, pk):
    context = _report_context(request, pk)
    record = context["record"]
    return pdf_download(
        request,
        "benchmarking/report_pdf.html",
        context,
        f"benchmarking-report-{record.organisation.slug}-{record.exercise_id}.pdf",
    )


@access.force_scoped
@require_http_methods(["POST"])
def return_share_name(request, pk):
    record, _ = access.get_return_for_user(request.user, pk)
    if not access.is_force_lead_of(request.user, record.organisation_id):
        raise PermissionDenied("Only the force's vulnerability lead decides this.")
    share = request.POST.get("share_name") == "yes"
    services.return_share_name_set(return_record=record, by=request.user, share=share)
    messages.success(
        request,
        "Other forces will see your force's name."
        if share
        else "Other forces will not see your force's name.",
    )
    return redirect("benchmarking:return", pk=record.pk)


@access.force_scoped
@require_http_methods(["GET"])
def return_workbook_download(request, pk):
    record, _ = access.get_return_for_user(request.user, pk)
    return download(
        workbook.return_workbook(record), XLSX, f"return-{record.organisation.slug}-{record.exercise_id}.xlsx"
    )


@access.force_scoped
@require_http_methods(["GET"])
def return_csv(request, pk):
    record, _ = access.get_return_for_user(request.user, pk)
    answers = workbook.export_answers(Answer.objects.filter(return_record=record))
    show_review = review_is_visible(record.exercise, national_team=access.is_national_team(request.user))
    return download(
        workbook.as_csv(answers, show_review),
        "text/csv",
        f"return-{record.organisation.slug}-{record.exercise_id}.csv",
    )


@access.force_scoped
@require_http_methods(["GET", "POST"])
def return_workbook_upload(request, pk):
    record, can_edit = access.get_return_for_user(request.user, pk)
    access.require_write(can_edit)
    form = WorkbookUploadForm(posted(request), request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            rows = workbook.read_upload(form.cleaned_data["file"])
            changed = workbook.return_upload(return_record=record, by=request.user, rows=rows)
        except workbook.WorkbookRejected as rejected:
            problems = rejected.problems
        except services.BenchmarkingError as problem:
            form.add_error("file", str(problem))
        else:
            messages.success(
                request,
                f"The workbook is uploaded: {changed} answer{'s' if changed != 1 else ''} changed."
                if changed
                else "The workbook is uploaded: no answers had changed.",
            )
            return redirect("benchmarking:return", pk=record.pk)
    return _render(
        request,
        "return_upload.html",
        {"record": record, "form": form, "problems": problems},
        form,
        problems,
        anchor="#id_file",
        title=f"The workbook has {len(problems)} problem{'s' if len(problems) != 1 else ''}: nothing was saved"
        if problems
        else None,
    )


@access.national_team
@require_http_methods(["GET"])
def exercise_export(request, pk, fmt):
    exercise = _exercise_or_404(pk)
    answers = workbook.export_answers(Answer.objects.filter(return_record__exercise=exercise))
    if fmt == "csv":
        return download(workbook.as_csv(answers), "text/csv", f"exercise-{exercise.pk}.csv")
    if fmt == "xlsx":
        return download(workbook.as_xlsx(answers), XLSX, f"exercise-{exercise.pk}.xlsx")
    raise Http404("No such format")


@access.force_scoped
@require_http_methods(["GET", "POST"])
def answer_evidence(request, pk, answer_pk):
    """The evidence for one answer: links and files, added here by the force's editors."""
    record, can_edit = access.get_return_for_user(request.user, pk)
    answer = _answer_or_404(record, answer_pk)
    forms = {kind: form_class() for kind, (form_class, *_rest) in EVIDENCE_KINDS.items()}
    if request.method == "POST":
        access.require_write(can_edit)
        kind = "link" if request.POST.get("kind") == "link" else "file"
        form_class, error_field, done, add = EVIDENCE_KINDS[kind]
        form = forms[kind] = form_class(request.POST, request.FILES)
        if form.is_valid():
            try:
                add(answer=answer, by=request.user, data=form.cleaned_data)
            except services.BenchmarkingError as problem:
                form.add_error(error_field, str(problem))
            else:
                messages.success(request, done)
                return redirect("benchmarking:evidence", pk=record.pk, answer_pk=answer.pk)
    return _render(
        request,
        "evidence.html",
        {
            "record": record,
            "answer": answer,
            "items": list(answer.evidence.select_related("added_by")),
            "link_form": forms["link"],
            "file_form": forms["file"],
            "can_edit": can_edit,
        },
        [forms["link"], forms["file"]],
    )


# Each kind of evidence: its form, the field that carries a refusal, the confirmation, the write.
EVIDENCE_KINDS = {
    "link": (
        EvidenceLinkForm,
        "link_url",
        "The link is added.",
        lambda *, answer, by, data: services.evidence_link_add(
            answer=answer, by=by, title=data["link_title"], url=data["link_url"]
        ),
    ),
    "file": (
        EvidenceFileForm,
        "upload",
        "The file is uploaded.",
        lambda *, answer, by, data: services.evidence_file_add(
            answer=answer, by=by, title=data["file_title"], upload=data["upload"]
        ),
    ),
}


def _evidence_or_404(record, evidence_pk):
    from benchmarking.models import Evidence

    item = (
        Evidence.objects.select_related("answer").filter(pk=evidence_pk, answer__return_record=record).first()
    )
    if item is None:
        raise Http404("No such evidence")
    return item


@access.force_scoped
@require_http_methods(["GET"])
def evidence_download(request, pk, evidence_pk):
    from django.http import FileResponse

    record, _ = access.get_return_for_user(request.user, pk)
    item = _evidence_or_404(record, evidence_pk)
    if not item.file:
        return redirect(item.url)
    from core.documents import extension_for

    filename = f"{slugify(item.title) or 'evidence'}.{extension_for(item.content_type)}"
    return FileResponse(
        item.file.open("rb"), as_attachment=True, filename=filename, content_type=item.content_type
    )


@access.force_scoped
@require_http_methods(["GET", "POST"])
def evidence_remove(request, pk, evidence_pk):
    record, can_edit = access.get_return_for_user(request.user, pk)
    item = _evidence_or_404(record, evidence_pk)
    access.require_write(can_edit)
    if request.method == "POST":
        services.evidence_remove(item=item, by=request.user)
        messages.success(request, f"“{item.title}” is removed.")
        return redirect("benchmarking:evidence", pk=record.pk, answer_pk=item.answer_id)
    return render(request, "benchmarking/evidence_remove.html", {"record": record, "item": item})


@access.force_scoped
@require_http_methods(["GET", "POST"])
def return_assign(request, pk):
    """The force lead gives each action an owner from the force's leads and contributors."""
    record, can_edit = access.get_return_for_user(request.user, pk)
    if not (can_edit and access.is_force_lead_of(request.user, record.organisation_id)):
        raise PermissionDenied("Only the force's vulnerability lead assigns actions.")
    answers = selectors.answers_of(record)
    people = writers_of(record.organisation_id)
    by_pk = {str(p.pk): p for p in people}
    errors = []
    if request.method == "POST":
        assignments = {}
        for answer in answers:
            value = request.POST.get(f"answer-{answer.pk}", "")
            if value and value not in by_pk:
                errors.append(
                    (f"#answer-{answer.pk}", f"Choose someone from the list for {answer.action.code}")
                )
                continue
            assignments[answer.pk] = by_pk.get(value)
        if not errors:
            changed = services.answers_assign(return_record=record, by=request.user, assignments=assignments)
            messages.success(request, f"Owners saved: {changed} change{'s' if changed != 1 else ''}.")
            return redirect("benchmarking:return", pk=record.pk)
    return _render(
        request,
        "return_assign.html",
        {"record": record, "answers": answers, "people": people, "errors": errors},
        items=errors,
    )


@access.signed_in
@require_http_methods(["GET"])
def national_picture_chart(request, pk):
    exercise = access.get_exercise_picture_for_user(request.user, pk)
    svg = picture.chart_svg(exercise)
    if svg is None:
        raise Http404("No ratings to chart yet")
    return svg_response(svg, "private, max-age=300")


@access.national_team
@require_http_methods(["GET", "POST"])
def exercise_scale(request, pk):
    if not _can_run_exercises(request.user):
        raise PermissionDenied
    exercise = _exercise_or_404(pk)
    form = RatingScaleForm(posted(request), levels=exercise.rating_levels.all())
    if request.method == "POST" and form.is_valid():
        try:
            services.rating_scale_update(exercise=exercise, by=request.user, values=form.values())
        except services.BenchmarkingError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, "The rating scale is saved.")
            return redirect("benchmarking:exercise", pk=exercise.pk)
    return _render(request, "exercise_scale.html", {"exercise": exercise, "form": form}, form)
