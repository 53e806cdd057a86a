"""The national review of returns, the national picture and the forces' reports."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from benchmarking import access, picture, selectors, services
from benchmarking.forms import (
    KeyFindingForm,
    ReviewAnswerForm,
    ReviewScreenForm,
    SendBackForm,
)
from benchmarking.models import Answer
from benchmarking.rules import REVIEW_FIELDS, review_is_final
from benchmarking.views.common import (
    can_run_exercises,
    national_return,
    rating_levels,
    render_page,
)
from benchmarking.views.returns import READ_IN_PLACE
from core.concurrency import EditConflict, conflicted, stamp
from core.downloads import pdf_download, svg_response
from core.forms import posted
from core.kept_pages import kept_page


@access.national_team
@require_http_methods(["GET", "POST"])
def return_review(request, pk):
    """The review screen: every answer of the return with its evidence, the force's answer
    last time and its standing position over time, each beside its review fields, saved
    together; agreeing with the force's ratings in bulk; then accepting or returning it."""
    if request.method == "POST" and not can_run_exercises(request.user):
        raise PermissionDenied("Only national analysts and admins review returns.")
    record = national_return(request, pk)
    decision = request.POST.get("decision", "")
    form = SendBackForm(posted(request)) if decision == "send_back" else SendBackForm()
    screen = selectors.review_screen(record)
    levels = rating_levels(record)
    saving = decision in ("save", "save_accept")
    reviews = [
        ReviewScreenForm(request.POST if saving else None, prefix=f"a{a.pk}", answer=a, levels=levels)
        for a in screen["answers"]
    ]
    error = None
    clashed: set[int] = set()
    if request.method == "POST":
        try:
            if decision == "accept":
                services.return_accept(return_record=record, by=request.user)
                messages.success(
                    request, _("{name}'s return is accepted.").format(name=record.organisation.shown_name)
                )
                return redirect("benchmarking:exercise", pk=record.exercise_id)
            if saving and all([r.is_valid() for r in reviews]):
                # Saved and accepted together, or neither.
                with transaction.atomic():
                    changed = services.answers_review(
                        return_record=record,
                        by=request.user,
                        reviews={r.answer.pk: (r.values(), r.cleaned_data["seen"]) for r in reviews},
                    )
                    if decision == "save_accept":
                        services.return_accept(return_record=record, by=request.user)
                if decision == "save_accept":
                    messages.success(
                        request,
                        ngettext(
                            "Your review of {count} answer is saved and {name}'s return is accepted.",
                            "Your review of {count} answers is saved and {name}'s return is accepted.",
                            changed,
                        ).format(count=changed, name=record.organisation.shown_name),
                    )
                    return redirect("benchmarking:exercise", pk=record.exercise_id)
                messages.success(
                    request,
                    ngettext(
                        "Your review of {count} answer is saved.",
                        "Your review of {count} answers is saved.",
                        changed,
                    ).format(count=changed),
                )
                return redirect("benchmarking:review", pk=record.pk)
            if decision == "send_back" and form.is_valid():
                services.return_send_back(
                    return_record=record, by=request.user, comment=form.cleaned_data["comment"]
                )
                messages.success(
                    request,
                    _("The return has gone back to {name} with your comment.").format(
                        name=record.organisation.shown_name
                    ),
                )
                return redirect("benchmarking:exercise", pk=record.exercise_id)
        except services.ReviewConflictError as clash:
            error = str(clash)
            clashed = {a.pk for a in clash.answers}
            for r in reviews:
                if r.answer.pk in clashed:
                    # Their review is what the answer holds now; the reviewer's own entries stay
                    # in the form, and saving again is a choice made with both in view.
                    r.data = r.data.copy()
                    r.data[r.add_prefix("seen")] = stamp(
                        next(a for a in clash.answers if a.pk == r.answer.pk), REVIEW_FIELDS
                    )
                    r.theirs = next(a for a in clash.answers if a.pk == r.answer.pk)
        except services.BenchmarkingError as problem:
            error = str(problem)
    queue = [r for r in selectors.review_queue() if r.pk != record.pk]
    can_review = (
        can_run_exercises(request.user)
        and record.status in ("submitted", "accepted")
        and not review_is_final(record.exercise)
    )
    labels = {level.value: level.label for level in levels}
    pks = [None, *(a.pk for a in screen["answers"]), None]
    rows = [
        (answer, review, labels.get(answer.rating, ""), pks[i], pks[i + 2])
        for i, (answer, review) in enumerate(zip(screen["answers"], reviews, strict=True))
    ]
    return render_page(
        request,
        "return_review.html",
        {
            "record": record,
            "rows": rows,
            "before": screen["before"],
            "form": form,
            "can_review": can_review,
            "next_return": queue[0] if queue else None,
            "unrated": sum(1 for a in screen["answers"] if a.national_rating is None),
            "read_in_place": READ_IN_PLACE,
        },
        [form, *reviews] if request.method == "POST" else None,
        problems=[error] if error else None,
    )


@access.national_team
@require_http_methods(["GET", "POST"])
def answer_review(request, pk, answer_pk):
    if request.method == "POST" and not can_run_exercises(request.user):
        raise PermissionDenied("Only national analysts and admins review answers.")
    record, answer, _unused = access.get_answer_in_return_for_user(request.user, pk, answer_pk)
    form = ReviewAnswerForm(posted(request), answer=answer, levels=rating_levels(record))
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_review(answer=answer, by=request.user, values=form.cleaned_data)
        except services.BenchmarkingError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, _("Your review of {code} is saved.").format(code=answer.action.code))
            return redirect("benchmarking:review", pk=record.pk)
    return render_page(
        request,
        "answer_review.html",
        {
            "record": record,
            "answer": answer,
            "form": form,
            "history": selectors.answer_history(
                answer, show_review=True, everything=request.GET.get("history") == "all"
            ),
        },
        form,
    )


def _organisation_ids(user) -> set[int]:
    return {m.organisation_id for m in access.memberships_of(user)}


@access.signed_in
@require_http_methods(["GET"])
def national_picture(request, pk):
    exercise = access.get_exercise_picture_for_user(request.user, pk)
    national = access.is_national_team(request.user)
    own = _organisation_ids(request.user)
    # What each kind of viewer sees (the national team, or a force: its own name shown) is the
    # same for all of that kind until the answers, returns or key findings change: drawn once
    # for each and kept.
    viewer = "national" if national else "force-" + "-".join(map(str, sorted(own)))
    can_write = _can_write_findings(request.user) and not review_is_final(exercise)
    current = picture.version(exercise)
    key = f"picture-page:{exercise.pk}:{current}:{picture.findings_stamp(exercise)}:{viewer}:{int(can_write)}"

    def context():
        data = picture.for_viewer(
            picture.build(exercise, current), exercise, national=national, organisation_ids=own
        )
        findings = {f.action_id: f for f in exercise.key_findings.all()}
        return {
            "exercise": exercise,
            "picture": data,
            "findings": [(row, findings.get(row["id"])) for row in data["actions"]],
            # Drill-down links: one reversal, not one per cell.
            "drill": reverse("benchmarking:picture", args=[exercise.pk]),
            "national": national,
            "can_write": can_write,
        }

    return kept_page(request, "benchmarking/picture.html", key, context)


@access.signed_in
@require_http_methods(["GET"])
def national_picture_pdf(request, pk):
    """The national picture as a tagged PDF for board papers: as the page shows it to the
    reader (forces named as for_viewer allows), with its chart drawn in."""
    exercise = access.get_exercise_picture_for_user(request.user, pk)
    national = access.is_national_team(request.user)
    data = picture.for_viewer(
        picture.build(exercise), exercise, national=national, organisation_ids=_organisation_ids(request.user)
    )
    findings = {f.action_id: f for f in exercise.key_findings.all()}
    return pdf_download(
        request,
        "benchmarking/picture_pdf.html",
        {
            "exercise": exercise,
            "picture": data,
            "findings": [(row, findings.get(row["id"])) for row in data["actions"]],
            "national": national,
            "chart": picture.chart_svg(exercise),
        },
        f"national-picture-{exercise.pk}.pdf",
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
        description, keep = _("rated {rating}").format(rating=value), lambda a: a.rating == value
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
    """The key findings on one action, written beside its figures: the distribution of
    ratings, the counts of gaps and promising practice, and the answers flagged."""
    if not _can_write_findings(request.user):
        raise PermissionDenied
    exercise = access.get_exercise_picture_for_user(request.user, pk)
    action = exercise.actions.filter(code=code).first()
    if action is None:
        raise Http404("No such action in this exercise")
    current = exercise.key_findings.filter(action=action).first()
    themes = current.themes if current else []
    adding = request.method == "POST" and "add" in request.POST
    form = KeyFindingForm(
        posted(request),
        themes=themes,
        adding=adding,
        initial={"text": current.text if current else ""},
        version=stamp(current, services.FINDING_FIELDS) if current else "",
    )
    conflict = None
    if request.method == "POST" and not adding and form.is_valid():
        try:
            services.key_finding_save(
                exercise=exercise,
                action=action,
                by=request.user,
                text=form.cleaned_data["text"],
                themes=form.themes(),
                seen=form.cleaned_data["version"] or None,
            )
        except EditConflict as clash:
            conflict = conflicted(form, clash, {"text": form.cleaned_data["text"]})
            theirs, yours = themes_text(clash.current.themes), themes_text(form.themes())
            if theirs != yours:
                conflict["rows"].append({"label": "Themes", "theirs": theirs or "–", "yours": yours or "–"})
        except services.BenchmarkingError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, _("Key findings for {code} saved.").format(code=action.code))
            return redirect("benchmarking:picture", pk=exercise.pk)
    data = picture.build(exercise)
    row = next((a for a in data["actions"] if a["id"] == action.pk), None)
    return render_page(
        request,
        "key_finding.html",
        {
            "exercise": exercise,
            "action": action,
            "form": form,
            "conflict": conflict,
            "row": row,
            "bars": list(zip(data["levels"], row["distribution"], strict=True)) if row else [],
            "returned": data["returned"],
            "total": data["total"],
            "flagged": selectors.flagged_answers(exercise, action),
        },
        form,
    )


def themes_text(themes: list[dict]) -> str:
    """Themes as one text, for setting two versions side by side."""
    return "\n".join(
        f"{t['theme']}: issues {'; '.join(t['issues']) or 'none'}; "
        f"recommendations {'; '.join(t['recommendations']) or 'none'}"
        for t in themes
    )


def _report_context(record, current: str | None = None) -> dict:
    data = picture.build(record.exercise, current)
    answers = selectors.answers_of(record)
    findings = {f.action_id: f for f in record.exercise.key_findings.all()}
    similar = frozenset(f.pk for f in selectors.similar_to(record.organisation_id))
    rows = picture.force_report(data, record, answers, similar)
    before, earlier = selectors.ratings_before(record)
    labels = dict(data["levels"])
    for row in rows:
        row["finding"] = findings.get(row["id"])
        row["rating_label"] = labels.get(row["rating"], "")
        row["national_label"] = labels.get(row["national_rating"], "")
        then = earlier.get(row["code"])
        row["change"] = row["rating"] - then if then is not None and row["rating"] is not None else None
    return {
        "record": record,
        "rows": rows,
        "levels": data["levels"],
        "returned": data["returned"],
        "total": data["total"],
        "before": before,
    }


@access.force_scoped
@require_http_methods(["GET"])
def return_report(request, pk):
    record = access.get_report_for_user(request.user, pk)
    # The same for everyone who may read it: drawn once for each version of the exercise's
    # answers and returns (picture.stamp), of its key findings and of the force's comparison
    # group, and kept.
    exercise = record.exercise
    current = picture.version(exercise)
    similar = "-".join(str(f.pk) for f in selectors.similar_to(record.organisation_id))
    key = f"report:{record.pk}:{current}:{picture.findings_stamp(exercise)}:{similar}"
    return kept_page(request, "benchmarking/report.html", key, lambda: _report_context(record, current))


@access.force_scoped
@require_http_methods(["GET"])
def return_report_pdf(request, pk):
    """The report for board papers: as the page, with each action's comparison chart drawn
    into it."""
    record = access.get_report_for_user(request.user, pk)
    context = _report_context(record)
    data = picture.build(record.exercise)
    similar = {f.pk for f in selectors.similar_to(record.organisation_id)}
    ids = {m.organisation_id for m in access.memberships_of(request.user)}
    name = record.organisation.short_name or record.organisation.shown_name
    for row in context["rows"]:
        compared = picture.comparison(
            data,
            record,
            row["code"],
            similar,
            national=access.is_national_team(request.user),
            organisation_ids=ids,
        )
        row["chart"] = picture.comparison_charts(compared, name, [])["groups"] if compared else None
    return pdf_download(
        request,
        "benchmarking/report_pdf.html",
        context,
        f"benchmarking-report-{record.organisation.slug}-{record.exercise_id}.pdf",
    )


@access.signed_in
@require_http_methods(["GET"])
def national_picture_chart(request, pk):
    exercise = access.get_exercise_picture_for_user(request.user, pk)
    svg = picture.chart_svg(exercise)
    if svg is None:
        raise Http404("No ratings to chart yet")
    return svg_response(svg, "private, max-age=300")
