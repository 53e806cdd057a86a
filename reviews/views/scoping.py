"""Requesting, deciding and scoping a peer review."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from core.forms import posted, render_checked
from framework import selectors as plan_selectors
from organisations.models import Organisation
from reviews import access, rules, selectors, services
from reviews.forms import DecisionForm, QuestionForm, RequestForm, TeamMemberForm
from reviews.models import KeyQuestion, TeamMember
from reviews.views.common import confirm_removal


def _page(request, template, context, form=None, problems=None):
    return render_checked(request, f"reviews/{template}", context, form, problems)


def _plan():
    version = plan_selectors.get_version(settings.DEFAULT_FRAMEWORK)
    if version is None:
        raise Http404("No published plan")
    return version


@access.signed_in
@require_http_methods(["GET"])
def index(request):
    """The reviews the person may see, and the way to ask for one."""
    return render(
        request,
        "reviews/index.html",
        {
            "reviews": list(selectors.reviews_for_user(request.user)[:200]),
            "can_request": bool(access.forces_led_by(request.user)),
            "can_propose": access.runs_reviews(request.user),
            "national": access.is_national_team(request.user),
            "published": selectors.published_summaries(),
            "shared": selectors.shared_with_user(request.user),
        },
    )


def _request_page(request, *, forces, proposed: bool):
    version = _plan()
    form = RequestForm(posted(request), forces=forces, version=version)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            review = services.review_request(
                organisation=data["organisation"],
                by=request.user,
                actions=list(data["actions"]),
                why=data["why"],
                preferred_from=data["preferred_from"],
                preferred_to=data["preferred_to"],
                proposed=proposed,
                once=data.get("once"),
            )
        except services.ReviewError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(
                request,
                _("The review is proposed to {name}: its lead is asked to agree.").format(
                    name=review.organisation.shown_name
                )
                if proposed
                else _("Your request is with the national team."),
            )
            return redirect("reviews:detail", pk=review.pk)
    return _page(request, "request.html", {"form": form, "proposed": proposed}, form)


@access.signed_in
@require_http_methods(["GET", "POST"])
def request_review(request):
    """A force lead asks for a peer review of some of the plan's actions."""
    forces = access.forces_led_by(request.user)
    if not forces:
        raise PermissionDenied("A force's vulnerability lead requests a peer review.")
    queryset = Organisation.objects.filter(pk__in=[f.pk for f in forces])
    return _request_page(request, forces=queryset, proposed=False)


@access.national_team
@require_http_methods(["GET", "POST"])
def propose(request):
    """The national team proposes a review to a force."""
    access.require(access.runs_reviews(request.user))
    forces = Organisation.objects.filter(kind=Organisation.Kind.FORCE).order_by("name")
    return _request_page(request, forces=forces, proposed=True)


@access.force_scoped
@require_http_methods(["GET"])
def detail(request, pk):
    """The review's scope: its actions, questions, what the force says about them now, its
    dates and team, and what happens next."""
    review, _place = access.get_review_for_user(request.user, pk)
    findings_shown = access.is_national_team(request.user) or rules.findings_shown_to_force(review)
    return render(
        request,
        "reviews/detail.html",
        {
            "review": review,
            **selectors.scope(review),
            "can_decide": _may_decide(request.user, review),
            "runs": access.runs_reviews(request.user),
            "open": rules.scope_is_open(review),
            "under_way": review.status not in rules.WAITING and review.status != review.Status.DECLINED,
            "history": selectors.history(review, findings_shown=findings_shown),
            "findings_shown": findings_shown,
        },
    )


def _may_decide(user, review) -> bool:
    if review.status not in rules.WAITING:
        return False
    if rules.decided_by_force(review):
        return access.leads(user, review.organisation_id)
    return access.runs_reviews(user)


@access.force_scoped
@require_http_methods(["GET", "POST"])
def decide(request, pk):
    review, _place = access.get_review_for_user(request.user, pk)
    if not _may_decide(request.user, review):
        raise PermissionDenied(
            "The force's lead agrees to a proposed review; the national team decides a request."
            if review.status in rules.WAITING
            else "This review has already been decided."
        )
    form = DecisionForm(posted(request), schedules=not rules.decided_by_force(review))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.review_decide(
                review=review,
                by=request.user,
                accept=data["decision"] == "accept",
                note=data["note"],
                fieldwork_from=data.get("fieldwork_from"),
                fieldwork_to=data.get("fieldwork_to"),
            )
        except services.ReviewError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(
                request,
                _("The review is accepted.")
                if data["decision"] == "accept"
                else _("The review is declined."),
            )
            return redirect("reviews:detail", pk=review.pk)
    return _page(request, "decide.html", {"review": review, "form": form}, form)


def _run_by_national(request, pk):
    review, _place = access.get_review_for_user(request.user, pk)
    access.require(access.runs_reviews(request.user))
    return review


@access.force_scoped
@require_http_methods(["GET", "POST"])
def team(request, pk):
    """The review's team, and adding a reviewer after the conflict-of-interest check."""
    review = _run_by_national(request, pk)
    reviewers = selectors.reviewers_for(review)
    form = TeamMemberForm(posted(request), reviewers=reviewers)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            member = services.team_member_add(
                review=review,
                by=request.user,
                user=form.people[data["user"]],
                role=data["role"],
                no_conflict=data["conflict"] == "none",
                statement=data["statement"],
            )
        except services.ReviewError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(
                request,
                _("{person} is on the team.").format(person=member.user.full_name or member.user.email),
            )
            return redirect("reviews:team", pk=review.pk)
    return _page(
        request,
        "team.html",
        {
            "review": review,
            "form": form,
            "team": list(review.team.select_related("user")),
            "open": rules.scope_is_open(review),
        },
        form,
    )


@access.force_scoped
@require_http_methods(["GET", "POST"])
def team_remove(request, pk, member_pk):
    review = _run_by_national(request, pk)
    member = TeamMember.objects.filter(review=review, pk=member_pk).select_related("user").first()
    if member is None:
        raise Http404("No such team member")
    return confirm_removal(
        request,
        "team_remove.html",
        {"review": review, "member": member},
        lambda: services.team_member_remove(member=member, by=request.user),
        f"{member.user.full_name or member.user.email} is off the team.",
        reverse("reviews:team", args=[review.pk]),
    )


@access.force_scoped
@require_http_methods(["GET", "POST"])
def questions(request, pk):
    """Adding the review team's own key questions to those seeded from the plan."""
    review = _run_by_national(request, pk)
    actions = list(review.actions.order_by("sort_key"))
    form = QuestionForm(posted(request), actions=actions)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_add(
                review=review,
                by=request.user,
                action=form.by_pk[form.cleaned_data["action"]],
                text=form.cleaned_data["text"],
            )
        except services.ReviewError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, _("The question is added."))
            return redirect("reviews:detail", pk=review.pk)
    return _page(request, "questions.html", {"review": review, "form": form}, form)


@access.force_scoped
@require_http_methods(["GET", "POST"])
def question_remove(request, pk, question_pk):
    review = _run_by_national(request, pk)
    question = KeyQuestion.objects.filter(review=review, pk=question_pk).select_related("action").first()
    if question is None:
        raise Http404("No such question")
    return confirm_removal(
        request,
        "question_remove.html",
        {"review": review, "question": question},
        lambda: services.question_remove(question=question, by=request.user),
        "The question is removed.",
        reverse("reviews:detail", args=[review.pk]),
    )
