"""What follows from a save, wherever it is made.

Every save of an answer, of any field and by any path (a person's save, the national review,
assigning owners, someone leaving the force), moves the answer's saved time and its return's.
The return's `updated_at` is then the version of everything in it: the national picture, the
force report and the answers API are keyed by it (picture.stamp) without reading the
answers."""

from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from benchmarking.models import Answer, Return


@receiver(post_save, sender=Answer, dispatch_uid="an-answer-saved-moves-its-return")
def answer_saved(sender, instance, update_fields=None, **kwargs):
    now = timezone.now()
    if update_fields is not None and "updated_at" not in update_fields:
        Answer.objects.filter(pk=instance.pk).update(updated_at=now)
        instance.updated_at = now
    # An UPDATE past the model: no history record of the return for an answer's change.
    Return.objects.filter(pk=instance.return_record_id).update(updated_at=now)
