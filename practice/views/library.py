"""The published library: search, entries, their files and exports."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from core.downloads import csv_download, xlsx_download
from practice import access, exports, library
from practice import help as finding_help
from practice.models import Attachment, LibraryEntry
from practice.views.common import attachment_file


@access.plan_reader
@require_http_methods(["GET"])
def home(request):
    found = library.search(request.GET)
    user = request.user
    return render(
        request,
        "practice/library.html",
        {
            **found,
            "filters": request.GET.urlencode(),
            "page_filters": _without(request.GET, "page"),
            "can_submit": user.is_authenticated and access.force_written_by(user) is not None,
            "force": access.force_written_by(user) if user.is_authenticated else None,
        },
    )


def _without(params, key):
    copy = params.copy()
    copy.pop(key, None)
    return copy.urlencode()


def _entry_or_404(pk) -> LibraryEntry:
    entry = (
        LibraryEntry.objects.select_related("organisation", "region", "call", "example")
        .prefetch_related("strands", "actions__version__framework", "objectives__action", "themes")
        .filter(pk=pk)
        .first()
    )
    if entry is None:
        raise Http404("No such library entry")
    return entry


@access.plan_reader
@require_http_methods(["GET"])
def entry(request, pk):
    item = _entry_or_404(pk)
    attachments = (
        list(Attachment.objects.filter(example_id=item.example_id, published=True))
        if request.user.is_authenticated
        else []
    )
    return render(
        request,
        "practice/entry.html",
        {"entry": item, "related": library.related(item), "attachments": attachments},
    )


@access.signed_in
@require_http_methods(["GET"])
def entry_attachment(request, pk, attachment_pk):
    item = _entry_or_404(pk)
    attachment = Attachment.objects.filter(
        example_id=item.example_id, published=True, pk=attachment_pk
    ).first()
    if attachment is None:
        raise Http404("No such attachment")
    return attachment_file(attachment)


@access.plan_reader
@require_http_methods(["GET"])
def library_export(request, fmt):
    """The library (as filtered on its page) as CSV or XLSX; contacts for signed-in users only."""
    rows = exports.rows(library.matching(request.GET), contacts=request.user.is_authenticated)
    stamp = timezone.localdate().isoformat()
    if fmt == "csv":
        return csv_download(rows, f"practice-library-{stamp}.csv")
    if fmt == "xlsx":
        return xlsx_download(rows, exports.SHEET, f"practice-library-{stamp}.xlsx")
    raise Http404("No such format")


@access.force_scoped
@require_http_methods(["GET"])
def find_help(request, slug):
    organisation, _ = access.get_organisation_for_user(request.user, slug)
    if not organisation.is_force:
        raise Http404("Finding help is for forces")
    return render(
        request, "practice/help.html", {"organisation": organisation, **finding_help.for_force(organisation)}
    )
