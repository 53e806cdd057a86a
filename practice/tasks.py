"""Background work for the practice library, run by the django-tasks database worker."""

from django_tasks import task


@task()
def refresh_library_counts() -> int:
    """Counts the library's facets for the landing page as soon as it changes, so the first
    person to open it after a publication does not wait for the count. With the cache in
    Redis every app server reads the counts made here. Returns how many entries there are."""
    from django.http import QueryDict

    from practice import library
    from practice.models import LibraryEntry

    _, total = library.facets_and_total(LibraryEntry.objects.all(), {}, QueryDict())
    return total


@task()
def build_library_export(export_id: str) -> int:
    """Writes a large library export into the file store (practice.exports.build)."""
    from practice import exports

    return exports.build(export_id)
