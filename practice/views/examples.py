"""A force's examples: writing, submitting, attachments and history, and drafts from benchmarking answers."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from benchmarking.selectors import answer_for_user
from core.concurrency import EditConflict, conflicted, stamp
from core.forms import posted
from core.history import changes
from core.params import whole
from practice import access, forms, services
from practice.models import CONTENT_FIELDS, Attachment, Call, Example, LibraryEntry
from practice.views.common import attachment_file, render_page


@access.signed_in
@require_http_methods(["GET"])
def examples(request):
    """Force users: their force's examples and where each stands. The national team: every
    submitted example, for assessment (or every example with ?status=all)."""
    user = request.user
    items = Example.objects.select_related("organisation", "call").annotate(
        n_attachments=Count("attachments")
    )
    national = access.is_national_team(user)
    status = request.GET.get("status", "")
    if national:
        if status != "all":
            items = items.filter(status__in=[Example.Status.SUBMITTED, Example.Status.UNDER_ASSESSMENT])
        items = items.order_by("updated_at")
    else:
        forces = access.forces_of(user)
        items = items.filter(organisation_id__in=forces)
    return render(
        request,
        "practice/examples.html",
        {
            "examples": list(items[:500]),
            "national": national,
            "status": status,
            "can_submit": access.force_written_by(user) is not None,
        },
    )


def _example_form_initial(example):
    initial = {name: getattr(example, name) for name in CONTENT_FIELDS}
    initial.update(
        strands=list(example.strands.all()),
        actions=list(example.actions.all()),
        objectives=list(example.objectives.all()),
        call=example.call,
    )
    return initial


@access.signed_in
@require_http_methods(["GET", "POST"])
def example_new(request):
    force = access.force_written_by(request.user)
    if force is None:
        raise PermissionDenied("Practice examples are written by a force's lead and contributors.")
    call_pk = whole(request.GET.get("call"), minimum=1)
    call = Call.objects.filter(pk=call_pk).first() if call_pk else None
    form = forms.ExampleForm(posted(request), initial={"call": call})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        example = services.example_create(
            organisation=force,
            by=request.user,
            values=form.content(),
            strands=data["strands"],
            actions=data["actions"],
            objectives=data["objectives"],
            call=data["call"],
            once=data["once"],
        )
        messages.success(
            request, _("Example saved as a draft. Add attachments, then submit it when it is ready.")
        )
        return redirect("practice:example", pk=example.pk)
    return render_page(request, "example_form.html", {"form": form, "force": force, "example": None}, form)


@access.force_scoped
@require_http_methods(["GET"])
def example(request, pk):
    from django.db.models import prefetch_related_objects

    item, can_edit = access.get_example_for_user(request.user, pk)
    # Read once: listed on the page and checked for what is missing before submission.
    prefetch_related_objects([item], "strands", "actions")
    entry = LibraryEntry.objects.filter(example=item).first()
    return render(
        request,
        "practice/example.html",
        {
            "example": item,
            "can_edit": can_edit and item.is_editable,
            "can_submit": can_edit
            and item.status in (Example.Status.DRAFT, Example.Status.MORE_INFO, Example.Status.NOT_ACCEPTED),
            "entry": entry,
            "decisions": list(item.decisions.select_related("by")),
            "attachments": list(item.attachments.all()),
            "strands": list(item.strands.all()),
            "actions": list(item.actions.all()),
            "objectives": list(item.objectives.select_related("action")),
            "missing": services.missing_for_submission(item) if can_edit else [],
            "can_change_owner": can_edit,
        },
    )


@access.force_scoped
@require_http_methods(["GET", "POST"])
def example_owner(request, pk):
    """Who in the force answers for the example: chosen from the people who write its work."""
    from organisations.selectors import writers_of

    item, can_edit = access.get_example_for_user(request.user, pk)
    access.require_write(can_edit)
    form = forms.OwnerForm(posted(request), people=writers_of(item.organisation_id), initial_owner=item.owner)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.example_owner_set(
                example=item, owner=form.cleaned_data["owner"], by=request.user, was=form.cleaned_data["was"]
            )
        except services.PracticeError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, _("The owner is changed.") if changed else _("Nothing had changed."))
            return redirect("practice:example", pk=item.pk)
    return render_page(request, "example_owner.html", {"example": item, "form": form}, form)


@access.force_scoped
@require_http_methods(["GET", "POST"])
def example_edit(request, pk):
    item, can_edit = access.get_example_for_user(request.user, pk)
    access.require_write(can_edit)
    form = forms.ExampleForm(
        posted(request), initial=_example_form_initial(item), version=stamp(item, services.EDITED_FIELDS)
    )
    conflict = None
    if not item.is_editable:
        form.add_error(
            None, _("The national team is assessing this example: it cannot be changed until they finish.")
        )
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        values = form.content()
        values["call"] = data["call"]
        try:
            changed = services.example_update(
                example=item,
                by=request.user,
                values=values,
                strands=data["strands"],
                actions=data["actions"],
                objectives=data["objectives"],
                seen=data["version"],
            )
        except EditConflict as clash:
            conflict = conflicted(
                form, clash, {**values, **{k: data[k] for k in ("strands", "actions", "objectives")}}
            )
        except services.PracticeError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, _("Changes saved.") if changed else _("Nothing had changed."))
            return redirect("practice:example", pk=item.pk)
    return render_page(
        request,
        "example_form.html",
        {"form": form, "force": item.organisation, "example": item, "conflict": conflict},
        form,
    )


@access.force_scoped
@require_http_methods(["GET", "POST"])
def example_submit(request, pk):
    item, can_edit = access.get_example_for_user(request.user, pk)
    access.require_write(can_edit)
    problems = []
    if request.method == "POST":
        try:
            services.example_submit(example=item, by=request.user)
        except services.PracticeError as problem:
            problems = str(problem).split("; ")
        else:
            messages.success(
                request, _("Submitted. The national team will assess it and tell you what they decide.")
            )
            return redirect("practice:example", pk=item.pk)
    return render_page(request, "example_submit.html", {"example": item}, problems=problems)


@access.force_scoped
@require_http_methods(["GET", "POST"])
def attachment_add(request, pk):
    item, can_edit = access.get_example_for_user(request.user, pk)
    access.require_write(can_edit)
    form = forms.AttachmentForm(posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.attachment_add(
                example=item,
                by=request.user,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
            )
        except services.PracticeError as problem:
            form.add_error("file", str(problem))
        else:
            messages.success(request, _("File attached."))
            return redirect("practice:example", pk=item.pk)
    return render_page(request, "attachment_form.html", {"example": item, "form": form}, form)


def _attachment_or_404(example, attachment_pk):
    item = example.attachments.filter(pk=attachment_pk).first()
    if item is None:
        raise Http404("No such attachment")
    return item


@access.force_scoped
@require_http_methods(["GET"])
def attachment_download(request, pk, attachment_pk):
    item, _can_change = access.get_example_for_user(request.user, pk)
    return attachment_file(_attachment_or_404(item, attachment_pk))


@access.force_scoped
@require_http_methods(["GET", "POST"])
def attachment_remove(request, pk, attachment_pk):
    item, can_edit = access.get_example_for_user(request.user, pk)
    access.require_write(can_edit)
    attachment = _attachment_or_404(item, attachment_pk)
    error = None
    if request.method == "POST":
        try:
            services.attachment_remove(item=attachment, by=request.user)
        except services.PracticeError as problem:
            error = str(problem)
        else:
            messages.success(request, _("Attachment removed."))
            return redirect("practice:example", pk=item.pk)
    return render_page(
        request,
        "attachment_remove.html",
        {"example": item, "attachment": attachment},
        problems=[error] if error else None,
    )


FIELD_LABELS = {
    "title": "Title",
    "summary": "Summary",
    "problem": "Problem",
    "what_was_done": "What was done",
    "partners": "Partners",
    "evidence_stage": "Evidence stage",
    "outcome": "Outcome",
    "evaluation_details": "Evaluation details",
    "evaluation_link": "Evaluation link",
    "outcomes": "Outcomes",
    "resources_costs": "Resources and costs",
    "start_date": "Start date",
    "delivery_status": "Status of the practice",
    "contact_name": "Contact name",
    "contact_email": "Contact email",
    "status": "Status",
    "assessor_note": "Assessment note",
}


@access.force_scoped
@require_http_methods(["GET"])
def example_history(request, pk):
    item, _can_change = access.get_example_for_user(request.user, pk)
    from framework.models import Action, Objective
    from practice.models import Strand

    entries = changes(
        item.history.select_related("history_user"),
        {
            **FIELD_LABELS,
            "strands": _("Vulnerability strands"),
            "actions": _("Actions"),
            "objectives": _("Objectives"),
        },
        lambda r: _("The example"),
        {
            "status": dict(Example.Status.choices),
            "strands": dict(Strand.objects.values_list("pk", "name")),
            "actions": {
                a.pk: a.code for a in Action.objects.filter(version__framework__slug="nvap").only("code")
            },
            "objectives": {
                o.pk: f"{o.action.code} objective {o.number}"
                for o in Objective.objects.select_related("action")
            },
        },
    )
    entries += changes(
        Attachment.history.filter(example_id=item.pk).select_related("history_user"),
        {"title": _("Title")},
        lambda r: _("Attachment “{title}”").format(title=r.title),
    )
    entries.sort(key=lambda e: e["when"], reverse=True)
    return render(
        request,
        "practice/history.html",
        {"example": item, "entries": entries, "decisions": list(item.decisions.select_related("by"))},
    )


@access.force_scoped
@require_http_methods(["GET", "POST"])
def from_answer(request, answer_pk):
    """A confirmation page, then a draft example from a flagged benchmarking answer."""
    answer, can_edit, review_visible = answer_for_user(request.user, answer_pk)
    allowed = can_edit or access.is_assessor(request.user)
    existing = answer.practice_examples.first()
    problems = []
    if request.method == "POST":
        access.require_write(allowed and review_visible)
        try:
            example, created = services.example_from_answer(answer=answer, by=request.user)
        except services.PracticeError as problem:
            problems = [str(problem)]
        else:
            messages.success(
                request,
                _("Draft practice example made from the answer: complete it and submit it.")
                if created
                else _("This answer already has a practice example."),
            )
            return redirect("practice:example", pk=example.pk)
    return render_page(
        request,
        "from_answer.html",
        {"answer": answer, "existing": existing, "allowed": allowed, "review_visible": review_visible},
        problems=problems,
    )
