"""When someone leaves a force, the objectives they owned there are no longer theirs."""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from organisations.models import Membership


@receiver(post_delete, sender=Membership, dispatch_uid="impact-membership-removed")
def membership_removed(sender, instance, **kwargs):
    from impact.models import PlanObjective

    if Membership.objects.filter(user_id=instance.user_id, organisation_id=instance.organisation_id).exists():
        return  # still a member there, in another role
    for item in PlanObjective.objects.filter(
        impact_owner_id=instance.user_id, plan__organisation_id=instance.organisation_id
    ):
        item.impact_owner = None
        item.save(update_fields=["impact_owner"])
