"""Writes of peer reviews: every change goes through these functions, in a transaction,
attributed for the history."""

from datetime import date

from django.db import transaction
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core import languages
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
        raise ReviewError(_("Only a police force is peer reviewed."))
    if not actions:
        raise ReviewError(_("Choose at least one action to review."))
    if any(a.scope != Action.Scope.FORCE for a in actions):
        raise ReviewError(_("Choose actions for forces: the others are the national team's own."))
    if preferred_from and preferred_to and preferred_to < preferred_from:
        raise ReviewError(_("The latest date must be on or after the earliest."))


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
            _("Say why the force wants a review") if not proposed else _("Say why the review is proposed")
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
        raise ReviewError(_("This review has already been decided."))
    if not accept and not note.strip():
        raise ReviewError(_("Say why the review is declined"))
    if fieldwork_from and fieldwork_to and fieldwork_to < fieldwork_from:
        raise ReviewError(_("The fieldwork must end on or after the day it starts."))
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
        raise ReviewError(_("The team of a closed or declined review no longer changes."))
    if Membership.objects.filter(user=user, organisation_id=current.organisation_id).exists():
        raise ReviewError(_("A member of the force cannot review it: choose someone from outside it."))
    if not no_conflict and not statement.strip():
        raise ReviewError(_("Say what the reviewer's link with the force is, and why it does not stop them"))
    if role == TeamMember.Role.LEAD and current.team.filter(role=TeamMember.Role.LEAD).exists():
        raise ReviewError(_("The review already has a lead reviewer."))
    if current.team.filter(user=user).exists():
        raise ReviewError(_("They are already on the team."))
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
        raise ReviewError(_("The team of a closed or declined review no longer changes."))
    attributed(member, by).delete()


@transaction.atomic
def question_add(*, review: PeerReview, by, action: Action, text: str) -> KeyQuestion:
    current = PeerReview.objects.select_for_update().get(pk=review.pk)
    if not rules.scope_is_open(current):
        raise ReviewError(_("The questions of a closed or declined review no longer change."))
    if not current.actions.filter(pk=action.pk).exists():
        raise ReviewError(_("Choose one of the review's actions."))
    if not text.strip():
        raise ReviewError(_("Write the question"))
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
        raise ReviewError(_("The questions of a closed or declined review no longer change."))
    attributed(question, by).delete()


@transaction.atomic
def evidence_request_add(
    *, review: PeerReview, by, title: str, kind: str, due_on: date, detail: str = "", once=None
):
    """The review team asks the force for a document or data, by a date."""
    from reviews.models import EvidenceRequest

    current = PeerReview.objects.select_for_update().get(pk=review.pk)
    if not rules.evidence_is_open(current):
        raise ReviewError(
            _("Evidence is asked for once the review is accepted, and until its report is final.")
        )
    if not title.strip():
        raise ReviewError(_("Say what the force is asked for"))

    def create():
        item = EvidenceRequest(
            review=current,
            title=title.strip(),
            kind=kind,
            due_on=due_on,
            detail=detail.strip(),
            created_by=by,
            once_key=once,
        )
        attributed(item, by).save()
        return item

    item, created = create_once(EvidenceRequest, once, create)
    if created:
        from core.notify import notify
        from organisations.selectors import writers_of

        notify(
            kind="reviews",
            users=writers_of(current.organisation_id),
            subject=format_lazy(_("The peer review team asks for: {title}"), title=item.title),
            message=format_lazy(
                _("The team reviewing {name} asks for {title} by {date}."),
                name=current.organisation.name_in_language,
                title=item.title,
                date=languages.date_for_reader(due_on),
            ),
            url=f"/reviews/{current.pk}/evidence/{item.pk}/",
        )
    return item


def _open_request(item):
    from reviews.models import EvidenceRequest

    current = EvidenceRequest.objects.select_for_update(of=("self",)).select_related("review").get(pk=item.pk)
    if not rules.evidence_is_open(current.review):
        raise ReviewError(_("The review's evidence can no longer change."))
    return current


@transaction.atomic
def evidence_file_add(*, item, by, title: str, upload):
    """A file against a request, checked by the one upload reader (the same rules as a return's
    evidence): the request counts as provided."""
    from core import documents
    from core.files import save_with_file
    from reviews.models import EvidenceFile, EvidenceRequest

    current = _open_request(item)
    try:
        content_type, extension = documents.check(upload)
    except documents.DocumentRefused as refused:
        raise ReviewError(str(refused)) from None
    stored = EvidenceFile(
        request=current,
        title=(title or upload.name).strip()[:200],
        content_type=content_type,
        size=upload.size,
        added_by=by,
    )
    save_with_file(stored, "file", f"evidence.{extension}", upload, attributed(stored, by).save)
    if current.status != EvidenceRequest.Status.PROVIDED:
        current.status, current.cannot_reason = EvidenceRequest.Status.PROVIDED, ""
        attributed(current, by).save()
    return stored


@transaction.atomic
def evidence_cannot_provide(*, item, by, reason: str):
    from reviews.models import EvidenceRequest

    current = _open_request(item)
    if not reason.strip():
        raise ReviewError(_("Say why the force cannot provide it"))
    if current.files.exists():
        raise ReviewError(_("Files are already given against this request: remove them first."))
    current.status, current.cannot_reason = EvidenceRequest.Status.CANNOT, reason.strip()
    attributed(current, by).save()
    return current


@transaction.atomic
def evidence_file_remove(*, stored, by) -> None:
    from reviews.models import EvidenceRequest

    current = _open_request(stored.request)
    name, storage = stored.file.name, stored.file.storage
    attributed(stored, by).delete()
    if not current.files.exists() and current.status == EvidenceRequest.Status.PROVIDED:
        current.status = EvidenceRequest.Status.OPEN
        attributed(current, by).save()
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def fieldwork_add(
    *, review: PeerReview, by, kind: str, held_on: date, participants: str, notes: str, actions, once=None
):
    """Records a piece of fieldwork; the first moves an accepted review into its fieldwork."""
    from reviews.models import FieldworkEntry

    current = PeerReview.objects.select_for_update().get(pk=review.pk)
    if current.status not in {
        PeerReview.Status.ACCEPTED,
        PeerReview.Status.FIELDWORK,
        PeerReview.Status.REPORTING,
    }:
        raise ReviewError(_("Fieldwork is recorded once the review is accepted, until its report is final."))
    if not participants.strip() or not notes.strip():
        raise ReviewError(_("Say who took part (their roles) and what was found"))
    in_scope = set(current.actions.values_list("pk", flat=True))
    if not actions or any(a.pk not in in_scope for a in actions):
        raise ReviewError(_("Choose which of the review's actions it informs"))

    def create():
        entry = FieldworkEntry(
            review=current,
            kind=kind,
            held_on=held_on,
            participants=participants.strip(),
            notes=notes.strip(),
            created_by=by,
            once_key=once,
        )
        attributed(entry, by).save()
        entry.actions.set(actions)
        return entry

    entry, created = create_once(FieldworkEntry, once, create)
    if created and current.status == PeerReview.Status.ACCEPTED:
        current.status = PeerReview.Status.FIELDWORK
        attributed(current, by).save()
    return entry


@transaction.atomic
def finding_add(
    *,
    review: PeerReview,
    by,
    kind: str,
    action: Action,
    text: str,
    objective=None,
    suggested_step: str = "",
    evidence=(),
    fieldwork=(),
    once=None,
):
    """Records a finding on one of the review's actions, with the evidence and fieldwork
    behind it; an opportunity for improvement comes with a suggested step."""
    from reviews.models import Finding

    current = PeerReview.objects.select_for_update().get(pk=review.pk)
    if current.status not in rules.UNDER_WAY:
        raise ReviewError(_("Findings are written while the review is under way, until its report is final."))
    if not current.actions.filter(pk=action.pk).exists():
        raise ReviewError(_("Choose one of the review's actions"))
    if objective is not None and objective.action_id != action.pk:
        raise ReviewError(_("Choose an objective of that action"))
    if not text.strip():
        raise ReviewError(_("Write the finding"))
    if kind == Finding.Kind.OPPORTUNITY and not suggested_step.strip():
        raise ReviewError(_("Suggest a step for the opportunity for improvement"))
    if any(e.review_id != current.pk for e in evidence) or any(f.review_id != current.pk for f in fieldwork):
        raise ReviewError(_("Link evidence and fieldwork of this review only"))

    def create():
        finding = Finding(
            review=current,
            kind=kind,
            action=action,
            objective=objective,
            text=text.strip(),
            suggested_step=suggested_step.strip(),
            created_by=by,
            once_key=once,
        )
        attributed(finding, by).save()
        finding.evidence.set(evidence)
        finding.fieldwork.set(fieldwork)
        return finding

    return create_once(Finding, once, create)[0]


def _lead_or_runner(review: PeerReview, by) -> bool:
    from organisations.access import can
    from organisations.roles import Can

    return review.team.filter(user=by, role=TeamMember.Role.LEAD).exists() or can(by, Can.RUN_PEER_REVIEWS)


@transaction.atomic
def report_draft(*, review: PeerReview, by, summary: str) -> PeerReview:
    """The lead reviewer drafts the report back (its summary; the rest is drawn from the scope
    and the findings) for the force to check; redrafting while in draft changes the summary."""
    from django.utils import timezone

    current = PeerReview.objects.select_for_update().get(pk=review.pk)
    if not _lead_or_runner(current, by):
        raise ReviewError(_("The lead reviewer drafts the report."))
    if current.status not in {
        PeerReview.Status.ACCEPTED,
        PeerReview.Status.FIELDWORK,
        PeerReview.Status.REPORTING,
    }:
        raise ReviewError(
            _("The report is drafted once the review is under way, and only until it is final.")
        )
    if not summary.strip():
        raise ReviewError(_("Write the report's summary"))
    if not current.findings.exists():
        raise ReviewError(_("Record the findings before drafting the report."))
    current.report_summary = summary.strip()
    if current.status != PeerReview.Status.REPORTING:
        current.status = PeerReview.Status.REPORTING
        current.report_drafted_at = timezone.now()
    attributed(current, by).save()
    return current


@transaction.atomic
def report_comment(*, review: PeerReview, by, text: str, once=None):
    """The force's lead comments on the draft's factual accuracy."""
    from organisations.access import can_in
    from organisations.roles import Can
    from reviews.models import ReportComment

    current = PeerReview.objects.select_for_update().get(pk=review.pk)
    if not can_in(by, Can.LEAD_FORCE, current.organisation_id):
        raise ReviewError(_("The force's lead comments on the draft."))
    if current.status != PeerReview.Status.REPORTING:
        raise ReviewError(_("Comments are on the draft: this report is not in draft."))
    if not text.strip():
        raise ReviewError(_("Write your comment"))

    def create():
        comment = ReportComment(review=current, text=text.strip(), by=by, once_key=once)
        attributed(comment, by).save()
        return comment

    return create_once(ReportComment, once, create)[0]


@transaction.atomic
def report_finalise(*, review: PeerReview, by) -> PeerReview:
    """The lead reviewer makes the report final: the force's action plan and follow-up begin."""
    from django.utils import timezone

    current = PeerReview.objects.select_for_update().get(pk=review.pk)
    if not _lead_or_runner(current, by):
        raise ReviewError(_("The lead reviewer finalises the report."))
    if current.status != PeerReview.Status.REPORTING:
        raise ReviewError(_("Only a report in draft is finalised."))
    current.status = PeerReview.Status.FOLLOW_UP
    current.report_final_at = timezone.now()
    attributed(current, by).save()
    return current


RESPONSE_FIELDS = ["action_text", "owner", "due_on", "status", "progress"]


@transaction.atomic
def response_save(*, finding, by, values: dict, seen: str | None = None):
    """The force's answer to an opportunity for improvement (what it will do, who owns it, by
    when, and how it goes); when every opportunity is done or explained, the review closes.
    `seen` is the fingerprint of the answer the page showed: someone else's change since
    raises EditConflict."""
    from core.concurrency import EditConflict, stamp
    from reviews.models import Finding, Response

    current = PeerReview.objects.select_for_update().get(pk=finding.review_id)
    if current.status != PeerReview.Status.FOLLOW_UP:
        raise ReviewError(
            _("The force answers the opportunities once the report is final, until the review closes.")
        )
    if finding.kind != Finding.Kind.OPPORTUNITY:
        raise ReviewError(_("Only an opportunity for improvement needs an action."))
    if not values.get("action_text", "").strip():
        raise ReviewError(_("Say what the force will do"))
    if values.get("status") == Response.Status.EXPLAINED and not values.get("progress", "").strip():
        raise ReviewError(_("Explain why it is not taken forward"))
    response = Response.objects.select_for_update().filter(finding=finding).first()
    if response is not None and seen and stamp(response, RESPONSE_FIELDS) != seen:
        raise EditConflict(response, RESPONSE_FIELDS)
    if response is None:
        response = Response(finding=finding, updated_by=by)
    for field in RESPONSE_FIELDS:
        setattr(response, field, values[field].strip() if isinstance(values[field], str) else values[field])
    response.updated_by = by
    attributed(response, by).save()
    _close_if_answered(current, by)
    return response


def _close_if_answered(review: PeerReview, by) -> None:
    from reviews.models import Finding, Response

    opportunities = review.findings.filter(kind=Finding.Kind.OPPORTUNITY)
    finished = Response.objects.filter(
        finding__in=opportunities, status__in=[Response.Status.DONE, Response.Status.EXPLAINED]
    ).count()
    if finished == opportunities.count():
        review.status = PeerReview.Status.CLOSED
        attributed(review, by).save()


@transaction.atomic
def response_to_activity(*, response, by):
    """Makes the force's action an activity in its impact plan for the finding's action (the
    plan is started if it has none), linked both ways."""
    from impact import services as impact

    current = (
        type(response)
        .objects.select_for_update(of=("self",))
        .select_related("finding__review__organisation", "finding__action", "finding__objective")
        .get(pk=response.pk)
    )
    if current.impact_activity_id:
        raise ReviewError(_("It is already an activity in the impact plan."))
    finding = current.finding
    try:
        activity = impact.activity_for(
            organisation=finding.review.organisation,
            action=finding.action,
            objective=finding.objective,
            by=by,
            text=f"{current.action_text} (from the peer review's opportunity for improvement)",
        )
    except impact.ImpactError as problem:
        raise ReviewError(str(problem)) from None
    current.impact_activity = activity
    current.updated_by = by
    attributed(current, by).save()
    return current


@transaction.atomic
def report_share(*, review: PeerReview, by, forces: list[Organisation], publish_summary: bool) -> PeerReview:
    """The force's lead shares its final report with named forces, and may publish its
    summary to everyone signed in. Both can be taken back."""
    from organisations.access import can_in
    from organisations.roles import Can

    current = PeerReview.objects.select_for_update().get(pk=review.pk)
    if not can_in(by, Can.LEAD_FORCE, current.organisation_id):
        raise ReviewError(_("The force's lead decides who reads its report."))
    if current.report_final_at is None:
        raise ReviewError(_("The report is shared once it is final."))
    if any(not f.is_force or f.pk == current.organisation_id for f in forces):
        raise ReviewError(_("Choose other police forces"))
    changed = {f.pk for f in forces} != set(current.shared_with.values_list("pk", flat=True))
    if current.summary_published != publish_summary or changed:
        current.summary_published = publish_summary
        attributed(current, by).save()
        if changed:
            current.shared_with.set(forces)
    return current


@transaction.atomic
def finding_to_example(*, finding, by):
    """Promising practice the review found becomes a draft practice example for the force to
    complete and submit: only when the force chooses to (one of its writers asks), once."""
    from organisations.access import can_in
    from organisations.roles import Can
    from practice import services as practice
    from reviews.models import Finding

    current = (
        Finding.objects.select_for_update(of=("self",))
        .select_related("review__organisation", "action", "objective")
        .get(pk=finding.pk)
    )
    review = current.review
    if not can_in(by, Can.WRITE_FORCE_WORK, review.organisation_id):
        raise ReviewError(_("The force decides whether to share its practice."))
    if current.kind != Finding.Kind.PROMISING:
        raise ReviewError(_("Only promising practice becomes a practice example."))
    if not rules.findings_shown_to_force(review):
        raise ReviewError(_("The findings reach the force with the draft report."))
    if current.practice_example_id:
        return current.practice_example
    try:
        example = practice.example_create(
            organisation=review.organisation,
            by=by,
            values={
                "title": f"{current.action.code} {current.action.title}: {review.organisation.name}"[:200],
                "summary": " ".join(current.text.split()[: practice.SUMMARY_MAX_WORDS]),
                "what_was_done": current.text,
            },
            actions=[current.action],
            objectives=[current.objective] if current.objective else [],
        )
    except practice.PracticeError as problem:
        raise ReviewError(str(problem)) from None
    current.practice_example = example
    attributed(current, by).save()
    return example
