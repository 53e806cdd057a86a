"""Writes of peer reviews: every change goes through these functions, in a transaction,
attributed for the history."""

from datetime import date

from django.db import transaction

from core.concurrency import create_once
from core.history import attributed
from framework.models import Action
from organisations.models import Organisation
from reviews import rules
from reviews.models import KeyQuestion, PeerReview, TeamMember


class ReviewError(Exception):
    """A write the rules do not allow; the message says why, in plain words."""


def _check_scope(organisation: Organisation, actions: list[Action], preferred_from, preferred_to) -> None:
    if not organisation.is_force:
        raise ReviewError("Only a police force is peer reviewed.")
    if not actions:
        raise ReviewError("Choose at least one action to review.")
    if any(a.scope != Action.Scope.FORCE for a in actions):
        raise ReviewError("Choose actions for forces: the others are the national team's own.")
    if preferred_from and preferred_to and preferred_to < preferred_from:
        raise ReviewError("The latest date must be on or after the earliest.")


@transaction.atomic
def review_request(
    *,
    organisation: Organisation,
    by,
    actions: list[Action],
    why: str,
    preferred_from: date | None = None,
    preferred_to: date | None = None,
    proposed: bool = False,
    once=None,
) -> PeerReview:
    """A force's request for a review of some actions (or, `proposed`, the national team's
    proposal to the force), with its key questions seeded from the action sheets' objectives
    and the toolkits' impact assessment questions. A repeated `once` key returns the review
    the first call made."""
    _check_scope(organisation, actions, preferred_from, preferred_to)
    if not why.strip():
        raise ReviewError(
            "Say why the force wants a review" if not proposed else "Say why the review is proposed"
        )

    def create():
        review = PeerReview(
            organisation=organisation,
            status=PeerReview.Status.PROPOSED if proposed else PeerReview.Status.REQUESTED,
            why=why.strip(),
            preferred_from=preferred_from,
            preferred_to=preferred_to,
            requested_by=by,
            once_key=once,
        )
        attributed(review, by).save()
        review.actions.set(actions)
        _seed_questions(review, actions)
        return review

    return create_once(PeerReview, once, create)[0]


def _seed_questions(review: PeerReview, actions: list[Action]) -> None:
    from framework.selectors import review_questions

    order = 0
    questions = []
    for action in sorted(actions, key=lambda a: a.sort_key):
        for objective, text, source in review_questions(action):
            questions.append(
                KeyQuestion(
                    review=review, action=action, objective=objective, text=text, source=source, order=order
                )
            )
            order += 1
    for question in questions:
        attributed(question, review.requested_by).save()


@transaction.atomic
def review_decide(
    *, review: PeerReview, by, accept: bool, note: str = "", fieldwork_from=None, fieldwork_to=None
) -> PeerReview:
    """Accepts (with the fieldwork dates, once known) or declines a review waiting for a
    decision: the national team decides a force's request, the force's lead a proposal."""
    current = PeerReview.objects.select_for_update().get(pk=review.pk)
    if current.status not in rules.WAITING:
        raise ReviewError("This review has already been decided.")
    if not accept and not note.strip():
        raise ReviewError("Say why the review is declined")
    if fieldwork_from and fieldwork_to and fieldwork_to < fieldwork_from:
        raise ReviewError("The fieldwork must end on or after the day it starts.")
    current.status = PeerReview.Status.ACCEPTED if accept else PeerReview.Status.DECLINED
    current.decision_note = note.strip()
    if accept:
        current.fieldwork_from, current.fieldwork_to = fieldwork_from, fieldwork_to
    attributed(current, by).save()
    return current


@transaction.atomic
def team_member_add(
    *, review: PeerReview, by, user, role: str, no_conflict: bool, statement: str = ""
) -> TeamMember:
    """Adds a reviewer to the team after the conflict-of-interest check against the force: a
    member of the force never reviews it; a declared link needs a statement of what it is."""
    from organisations.models import Membership

    current = PeerReview.objects.select_for_update().get(pk=review.pk)
    if not rules.scope_is_open(current):
        raise ReviewError("The team of a closed or declined review no longer changes.")
    if Membership.objects.filter(user=user, organisation_id=current.organisation_id).exists():
        raise ReviewError("A member of the force cannot review it: choose someone from outside it.")
    if not no_conflict and not statement.strip():
        raise ReviewError("Say what the reviewer's link with the force is, and why it does not stop them")
    if role == TeamMember.Role.LEAD and current.team.filter(role=TeamMember.Role.LEAD).exists():
        raise ReviewError("The review already has a lead reviewer.")
    if current.team.filter(user=user).exists():
        raise ReviewError("They are already on the team.")
    member = TeamMember(
        review=current,
        user=user,
        role=role,
        no_conflict=no_conflict,
        conflict_statement=statement.strip(),
        added_by=by,
    )
    attributed(member, by).save()
    return member


@transaction.atomic
def team_member_remove(*, member: TeamMember, by) -> None:
    current = PeerReview.objects.select_for_update().get(pk=member.review_id)
    if not rules.scope_is_open(current):
        raise ReviewError("The team of a closed or declined review no longer changes.")
    attributed(member, by).delete()


@transaction.atomic
def question_add(*, review: PeerReview, by, action: Action, text: str) -> KeyQuestion:
    current = PeerReview.objects.select_for_update().get(pk=review.pk)
    if not rules.scope_is_open(current):
        raise ReviewError("The questions of a closed or declined review no longer change.")
    if not current.actions.filter(pk=action.pk).exists():
        raise ReviewError("Choose one of the review's actions.")
    if not text.strip():
        raise ReviewError("Write the question")
    last = current.questions.order_by("-order").values_list("order", flat=True).first() or 0
    question = KeyQuestion(
        review=current, action=action, text=text.strip(), source="The review team", order=last + 1
    )
    attributed(question, by).save()
    return question


@transaction.atomic
def question_remove(*, question: KeyQuestion, by) -> None:
    current = PeerReview.objects.select_for_update().get(pk=question.review_id)
    if not rules.scope_is_open(current):
        raise ReviewError("The questions of a closed or declined review no longer change.")
    attributed(question, by).delete()
