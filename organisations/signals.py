"""What follows when someone leaves an organisation."""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from accounts.services import api_tokens_revoke_all
from organisations.models import Membership


@receiver(post_delete, sender=Membership, dispatch_uid="membership-removed-revokes-tokens")
def membership_removed(sender, instance, **kwargs):
    """A token acts as its person; once they leave an organisation, their tokens stop."""
    api_tokens_revoke_all(user=instance.user)


def clear_on_leaving(model, *, person: str, organisation: str, uid: str) -> None:
    """When someone leaves an organisation (their last role there removed), `person` on every
    `model` row of that organisation (found through the `organisation` lookup) is cleared:
    what they owned there is nobody's until someone else takes it. Each row is saved, so its
    history records the change. Feature apps call this from their ready()."""

    def left(sender, instance, **kwargs):
        if Membership.objects.filter(
            user_id=instance.user_id, organisation_id=instance.organisation_id
        ).exists():
            return  # still a member there, in another role
        rows = model.objects.filter(
            **{f"{person}_id": instance.user_id, organisation: instance.organisation_id}
        )
        for row in rows:
            setattr(row, person, None)
            row.save(update_fields=[person])

    post_delete.connect(left, sender=Membership, dispatch_uid=uid, weak=False)
