"""What follows when someone's roles change, or they leave an organisation."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from accounts.services import api_tokens_revoke_all
from core import personal
from organisations.models import Membership, Organisation, Region


@receiver(post_save, sender=Membership, dispatch_uid="membership-saved-refreshes-roles")
@receiver(post_delete, sender=Membership, dispatch_uid="membership-deleted-refreshes-roles")
def roles_changed(sender, instance, **kwargs):
    """The person's cached roles are read afresh on their next request."""
    personal.changed([instance.user_id])


@receiver(post_save, sender=Organisation, dispatch_uid="organisation-saved-refreshes-roles")
def organisation_changed(sender, instance, **kwargs):
    """Cached roles carry their organisation (name, kind, region): its members read them afresh."""
    personal.changed(Membership.objects.filter(organisation=instance).values_list("user_id", flat=True))


@receiver(post_save, sender=Region, dispatch_uid="region-saved-refreshes-roles")
def region_changed(sender, instance, **kwargs):
    personal.changed(
        Membership.objects.filter(organisation__region=instance).values_list("user_id", flat=True)
    )


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
