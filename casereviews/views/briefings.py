"""Briefings: drawn from published learning by the national team, published to every force,
and answered by forces with what they have done about it."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from casereviews import access, selectors, services
from casereviews.forms import BriefingForm, ResponseEditForm, ResponseForm
from casereviews.models import Briefing, BriefingResponse, LearningTheme, ReviewType
from core.concurrency import EditConflict, conflicted, stamp
from core.downloads import pdf_download
from core.forms import posted, render_checked
from organisations.models import Organisation


def _actions():
    from framework import selectors as plan

    version = plan.get_version("nvap")
    return list(version.actions.order_by("sort_key")) if version else []


@access.signed_in
@require_http_methods(["GET"])
def briefings(request):
    national = access.is_national_team(request.user)
    return render(
        request,
        "casereviews/briefings.html",
        {
            "briefings": list(selectors.briefings_for(request.user, national=national)),
            "codes": access.codes(request.user),
            "national": national,
        },
    )


def _briefing_form(request, item=None):
    themes = list(LearningTheme.objects.filter(retired=False))
    kwargs = {"actions": _actions(), "themes": themes}
    if item is not None:
        initial = {k: getattr(item, k) for k in services.BRIEFING_FIELDS}
        initial["themes"] = [str(t.pk) for t in item.themes.all()]
        kwargs.update(initial=initial, version=stamp(item, services.BRIEFING_FIELDS + ("themes",)))
    return BriefingForm(posted(request), **kwargs)


@access.national_team
@require_http_methods(["GET", "POST"])
def briefing_new(request):
    access.require(access.codes(request.user))
    form = _briefing_form(request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = services.briefing_create(
                by=request.user,
                fields={k: data[k] for k in services.BRIEFING_FIELDS},
                themes=data["themes"],
                once=data.get("once"),
            )
        except services.CaseReviewError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, _("The draft briefing is saved. Check its learning, then publish it."))
            return redirect("casereviews:briefing", pk=item.pk)
    return render_checked(
        request,
        "casereviews/briefing_form.html",
        {"form": form, "briefing": None},
        form if request.method == "POST" else None,
    )


@access.national_team
@require_http_methods(["GET", "POST"])
def briefing_edit(request, pk):
    item = access.get_briefing_for_user(request.user, pk)
    access.require(access.codes(request.user) and not item.is_published)
    form = _briefing_form(request, item)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.briefing_update(
                briefing=item,
                by=request.user,
                fields={k: data[k] for k in services.BRIEFING_FIELDS},
                themes=data["themes"],
                seen=data.get("version") or None,
            )
        except EditConflict as clash:
            conflict = conflicted(form, clash, {k: data[k] for k in services.BRIEFING_FIELDS})
        except services.CaseReviewError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, _("The draft briefing is saved."))
            return redirect("casereviews:briefing", pk=item.pk)
    return render_checked(
        request,
        "casereviews/briefing_form.html",
        {"form": form, "briefing": item, "conflict": conflict},
        form if request.method == "POST" else None,
    )


def _context(item: Briefing) -> dict:
    counts = item.counts if item.is_published else selectors.briefing_counts(item)
    # Types are kept by their codes and named in the reader's language (a briefing published
    # before they were kept so holds their English names, shown as they are).
    names = dict(ReviewType.choices)
    counts = {**counts, "by_type": [[names.get(kind, kind), n] for kind, n in counts.get("by_type", [])]}
    return {
        "briefing": item,
        "counts": counts,
        "points": selectors.briefing_points(item),
        "themes": list(item.themes.all()),
    }


@access.signed_in
@require_http_methods(["GET", "POST"])
def briefing(request, pk):
    """The briefing; its learning and counts. A force's writers record how they have acted on
    it; the national team sees which forces have."""
    item = access.get_briefing_for_user(request.user, pk)
    forces = access.forces_written_by(request.user)
    actions = _actions()
    form = ResponseForm(posted(request), forces=forces, actions=actions)
    if request.method == "POST":
        access.require(bool(forces) and item.is_published)
        if form.is_valid():
            data = form.cleaned_data
            try:
                made = services.response_add(
                    briefing=item,
                    organisation=form.forces[data["organisation"]],
                    action=form.actions[data["action"]],
                    by=request.user,
                    text=data["text"],
                    as_activity=data["as_activity"],
                    once=data.get("once"),
                )
            except services.CaseReviewError as problem:
                form.add_error(None, str(problem))
            else:
                messages.success(
                    request,
                    "Your force's response is recorded"
                    + (", and is now an activity in its impact plan." if made.impact_activity_id else "."),
                )
                return redirect("casereviews:briefing", pk=item.pk)
    national = access.is_national_team(request.user)
    responses = BriefingResponse.objects.filter(briefing=item).select_related(
        "organisation", "action", "created_by"
    )
    if not national:
        responses = responses.filter(organisation_id__in=access.forces_of(request.user))
    responses = list(responses)
    answered = None
    if national and item.is_published:
        replied = {r.organisation_id for r in responses}
        all_forces = list(Organisation.objects.filter(kind=Organisation.Kind.FORCE).order_by("name"))
        answered = {
            "yes": [f for f in all_forces if f.pk in replied],
            "no": [f for f in all_forces if f.pk not in replied],
        }
    return render_checked(
        request,
        "casereviews/briefing.html",
        {
            **_context(item),
            "form": form if forces and item.is_published else None,
            "responses": responses,
            "answered": answered,
            "codes": access.codes(request.user),
            "history": selectors.briefing_history(item) if national else None,
        },
        form if request.method == "POST" else None,
    )


@access.national_team
@require_http_methods(["GET", "POST"])
def briefing_publish(request, pk):
    item = access.get_briefing_for_user(request.user, pk)
    access.require(access.codes(request.user))
    problems = []
    if request.method == "POST":
        try:
            services.briefing_publish(briefing=item, by=request.user)
        except services.CaseReviewError as problem:
            problems.append(str(problem))
        else:
            messages.success(request, _("The briefing is published, and every force's people are told."))
            return redirect("casereviews:briefing", pk=item.pk)
    counts = selectors.briefing_counts(item)
    n = selectors.briefing_learning(item).count()
    return render_checked(
        request,
        "casereviews/confirm.html",
        {
            "caption": item.title,
            "question": _("Publish this briefing?"),
            "consequences": (
                _(
                    "It draws on {points} from {reviews} ({count} examined). Its counts and learning are fixed as "
                    "they stand, everyone signed in can read it, and every force's people are told. It cannot be "
                    "changed afterwards."
                ).format(
                    points=ngettext("{count} learning point", "{count} learning points", n).format(count=n),
                    reviews=ngettext(
                        "{count} included review", "{count} included reviews", counts["included"]
                    ).format(count=counts["included"]),
                    count=counts["examined"],
                )
            ),
            "button": _("Publish the briefing"),
            "cancel": reverse("casereviews:briefing", args=[item.pk]),
        },
        None,
        problems,
    )


@access.signed_in
@require_http_methods(["GET"])
def briefing_pdf(request, pk):
    item = access.get_briefing_for_user(request.user, pk)
    return pdf_download(request, "casereviews/briefing_pdf.html", _context(item), f"briefing-{item.pk}.pdf")


@access.force_scoped
@require_http_methods(["GET", "POST"])
def response(request, pk, response_pk):
    """A force's response to a briefing, with its history; its writers change it."""
    item, can_edit = access.get_response_for_user(request.user, pk, response_pk)
    form = ResponseEditForm(posted(request), initial={"text": item.text}, version=stamp(item, ("text",)))
    conflict = None
    if request.method == "POST":
        access.require_write(can_edit)
        if form.is_valid():
            try:
                services.response_update(
                    response=item,
                    by=request.user,
                    text=form.cleaned_data["text"],
                    seen=form.cleaned_data.get("version") or None,
                )
            except EditConflict as clash:
                conflict = conflicted(form, clash, {"text": form.cleaned_data["text"]})
            except services.CaseReviewError as problem:
                form.add_error(None, str(problem))
            else:
                messages.success(request, _("The response is saved."))
                return redirect("casereviews:briefing", pk=item.briefing_id)
    return render_checked(
        request,
        "casereviews/response.html",
        {
            "response": item,
            "form": form,
            "can_edit": can_edit,
            "conflict": conflict,
            "history": selectors.response_history(item),
        },
        form if request.method == "POST" else None,
    )
