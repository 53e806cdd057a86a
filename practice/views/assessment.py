"""Assessment, calls for practice and importing examples assessed elsewhere."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from core.forms import posted
from core.rows import RowsRejected
from practice import access, forms, imports, services
from practice.models import Call, Example, LibraryEntry
from practice.views.common import render_page


def _assessable_or_404(pk):
    item = Example.objects.select_related("organisation", "call").filter(pk=pk).first()
    if item is None:
        raise Http404("No such practice example")
    return item


@access.national_team
@require_http_methods(["GET", "POST"])
def assess(request, pk):
    if not access.is_assessor(request.user):
        raise PermissionDenied("Assessment is for national admins and analysts.")
    item = _assessable_or_404(pk)
    form = forms.AssessForm(posted(request), initial={"evidence_stage": item.evidence_stage})
    waiting = item.status in (Example.Status.SUBMITTED, Example.Status.UNDER_ASSESSMENT)
    problems = []
    if not waiting and request.method == "POST":
        problems.append("This example is not waiting for assessment.")
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if item.status == Example.Status.SUBMITTED:
                services.assessment_start(example=item, by=request.user)
            services.assessment_decide(
                example=item,
                by=request.user,
                decision=data["decision"],
                note=data["note"],
                evidence_stage=data["evidence_stage"],
            )
        except services.PracticeError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, _("Decision recorded and the force told."))
            return redirect("practice:example", pk=item.pk)
    return render_page(
        request,
        "assess.html",
        {
            "example": item,
            "form": form,
            "strands": list(item.strands.all()),
            "actions": list(item.actions.all()),
            "decisions": list(item.decisions.select_related("by")),
            "waiting": waiting,
        },
        form,
        problems,
    )


@access.national_team
@require_http_methods(["POST"])
def assess_start(request, pk):
    if not access.is_assessor(request.user):
        raise PermissionDenied("Assessment is for national admins and analysts.")
    item = _assessable_or_404(pk)
    try:
        services.assessment_start(example=item, by=request.user)
    except services.PracticeError as problem:
        messages.error(request, str(problem))
    else:
        messages.success(request, _("You are assessing this example; the force sees it is under assessment."))
    return redirect("practice:assess", pk=item.pk)


@access.signed_in
@require_http_methods(["GET"])
def calls(request):
    return render(
        request,
        "practice/calls.html",
        {
            "calls": list(Call.objects.all()),
            "today": timezone.localdate(),
        },
    )


def _call_or_404(pk) -> Call:
    item = Call.objects.filter(pk=pk).first()
    if item is None:
        raise Http404("No such call for practice")
    return item


@access.signed_in
@require_http_methods(["GET"])
def call(request, pk):
    item = _call_or_404(pk)
    forces = access.forces_of(request.user)
    own = Example.objects.filter(call=item, organisation_id__in=forces).select_related("organisation")
    return render(
        request,
        "practice/call.html",
        {
            "call": item,
            "entries": list(LibraryEntry.objects.filter(call=item).select_related("organisation")[:200]),
            "own": list(own),
            "can_submit": access.force_written_by(request.user) is not None,
            "submitted": Example.objects.filter(call=item).exclude(status=Example.Status.DRAFT).count()
            if access.is_national_team(request.user)
            else None,
            "today": timezone.localdate(),
        },
    )


@access.national_team
@require_http_methods(["GET", "POST"])
def call_form(request, pk=None):
    if not access.is_assessor(request.user):
        raise PermissionDenied("Calls for practice are run by national admins and analysts.")
    item = _call_or_404(pk) if pk is not None else None
    initial = (
        {name: getattr(item, name) for name in ("title", "scope", "guidance", "opens_on", "closes_on")}
        if item
        else {}
    )
    form = forms.CallForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = services.call_save(call=item, by=request.user, values=form.cleaned_data)
        messages.success(request, _("Call for practice saved."))
        return redirect("practice:call", pk=saved.pk)
    return render_page(request, "call_form.html", {"call": item, "form": form}, form)


@access.national_team
@require_http_methods(["GET", "POST"])
def import_examples(request):
    if not access.is_assessor(request.user):
        raise PermissionDenied("Imports are for national admins and analysts.")
    form = forms.ImportForm(posted(request), request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            count = imports.import_examples(upload=form.cleaned_data["file"], by=request.user)
        except RowsRejected as rejected:
            problems = rejected.problems
        else:
            messages.success(
                request,
                ngettext(
                    "{count} example added to the library.", "{count} examples added to the library.", count
                ).format(count=count),
            )
            return redirect(reverse("practice:home"))
    return render_page(
        request,
        "import.html",
        {"form": form, "problems": problems, "columns": imports.COLUMNS, "required": imports.REQUIRED},
        form,
        problems,
        "#id_file",
    )
