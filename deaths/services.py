"""Writes to the deaths repository: each in one transaction, attributed for its history (who,
when, before, after), and moving the repository's version so the figures are recounted."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.concurrency import create_once, lock_unchanged
from core.history import attributed
from deaths.models import (
    FLAGS,
    AccessLog,
    Category,
    Challenge,
    DeathRecord,
    DeathsState,
    Grant,
    Person,
    Recommendation,
    Report,
    Term,
)
from organisations.models import Membership, Organisation

# What the notifying force writes and completes over time.
RECORD_FIELDS = (
    "force_reference",
    "died_on",
    "category",
    "method",
    "location",
    "circumstances",
    "suspect_arrested",
    "charge",
    "conclusion",
    "review_commissioned",
)
PERSON_FIELDS = (
    "role",
    "sex",
    "age_band",
    "ethnicity",
    "relationship",
    "contacts_12m",
    "contacts_5y",
    "risk_level",
    *FLAGS,
)
# What validating decides: a second analyst's decision never silently replaces the first.
VALIDATION_FIELDS = ("category", "scope", "exclusion", "exclusion_note", "validation")
# The fields held as codes of a controlled list (deaths.lists), and the list of each.
LISTED = {
    "method": "method",
    "location": "location",
    "charge": "charge",
    "conclusion": "conclusion",
    "age_band": "age_band",
    "ethnicity": "ethnicity",
    "relationship": "relationship",
    "exclusion": "exclusion",
}


class DeathsError(Exception):
    """A change the repository's rules refuse; its message is shown to the person."""


def _check_listed(fields: dict) -> None:
    for name, value in fields.items():
        if name in LISTED and value and not Term.objects.filter(list=LISTED[name], code=value).exists():
            raise DeathsError(_("Choose a {field} from the list").format(field=name.replace("_", " ")))


def _check_date(died_on) -> None:
    if died_on and died_on > timezone.localdate():
        raise DeathsError(_("The date of death must be today or in the past"))


def _reference_free(organisation_id, reference: str, pk=None) -> None:
    taken = DeathRecord.objects.filter(organisation_id=organisation_id, force_reference__iexact=reference)
    if pk:
        taken = taken.exclude(pk=pk)
    if taken.exists():
        raise DeathsError(_("Your force has already notified a death with this reference"))


# Roles --------------------------------------------------------------------------------


@transaction.atomic
def grant_add(*, person, organisation: Organisation, role: str, by) -> Grant:
    """Gives a named person a deaths role: a reporter for a force they belong to, an analyst
    or lead in the national team they belong to."""
    if role not in Grant.Role.values:
        raise DeathsError(_("Choose a deaths role"))
    if (role == Grant.Role.REPORTER) != organisation.is_force:
        raise DeathsError(
            _("Deaths reporters are named in a force")
            if role == Grant.Role.REPORTER
            else _("Deaths analysts and leads are named in the national team")
        )
    if not Membership.objects.filter(user=person, organisation=organisation).exists():
        raise DeathsError(
            _("{person} is not in {name}: invite them to the team first").format(
                person=person, name=organisation.shown_name
            )
        )
    if Grant.objects.filter(user=person, organisation=organisation, role=role).exists():
        raise DeathsError(
            _("{person} already holds this role in {name}").format(
                person=person, name=organisation.shown_name
            )
        )
    grant = Grant(user=person, organisation=organisation, role=role, granted_by=by)
    attributed(grant, by).save()
    return grant


@transaction.atomic
def grant_remove(*, grant: Grant, by) -> None:
    attributed(grant, by).delete()


# Notifying and completing --------------------------------------------------------------


@transaction.atomic
def record_notify(*, organisation: Organisation, by, fields: dict, send: bool, once=None) -> DeathRecord:
    """A new record of a death for `organisation`: sent to the national team at once, or kept
    as a draft to complete first. A repeated `once` key returns the first call's record."""
    _check_date(fields.get("died_on"))
    _check_listed(fields)

    def create():
        _reference_free(organisation.pk, fields["force_reference"])
        record = DeathRecord(organisation=organisation, created_by=by, once_key=once)
        for name in RECORD_FIELDS:
            if fields.get(name) not in (None, ""):
                setattr(record, name, fields[name])
        record.category_notified = record.category
        if send:
            record.status = DeathRecord.Status.NOTIFIED
            record.notified_at = timezone.now()
        attributed(record, by).save()
        DeathsState.changed()
        return record

    return create_once(DeathRecord, once, create)[0]


@transaction.atomic
def record_update(*, record: DeathRecord, by, fields: dict, seen: str | None = None) -> DeathRecord:
    """The force completes or corrects what it notified; raises EditConflict when someone saved
    the record after the person opened it. The category is the national team's once they have
    validated it or asked about it."""
    current = lock_unchanged(record, RECORD_FIELDS, seen)
    _check_date(fields.get("died_on"))
    _check_listed(fields)
    if "force_reference" in fields:
        _reference_free(current.organisation_id, fields["force_reference"], current.pk)
    settled = current.validation != DeathRecord.Validation.TO_VALIDATE or current.challenges.exists()
    if settled and fields.get("category", current.category) != current.category:
        raise DeathsError(
            _(
                "The category is settled with the national team now: answer their question or ask them to change it"
            )
        )
    for name in RECORD_FIELDS:
        if name in fields:
            value = fields[name]
            if value in (None, "") and name not in ("circumstances",):
                continue
            setattr(current, name, value if value is not None else "")
    if current.status == DeathRecord.Status.DRAFT:
        current.category_notified = current.category
    attributed(current, by).save()
    DeathsState.changed()
    return current


@transaction.atomic
def record_send(*, record: DeathRecord, by) -> DeathRecord:
    """Sends a draft to the national team: from now on it counts."""
    current = DeathRecord.objects.select_for_update().get(pk=record.pk)
    if current.status == DeathRecord.Status.NOTIFIED:
        return current
    current.status = DeathRecord.Status.NOTIFIED
    current.notified_at = timezone.now()
    current.category_notified = current.category
    attributed(current, by).save()
    DeathsState.changed()
    return current


@transaction.atomic
def person_add(*, record: DeathRecord, by, fields: dict, once=None) -> Person:
    _check_listed(fields)

    def create():
        person = Person(record=record, once_key=once, **{k: fields[k] for k in PERSON_FIELDS if k in fields})
        attributed(person, by).save()
        DeathsState.changed()
        return person

    return create_once(Person, once, create)[0]


@transaction.atomic
def person_update(*, person: Person, by, fields: dict, seen: str | None = None) -> Person:
    current = lock_unchanged(person, PERSON_FIELDS, seen)
    _check_listed(fields)
    for name in PERSON_FIELDS:
        if name in fields:
            setattr(current, name, fields[name])
    attributed(current, by).save()
    DeathsState.changed()
    return current


@transaction.atomic
def person_remove(*, person: Person, by) -> None:
    attributed(person, by).delete()
    DeathsState.changed()


# Validation and classification ---------------------------------------------------------


def _open_challenge(record: DeathRecord) -> Challenge | None:
    return record.challenges.filter(settled="").order_by("-pk").first()


@transaction.atomic
def challenge_raise(*, record: DeathRecord, by, proposed: str, reason: str) -> Challenge:
    """The national team questions the category the force gave; the force sees and answers."""
    current = DeathRecord.objects.select_for_update().get(pk=record.pk)
    if current.status != DeathRecord.Status.NOTIFIED:
        raise DeathsError(_("The force has not sent this notification yet"))
    if _open_challenge(current):
        raise DeathsError(_("There is already an open question about this category"))
    if proposed not in Category.values:
        raise DeathsError(_("Choose the category you propose"))
    if proposed == current.category:
        raise DeathsError(_("Propose a category other than the one the record has"))
    challenge = Challenge(record=current, proposed=proposed, reason=reason, raised_by=by)
    attributed(challenge, by).save()
    current.validation = DeathRecord.Validation.CHALLENGED
    attributed(current, by).save(update_fields=["validation", "updated_at"])
    DeathsState.changed()
    return challenge


@transaction.atomic
def challenge_answer(*, record: DeathRecord, by, answer: str) -> Challenge:
    """The notifying force answers the national team's question about the category."""
    current = DeathRecord.objects.select_for_update().get(pk=record.pk)
    challenge = _open_challenge(current)
    if challenge is None:
        raise DeathsError(_("There is no open question about this record's category"))
    if challenge.answered_at:
        raise DeathsError(_("Your force has already answered: the national team will settle it"))
    challenge.answer = answer
    challenge.answered_by = by
    challenge.answered_at = timezone.now()
    attributed(challenge, by).save()
    current.validation = DeathRecord.Validation.ANSWERED
    attributed(current, by).save(update_fields=["validation", "updated_at"])
    DeathsState.changed()
    return challenge


@transaction.atomic
def record_validate(
    *,
    record: DeathRecord,
    by,
    category: str,
    in_scope: bool,
    exclusion: str = "",
    note: str = "",
    seen: str | None = None,
) -> DeathRecord:
    """The national team confirms the record's category (settling any question the force has
    answered) and marks it in scope, or excluded with a reason. Raises EditConflict when another
    analyst decided after the person opened the page."""
    current = lock_unchanged(record, VALIDATION_FIELDS, seen)
    if current.status != DeathRecord.Status.NOTIFIED:
        raise DeathsError(_("The force has not sent this notification yet"))
    if category not in Category.values:
        raise DeathsError(_("Choose the category"))
    challenge = _open_challenge(current)
    if challenge and not challenge.answered_at:
        raise DeathsError(_("Wait for the force to answer your question about the category"))
    if not in_scope:
        _check_listed({"exclusion": exclusion})
        if not exclusion:
            raise DeathsError(_("Choose why the death is excluded"))
    if challenge:
        challenge.settled = category
        challenge.settled_at = timezone.now()
        attributed(challenge, by).save()
    current.category = category
    current.scope = DeathRecord.Scope.IN_SCOPE if in_scope else DeathRecord.Scope.EXCLUDED
    current.exclusion = "" if in_scope else exclusion
    current.exclusion_note = "" if in_scope else note
    current.validation = DeathRecord.Validation.VALIDATED
    current.validated_by = by
    current.validated_at = timezone.now()
    attributed(current, by).save()
    DeathsState.changed()
    return current


# Coding and reports --------------------------------------------------------------------


@transaction.atomic
def themes_set(*, record: DeathRecord, by, themes: list[Term], seen: str | None = None) -> None:
    """The record's themes, as the analyst chose them; raises EditConflict when someone else
    saved its themes after the analyst opened the page."""
    if any(t.list != "theme" for t in themes):
        raise DeathsError(_("Choose themes from the list"))
    current = lock_unchanged(record, ("themes",), seen)
    attributed(current, by)
    current.themes.set(themes)
    current.save(update_fields=["updated_at"])
    DeathsState.changed()


@transaction.atomic
def recommendation_add(*, record: DeathRecord, by, text: str, addressee: str, action=None, once=None):
    if addressee not in Recommendation.Addressee.values:
        raise DeathsError(_("Choose whom the recommendation is for"))

    def create():
        made = Recommendation(
            record=record, text=text, addressee=addressee, action=action, created_by=by, once_key=once
        )
        attributed(made, by).save()
        DeathsState.changed()
        return made

    return create_once(Recommendation, once, create)[0]


@transaction.atomic
def recommendation_remove(*, recommendation: Recommendation, by) -> None:
    attributed(recommendation, by).delete()
    DeathsState.changed()


@transaction.atomic
def case_review_link(*, record: DeathRecord, by, case_review_id: int | None) -> DeathRecord:
    current = DeathRecord.objects.select_for_update().get(pk=record.pk)
    current.case_review_id = case_review_id
    attributed(current, by).save(update_fields=["case_review", "updated_at"])
    return current


@transaction.atomic
def report_create(*, by, title: str, period_from, period_to, threshold: int, once=None) -> Report:
    """Freezes the suppressed tables for a period as a report. Refused if any table fails the
    disclosure check (which suppression makes impossible; the check is kept as a guard)."""
    from deaths import selectors

    if period_from > period_to:
        raise DeathsError(_("The period must end on or after the day it starts"))

    def create():
        tables, checks = selectors.report_tables(period_from, period_to, threshold)
        failed = [title for title, c in checks.items() if not c["passed"]]
        if failed:
            raise DeathsError(
                _("{table} failed the disclosure check: the report was not made").format(table=failed[0])
            )
        report = Report(
            title=title,
            period_from=period_from,
            period_to=period_to,
            threshold=threshold,
            tables=tables,
            disclosure={"tables": checks, "passed": True, "checked_at": timezone.now().isoformat()},
            created_by=by,
            once_key=once,
        )
        report.save()
        return report

    return create_once(Report, once, create)[0]


@transaction.atomic
def record_delete(*, record: DeathRecord, by, reason: str) -> None:
    """Deletes a record at the end of its retention period; the access log keeps a line saying
    who deleted which reference, and why."""
    what = f"{record} (died {record.died_on:%B %Y})"
    AccessLog.objects.create(user=by, kind=AccessLog.Kind.DELETE, reason=reason, record=None, what=what)
    attributed(record, by).delete()
    DeathsState.changed()


# Lists ---------------------------------------------------------------------------------


@transaction.atomic
def term_add(*, list_name: str, label: str, by) -> Term:
    from django.utils.text import slugify

    code = slugify(label)[:40].replace("-", "_") or "term"
    if Term.objects.filter(list=list_name, label__iexact=label).exists():
        raise DeathsError(_("The list already has this term"))
    base, n = code, 2
    while Term.objects.filter(list=list_name, code=code).exists():
        code = f"{base[:36]}_{n}"
        n += 1
    last = (
        Term.objects.filter(list=list_name).order_by("-position").values_list("position", flat=True).first()
    )
    term = Term(list=list_name, code=code, label=label, position=(last or 0) + 1)
    attributed(term, by).save()
    DeathsState.changed()
    return term


@transaction.atomic
def term_update(*, term: Term, by, label: str, in_use: bool, seen: str | None = None) -> Term:
    current = lock_unchanged(term, ("label", "in_use"), seen)
    if current.code == "not_known" and not in_use:
        raise DeathsError(_("“Not known” stays in every list"))
    if Term.objects.filter(list=current.list, label__iexact=label).exclude(pk=current.pk).exists():
        raise DeathsError(_("The list already has this term"))
    current.label = label
    current.in_use = in_use
    attributed(current, by).save()
    DeathsState.changed()
    return current
