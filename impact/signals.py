"""What follows from a save, wherever it is made.

Every save or removal of a force's impact work (a plan, objective, activity, risk, progress
update, measure or value; through a page, an upload, the admin or someone leaving the force)
moves the force's ForceImpactState in the same transaction, so what is kept from that work is
never read after it changed (impact.selectors.work_stamp)."""

from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from impact.models import (
    ForceImpactState,
    Measure,
    Measurement,
    Plan,
    PlanActivity,
    PlanObjective,
    PlanRisk,
    ProgressUpdate,
)


def _organisation_id(instance) -> int | None:
    """The force whose work this is, from what the instance already holds where it can."""
    if isinstance(instance, (Plan, Measure)):
        return instance.organisation_id
    if isinstance(instance, Measurement):
        measure = Measurement._meta.get_field("measure")
        if measure.is_cached(instance):  # (an upload's values carry their measure)
            return measure.get_cached_value(instance).organisation_id
        return (
            Measure.objects.filter(pk=instance.measure_id).values_list("organisation_id", flat=True).first()
        )
    if isinstance(instance, PlanObjective):
        return Plan.objects.filter(pk=instance.plan_id).values_list("organisation_id", flat=True).first()
    return (
        PlanObjective.objects.filter(pk=instance.plan_objective_id)
        .values_list("plan__organisation_id", flat=True)
        .first()
    )


def work_changed(sender, instance, **kwargs):
    organisation_id = _organisation_id(instance)
    if organisation_id is None:
        return
    now = timezone.now()
    if not ForceImpactState.objects.filter(organisation_id=organisation_id).update(changed_at=now):
        ForceImpactState.objects.update_or_create(
            organisation_id=organisation_id, defaults={"changed_at": now}
        )


for model in (Plan, PlanObjective, PlanActivity, PlanRisk, ProgressUpdate, Measure, Measurement):
    uid = f"impact-work-changed-{model.__name__}"
    post_save.connect(work_changed, sender=model, dispatch_uid=uid + "-saved")
    post_delete.connect(work_changed, sender=model, dispatch_uid=uid + "-removed")
