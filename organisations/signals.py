"""What follows when someone leaves an organisation."""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from accounts.services import api_tokens_revoke_all
from organisations.models import Membership


@receiver(post_delete, sender=Membership, dispatch_uid="membership-removed-revokes-tokens")
def membership_removed(sender, instance, **kwargs):
    """A token acts as its person; once they leave an organisation, their tokens stop."""
    api_tokens_revoke_all(user=instance.user)
