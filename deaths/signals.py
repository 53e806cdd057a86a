"""A deaths role ends when its holder leaves the organisation it was granted in."""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from organisations.models import Membership


@receiver(post_delete, sender=Membership)
def end_grants_on_leaving(sender, instance, **kwargs):
    from deaths.models import Grant

    if not Membership.objects.filter(
        user_id=instance.user_id, organisation_id=instance.organisation_id
    ).exists():
        for grant in Grant.objects.filter(user_id=instance.user_id, organisation_id=instance.organisation_id):
            grant._history_user = getattr(instance, "_history_user", None)
            grant.delete()
