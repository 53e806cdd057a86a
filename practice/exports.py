"""The library as CSV and XLSX: one row per published example. Small exports are written
while the person waits; large ones by the background worker into the file store."""

import hashlib
import logging
import tempfile
from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.utils import timezone

from core import tables

logger = logging.getLogger(__name__)

CHUNK = 1000
SHEET = "Practice library"

HEADINGS = [
    "Title",
    "Force",
    "ONS code",
    "Region",
    "Summary",
    "Problem",
    "What was done",
    "Partners",
    "Vulnerability strands",
    "Actions",
    "Evidence stage",
    "Outcome",
    "Evaluation details",
    "Evaluation link",
    "Outcomes",
    "Resources and costs",
    "Start date",
    "Status",
    "Published",
    "Link",
]


def rows(entries, *, contacts: bool):
    """Header row then one row per entry (read from the database a chunk at a time, so an
    export of the whole library never holds it all); contact columns only for signed-in users."""
    yield HEADINGS + (["Contact name", "Contact email"] if contacts else [])
    from practice.library import linked

    for e in linked(entries, strands=True).iterator(chunk_size=CHUNK):
        row = [
            e.title,
            e.organisation.name,
            e.organisation.ons_code,
            e.region.name if e.region else "",
            e.summary,
            e.problem,
            e.what_was_done,
            e.partners,
            "; ".join(s.name for s in e.strand_list),
            "; ".join(a.code for a in e.action_list),
            e.get_evidence_stage_display(),
            e.get_outcome_display(),
            e.evaluation_details,
            e.evaluation_link,
            e.outcomes,
            e.resources_costs,
            e.start_date.isoformat() if e.start_date else "",
            e.get_delivery_status_display(),
            e.published_at.date().isoformat(),
            f"/practice/library/{e.pk}/",
        ]
        if contacts:
            row += [e.contact_name, e.contact_email]
        yield row


def inline_limit() -> int:
    """Up to this many entries an export is written while the person waits (a couple of
    seconds at most); more than that, and the background worker writes it into the file
    store (settings.LIBRARY_EXPORT_INLINE_LIMIT)."""
    return settings.LIBRARY_EXPORT_INLINE_LIMIT


# A finished file is kept this long, then removed by the next export the worker writes.
KEEP = timedelta(hours=24)
# A file still "being written" with no progress for this long lost its worker: made again.
STALLED = timedelta(minutes=10)


def normalised(params) -> str:
    """The filters and words that choose the entries, in a fixed order: the same choice made
    twice (or with the page number changed) names the same export."""
    kept = sorted((k, v) for k, values in params.lists() if k != "page" for v in values if v)
    return urlencode(kept)[:2000]


def key_for(fmt: str, contacts: bool, params) -> tuple[str, str, int]:
    """The export's name for these filters at the library's current version: (key, the
    filters as normalised, the version)."""
    from practice.models import LibraryState

    chosen, version = normalised(params), LibraryState.current()
    text = f"{fmt}|{int(contacts)}|{version}|{chosen}"
    return hashlib.sha256(text.encode()).hexdigest(), chosen, version


def filename(export) -> str:
    return f"practice-library-{timezone.localdate(export.created_at).isoformat()}.{export.fmt}"


def existing(*, fmt: str, contacts: bool, params):
    """The export already made, or being made, for these filters at the current version."""
    from practice.models import LibraryExport

    key, _, _ = key_for(fmt, contacts, params)
    return LibraryExport.objects.filter(key=key).exclude(status=LibraryExport.Status.FAILED).first()


def request_export(*, fmt: str, contacts: bool, params, by):
    """The export for these filters at the library's current version: found if already made
    or being made (a stalled or failed one is queued again), otherwise recorded and queued
    for the worker once the transaction commits. Returns the LibraryExport."""
    from practice.models import LibraryExport
    from practice.tasks import build_library_export

    key, chosen, version = key_for(fmt, contacts, params)
    Status = LibraryExport.Status
    with transaction.atomic():
        export, created = LibraryExport.objects.get_or_create(
            key=key,
            defaults={
                "fmt": fmt,
                "contacts": contacts,
                "params": chosen,
                "library_version": version,
                "requested_by": by if by and by.is_authenticated else None,
            },
        )
        again = not created and (
            LibraryExport.objects.filter(pk=export.pk)
            .filter(
                models.Q(status=Status.FAILED)
                | models.Q(status=Status.RUNNING, updated_at__lt=timezone.now() - STALLED)
            )
            .update(status=Status.QUEUED, written=0, failure="", updated_at=timezone.now())
        )
        if created or again:
            transaction.on_commit(lambda: build_library_export.enqueue(str(export.pk)))
            export.refresh_from_db()
    return export


def _counted(rows, export, every: int = CHUNK):
    """The rows, recording on the export how many entries have been written every `every`."""
    from practice.models import LibraryExport

    for number, row in enumerate(rows):
        yield row
        if number and number % every == 0:
            LibraryExport.objects.filter(pk=export.pk).update(written=number, updated_at=timezone.now())


def build(export_id) -> int:
    """Writes the export's file into the file store (run by the worker). Only one worker
    writes a given export: it claims the row by moving it from queued to running. If writing
    fails, the export says so and no file is left behind. Returns the entries written."""
    from django.http import QueryDict

    from practice import library
    from practice.models import LibraryExport

    Status = LibraryExport.Status
    claimed = LibraryExport.objects.filter(pk=export_id, status=Status.QUEUED).update(
        status=Status.RUNNING, updated_at=timezone.now()
    )
    if not claimed:
        return 0
    export = LibraryExport.objects.get(pk=export_id)
    entries = library.matching(QueryDict(export.params))
    total = entries.count()
    LibraryExport.objects.filter(pk=export.pk).update(total=total)
    stored = None
    try:
        with tempfile.TemporaryFile() as file:
            lines = _counted(rows(entries, contacts=export.contacts), export)
            if export.fmt == LibraryExport.Format.XLSX:
                tables.write_xlsx(lines, SHEET, file)
            else:
                for chunk in tables.csv_chunks(lines):
                    file.write(chunk.encode("utf-8"))
            size = file.tell()
            file.seek(0)
            stored = default_storage.save(
                f"exports/practice-library-{export.pk}.{export.fmt}", File(file, name="export")
            )
        LibraryExport.objects.filter(pk=export.pk).update(
            status=Status.READY,
            file=stored,
            size=size,
            written=total,
            finished_at=timezone.now(),
            updated_at=timezone.now(),
        )
    except Exception as error:
        if stored and default_storage.exists(stored):
            default_storage.delete(stored)
        LibraryExport.objects.filter(pk=export.pk).update(
            status=Status.FAILED, failure=str(error)[:200] or type(error).__name__, updated_at=timezone.now()
        )
        logger.exception("Library export %s failed", export.pk)
        return 0
    purge()
    return total


def purge(now=None) -> int:
    """Removes exports (and their files) made longer ago than KEEP. Returns how many."""
    from practice.models import LibraryExport

    old = LibraryExport.objects.filter(created_at__lt=(now or timezone.now()) - KEEP)
    removed = 0
    for export in old.iterator():
        if export.file and default_storage.exists(export.file.name):
            default_storage.delete(export.file.name)
        export.delete()
        removed += 1
    return removed
