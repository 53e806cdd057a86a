"""Forces' questions to the national team, from the find-help page, and the answers."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from core.concurrency import EditConflict, conflicted, stamp
from core.forms import posted
from core.history import changes
from framework import selectors as plan_selectors
from practice import access, forms, services
from practice.models import HelpRequest
from practice.views.common import render_page


@access.force_scoped
@require_http_methods(["GET", "POST"])
def help_ask(request, slug):
    """A force's writers ask the national team for help on one of the plan's actions (the one
    named in ?action= chosen already)."""
    organisation, can_write = access.get_organisation_for_user(request.user, slug)
    if not organisation.is_force:
        raise Http404("Help is asked for by forces")
    access.require_write(access.can_in(request.user, access.Can.WRITE_FORCE_WORK, organisation.pk))
    version = plan_selectors.get_version("nvap")
    actions = list(version.actions.order_by("sort_key")) if version else []
    chosen = request.GET.get("action", "")
    form = forms.HelpRequestForm(
        posted(request),
        actions=actions,
        initial={"action": chosen if chosen in {a.code for a in actions} else ""},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item, created = services.help_request_ask(
                organisation=organisation,
                action=data["action"],
                by=request.user,
                question=data["question"],
                once=data.get("once"),
            )
        except services.PracticeError as problem:
            form.add_error("question", str(problem))
        else:
            if created:
                messages.success(
                    request, _("Your question is with the national team. You will be told when they answer.")
                )
            return redirect("practice:help-request", pk=item.pk)
    return render_page(request, "help_ask.html", {"organisation": organisation, "form": form}, form)


@access.national_team
@require_http_methods(["GET"])
def help_requests(request):
    """The national team's list: questions waiting for an answer, oldest first, then the
    latest answered."""
    waiting = list(
        HelpRequest.objects.filter(status=HelpRequest.Status.OPEN)
        .select_related("organisation", "action")
        .order_by("asked_at", "pk")[:200]
    )
    answered = list(
        HelpRequest.objects.filter(status=HelpRequest.Status.ANSWERED)
        .select_related("organisation", "action")
        .order_by("-answered_at", "-pk")[:50]
    )
    return render(request, "practice/help_requests.html", {"waiting": waiting, "answered": answered})


@access.force_scoped
@require_http_methods(["GET", "POST"])
def help_request(request, pk):
    """One question: the force and the national team read it; the national team answers."""
    item, can_answer = access.get_help_request_for_user(request.user, pk)
    form = None
    conflict = None
    if can_answer:
        form = forms.HelpAnswerForm(
            posted(request), initial={"answer": item.answer}, version=stamp(item, services.ANSWER_FIELDS)
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.help_request_answer(
                    item=item,
                    by=request.user,
                    answer=form.cleaned_data["answer"],
                    seen=form.cleaned_data["version"],
                )
            except EditConflict as clash:
                conflict = conflicted(form, clash, {"answer": form.cleaned_data["answer"]})
            except services.PracticeError as problem:
                form.add_error("answer", str(problem))
            else:
                messages.success(request, _("Your answer is saved, and the force is told."))
                return redirect("practice:help-request", pk=item.pk)
    elif request.method == "POST":
        access.require_write(False)
    return render_page(
        request,
        "help_request.html",
        {
            "item": item,
            "form": form,
            "conflict": conflict,
            "entries": changes(
                item.history.select_related("history_user"),
                {"question": _("Question"), "status": _("Status"), "answer": _("Answer")},
                lambda r: _("The question"),
                {"status": dict(HelpRequest.Status.choices)},
            ),
        },
        form,
    )
