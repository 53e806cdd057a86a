"""Reads of impact realisation, with their joins baked in."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models import Max, OuterRef, Prefetch, Subquery
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from benchmarking.selectors import latest_ratings
from core.cache import kept, stamp_of
from framework import rebuilt
from framework import selectors as plan_selectors
from framework.models import Action, LogicModelRow, PeelMeasure, SuggestedMeasure
from impact import access
from impact.models import (
    ForceImpactState,
    Measure,
    Measurement,
    Plan,
    PlanActivity,
    PlanObjective,
    ProgressUpdate,
)

# How long an objective may go without a progress update, by the plan's update frequency.
UPDATE_INTERVAL: dict[str, timedelta] = {
    Plan.Frequency.MONTHLY: timedelta(days=31),
    Plan.Frequency.QUARTERLY: timedelta(days=92),
}


def update_due(last_update, started, frequency):
    """When the next progress update falls due: the plan's interval after the latest update
    (or, without one, after the plan started)."""
    return (last_update or started) + UPDATE_INTERVAL[frequency]


def journey_to_good(plan: Plan) -> list[dict]:
    """For each toolkit objective of the plan's action: each logic-model activity and whether
    the force has it done, in progress, planned, or not yet considered."""
    toolkit = getattr(plan.action, "toolkit", None)
    if toolkit is None:
        return []
    chosen = {
        activity.logic_model_row_id: activity.status
        for activity in PlanActivity.objects.filter(plan_objective__plan=plan, logic_model_row__isnull=False)
    }
    journey = []
    for objective in toolkit.objectives.prefetch_related("logic_model_rows"):
        journey.append(
            {
                "objective": objective,
                "activities": [
                    {"row": row, "status": chosen.get(row.pk, "not_considered")}
                    for row in objective.logic_model_rows.all()
                ],
            }
        )
    return journey


def overdue_objectives(now):
    """Plan objectives of active plans whose latest progress update (or, without one, the
    plan's start) is older than the plan's update interval."""
    objectives = (
        PlanObjective.objects.filter(plan__status=Plan.Status.ACTIVE)
        .select_related(
            "plan__organisation", "plan__action", "impact_owner", "toolkit_objective", "objective"
        )
        .annotate(last_update=Max("progress_updates__created_at"))
    )
    overdue = []
    for item in objectives:
        due_at = update_due(item.last_update, item.plan.created_at, item.plan.update_frequency)
        if due_at < now:
            item.due_at = due_at  # type: ignore[attr-defined]
            overdue.append(item)
    return overdue


# --- Suggestions from the toolkit (or, for an interim action, from the action sheet) ---


@dataclass(frozen=True)
class Suggestion:
    key: str
    label: str
    text: str
    row: LogicModelRow | None = None
    suggested: SuggestedMeasure | None = None
    peel: PeelMeasure | None = None


def activity_suggestions(item: PlanObjective) -> list[Suggestion]:
    """The toolkit objective's logic-model activities, or the action sheet's "What do we need?"
    items for an objective of an interim action, less those already in the plan."""
    taken_rows = {a.logic_model_row_id for a in item.activities.all()}
    taken_texts = {a.text for a in item.activities.all()}
    if item.toolkit_objective is not None:
        return [
            Suggestion(
                f"row-{row.pk}",
                f"{row.activity} ({rebuilt.NOTE.lower()})" if row.rebuilt else row.activity,
                row.activity,
                row=row,
            )
            for row in item.toolkit_objective.logic_model_rows.all()
            if row.pk not in taken_rows
        ]
    return [
        Suggestion(f"need-{index}", text, text)
        for index, text in enumerate(item.objective.what_we_need if item.objective else [])
        if text not in taken_texts
    ]


def measure_suggestions(item: PlanObjective) -> list[Suggestion]:
    """The toolkit objective's suggested measures (PEEL and other), or the PEEL measures the
    action sheet links to the objective, less those the force already tracks here."""
    taken = {(m.suggested_measure_id, m.peel_measure_id) for m in item.measures.all()}
    if item.toolkit_objective is not None:
        return [
            Suggestion(
                f"s{s.pk}",
                f"{'PEEL ' + s.code + ': ' if s.kind == 'peel' and s.code else ''}{s.text}",
                s.text,
                suggested=s,
                peel=s.peel_measure,
            )
            for s in item.toolkit_objective.suggested_measures.select_related("peel_measure")
            if (s.pk, s.peel_measure_id) not in taken
        ]
    return [
        Suggestion(f"p{p.pk}", f"PEEL {p.code}: {p.text}", p.text, peel=p)
        for p in (item.objective.peel_measures.all() if item.objective else [])
        if (None, p.pk) not in taken
    ]


def risk_suggestions(item: PlanObjective) -> list[str]:
    """The toolkit objective's unintended consequences not yet in the plan."""
    toolkit_objective = item.toolkit_objective
    if toolkit_objective is None:
        return []
    taken = {r.text for r in item.risks.all()}
    return [text for text in toolkit_objective.unintended_consequences if text not in taken]


def objective_choices(plan: Plan) -> list[tuple[str, str]]:
    """Objectives of the plan's action not yet chosen: the toolkit's when it has one, else the
    action sheet's. Keys are "t<id>" (toolkit objective) or "o<id>" (plan objective)."""
    chosen = {(o.toolkit_objective_id, o.objective_id) for o in plan.objectives.all()}
    toolkit = getattr(plan.action, "toolkit", None)
    if toolkit is not None:
        return [
            (f"t{o.pk}", f"Objective {o.number}: {o.text}")
            for o in toolkit.objectives.all()
            if (o.pk, None) not in chosen
        ]
    return [
        (f"o{o.pk}", f"Objective {o.number}: {o.text}")
        for o in plan.action.objectives.all()
        if (None, o.pk) not in chosen
    ]


def action_objective_choices(action: Action) -> list[tuple[str, str]]:
    toolkit = getattr(action, "toolkit", None)
    if toolkit is not None:
        return [(f"t{o.pk}", f"Objective {o.number}: {o.text}") for o in toolkit.objectives.all()]
    return [(f"o{o.pk}", f"Objective {o.number}: {o.text}") for o in action.objectives.all()]


# --- Pages ---


def _latest_values(measures):
    """Measures annotated with their latest and previous values (two subqueries, not a loop)."""
    by_period = Measurement.objects.filter(measure=OuterRef("pk")).order_by("-period")
    return measures.annotate(
        latest_value=Subquery(by_period.values("value")[:1]),
        latest_period=Subquery(by_period.values("period")[:1]),
        previous_value=Subquery(by_period.values("value")[1:2]),
    )


def trend(measure) -> str:
    """ "towards" or "away" from the target (or the better direction when no target is set),
    "level", or "" without two values to compare."""
    latest, previous = measure.latest_value, measure.previous_value
    if previous is None and measure.baseline is not None:
        previous = measure.baseline
    if latest is None or previous is None:
        return ""
    if latest == previous:
        return "level"
    if measure.target is not None and previous != measure.target:
        closer = abs(measure.target - latest) < abs(measure.target - previous)
        return "towards" if closer else "away"
    better = latest > previous if measure.direction == Measure.Direction.HIGHER else latest < previous
    return "towards" if better else "away"


def plan_detail(pk) -> Plan | None:
    return plans_in_detail().filter(pk=pk).order_by("pk").first()


def plans_in_detail():
    """Plans with everything a plan's page, workbook and PDF show, in a fixed number of queries."""
    measures = _latest_values(Measure.objects.order_by("name", "pk"))
    objectives = PlanObjective.objects.select_related(
        "toolkit_objective", "objective", "impact_owner"
    ).prefetch_related(
        Prefetch("activities", queryset=PlanActivity.objects.select_related("logic_model_row")),
        "risks",
        Prefetch("measures", queryset=measures),
        Prefetch("progress_updates", queryset=ProgressUpdate.objects.select_related("created_by")),
        "toolkit_objective__logic_model_rows",
    )
    return Plan.objects.select_related(
        "organisation", "action__version__framework", "action__toolkit", "created_by"
    ).prefetch_related(Prefetch("objectives", queryset=objectives))


def latest_progress(item: PlanObjective):
    updates = list(item.progress_updates.all())
    return updates[0] if updates else None


def work_stamp(organisation_id) -> str:
    """Names the state of a force's impact work: changes with any save or removal of it
    (impact.signals). One read of one row."""
    changed = ForceImpactState.objects.filter(organisation_id=organisation_id).values_list(
        "changed_at", flat=True
    )
    found = changed.first()
    return f"{organisation_id}:{found.isoformat() if found else 'never'}"


def every_force_work_stamp() -> str:
    """Names the state of every force's impact work together: changes with any save or
    removal of any of it. One aggregate over one row per force."""
    return stamp_of(ForceImpactState.objects.all(), "changed_at")


def _force_actions(version):
    """The version's force actions with their themes, kept until a load changes the version."""
    return kept(
        f"force-actions:{plan_selectors.content_stamp(version)}",
        lambda: list(
            Action.objects.filter(version=version, scope=Action.Scope.FORCE)
            .select_related("theme")
            .order_by("sort_key")
        ),
        local=True,
    )


def force_dashboard(organisation, version, now, record=None) -> dict:
    """Every force action of the version with the force's latest rating (from `record`, the
    force's latest return, when the caller has read it), its plan's status and
    red/amber/green, its measures' trends and overdue progress updates."""
    actions = _force_actions(version)
    record, ratings = latest_ratings(organisation, record)
    plans = {
        plan.action_id: plan for plan in Plan.objects.filter(organisation=organisation, action__in=actions)
    }
    latest_update = ProgressUpdate.objects.filter(plan_objective=OuterRef("pk")).order_by(
        "-created_at", "-pk"
    )
    objectives = list(
        PlanObjective.objects.filter(plan__in=plans.values()).annotate(
            latest_rag=Subquery(latest_update.values("rag")[:1]),
            last_update=Max("progress_updates__created_at"),
        )
    )
    measures = list(
        _latest_values(Measure.objects.filter(plan_objective__plan__in=plans.values())).values(
            "pk",
            "plan_objective__plan_id",
            "latest_value",
            "previous_value",
            "baseline",
            "target",
            "direction",
            "latest_period",
        )
    )
    plan_by_id = {plan.pk: plan for plan in plans.values()}
    summary: dict[int, dict[str, Any]] = {
        plan.pk: {"rags": [], "overdue": 0, "towards": 0, "away": 0} for plan in plans.values()
    }
    rag_order = {"red": 0, "amber": 1, "green": 2, "not_stated": 3}
    for item in objectives:
        row = summary[item.plan_id]
        if item.latest_rag:
            row["rags"].append(item.latest_rag)
        plan = plan_by_id[item.plan_id]
        if (
            plan.status == Plan.Status.ACTIVE
            and update_due(item.last_update, plan.created_at, plan.update_frequency) < now
        ):
            row["overdue"] += 1
    for values in measures:
        direction = trend(_Values(values))
        if direction in ("towards", "away"):
            summary[values["plan_objective__plan_id"]][direction] += 1
    rows = []
    for action in actions:
        action_plan = plans.get(action.pk)
        rating = ratings.get(action.code)
        row = {"action": action, "rating": rating, "plan": action_plan}
        if action_plan is not None:
            facts = summary[action_plan.pk]
            row.update(facts)
            row["rag"] = min(facts["rags"], key=lambda rag: rag_order.get(rag, 9)) if facts["rags"] else ""
        row["suggest_plan"] = action_plan is None and bool(rating and rating["gap"])
        rows.append(row)
    return {"rows": rows, "record": record}


class _Values:
    """Dictionary values read as attributes, for trend()."""

    def __init__(self, values):
        self.__dict__.update(values)


def missing_values(organisation_ids, today) -> list[dict]:
    """The forces' measures in their impact plans with no value for the last period that has
    ended (by each measure's frequency), by name: pk, name and that period. One query."""
    from impact.rules import last_period

    found = []
    for measure in (
        Measure.objects.filter(organisation_id__in=organisation_ids, plan_objective__isnull=False)
        .annotate(latest=Max("measurements__period"))
        .order_by("name", "pk")
        .values("pk", "name", "frequency", "latest")
    ):
        period = last_period(measure["frequency"], today)
        if measure["latest"] is None or measure["latest"] < period:
            found.append(
                {"pk": measure["pk"], "name": measure["name"], "period": period, "latest": measure["latest"]}
            )
    return found


def plans_on_action(organisation_ids, action_id) -> list[Plan]:
    """The forces' plans for one action, each objective with its latest red/amber/green
    (`latest_rag`) and its measures with their latest and previous values (for `trend`): three
    queries, whatever the plans hold."""
    latest_update = ProgressUpdate.objects.filter(plan_objective=OuterRef("pk")).order_by(
        "-created_at", "-pk"
    )
    objectives = (
        PlanObjective.objects.select_related("toolkit_objective", "objective")
        .annotate(latest_rag=Subquery(latest_update.values("rag")[:1]))
        .prefetch_related(
            Prefetch("measures", queryset=_latest_values(Measure.objects.order_by("name", "pk")))
        )
        .order_by("pk")
    )
    return list(
        Plan.objects.filter(organisation_id__in=organisation_ids, action_id=action_id)
        .prefetch_related(Prefetch("objectives", queryset=objectives))
        .order_by("pk")
    )


def my_objectives(user) -> list[PlanObjective]:
    """The objectives the user owns, with their plan and latest progress."""
    latest_update = ProgressUpdate.objects.filter(plan_objective=OuterRef("pk")).order_by(
        "-created_at", "-pk"
    )
    return list(
        PlanObjective.objects.filter(impact_owner=user, plan__organisation__memberships__user=user)
        .exclude(plan__status=Plan.Status.COMPLETED)
        .distinct()
        .select_related("plan__organisation", "plan__action", "toolkit_objective", "objective")
        .annotate(
            latest_rag=Subquery(latest_update.values("rag")[:1]),
            last_update=Max("progress_updates__created_at"),
        )
        .order_by("plan__action__sort_key", "pk")
    )


def national_distribution(suggested: SuggestedMeasure) -> list[dict]:
    """For every force tracking a measure under this suggested measure: its latest value."""
    measures = _latest_values(
        Measure.objects.filter(suggested_measure=suggested).select_related("organisation")
    ).order_by("organisation__name", "pk")
    return [
        {"measure": m, "organisation": m.organisation, "latest": m.latest_value, "period": m.latest_period}
        for m in measures
    ]


def needs_you(user, today, now) -> list:
    """`_needs_you`, kept for the person until their forces' impact work or returns change
    (gaps come from the latest return), or the hour does (an update falls due as time passes)."""
    from core import personal

    forces = access.forces_of(user)
    stamp = (
        stamp_of(ForceImpactState.objects.filter(organisation_id__in=forces), "changed_at") if forces else "-"
    )
    return personal.cached(
        user, f"needs-you:impact:{now:%Y-%m-%dT%H}:{stamp}", lambda: _needs_you(user, today, now)
    )


def _needs_you(user, today, now) -> list:
    """What impact realisation needs of the person now: progress updates due on objectives
    they own, and for a force's leads the actions whose latest return shows a gap with no plan
    yet, the objectives of their force overdue for an update and the measures with no value
    for the last period."""
    from django.urls import reverse

    from core.work import Item
    from organisations.roles import Can

    items = []
    on_time = []
    for item in my_objectives(user):
        # (last_update and latest_rag are annotated by my_objectives)
        due_at = update_due(
            getattr(item, "last_update", None), item.plan.created_at, item.plan.update_frequency
        )
        if due_at >= now:
            on_time.append(item)
            continue
        label = item.toolkit_objective or item.objective
        items.append(
            Item(
                title=_("Give a progress update: {code}, {name}").format(
                    code=item.plan.action.code, name=item.plan.organisation.shown_name
                ),
                url=reverse("impact:plan", args=[item.plan_id]),
                detail=_("Objective: {objective}. Due since {date}.").format(
                    objective=str(label)[:140] if label else item.text[:140],
                    date=date_format(due_at, "j F Y"),
                ),
                due=due_at.date(),
                tag=_("Overdue"),
                urgent=True,
            )
        )
    if on_time:
        rags = [rag for item in on_time if (rag := getattr(item, "latest_rag", None))]
        names = dict(ProgressUpdate._meta.get_field("rag").choices or [])
        items.append(
            Item(
                title=ngettext(
                    "Your {count} impact objective with updates up to date",
                    "Your {count} impact objectives with updates up to date",
                    len(on_time),
                ).format(count=len(on_time)),
                url=reverse("impact:mine"),
                detail=(
                    _("Latest red, amber, green: {rags}.").format(
                        rags=", ".join(sorted({str(names.get(r, r)).lower() for r in rags}))
                    )
                    if rags
                    else _("No progress given yet.")
                )
                + " Each needs an update at its plan's rhythm.",
                tag=_("Yours"),
            )
        )
    led = [
        m.organisation
        for m in access.memberships_of(user)
        if access.can_in(user, Can.LEAD_FORCE, m.organisation_id)
    ]
    for organisation in led:
        overdue = (
            PlanObjective.objects.filter(plan__status=Plan.Status.ACTIVE, plan__organisation=organisation)
            .exclude(impact_owner=user)
            .annotate(last_update=Max("progress_updates__created_at"))
            .values_list("last_update", "plan__created_at", "plan__update_frequency")
        )
        late = [due for due in (update_due(*row) for row in overdue) if due < now]
        version = plan_selectors.get_version("nvap")
        if version is not None:
            for row in force_dashboard(organisation, version, now)["rows"]:
                if row["suggest_plan"]:
                    code = row["action"].code
                    items.append(
                        Item(
                            title=_("Start an impact plan for {code}: {name} shows a gap").format(
                                code=code, name=organisation.shown_name
                            ),
                            url=reverse("impact:plan-start", args=[organisation.slug, code]),
                            detail=_(
                                "{title}. Its latest return shows a gap and there is no plan yet."
                            ).format(title=row["action"].title),
                            tag=_("Gap, no plan"),
                        )
                    )
        missing = missing_values([organisation.pk], today)
        if missing:
            first = missing[0]
            listed = ", ".join(str(gap["name"]) for gap in missing[:3]) + (
                _(" and more") if len(missing) > 3 else ""
            )
            items.append(
                Item(
                    title=ngettext(
                        "{count} measure in {name}'s impact plans has no value for the last period",
                        "{count} measures in {name}'s impact plans have no value for the last period",
                        len(missing),
                    ).format(count=len(missing), name=organisation.shown_name),
                    url=reverse("impact:measure-values", args=[first["pk"]])
                    if len(missing) == 1
                    else reverse("impact:dashboard", args=[organisation.slug]),
                    detail=(
                        _("{listed}: nothing yet for {period} (or their own last period).")
                        if len(missing) > 1
                        else _("{listed}: nothing yet for {period}.")
                    ).format(listed=listed, period=first["period"]),
                    tag=_("Values missing"),
                )
            )
        if late:
            items.append(
                Item(
                    title=ngettext(
                        "{count} objective in {name}'s impact plans is overdue for a progress update",
                        "{count} objectives in {name}'s impact plans are overdue for a progress update",
                        len(late),
                    ).format(count=len(late), name=organisation.shown_name),
                    url=reverse("impact:dashboard", args=[organisation.slug]),
                    detail=_("Their owners have been reminded; see who owns each on the impact dashboard."),
                    due=min(late).date(),
                )
            )
    return items


def work_on_actions(action_ids: list[int]):
    """Forces' impact realisation plans on the actions, counted (framework.attached)."""
    from django.db.models import Count

    rows = Plan.objects.filter(action__in=action_ids).values("action").annotate(n=Count("pk"))
    return [(row["action"], _("impact plans"), row["n"]) for row in rows]


def plans_to_carry(pairs, organisation_ids):
    """Forces' impact plans a successor's crosswalk would move: a plan moves only when its
    element has left its framework's current version (a plan is one per force and element,
    and its objectives are the old element's, so it is never copied); it moves to the new
    element unless the force already has a plan there (framework.carrying)."""
    from framework.carrying import Proposal

    current: dict[int, set[str]] = {}
    for pair in pairs:
        framework = pair.old.version.framework
        if framework.pk not in current:
            latest = plan_selectors.get_version(framework.slug)
            current[framework.pk] = set(latest.actions.values_list("code", flat=True)) if latest else set()
    moving = [p for p in pairs if p.old.code not in current[p.old.version.framework_id]]
    if not moving:
        return []
    plans = Plan.objects.filter(action__in=[p.old.pk for p in moving]).select_related("action")
    held = Plan.objects.filter(action__in=[p.new.pk for p in moving])
    if organisation_ids is not None:
        plans = plans.filter(organisation__in=organisation_ids)
        held = held.filter(organisation__in=organisation_ids)
    taken = set(held.values_list("organisation", "action"))
    found = []
    for pair in moving:
        for plan in plans:
            if plan.action_id != pair.old.pk or (plan.organisation_id, pair.new.pk) in taken:
                continue
            taken.add((plan.organisation_id, pair.new.pk))
            count = plan.objectives.count()
            found.append(
                Proposal(
                    organisation_id=plan.organisation_id,
                    what="impact plan",
                    pair=pair,
                    how="moved",
                    summary=ngettext(
                        "{status}, {count} objective", "{status}, {count} objectives", count
                    ).format(status=plan.get_status_display().lower(), count=count),
                    key=plan.pk,
                )
            )
    return found
