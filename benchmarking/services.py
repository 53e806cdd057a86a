"""Writes of benchmarking: every change goes through these functions."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from benchmarking import notifications
from benchmarking.models import DEFAULT_SCALE, Answer, Exercise, RatingLevel, Return, StandingPosition
from benchmarking.rules import REVIEW_FIELDS, return_is_editable, review_is_final
from core.files import save_with_file
from core.history import attributed
from framework.models import Action, FrameworkVersion, Objective
from organisations.models import Organisation


class BenchmarkingError(Exception):
    """A write that the rules do not allow; the message says why, in plain words."""


PUBLISHED_IS_FINAL = _(
    "The national picture is published, so its reviews and key findings are final: they are what "
    "forces and inspectors have read."
)


class ConflictError(BenchmarkingError):
    """Someone else saved the answer (or standing position) after this person opened it."""

    def __init__(self, current: "Answer | StandingPosition"):
        self.current = current
        super().__init__("Someone else saved this after you opened it.")


@dataclass
class IncompleteReturnError(BenchmarkingError):
    missing: list[Answer]

    def __str__(self):
        return f"{len(self.missing)} answers are not complete."


# What a force writes in an answer (and what a new exercise carries forward).
ANSWER_FIELDS = [
    "rating",
    "what_we_are_doing",
    "planned_activity",
    "planned_by",
    "potential_for_improvement",
    "can_share",
    "share_contact",
    "sees_gap",
    "written_in",
]


@transaction.atomic
def exercise_create(
    *,
    created_by,
    version: FrameworkVersion,
    title: str,
    opens_on: date,
    closes_on: date,
    instructions: str = "",
    granularity: str = Exercise.Granularity.ACTION,
    actions: list[Action] | None = None,
    previous: Exercise | None = None,
) -> Exercise:
    if closes_on < opens_on:
        raise BenchmarkingError(_("The close date must be on or after the open date."))
    exercise = attributed(
        Exercise(
            title=title,
            instructions=instructions,
            version=version,
            granularity=granularity,
            opens_on=opens_on,
            closes_on=closes_on,
            previous=previous,
            created_by=created_by,
        ),
        created_by,
    )
    exercise.save()
    if actions is None:
        actions = list(version.actions.filter(scope=Action.Scope.FORCE))
    exercise.actions.set(actions)
    RatingLevel.objects.bulk_create(
        RatingLevel(exercise=exercise, value=v, label=label, descriptor=d) for v, label, d in DEFAULT_SCALE
    )
    return exercise


# What a draft exercise's form edits, fingerprinted to catch two people changing one draft.
EXERCISE_FIELDS = ["title", "instructions", "granularity", "opens_on", "closes_on", "previous", "actions"]


@transaction.atomic
def exercise_update(
    *, exercise: Exercise, by, values: dict, actions: list[Action], seen: str | None = None
) -> bool:
    """Changes a draft exercise whole (its scale has its own page). Once it opens, forces have
    returns built from it, so it no longer changes. `seen` is the fingerprint of what the form
    was drawn from: a change someone else saved since raises EditConflict. Returns whether
    anything changed."""
    from core.concurrency import lock_unchanged

    current = lock_unchanged(exercise, EXERCISE_FIELDS, seen)
    if current.status != Exercise.Status.DRAFT:
        raise BenchmarkingError(_("Only a draft exercise can be changed: this one has opened."))
    if values["closes_on"] < values["opens_on"]:
        raise BenchmarkingError(_("The close date must be on or after the open date."))
    if not actions:
        raise BenchmarkingError(_("Choose at least one action."))
    changed = [name for name, value in values.items() if getattr(current, name) != value]
    actions_changed = {a.pk for a in actions} != set(current.actions.values_list("pk", flat=True))
    for name in changed:
        setattr(current, name, values[name])
    if changed:
        attributed(current, by).save()
    if actions_changed:
        current.actions.set(actions)
    return bool(changed or actions_changed)


@transaction.atomic
def exercise_open(*, exercise: Exercise, by, tell_forces: bool = True) -> int:
    """Opens a draft exercise: one return per force, with an answer per action or objective;
    each force's leads and contributors are told, with the deadline (not when a past exercise
    is being recorded: `tell_forces=False`).

    Each answer starts from the force's standing position on the same action (and
    objective), or where it has none there, from its answer in the previous exercise, so
    forces update rather than retype.
    """
    exercise = Exercise.objects.select_for_update().get(pk=exercise.pk)
    if exercise.status != Exercise.Status.DRAFT:
        raise BenchmarkingError(_("Only a draft exercise can be opened."))
    actions = list(exercise.actions.prefetch_related("objectives").order_by("sort_key"))
    if not actions:
        raise BenchmarkingError(_("Choose at least one action before opening the exercise."))
    forces = list(Organisation.objects.filter(kind=Organisation.Kind.FORCE))
    previous = _starting_points(exercise, [a.code for a in actions])
    returns = bulk_create_with_history(
        [Return(exercise=exercise, organisation=f) for f in forces], Return, default_user=by
    )
    answers = []
    for record in returns:
        for action in actions:
            targets: list[tuple[Action, Objective | None]] = (
                [(action, o) for o in action.objectives.all()]
                if exercise.granularity == Exercise.Granularity.OBJECTIVE
                else [(action, None)]
            )
            for act, objective in targets:
                answer = Answer(return_record=record, action=act, objective=objective)
                _start_from(answer, previous, record.organisation_id, act.code, objective)
                answers.append(answer)
    bulk_create_with_history(answers, Answer, default_user=by)
    exercise.status = Exercise.Status.OPEN
    attributed(exercise, by).save(update_fields=["status"])
    if tell_forces:
        for record in returns:
            record.organisation = next(f for f in forces if f.pk == record.organisation_id)
        notifications.exercise_opened(exercise, returns)
    return len(returns)


def _start_from(answer: Answer, starts: dict, organisation_id, code, objective) -> None:
    """Fills a new answer from what the force said to the same question (`starts`, from
    _starting_points); where that was asked at a different grain, from what it said on the
    whole action (for each of its objectives) or from its objectives brought together (the
    lowest rating, every narrative, a gap or an offer to share if any had one), saying so."""
    number = objective.number if objective else None
    same = starts.get((organisation_id, code, number))
    if same is not None:
        for field in ANSWER_FIELDS:
            setattr(answer, field, getattr(same, field))
        return

    def said(a) -> bool:
        return a.rating is not None or bool(a.what_we_are_doing.strip())

    if objective is not None:
        whole = starts.get((organisation_id, code, None))
        if whole is not None and said(whole):
            for field in ANSWER_FIELDS:
                setattr(answer, field, getattr(whole, field))
            answer.started_from = f"Started from {whole.origin.format(s='', what=f'the whole of {code}')}."
        return
    parts = sorted(
        (
            a
            for (org, c, n), a in starts.items()
            if org == organisation_id and c == code and n is not None and said(a)
        ),
        key=lambda a: a.objective.number,
    )
    if not parts:
        return
    rated = [a.rating for a in parts if a.rating is not None]
    answer.rating = min(rated) if rated else None
    for field in ("what_we_are_doing", "planned_activity", "potential_for_improvement"):
        setattr(
            answer,
            field,
            "\n\n".join(
                f"Objective {a.objective.number}: {getattr(a, field)}"
                for a in parts
                if getattr(a, field).strip()
            ),
        )
    dates = [a.planned_by for a in parts if a.planned_by]
    answer.planned_by = min(dates) if dates else None
    answer.sees_gap = (
        True
        if any(a.sees_gap for a in parts)
        else (False if all(a.sees_gap is False for a in parts) else None)
    )
    sharing = [a for a in parts if a.can_share]
    answer.can_share = True if sharing else (False if all(a.can_share is False for a in parts) else None)
    answer.share_contact = sharing[0].share_contact if sharing else ""
    numbers = ", ".join(str(a.objective.number) for a in parts)
    answer.started_from = (
        f"Started from {parts[0].origin.format(s='s', what=f'objectives {numbers} of {code}')}, brought together: "
        "the lowest rating, each objective's words. Check it reads as one answer."
    )


def _starting_points(exercise: Exercise, codes: list[str]) -> dict:
    """What each force's answers start from, by (force, action code, objective number or
    None): its standing positions on an action where it keeps any, otherwise its answers
    to the previous exercise. Each carries `origin`, how the answer's page names it."""
    starts: dict = {}
    if exercise.previous_id is not None:
        title = exercise.previous.title if exercise.previous else ""
        for a in Answer.objects.filter(
            return_record__exercise_id=exercise.previous_id, action__code__in=codes
        ).select_related("action", "objective", "return_record"):
            a.origin = "your answer{s} on {what} in " + title.replace("{", "{{").replace("}", "}}")  # type: ignore[attr-defined]
            starts[
                (a.return_record.organisation_id, a.action.code, a.objective.number if a.objective else None)
            ] = a
    positions: dict = {}
    for p in StandingPosition.objects.filter(action__code__in=codes).select_related("action", "objective"):
        p.origin = "your standing position{s} on {what}"  # type: ignore[attr-defined]
        positions[(p.organisation_id, p.action.code, p.objective.number if p.objective else None)] = p
    kept = {(org, code) for org, code, _unused in positions}
    starts = {key: a for key, a in starts.items() if key[:2] not in kept}
    starts.update(positions)
    return starts


@transaction.atomic
def exercise_close(*, exercise: Exercise, by) -> None:
    if exercise.status != Exercise.Status.OPEN:
        raise BenchmarkingError(_("Only an open exercise can be closed."))
    exercise.status = Exercise.Status.CLOSED
    attributed(exercise, by).save(update_fields=["status"])


@transaction.atomic
def exercise_publish(*, exercise: Exercise, by, reason: str = "") -> None:
    """Publishes the national picture. With returns missing or not fully reviewed
    (selectors.publish_checklist), only with a stated reason, which the picture shows."""
    from benchmarking.selectors import publish_checklist

    current = Exercise.objects.select_for_update().get(pk=exercise.pk)
    if current.status != Exercise.Status.CLOSED:
        raise BenchmarkingError(_("Close the exercise before publishing the national picture."))
    reason = reason.strip()
    if publish_checklist(current)["gaps"] and not reason:
        raise BenchmarkingError(
            _("Say why the picture is published with returns missing or not fully reviewed")
        )
    published_at = timezone.now()
    # (the caller's copy too: what it does next with the exercise sees it published)
    for copy in (current, exercise):
        copy.status = Exercise.Status.PUBLISHED
        copy.published_at = published_at
        copy.published_by = by
        copy.publish_note = reason
    attributed(current, by).save(update_fields=["status", "published_at", "published_by", "publish_note"])


@transaction.atomic
def answer_save(*, answer: Answer, by, revision: int, values: dict) -> Answer:
    """Saves a force's answer if nobody else has saved it since `revision`.

    A later save from an older revision raises ConflictError carrying the current answer,
    so the person can see both versions and nothing is lost.
    """
    current = Answer.objects.select_for_update().select_related("return_record__exercise").get(pk=answer.pk)
    record = current.return_record
    if not return_is_editable(record):
        raise BenchmarkingError(
            _(
                "This return was submitted while you were editing, so your answer was not saved. "
                "Your words are still below: copy them if you need them."
            )
        )
    if current.revision != revision:
        raise ConflictError(current)
    changed = [f for f in ANSWER_FIELDS if f in values and getattr(current, f) != values[f]]
    if not changed:
        return current
    for field in changed:
        setattr(current, field, values[field])
    current.revision += 1
    current.updated_by = by
    attributed(current, by).save()
    if record.status == Return.Status.NOT_STARTED:
        record.status = Return.Status.IN_PROGRESS
        attributed(record, by).save(update_fields=["status", "updated_at"])
    return current


@transaction.atomic
def return_submit(*, return_record: Return, by, declaration: bool) -> Return:
    record = Return.objects.select_for_update().select_related("exercise").get(pk=return_record.pk)
    if not return_is_editable(record):
        raise BenchmarkingError(_("This return can no longer be submitted."))
    missing = [a for a in record.answers.select_related("action", "objective") if not a.is_complete]
    if missing:
        raise IncompleteReturnError(missing)
    if not declaration:
        raise BenchmarkingError(_("Confirm the sign-off declaration to submit the return."))
    record.status = Return.Status.SUBMITTED
    record.submitted_at = timezone.now()
    record.submitted_by = by
    attributed(record, by).save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
    positions_from_return(record, by)
    notifications.return_submitted(record, by)
    return record


@transaction.atomic
def return_send_back(*, return_record: Return, by, comment: str) -> Return:
    record = Return.objects.select_for_update().select_related("exercise").get(pk=return_record.pk)
    if review_is_final(record.exercise):
        raise BenchmarkingError(PUBLISHED_IS_FINAL)
    if record.status != Return.Status.SUBMITTED:
        raise BenchmarkingError(_("Only a submitted return can be returned to its force."))
    if not comment.strip():
        raise BenchmarkingError(_("Say what the force needs to change."))
    record.status = Return.Status.RETURNED
    record.reviewer_comment = comment.strip()
    attributed(record, by).save(update_fields=["status", "reviewer_comment", "updated_at"])
    notifications.return_sent_back(record)
    return record


@transaction.atomic
def return_accept(*, return_record: Return, by) -> Return:
    record = Return.objects.select_for_update().select_related("exercise").get(pk=return_record.pk)
    if review_is_final(record.exercise):
        raise BenchmarkingError(PUBLISHED_IS_FINAL)
    if record.status != Return.Status.SUBMITTED:
        raise BenchmarkingError(_("Only a submitted return can be accepted."))
    record.status = Return.Status.ACCEPTED
    attributed(record, by).save(update_fields=["status", "updated_at"])
    notifications.return_accepted(record)
    return record


@transaction.atomic
def answer_review(*, answer: Answer, by, values: dict) -> Answer:
    current = Answer.objects.select_for_update().select_related("return_record__exercise").get(pk=answer.pk)
    _review_allowed(current.return_record)
    _review_apply(current, by, values)
    return current


def _review_allowed(record: Return) -> None:
    if review_is_final(record.exercise):
        raise BenchmarkingError(PUBLISHED_IS_FINAL)
    if record.status not in (Return.Status.SUBMITTED, Return.Status.ACCEPTED):
        raise BenchmarkingError(_("Answers are reviewed once the force has submitted its return."))


def _review_apply(current: Answer, by, values: dict, name: str = "") -> bool:
    if values.get("promising_practice") and not (values.get("promising_practice_reason") or "").strip():
        raise BenchmarkingError(
            _("Give a reason for flagging promising practice on {name}.").format(name=name)
            if name
            else _("Give a reason for flagging promising practice.")
        )
    changed = [f for f in REVIEW_FIELDS if f in values and getattr(current, f) != values[f]]
    for field in changed:
        setattr(current, field, values[field])
    if changed:
        attributed(current, by).save()
    return bool(changed)


@dataclass
class ReviewConflictError(BenchmarkingError):
    """Someone else changed the review of these answers after this reviewer opened them."""

    answers: list[Answer]

    def __str__(self):
        names = ", ".join(
            a.action.code + (f" objective {a.objective.number}" if a.objective else "") for a in self.answers
        )
        return (
            f"Someone else changed the review of {names} after you opened this page, so nothing was saved. "
            "Their review is shown now: make your changes again."
        )


@transaction.atomic
def answers_review(*, return_record: Return, by, reviews: dict[int, tuple[dict, str]]) -> int:
    """Saves the review of many answers of one return at once (the review screen): `reviews`
    maps an answer's id to its review values and the fingerprint (core.concurrency.stamp of
    its review fields) the reviewer's page was drawn from. If anyone changed the review of an
    answer this reviewer also changed, nothing is saved. Returns how many answers changed."""
    from core.concurrency import stamp

    record = Return.objects.select_for_update().select_related("exercise").get(pk=return_record.pk)
    _review_allowed(record)
    answers = list(
        Answer.objects.filter(return_record=record, pk__in=list(reviews))
        .select_related("action", "objective")
        .select_for_update(of=("self",))
        .order_by("pk")
    )
    clashes = []
    for answer in answers:
        values, seen = reviews[answer.pk]
        wants_change = any(f in values and getattr(answer, f) != values[f] for f in REVIEW_FIELDS)
        if wants_change and stamp(answer, REVIEW_FIELDS) != seen:
            clashes.append(answer)
    if clashes:
        raise ReviewConflictError(clashes)
    return sum(_review_apply(answer, by, reviews[answer.pk][0], answer.action.code) for answer in answers)


@transaction.atomic
def return_extension_grant(*, return_record: Return, by, until: date) -> Return:
    record = Return.objects.select_for_update().select_related("exercise").get(pk=return_record.pk)
    if until <= record.exercise.closes_on:
        raise BenchmarkingError(_("An extension must end after the exercise's close date."))
    record.extension_until = until
    attributed(record, by).save(update_fields=["extension_until", "updated_at"])
    return record


FINDING_FIELDS = ["text", "themes"]


@transaction.atomic
def key_finding_save(
    *,
    exercise: Exercise,
    action: Action,
    by,
    text: str,
    themes: list[dict] | None = None,
    seen: str | None = None,
):
    """Saves the key findings on an action: a summary and themes (each with its issues and
    recommendations). `seen` is the fingerprint (core.concurrency.stamp of FINDING_FIELDS)
    of what the writer's page showed: a change someone else saved since raises EditConflict.
    Themes left as None keep those already written."""
    from benchmarking.models import KeyFinding
    from core.concurrency import EditConflict, stamp

    if review_is_final(exercise):
        raise BenchmarkingError(PUBLISHED_IS_FINAL)
    finding = (
        KeyFinding.objects.select_for_update().filter(exercise=exercise, action=action).order_by("pk").first()
    )
    if finding is None:
        finding = KeyFinding(exercise=exercise, action=action, updated_by=by)
    elif seen is not None and stamp(finding, FINDING_FIELDS) != seen:
        raise EditConflict(finding, FINDING_FIELDS)
    themes = finding.themes if themes is None else themes
    text = text.strip()
    if not text and not themes:
        raise BenchmarkingError(_("Write a summary or at least one theme"))
    if finding.pk and finding.text == text and finding.themes == themes:
        return finding
    finding.text = text
    finding.themes = themes
    finding.updated_by = by
    attributed(finding, by).save()
    return finding


@transaction.atomic
def return_share_name_set(*, return_record: Return, by, share: bool) -> Return:
    record = Return.objects.select_for_update().get(pk=return_record.pk)
    if record.share_name != share:
        record.share_name = share
        attributed(record, by).save(update_fields=["share_name", "updated_at"])
    return record


@transaction.atomic
def evidence_link_add(*, answer: Answer, by, title: str, url: str):
    from benchmarking.models import Evidence

    _require_editable(answer)
    link = Evidence(answer=answer, kind=Evidence.Kind.LINK, title=title.strip(), url=url.strip(), added_by=by)
    attributed(link, by).save()
    return link


@transaction.atomic
def evidence_file_add(*, answer: Answer, by, title: str, upload):
    from benchmarking.models import Evidence
    from core import documents

    _require_editable(answer)
    try:
        content_type, extension = documents.check(upload)
    except documents.DocumentRefused as refused:
        raise BenchmarkingError(str(refused)) from None
    item = Evidence(
        answer=answer,
        kind=Evidence.Kind.FILE,
        title=(title or upload.name).strip()[:200],
        content_type=content_type,
        size=upload.size,
        added_by=by,
    )
    save_with_file(item, "file", f"evidence.{extension}", upload, attributed(item, by).save)
    return item


@transaction.atomic
def evidence_remove(*, item, by) -> None:
    _require_editable(item.answer)
    stored = item.file.name if item.file else None
    storage = item.file.storage if item.file else None
    attributed(item, by).delete()
    if stored and storage is not None:
        transaction.on_commit(lambda: storage.delete(stored))


def _require_editable(answer: Answer) -> None:
    record = Return.objects.select_related("exercise").get(pk=answer.return_record_id)
    if not return_is_editable(record):
        raise BenchmarkingError(_("This return can no longer be changed."))


@transaction.atomic
def answers_assign(*, return_record: Return, by, assignments: dict) -> int:
    """Sets who owns each answer (None for nobody); returns how many changed."""
    if not return_is_editable(Return.objects.select_related("exercise").get(pk=return_record.pk)):
        raise BenchmarkingError(_("This return can no longer be changed."))
    changed = 0
    given: dict = {}
    relieved: dict = {}
    for answer in (
        return_record.answers.order_by("pk")
        .select_related("assigned_to", "action", "objective")
        .select_for_update(of=("self",))
    ):
        if answer.pk in assignments and answer.assigned_to != assignments[answer.pk]:
            if answer.assigned_to is not None:
                relieved.setdefault(answer.assigned_to, []).append(answer)
            answer.assigned_to = assignments[answer.pk]
            if answer.assigned_to is not None:
                given.setdefault(answer.assigned_to, []).append(answer)
            attributed(answer, by).save(update_fields=["assigned_to", "updated_at"])
            changed += 1
    notifications.answers_assigned(return_record, given=given, relieved=relieved, by=by)
    return changed


@transaction.atomic
def rating_scale_update(*, exercise: Exercise, by, values: dict[int, tuple[str, str]]) -> int:
    """Changes the labels and descriptors of a draft exercise's scale; returns how many changed."""
    if Exercise.objects.get(pk=exercise.pk).status != Exercise.Status.DRAFT:
        raise BenchmarkingError(_("The rating scale can only change while the exercise is a draft."))
    changed = 0
    for level in exercise.rating_levels.order_by("value").select_for_update():
        label, descriptor = values[level.value]
        if (level.label, level.descriptor) != (label, descriptor):
            level.label, level.descriptor = label, descriptor
            level.save(update_fields=["label", "descriptor"])
            changed += 1
    return changed


# What a force writes in its standing position: an answer's words, where its evidence is,
# and who owns it.
POSITION_FIELDS = [*ANSWER_FIELDS, "evidence", "owner"]


@transaction.atomic
def position_save(
    *,
    organisation: Organisation,
    action: Action,
    objective: Objective | None,
    by,
    revision: int,
    values: dict,
) -> StandingPosition:
    """Saves a force's standing position on an action (or objective) if nobody else has saved
    it since `revision` (0 for one that does not exist yet), marking it reviewed today. A
    save from an older revision raises ConflictError carrying the current position. It is
    pointed at the action and objective given (the latest published plan's), and changes no
    exercise's answers: an exercise starts from positions only when it opens."""
    from django.db import IntegrityError

    current = _position(organisation, action.code, objective.number if objective else None, lock=True)
    if current is None:
        if revision != 0:
            raise BenchmarkingError(_("This position was removed after you opened it."))
        current = StandingPosition(organisation=organisation, action=action, objective=objective)
    elif current.revision != revision:
        raise ConflictError(current)
    for field in POSITION_FIELDS:
        if field in values:
            setattr(current, field, values[field])
    current.action, current.objective = action, objective
    current.reviewed_on = timezone.localdate()
    current.source = ""
    current.revision += 1
    current.updated_by = by
    try:
        with transaction.atomic():
            attributed(current, by).save()
    except IntegrityError:
        # Someone created the same position in the moment between the read and this save.
        theirs = _position(organisation, action.code, objective.number if objective else None, lock=False)
        if theirs is None:
            raise BenchmarkingError(
                _("Someone else saved this position at the same moment: save it again.")
            ) from None
        raise ConflictError(theirs) from None
    return current


def _position(organisation, code: str, number: int | None, *, lock: bool) -> StandingPosition | None:
    from benchmarking.selectors import position_of

    return position_of(organisation, code, number, lock=lock)


def positions_from_return(record: Return, by) -> int:
    """Brings the force's standing positions up to date from its submitted return: each
    answer becomes the position on its action (or objective), reviewed today, saying where it
    came from. The owner stays, or is the answer's owner where the position had none.
    Returns how many positions changed. Called inside return_submit's transaction."""
    today = timezone.localdate()
    source = f"From the force's return to {record.exercise.title}"[:300]
    changed = 0
    for answer in record.answers.select_related("action", "objective").order_by("pk"):
        position = _position(
            record.organisation,
            answer.action.code,
            answer.objective.number if answer.objective else None,
            lock=True,
        )
        if position is None:
            position = StandingPosition(
                organisation_id=record.organisation_id, action=answer.action, objective=answer.objective
            )
        for field in ANSWER_FIELDS:
            setattr(position, field, getattr(answer, field))
        position.action, position.objective = answer.action, answer.objective
        position.owner_id = position.owner_id or answer.assigned_to_id
        position.reviewed_on = today
        position.source = source
        position.revision += 1
        position.updated_by = by
        attributed(position, by).save()
        changed += 1
    return changed


# The most similar groups of police force areas have seven forces each; a little room is left.
MOST_SIMILAR = 10


@transaction.atomic
def similar_forces_set(*, organisation: Organisation, by, forces: list[Organisation]) -> int:
    """Sets a force's comparison group (its most similar forces), recording each addition and
    removal. Returns how many changed."""
    from benchmarking.models import SimilarForce

    if not organisation.is_force:
        raise BenchmarkingError(_("Only a police force has a comparison group."))
    wanted = {f.pk: f for f in forces}
    if organisation.pk in wanted:
        raise BenchmarkingError(_("A force cannot be in its own comparison group."))
    if any(not f.is_force for f in forces):
        raise BenchmarkingError(_("A comparison group holds police forces only."))
    if len(wanted) > MOST_SIMILAR:
        raise BenchmarkingError(_("Choose at most {count} forces.").format(count=MOST_SIMILAR))
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    current = {link.similar_id: link for link in SimilarForce.objects.filter(organisation=organisation)}
    changed = 0
    for pk, link in current.items():
        if pk not in wanted:
            attributed(link, by).delete()
            changed += 1
    for pk in wanted:
        if pk not in current:
            attributed(SimilarForce(organisation=organisation, similar_id=pk, added_by=by), by).save()
            changed += 1
    return changed


def positions_carry(proposals, by, version: FrameworkVersion) -> int:
    """Copies each proposed standing position to the new element it maps to, saying where it
    came from; the old position stays as it is. Returns how many were made."""
    from django.db import IntegrityError

    from framework.carrying import adopted_by

    originals = StandingPosition.objects.in_bulk([p.key for p in proposals])
    made = 0
    for proposal in proposals:
        old = originals[proposal.key]
        new = StandingPosition(organisation_id=old.organisation_id, action=proposal.pair.new, objective=None)
        for field in POSITION_FIELDS:
            setattr(new, field, getattr(old, field))
        new.reviewed_on = old.reviewed_on
        new.source = (
            f"Carried from {proposal.pair.old.version.framework.short_name} {proposal.pair.old.code} "
            f"when {adopted_by(version)} was adopted"
        )[:300]
        new.revision = 1
        new.updated_by = by
        try:
            with transaction.atomic():
                attributed(new, by).save()
        except IntegrityError:  # carried a moment ago by someone else
            continue
        made += 1
    return made
