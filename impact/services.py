"""Writes of impact realisation: every change goes through these functions (and so into
the history)."""

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from core.concurrency import create_once, lock, lock_unchanged
from core.history import attributed
from core.rows import RowProblem, RowsRejected, same_value
from framework.models import Action, LogicModelRow, Objective, SuggestedMeasure, ToolkitObjective
from impact import rules
from impact.models import (
    Measure,
    Measurement,
    Plan,
    PlanActivity,
    PlanObjective,
    PlanRisk,
    ProgressUpdate,
    Side,
)


class ImpactError(Exception):
    """A write the rules do not allow; the message says why."""


@transaction.atomic
def plan_create(*, organisation, action: Action, by, **fields) -> Plan:
    if not organisation.is_force:
        raise ImpactError(_("Impact realisation plans belong to forces."))
    taken = ImpactError(
        _("{name} already has a plan for {code}.").format(name=organisation.shown_name, code=action.code)
    )
    if Plan.objects.filter(organisation=organisation, action=action).exists():
        raise taken
    plan = attributed(Plan(organisation=organisation, action=action, created_by=by, **fields), by)
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError:  # started at the same moment in another request
        raise taken from None
    return plan


def changes_save(obj, by, values: dict, *, seen: str | None = None, stamped=()) -> bool:
    """Writes only the fields whose value differs, so an unchanged save leaves no history.
    Returns whether anything was written.

    From a form, `seen` is the fingerprint of `stamped` fields the form was drawn from: the
    row is locked and, if someone else changed them since, EditConflict is raised and nothing
    is written."""
    if seen is None:
        return _changed(obj, obj, by, values)
    with transaction.atomic():
        return _changed(obj, lock_unchanged(obj, stamped or list(values), seen), by, values)


def _changed(obj, current, by, values: dict) -> bool:
    changed = [name for name, value in values.items() if not same_value(getattr(current, name), value)]
    if not changed:
        return False
    owner_before = current.impact_owner if isinstance(current, PlanObjective) else None
    for name in changed:
        setattr(current, name, values[name])
    attributed(current, by).save()
    if "impact_owner" in changed:
        _owner_changed(current, owner_before, by)
    if current is not obj:
        for name in changed:
            setattr(obj, name, values[name])
    return True


def _owner_changed(item: PlanObjective, before, by) -> None:
    """Tells the objective's new owner it is theirs, and the one before that it no longer is."""
    from django.urls import reverse

    from core.notify import owner_changed

    plan = item.plan
    owner_changed(
        owner=item.impact_owner,
        before=before,
        by=by,
        thing="an objective",
        where=f"{plan.organisation.name}'s impact plan for {plan.action.code}: {item.text[:120]}",
        url=reverse("impact:plan", args=[plan.pk]),
    )


def removed(obj, by) -> None:
    """Deletes an item of a plan; the history keeps who removed it and what it said."""
    attributed(obj, by).delete()


@transaction.atomic
def plan_objective_add(
    *, plan: Plan, by, toolkit_objective: ToolkitObjective | None = None, objective: Objective | None = None
) -> PlanObjective:
    """Adds an objective to work on, its impacts pre-filled from the action (editable)."""
    source_action = (
        toolkit_objective.toolkit.action if toolkit_objective else objective.action if objective else None
    )
    if source_action is None or source_action.pk != plan.action_id:
        raise ImpactError(_("Choose an objective of this plan's action."))
    item = attributed(
        PlanObjective(
            plan=plan,
            toolkit_objective=toolkit_objective,
            objective=objective,
            organisational_impact=plan.action.organisational_impact,
            external_impact=plan.action.external_impact,
        ),
        by,
    )
    item.save()
    return item


@transaction.atomic
def activity_add(
    *,
    plan_objective: PlanObjective,
    by,
    row: LogicModelRow | None = None,
    text: str = "",
    outputs: str = "",
    side: str = Side.ORGANISATIONAL,
) -> PlanActivity:
    """An activity from the toolkit's logic model (bringing its impacts as outputs) or the force's own."""
    if row is not None:
        if row.objective_id != plan_objective.toolkit_objective_id:
            raise ImpactError(_("Choose an activity from this objective's logic model."))
        text = text or row.activity
        outputs = outputs or "\n".join(row.outputs + row.short_medium_term_impacts)
    if not text.strip():
        raise ImpactError(_("Describe the activity."))
    activity = attributed(
        PlanActivity(
            plan_objective=plan_objective,
            logic_model_row=row,
            text=text.strip(),
            outputs=outputs.strip(),
            side=side,
        ),
        by,
    )
    activity.save()
    return activity


@transaction.atomic
def risk_add(
    *,
    plan_objective: PlanObjective,
    by,
    text: str,
    mitigation: str = "",
    from_toolkit=False,
    side: str = Side.ORGANISATIONAL,
) -> PlanRisk:
    if not text.strip():
        raise ImpactError(_("Describe the risk."))
    risk = attributed(
        PlanRisk(
            plan_objective=plan_objective,
            text=text.strip(),
            mitigation=mitigation.strip(),
            from_toolkit=from_toolkit,
            side=side,
        ),
        by,
    )
    risk.save()
    return risk


@transaction.atomic
def progress_update_add(
    *, plan_objective: PlanObjective, by, rag: str, narrative: str, once=None
) -> ProgressUpdate:
    """Posts a progress update; the same form sent twice (`once`) posts it once."""
    if rag not in ProgressUpdate.Rag.values:
        raise ImpactError(_("Choose red, amber or green."))
    if not narrative.strip():
        raise ImpactError(_("Say what has happened since the last update."))
    update, _created = create_once(
        ProgressUpdate,
        once,
        lambda: ProgressUpdate.objects.create(
            plan_objective=plan_objective, rag=rag, narrative=narrative.strip(), created_by=by, once_key=once
        ),
    )
    return update


@transaction.atomic
def measure_create(
    *,
    organisation,
    by,
    name: str = "",
    unit: str,
    suggested: SuggestedMeasure | None = None,
    plan_objective: PlanObjective | None = None,
    **fields,
) -> Measure:
    """A tracked measure: from a toolkit's suggested measure (PEEL or other) or the force's own."""
    if suggested is not None:
        name = name or suggested.text
        fields.setdefault(
            "source", Measure.Source.PEEL if suggested.kind == "peel" else Measure.Source.TOOLKIT
        )
        fields.setdefault("peel_measure", suggested.peel_measure)
    if not name.strip():
        raise ImpactError(_("Name the measure."))
    if unit not in Measure.Unit.values:
        raise ImpactError(_("Choose a unit from the list."))
    measure = attributed(
        Measure(
            organisation=organisation,
            created_by=by,
            name=name.strip()[:200],
            unit=unit,
            suggested_measure=suggested,
            plan_objective=plan_objective,
            **fields,
        ),
        by,
    )
    once = fields.get("once_key")

    def save():
        measure.save()
        return measure

    return create_once(Measure, once, save)[0]


class MeasurementsRejected(RowsRejected, ImpactError):
    """Rows that broke the rules, every one of them."""


def measurements_check(measure: Measure, rows) -> list[tuple[str, Decimal, str]]:
    """Validates every (period, value, note) row first; raises with every problem found."""
    problems: list = []
    clean: list[tuple[str, Decimal, str]] = []
    seen: dict[str, int] = {}
    for number, (period, value, note) in enumerate(rows, start=1):
        try:
            period = rules.period_parse(measure.frequency, period)
        except rules.RuleBroken as broken:
            problems.append(RowProblem(number, "Period", str(broken)))
            period = None
        try:
            value = rules.value_parse(measure.unit, value)
        except rules.RuleBroken as broken:
            problems.append(RowProblem(number, "Value", str(broken)))
        if period is not None:
            if period in seen:
                problems.append(
                    RowProblem(
                        number,
                        "Period",
                        _("{period} is also on row {row}").format(period=period, row=seen[period]),
                    )
                )
            seen.setdefault(period, number)
        if len(str(note or "")) > 500:
            problems.append(
                RowProblem(number, "Note", _("Use {limit} characters or fewer").format(limit=500))
            )
        clean.append((period, value, str(note or "").strip()))
    if problems:
        raise MeasurementsRejected(problems)
    return clean


@transaction.atomic
def measurements_save(*, measure: Measure, by, rows) -> int:
    """Saves a batch of values, all or nothing; only new or changed periods are written.
    Returns how many were written."""
    clean = measurements_check(measure, rows)
    # One save of a measure's values at a time: two at once would both add the same period.
    lock(Measure, measure.pk)
    existing = {m.period: m for m in measure.measurements.select_for_update().order_by("pk")}
    written = 0
    for period, value, note in clean:
        current = existing.get(period)
        if current is not None and current.value == value and current.note == note:
            continue
        item = current or Measurement(measure=measure, period=period)
        item.value, item.note, item.updated_by = value, note, by
        attributed(item, by).save()
        written += 1
    return written


@transaction.atomic
def activity_for(*, organisation, action: Action, objective: Objective | None, by, text: str) -> PlanActivity:
    """An activity in the force's impact plan for the action, from work begun elsewhere (a peer
    review's opportunity for improvement): the plan is started if the force has none, and the
    activity goes under the plan's objective for that objective of the sheet (added if needed),
    or its first objective."""
    plan = Plan.objects.filter(organisation=organisation, action=action).first()
    if plan is None:
        plan = plan_create(organisation=organisation, action=action, by=by)
    chosen = objective or action.objectives.order_by("number").first()
    plan_objective = (
        plan.objectives.filter(objective=chosen).first() if chosen else None
    ) or plan.objectives.order_by("pk").first()
    if plan_objective is None:
        if chosen is None:
            raise ImpactError(_("The action has no objective to put the activity under."))
        plan_objective = plan_objective_add(plan=plan, by=by, objective=chosen)
    return activity_add(plan_objective=plan_objective, by=by, text=text)


def plans_carry(proposals, by, version) -> int:
    """Moves each proposed impact plan to the new element it maps to; its history keeps the
    element it was on. Returns how many moved."""
    moved = 0
    for proposal in proposals:
        plan = Plan.objects.select_for_update().get(pk=proposal.key)
        if plan.action_id != proposal.pair.old.pk:
            continue
        if Plan.objects.filter(organisation_id=plan.organisation_id, action=proposal.pair.new).exists():
            continue
        plan.action = proposal.pair.new
        attributed(plan, by).save(update_fields=["action", "updated_at"])
        moved += 1
    return moved
