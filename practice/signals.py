"""The library's version changes when an entry goes, however it goes (an example removed,
the admin): what was cached about the library is not used again."""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from practice.models import LibraryEntry, LibraryState


@receiver(post_delete, sender=LibraryEntry, dispatch_uid="library-entry-removed")
def entry_removed(sender, instance, **kwargs):
    LibraryState.changed()
