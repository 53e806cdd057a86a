"""Writes of the practice library: every change goes through these functions, so each is in
the history and every assessment step is recorded as a Decision."""

import re

from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.concurrency import create_once, lock, lock_unchanged
from core.files import save_with_file
from core.history import attributed
from core.notify import notify, quote
from organisations.roles import Can
from organisations.selectors import people_who_can, writers_of
from practice.models import (
    CONTENT_FIELDS,
    SUMMARY_MAX_WORDS,
    Attachment,
    Call,
    Decision,
    Example,
    HelpRequest,
    LibraryEntry,
    LibraryState,
)
from practice.tasks import refresh_library_counts

Status = Example.Status


class PracticeError(Exception):
    """A change the rules do not allow; the message says why."""


def words(text: str) -> int:
    return len(re.findall(r"\S+", text or ""))


def summary_problem(text: str) -> str | None:
    """Why a summary is not allowed, or None."""
    if not (text or "").strip():
        return "Enter a summary"
    count = words(text)
    if count > SUMMARY_MAX_WORDS:
        return f"The summary must be {SUMMARY_MAX_WORDS} words or fewer (it has {count})"
    return None


def _set_links(example, strands, actions, objectives):
    example.strands.set(strands)
    example.actions.set(actions)
    example.objectives.set(objectives)


@transaction.atomic
def example_create(
    *,
    organisation,
    by,
    values: dict,
    strands=(),
    actions=(),
    objectives=(),
    call=None,
    source_answer=None,
    once=None,
):
    """A draft example; the same form sent twice (`once`) makes one."""
    if not organisation.is_force:
        raise PracticeError(_("Practice examples are submitted by forces."))
    problem = summary_problem(values.get("summary", ""))
    if problem:
        raise PracticeError(problem)

    def create():
        example = attributed(
            Example(
                organisation=organisation,
                created_by=by,
                owner=by,
                call=call,
                source_answer=source_answer,
                once_key=once,
                **values,
            ),
            by,
        )
        example.save()
        _set_links(example, strands, actions, objectives)
        return example

    return create_once(Example, once, create)[0]


# What the example form edits, fingerprinted to catch two people changing one example.
EDITED_FIELDS = [*CONTENT_FIELDS, "call", "strands", "actions", "objectives"]


@transaction.atomic
def example_update(
    *, example: Example, by, values: dict, strands, actions, objectives, seen: str | None = None
) -> bool:
    """Saves the force's changes. A published or refused example goes back to draft (the library
    keeps showing the published version until the change is assessed). Returns whether
    anything changed. From a form, `seen` is the fingerprint of what it was drawn from: a
    change someone else saved since raises EditConflict."""
    example = lock_unchanged(example, EDITED_FIELDS, seen)
    if not example.is_editable:
        raise PracticeError(
            _("The national team is assessing this example: it cannot be changed until they finish.")
        )
    problem = summary_problem(values.get("summary", example.summary))
    if problem:
        raise PracticeError(problem)
    changed_fields = [name for name, value in values.items() if getattr(example, name) != value]
    links_changed = (
        {s.pk for s in strands} != set(example.strands.values_list("pk", flat=True))
        or {a.pk for a in actions} != set(example.actions.values_list("pk", flat=True))
        or {o.pk for o in objectives} != set(example.objectives.values_list("pk", flat=True))
    )
    if not changed_fields and not links_changed:
        return False
    for name in changed_fields:
        setattr(example, name, values[name])
    if example.status in (Status.PUBLISHED, Status.NOT_ACCEPTED):
        example.status = Status.DRAFT
    attributed(example, by).save()
    if links_changed:
        _set_links(example, strands, actions, objectives)
    return True


def _assessors():
    return people_who_can(Can.ASSESS_PRACTICE)


def _force_editors(example):
    return writers_of(example.organisation_id)


def _move(example, by, status, kind, note="", evidence_stage=""):
    example.status = status
    attributed(example, by).save()
    return Decision.objects.create(
        example=example, kind=kind, note=note, evidence_stage=evidence_stage, by=by
    )


def missing_for_submission(example: Example) -> list[str]:
    """What an example needs before the national team can assess it."""
    missing: list[str] = []
    problem = summary_problem(example.summary)
    if problem:
        missing.append(problem)
    if not example.what_was_done.strip():
        missing.append("Say what was done")
    if not example.strands.exists():
        missing.append("Choose at least one vulnerability strand")
    if not example.actions.exists():
        missing.append("Choose at least one action of the plan it serves")
    if not (example.contact_name.strip() and example.contact_email.strip()):
        missing.append("Give a contact's name and email")
    return missing


@transaction.atomic
def example_submit(*, example: Example, by) -> Decision:
    example = Example.objects.select_for_update().get(pk=example.pk)
    if example.status not in (Status.DRAFT, Status.MORE_INFO, Status.NOT_ACCEPTED):
        raise PracticeError(
            _("Only a draft, or an example sent back for more information, can be submitted.")
        )
    missing = missing_for_submission(example)
    if missing:
        raise PracticeError("; ".join(missing))
    decision = _move(example, by, Status.SUBMITTED, Decision.Kind.SUBMITTED)
    notify(
        kind="practice",
        users=_assessors(),
        subject=_("A practice example is ready for assessment"),
        message=format_lazy(
            _("{name} submitted “{title}”."), name=example.organisation.shown_name, title=example.title
        ),
        url=f"/practice/examples/{example.pk}/",
    )
    return decision


@transaction.atomic
def assessment_start(*, example: Example, by) -> Decision:
    example = Example.objects.select_for_update().get(pk=example.pk)
    if example.status != Status.SUBMITTED:
        raise PracticeError(_("Only a submitted example can be taken for assessment."))
    return _move(example, by, Status.UNDER_ASSESSMENT, Decision.Kind.STARTED)


DECISIONS = {
    "publish": (Status.PUBLISHED, Decision.Kind.PUBLISHED),
    "more_info": (Status.MORE_INFO, Decision.Kind.MORE_INFO),
    "not_accepted": (Status.NOT_ACCEPTED, Decision.Kind.NOT_ACCEPTED),
}


@transaction.atomic
def assessment_decide(
    *, example: Example, by, decision: str, note: str, evidence_stage: str = ""
) -> Decision:
    """Publishes the example, sends it back for more information, or does not accept it."""
    example = Example.objects.select_for_update().select_related("organisation").get(pk=example.pk)
    if example.status not in (Status.SUBMITTED, Status.UNDER_ASSESSMENT):
        raise PracticeError(_("Only a submitted example can be assessed."))
    if decision not in DECISIONS:
        raise PracticeError(_("Choose publish, more information needed, or not accepted."))
    if decision in ("more_info", "not_accepted") and not note.strip():
        raise PracticeError(
            _("Say what more information is needed")
            if decision == "more_info"
            else _("Give the reason it is not accepted")
        )
    status, kind = DECISIONS[decision]
    if decision == "publish":
        if evidence_stage:
            example.evidence_stage = evidence_stage
        example.assessor_note = note.strip()
    record = _move(
        example, by, status, kind, note.strip(), example.evidence_stage if decision == "publish" else ""
    )
    if decision == "publish":
        publish_entry(example, by)
    words_for = {
        "publish": ("Your practice example is published", "is now in the practice library."),
        "more_info": (
            "More information is needed on your practice example",
            f"needs more information: {quote(note)}",
        ),
        "not_accepted": ("Your practice example was not accepted", f"was not accepted: {quote(note)}"),
    }
    subject, message = words_for[decision]
    notify(
        kind="practice",
        users=_force_editors(example),
        subject=subject,
        message=f"“{example.title}” {message}",
        url=f"/practice/examples/{example.pk}/",
    )
    return record


def publish_entry(example: Example, by) -> LibraryEntry:
    """Copies the example into the library (replacing an earlier publication)."""
    now = timezone.now()
    entry = LibraryEntry.objects.filter(example=example).first() or LibraryEntry(example=example)
    for name in CONTENT_FIELDS:
        setattr(entry, name, getattr(example, name))
    entry.organisation = example.organisation
    entry.region_id = example.organisation.region_id
    entry.call_id = example.call_id
    entry.year = now.year
    entry.published_at, entry.published_by = now, by
    actions = list(example.actions.select_related("theme"))
    strands = list(example.strands.all())
    entry.body = "\n".join(
        [entry.title, entry.summary, entry.problem, entry.what_was_done, entry.partners, entry.outcomes]
        + [s.name for s in strands]
        + [f"{a.code} {a.title}" for a in actions]
        + [example.organisation.name]
    )
    entry.facet_keys = entry.facet_keys_of(actions, strands)
    entry.save()
    entry.strands.set(strands)
    entry.actions.set(actions)
    entry.objectives.set(example.objectives.all())
    entry.themes.set({a.theme for a in actions})
    search_vector_update(LibraryEntry.objects.filter(pk=entry.pk))
    example.attachments.update(published=True)
    LibraryState.changed()
    refresh_library_counts.enqueue()  # queued in this transaction: run once it commits
    return entry


def search_vector_update(entries) -> None:
    """PostgreSQL: the full-text vector every word is matched against (the entry's whole text),
    and the small weighted one results are ranked by (title A, summary B)."""
    if connection.vendor != "postgresql":
        return
    from django.contrib.postgres.search import SearchVector

    ranked = SearchVector("title", weight="A", config="english") + SearchVector(
        "summary", weight="B", config="english"
    )
    entries.update(search_vector=SearchVector("body", config="english"), rank_vector=ranked)


@transaction.atomic
def attachment_add(*, example: Example, by, title: str, upload) -> Attachment:
    from core import documents

    if not example.is_editable:
        raise PracticeError(
            _("The national team is assessing this example: it cannot be changed until they finish.")
        )
    try:
        content_type, extension = documents.check(upload)
    except documents.DocumentRefused as refused:
        raise PracticeError(str(refused)) from None
    item = Attachment(
        example=example,
        title=(title or upload.name).strip()[:200],
        content_type=content_type,
        size=upload.size,
        added_by=by,
    )
    save_with_file(item, "file", f"attachment.{extension}", upload, attributed(item, by).save)
    return item


@transaction.atomic
def attachment_remove(*, item: Attachment, by) -> None:
    if not item.example.is_editable:
        raise PracticeError(
            _("The national team is assessing this example: it cannot be changed until they finish.")
        )
    stored, storage = item.file.name, item.file.storage
    attributed(item, by).delete()
    transaction.on_commit(lambda: storage.delete(stored))


@transaction.atomic
def example_from_answer(*, answer, by) -> tuple[Example, bool]:
    """A draft example from a benchmarking answer the reviewer flagged as promising practice,
    for its force to complete; linked both ways. Returns (example, created)."""
    if not answer.promising_practice:
        raise PracticeError(
            _("Only an answer the national team flagged as promising practice can become an example.")
        )
    # One example per answer: the answer is locked while it is looked for and made, and the
    # database refuses a second.
    lock(type(answer), answer.pk)
    existing = answer.practice_examples.first()
    if existing is not None:
        return existing, False
    record = answer.return_record
    summary = " ".join((answer.what_we_are_doing or "").split()[:SUMMARY_MAX_WORDS]) or answer.action.title
    example = example_create(
        organisation=record.organisation,
        by=by,
        values={
            "title": f"{answer.action.code} {answer.action.title}: {record.organisation.name}"[:200],
            "summary": summary,
            "what_was_done": answer.what_we_are_doing,
            "contact_name": answer.share_contact[:200],
        },
        actions=[answer.action],
        objectives=[answer.objective] if answer.objective_id else [],
        source_answer=answer,
    )
    return example, True


@transaction.atomic
def call_save(*, call: Call | None, by, values: dict) -> Call:
    if values["closes_on"] < values["opens_on"]:
        raise PracticeError(_("The closing date must be on or after the opening date"))
    if call is None:
        call = Call(created_by=by, **values)
    else:
        for name, value in values.items():
            setattr(call, name, value)
    attributed(call, by).save()
    return call


class OwnerChanged(PracticeError):
    """Someone else changed the example's owner since the page was shown."""


@transaction.atomic
def example_owner_set(*, example, owner, by, was: str) -> bool:
    """Gives the example to `owner` (someone who writes the force's work, or None); `was` is
    the owner the page showed (a change since is not overwritten). The new owner and the one
    before are told. Returns whether anything changed."""
    example = (
        Example.objects.select_for_update(of=("self",))
        .select_related("owner", "organisation")
        .get(pk=example.pk)
    )
    if str(example.owner_id or "") != (was or ""):
        raise OwnerChanged(
            f"Someone else has just made {example.owner or 'nobody'} the owner. Check, then choose again."
        )
    if owner is not None and owner.pk not in {p.pk for p in writers_of(example.organisation_id)}:
        raise PracticeError(_("Choose someone who writes your force's work."))
    before = example.owner
    if before == owner:
        return False
    example.owner = owner
    attributed(example, by).save(update_fields=["owner", "updated_at"])
    _owner_told(example, before, by)
    return True


def _owner_told(example, before, by) -> None:
    """The new owner hears the example is theirs, the one before that it no longer is."""
    from django.urls import reverse

    from core.notify import owner_changed

    owner_changed(
        owner=example.owner,
        before=before,
        by=by,
        thing="a practice example",
        where=f"{example.organisation.name}: “{quote(example.title, 120)}”",
        url=reverse("practice:example", args=[example.pk]),
    )


QUESTION_MAX = 5000


def help_request_ask(*, organisation, action, by, question: str, once=None) -> tuple[HelpRequest, bool]:
    """A force asks the national team for help on an action; the national team's assessors are
    told. The same form sent twice (`once`) asks once. Returns (request, created)."""
    question = question.strip()
    if not organisation.is_force:
        raise PracticeError(_("Help is asked for by forces."))
    if not question:
        raise PracticeError(_("Say what your force needs help with"))
    if len(question) > QUESTION_MAX:
        raise PracticeError(_("Keep the question to {count} characters or fewer").format(count=QUESTION_MAX))

    def create():
        item = attributed(
            HelpRequest(
                organisation=organisation, action=action, question=question, asked_by=by, once_key=once
            ),
            by,
        )
        item.save()
        return item

    with transaction.atomic():
        item, created = create_once(HelpRequest, once, create)
        if created:
            notify(
                kind="practice",
                users=_assessors(),
                subject=format_lazy(
                    _("{name} asks for help on {code}"), name=organisation.shown_name, code=action.code
                ),
                message=format_lazy(
                    _("{name} asks for help on {code}: “{quote}”"),
                    name=organisation.name_in_language,
                    code=action.code,
                    quote=quote(question),
                ),
                url=f"/practice/help-requests/{item.pk}/",
            )
    return item, created


ANSWER_FIELDS = ["status", "answer"]


@transaction.atomic
def help_request_answer(*, item: HelpRequest, by, answer: str, seen: str | None = None) -> HelpRequest:
    """The national team answers (or corrects its answer); the force's writers and the person
    who asked are told. From a form, `seen` is the fingerprint of the answer it was drawn
    from: an answer someone else saved since raises EditConflict."""
    answer = answer.strip()
    if not answer:
        raise PracticeError(_("Write the answer to the force"))
    current = lock_unchanged(item, ANSWER_FIELDS, seen)
    if current.answer == answer:
        return current
    current.answer = answer
    current.status = HelpRequest.Status.ANSWERED
    current.answered_by = by
    current.answered_at = timezone.now()
    attributed(current, by).save()
    told = {u.pk: u for u in writers_of(current.organisation_id)}
    told[current.asked_by_id] = current.asked_by
    notify(
        kind="practice",
        users=list(told.values()),
        subject=format_lazy(
            _("The national team answered your question on {code}"), code=current.action.code
        ),
        message=format_lazy(
            _("The national team answered your question on {code}: “{quote}”"),
            code=current.action.code,
            quote=quote(answer),
        ),
        url=f"/practice/help-requests/{current.pk}/",
    )
    return current
