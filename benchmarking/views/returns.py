"""A force's return: its answers, evidence, owners, workbook and submission."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from benchmarking import access, selectors, services, workbook
from benchmarking.forms import (
    AnswerForm,
    EvidenceFileForm,
    EvidenceLinkForm,
    SubmitForm,
    WorkbookUploadForm,
)
from benchmarking.models import Answer, Return
from benchmarking.rules import reference, return_deadline, review_is_visible
from benchmarking.views.common import rating_levels, render_page, scale_key
from core.concurrency import revision_clash
from core.downloads import XLSX, download, stored_file
from core.forms import drawn, posted
from core.kept_pages import kept_blocks
from core.personal import names_version
from framework import selectors as plan_selectors
from organisations.selectors import writers_of


@access.force_scoped
@require_http_methods(["GET"])
def return_detail(request, pk):
    record, can_edit = access.get_return_for_user(request.user, pk)
    levels = rating_levels(record)
    # The answers and the history are the same for everyone who may read the return, until
    # it changes (every save of an answer moves the return: benchmarking.signals), someone's
    # name does, or the scale does: drawn once for each and kept.
    key = f"return-parts:{record.pk}:{record.updated_at.isoformat()}:{names_version()}:{scale_key(levels)}"
    parts = kept_blocks(
        key, "benchmarking/_return_parts.html", ("answers", "history"), lambda: _parts(record, levels)
    )
    is_lead = access.is_force_lead_of(request.user, record.organisation_id)
    return render(
        request,
        "benchmarking/return.html",
        {
            "record": record,
            "parts": parts,
            "can_edit": can_edit,
            "can_submit": can_edit and is_lead,
            "is_lead": is_lead,
            "deadline": return_deadline(record),
        },
    )


def _parts(record, levels) -> dict:
    answers = selectors.answers_of(record)
    labels = {level.value: level.label for level in levels}
    return {
        "record": record,
        "rows": [(answer, labels.get(answer.rating, "")) for answer in answers],
        "progress": selectors.progress(answers),
        "history": selectors.return_history(record),
    }


@access.force_scoped
@require_http_methods(["GET", "POST"])
def answer_edit(request, pk, answer_pk):
    record, answer, can_edit = access.get_answer_in_return_for_user(request.user, pk, answer_pk)
    if request.method == "POST":
        access.require_write(can_edit)
    levels = rating_levels(record)
    show_review = review_is_visible(record.exercise, national_team=access.is_national_team(request.user))
    draft = request.method == "POST" and "draft" in request.POST
    form = AnswerForm(posted(request), answer=answer, levels=levels, draft=draft)
    from_check = request.GET.get("from") == "check"
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_save(
                answer=answer, by=request.user, revision=form.cleaned_data["revision"], values=form.values()
            )
        except services.ConflictError as clash:
            conflict = revision_clash(form, clash.current, form.values())
        except services.BenchmarkingError as problem:
            form.add_error(None, str(problem))
        else:
            answer.refresh_from_db()
            messages.success(
                request,
                (
                    _("Your answer on {code} {title} is saved.")
                    if answer.is_complete
                    else _(
                        "Your answer on {code} {title} is saved as a draft: complete it before the return is submitted."
                    )
                ).format(code=answer.action.code, title=answer.action.title),
            )
            return redirect("benchmarking:submit" if from_check else "benchmarking:return", pk=record.pk)
    return render_page(
        request,
        "answer_form.html",
        {
            "record": record,
            "answer": answer,
            "form": form,
            # (drawn only for those who may change the answer: the others see a summary; blank,
            # it is the same for everyone until the answer is saved again, which moves its
            # revision and time)
            "form_html": drawn(
                form,
                f"answer:{answer.pk}:{answer.revision}:{answer.updated_at.isoformat()}:{scale_key(levels)}",
            )
            if can_edit
            else form,
            "can_edit": can_edit,
            "conflict": conflict,
            "levels": levels,
            "history": selectors.answer_history(
                answer, show_review=show_review, everything=request.GET.get("history") == "all"
            ),
            "show_review": show_review,
            "last_time": selectors.last_time(answer),
            # Answered by the action sheet's objectives: say so where the toolkit's differ.
            "sets": plan_selectors.objective_sets(answer.action) if answer.objective_id else None,
        },
        form,
    )


@access.force_scoped
@require_http_methods(["GET", "POST"])
def return_submit(request, pk):
    """Check your answers, then sign off: every answer grouped by theme, each with a link to
    change it, the incomplete ones marked; the lead's declaration; then the confirmation."""
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
            return redirect("benchmarking:submitted", pk=record.pk)
    incomplete = [
        (
            reverse("benchmarking:answer", args=[record.pk, answer.pk]),
            f"Complete your answer on {answer.action.code} {answer.action.title}"
            + (f", objective {answer.objective.number}" if answer.objective_id else ""),
        )
        for answer in missing or []
    ]
    answers = selectors.answers_to_check(record)
    labels = {level.value: level.label for level in rating_levels(record)}
    themes: list[dict] = []
    for answer in answers:
        if not themes or themes[-1]["theme"].pk != answer.action.theme_id:
            themes.append({"theme": answer.action.theme, "answers": []})
        themes[-1]["answers"].append((answer, labels.get(answer.rating, "")))
    done = selectors.progress(answers)
    return render_page(
        request,
        "return_submit.html",
        {"record": record, "form": form, "themes": themes, "done": done},
        form,
        items=incomplete,
    )


@access.force_scoped
@require_http_methods(["GET"])
def return_submitted(request, pk):
    """The confirmation after signing off: the return's reference and what happens next."""
    record, _unused = access.get_return_for_user(request.user, pk)
    if record.status not in (Return.Status.SUBMITTED, Return.Status.ACCEPTED) or record.submitted_at is None:
        return redirect("benchmarking:return", pk=record.pk)
    return render(
        request, "benchmarking/return_submitted.html", {"record": record, "reference": reference(record)}
    )


@access.force_scoped
@require_http_methods(["POST"])
def return_share_name(request, pk):
    record, _unused = access.get_return_for_user(request.user, pk)
    if not access.is_force_lead_of(request.user, record.organisation_id):
        raise PermissionDenied("Only the force's vulnerability lead decides this.")
    share = request.POST.get("share_name") == "yes"
    services.return_share_name_set(return_record=record, by=request.user, share=share)
    messages.success(
        request,
        _("Other forces will see your force's name.")
        if share
        else _("Other forces will not see your force's name."),
    )
    return redirect("benchmarking:return", pk=record.pk)


@access.force_scoped
@require_http_methods(["GET"])
def return_workbook_download(request, pk):
    record, _unused = access.get_return_for_user(request.user, pk)
    return download(
        workbook.return_workbook(record), XLSX, f"return-{record.organisation.slug}-{record.exercise_id}.xlsx"
    )


@access.force_scoped
@require_http_methods(["GET"])
def return_csv(request, pk):
    record, _unused = access.get_return_for_user(request.user, pk)
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
                ngettext(
                    "The workbook is uploaded: {count} answer changed.",
                    "The workbook is uploaded: {count} answers changed.",
                    changed,
                ).format(count=changed)
                if changed
                else _("The workbook is uploaded: no answers had changed."),
            )
            return redirect("benchmarking:return", pk=record.pk)
    return render_page(
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


@access.force_scoped
@require_http_methods(["GET", "POST"])
def answer_evidence(request, pk, answer_pk):
    """The evidence for one answer: links and files, added here by the force's editors."""
    record, answer, can_edit = access.get_answer_in_return_for_user(request.user, pk, answer_pk)
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
    return render_page(
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
    record, _unused = access.get_return_for_user(request.user, pk)
    item = _evidence_or_404(record, evidence_pk)
    if not item.file:
        return redirect(item.url)
    # Read in the browser (a reviewer reading evidence beside the answer) where the browser
    # shows the kind itself, sandboxed: nothing in the file runs with the service's rights.
    in_place = request.GET.get("read") == "1" and item.content_type in READ_IN_PLACE
    response = stored_file(item, "evidence", in_place=in_place)
    if in_place:
        response["Content-Security-Policy"] = "sandbox"
    return response


# Kinds of evidence file a browser shows itself.
READ_IN_PLACE = {"application/pdf", "image/png", "image/jpeg"}


@access.force_scoped
@require_http_methods(["GET", "POST"])
def evidence_remove(request, pk, evidence_pk):
    record, can_edit = access.get_return_for_user(request.user, pk)
    item = _evidence_or_404(record, evidence_pk)
    access.require_write(can_edit)
    if request.method == "POST":
        services.evidence_remove(item=item, by=request.user)
        messages.success(request, _("“{title}” is removed.").format(title=item.title))
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
            messages.success(
                request,
                ngettext("Owners saved: {count} change.", "Owners saved: {count} changes.", changed).format(
                    count=changed
                ),
            )
            return redirect("benchmarking:return", pk=record.pk)
    return render_page(
        request,
        "return_assign.html",
        {"record": record, "answers": answers, "people": people, "errors": errors},
        items=errors,
    )
