"""When someone leaves a force, the answers assigned to them there are no longer theirs."""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from organisations.models import Membership


@receiver(post_delete, sender=Membership, dispatch_uid="benchmarking-membership-removed")
def membership_removed(sender, instance, **kwargs):
    from benchmarking.models import Answer

    if Membership.objects.filter(user_id=instance.user_id, organisation_id=instance.organisation_id).exists():
        return  # still a member there, in another role
    for answer in Answer.objects.filter(
        assigned_to_id=instance.user_id, return_record__organisation_id=instance.organisation_id
    ):
        answer.assigned_to = None
        answer.save(update_fields=["assigned_to"])
