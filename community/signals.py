"""A version of a plan published (loaded or authored) brings a space for each new action."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from framework.models import FrameworkVersion


@receiver(post_save, sender=FrameworkVersion, dispatch_uid="community-spaces-for-plan")
def spaces_for_published_version(sender, instance, **kwargs):
    if instance.status != FrameworkVersion.Status.PUBLISHED or instance.framework.peel_edition:
        return  # (a PEEL edition's measures are met on the plans' own spaces)
    slug = instance.framework.slug

    def made():
        from community.services import spaces_for_plan

        spaces_for_plan(slug)

    transaction.on_commit(made)
