"""Reads of peer reviews, with their joins baked in."""

from django.utils.translation import gettext_lazy as _

from organisations import access
from reviews.models import KeyQuestion, PeerReview, TeamMember


def reviews_for_user(user):
    """The reviews the user may see: every one for the national team, their forces' otherwise;
    newest first."""
    reviews = (
        PeerReview.objects.select_related("organisation")
        .prefetch_related("actions")
        .order_by("-created_at", "-pk")
    )
    if access.is_national_team(user):
        return reviews
    return reviews.filter(organisation_id__in=access.forces_of(user))


def scope(review: PeerReview) -> dict:
    """A review's scope page: each action in scope with its objectives, its key questions, what
    the force says about it now (its standing position and latest benchmarking answers), and
    the team."""
    from benchmarking import selectors as benchmarking

    actions = list(review.actions.select_related("theme").prefetch_related("objectives").order_by("sort_key"))
    questions = list(review.questions.select_related("objective").order_by("order", "pk"))
    said = benchmarking.force_on_actions(review.organisation_id, [a.code for a in actions])
    rows = [
        {
            "action": action,
            "questions": [q for q in questions if q.action_id == action.pk],
            "position": said[action.code]["position"],
            "answers": said[action.code]["answers"],
            "exercise": said[action.code]["exercise"],
        }
        for action in actions
    ]
    team = list(review.team.select_related("user").order_by("role", "pk"))
    return {"rows": rows, "team": team}


def history(review: PeerReview, *, findings_shown: bool) -> list[dict]:
    """Every change to the review, its team, questions, evidence requests, the report's summary
    and the force's actions, newest first; its findings too where the reader may see them
    (`findings_shown`). Fieldwork notes stay out: they are the review team's."""
    from core.history import changes
    from reviews.models import EvidenceRequest, Finding, Response

    records = list(review.history.select_related("history_user"))
    entries = changes(
        records,
        {
            "status": _("Status"),
            "why": _("Why"),
            "preferred_from": _("Earliest date"),
            "preferred_to": _("Latest date"),
            "fieldwork_from": _("Fieldwork starts"),
            "fieldwork_to": _("Fieldwork ends"),
            "decision_note": _("Decision"),
            "report_summary": _("Report summary"),
            "summary_published": _("Summary published"),
        },
        lambda r: _("The review"),
        {"status": dict(PeerReview.Status.choices)},
    )
    members = list(TeamMember.history.filter(review_id=review.pk).select_related("history_user", "user"))
    entries += changes(
        members,
        {
            "role": _("Role"),
            "no_conflict": _("No conflict of interest"),
            "conflict_statement": _("Declared link"),
        },
        lambda r: _("Team: {person}").format(person=r.user.full_name or r.user.email),
        {"role": dict(TeamMember.Role.choices)},
    )
    questions = list(KeyQuestion.history.filter(review_id=review.pk).select_related("history_user"))
    entries += changes(
        questions, {"text": _("Question")}, lambda r: _("Key question: {text}").format(text=r.text[:60])
    )
    asked = list(EvidenceRequest.history.filter(review_id=review.pk).select_related("history_user"))
    entries += changes(
        asked,
        {
            "title": _("Asked for"),
            "due_on": _("Due by"),
            "status": _("Status"),
            "cannot_reason": _("Why not"),
        },
        lambda r: _("Evidence: {title}").format(title=r.title[:60]),
        {"status": dict(EvidenceRequest.Status.choices)},
    )
    found_ids = list(review.findings.values_list("pk", flat=True))
    if findings_shown:
        found = list(Finding.history.filter(review_id=review.pk).select_related("history_user"))
        entries += changes(
            found,
            {"kind": _("Kind"), "text": _("Finding"), "suggested_step": _("Suggested step")},
            lambda r: _("Finding: {text}").format(text=r.text[:60]),
            {"kind": dict(Finding.Kind.choices)},
        )
    answers = list(Response.history.filter(finding_id__in=found_ids).select_related("history_user"))
    entries += changes(
        answers,
        {
            "action_text": _("The force's action"),
            "due_on": _("Due by"),
            "status": _("Where it stands"),
            "progress": _("Progress"),
        },
        lambda r: _("Action: {text}").format(text=r.action_text[:60]),
        {"status": dict(Response.Status.choices)},
    )
    return sorted(entries, key=lambda e: e["when"], reverse=True)


def reviewers_for(review: PeerReview) -> list:
    """Who may join a review's team: people with a national role, outside the force."""
    from accounts.models import User
    from organisations.models import Membership

    national = Membership.NATIONAL_ROLES - {Membership.Role.INSPECTOR}
    return list(
        User.objects.filter(memberships__role__in=national, is_active=True)
        .exclude(memberships__organisation_id=review.organisation_id)
        .exclude(pk__in=review.team.values("user_id"))
        .distinct()
        .order_by("full_name", "email")
    )


def report(review: PeerReview) -> dict:
    """The report back, drawn from the review: its scope (actions and key questions), the team,
    and the findings by action, strengths and promising practice before opportunities."""
    from reviews.models import Finding

    order: dict[str, int] = {Finding.Kind.STRENGTH: 0, Finding.Kind.PROMISING: 1, Finding.Kind.OPPORTUNITY: 2}
    actions = list(review.actions.select_related("theme").order_by("sort_key"))
    found = sorted(
        review.findings.select_related("objective"),
        key=lambda f: (order[f.kind], f.pk),
    )
    questions = list(review.questions.order_by("order", "pk"))
    return {
        "rows": [
            {
                "action": a,
                "questions": [q for q in questions if q.action_id == a.pk],
                "findings": [f for f in found if f.action_id == a.pk],
            }
            for a in actions
        ],
        "team": list(review.team.select_related("user").order_by("role", "pk")),
        "comments": list(review.report_comments.select_related("by")),
        "counts": [_counted(sum(1 for f in found if f.kind == kind), kind) for kind in Finding.Kind],
    }


_NAMES = {
    "strength": ("strength", "strengths"),
    "promising": ("example of promising practice", "examples of promising practice"),
    "opportunity": ("opportunity for improvement", "opportunities for improvement"),
}


def _counted(n: int, kind) -> str:
    one, many = _NAMES[kind]
    return f"{n} {one if n == 1 else many}"


def needs_you(user, today) -> list:
    """What peer reviews need of the person now: for the national team that runs them, requests
    waiting for a decision; for a force's lead, a proposal to agree to, a draft report to check,
    opportunities to answer; for an action's owner, the 6- or 12-month follow-up. Two queries."""
    from django.urls import reverse
    from django.utils import timezone

    from core.work import Item
    from organisations.roles import Can
    from reviews import rules
    from reviews.models import Finding, Response

    items: list[Item] = []
    led = [f for f in access.forces_of(user) if access.can_in(user, Can.LEAD_FORCE, f)]
    runs = access.can(user, Can.RUN_PEER_REVIEWS)
    wanted = []
    if led:
        wanted += [PeerReview.Status.PROPOSED, PeerReview.Status.REPORTING, PeerReview.Status.FOLLOW_UP]
    if runs:
        wanted.append(PeerReview.Status.REQUESTED)
    if wanted:
        reviews = (
            PeerReview.objects.filter(status__in=wanted)
            .select_related("organisation")
            .prefetch_related("actions", "findings__response")
        )
        if not runs:
            reviews = reviews.filter(organisation_id__in=led)
        for review in reviews.order_by("created_at", "pk"):
            codes = ", ".join(a.code for a in review.actions.all())
            mine = review.organisation_id in led
            url = reverse("reviews:detail", args=[review.pk])
            if review.status == PeerReview.Status.REQUESTED and runs:
                items.append(
                    Item(
                        f"Decide {review.organisation.name}'s request for a peer review of {codes}",
                        url,
                        due=review.created_at.date(),
                        tag=_("Waiting"),
                    )
                )
            elif review.status == PeerReview.Status.PROPOSED and mine:
                items.append(
                    Item(
                        f"Agree to a peer review of {codes}, proposed by the national team",
                        url,
                        due=review.created_at.date(),
                    )
                )
            elif review.status == PeerReview.Status.REPORTING and mine:
                items.append(
                    Item(
                        f"Check the draft report of {review.organisation.name}'s peer review of {codes}",
                        reverse("reviews:report", args=[review.pk]),
                        tag=_("Draft"),
                    )
                )
            elif review.status == PeerReview.Status.FOLLOW_UP and mine:
                open_ = [
                    f
                    for f in review.findings.all()
                    if f.kind == Finding.Kind.OPPORTUNITY and getattr(f, "response", None) is None
                ]
                if open_:
                    items.append(
                        Item(
                            f"Answer {len(open_)} opportunit{'ies' if len(open_) != 1 else 'y'} for improvement from the peer review of {codes}",
                            reverse("reviews:action-plan", args=[review.pk]),
                        )
                    )
    for response in Response.objects.filter(
        owner=user, status=Response.Status.OPEN, finding__review__status=PeerReview.Status.FOLLOW_UP
    ).select_related("finding__review", "finding__action"):
        review = response.finding.review
        final_on = timezone.localdate(review.report_final_at)
        due = rules.follow_up_due(final_on, today, [])
        if due is not None and timezone.localdate(response.updated_at) < rules.months_after(final_on, due):
            items.append(
                Item(
                    f"Give a {due}-month update on your action from the peer review of {response.finding.action.code}",
                    reverse("reviews:respond", args=[review.pk, response.finding_id]),
                    detail=response.action_text[:120],
                    due=rules.months_after(final_on, due),
                    tag=_("{due}-month follow-up").format(due=due),
                )
            )
    return items


def across_reviews(today) -> dict:
    """The national view across reviews: findings by action and kind, and the forces' actions
    open, overdue (past their due date) and waiting for a follow-up. Three queries."""
    from django.db.models import Count, Q

    from reviews.models import Finding, Response

    by_action = list(
        Finding.objects.values("action__code", "action__title")
        .annotate(
            strengths=Count("pk", filter=Q(kind=Finding.Kind.STRENGTH)),
            promising=Count("pk", filter=Q(kind=Finding.Kind.PROMISING)),
            opportunities=Count("pk", filter=Q(kind=Finding.Kind.OPPORTUNITY)),
            reviews=Count("review", distinct=True),
        )
        .order_by("action__code")
    )
    responses = Response.objects.filter(status=Response.Status.OPEN)
    overdue = list(
        responses.filter(due_on__lt=today)
        .select_related("finding__review__organisation", "finding__action", "owner")
        .order_by("due_on", "pk")[:50]
    )
    counts = PeerReview.objects.aggregate(
        total=Count("pk"),
        waiting=Count("pk", filter=Q(status__in=[PeerReview.Status.REQUESTED, PeerReview.Status.PROPOSED])),
        under_way=Count(
            "pk",
            filter=Q(
                status__in=[
                    PeerReview.Status.ACCEPTED,
                    PeerReview.Status.FIELDWORK,
                    PeerReview.Status.REPORTING,
                ]
            ),
        ),
        following=Count("pk", filter=Q(status=PeerReview.Status.FOLLOW_UP)),
        closed=Count("pk", filter=Q(status=PeerReview.Status.CLOSED)),
    )
    return {"by_action": by_action, "open": responses.count(), "overdue": overdue, "counts": counts}


def published_summaries() -> list[PeerReview]:
    """Final reports whose force published the summary to everyone, newest first."""
    return list(
        PeerReview.objects.filter(summary_published=True, report_final_at__isnull=False)
        .select_related("organisation")
        .prefetch_related("actions")
        .order_by("-report_final_at")[:50]
    )


def shared_with_user(user) -> list[PeerReview]:
    """Final reports other forces shared with the person's forces."""
    forces = access.forces_of(user)
    if not forces:
        return []
    return list(
        PeerReview.objects.filter(shared_with__in=forces, report_final_at__isnull=False)
        .exclude(organisation_id__in=forces)
        .select_related("organisation")
        .prefetch_related("actions")
        .distinct()
        .order_by("-report_final_at")
    )
