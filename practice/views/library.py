"""The published library: search, entries, their files and exports."""

from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from core.cache import kept
from core.downloads import CSV, XLSX, csv_download, xlsx_download
from practice import access, exports, library
from practice import help as finding_help
from practice.models import Attachment, LibraryEntry, LibraryExport
from practice.views.common import attachment_file


@access.plan_reader
@require_http_methods(["GET"])
def home(request):
    user = request.user
    force = access.force_written_by(user) if user.is_authenticated else None
    return render(
        request,
        "practice/library.html",
        {
            "query": library.query_of(request.GET),
            "results_html": kept(library.results_key(request.GET), lambda: _results(request.GET), local=True),
            "can_submit": force is not None,
            "force": force,
        },
    )


def _results(params) -> str:
    """The search form, filters and a page of results, the same for everyone who asks the
    same query string of the same version of the library: HTML (a SafeString, which stays
    one through the cache)."""
    context = {
        **library.search(params),
        "filters": params.urlencode(),
        "page_filters": _without(params, "page"),
    }
    return render_to_string("practice/_library_results.html", context)


def _without(params, key):
    copy = params.copy()
    copy.pop(key, None)
    return copy.urlencode()


def _entry_or_404(pk) -> LibraryEntry:
    entry = library.entry_with_links(pk)
    if entry is None:
        raise Http404("No such library entry")
    return entry


@access.plan_reader
@require_http_methods(["GET"])
def entry(request, pk):
    signed_in = request.user.is_authenticated
    version = library.stamp()  # (read once for everything kept below)
    drawn = kept(
        library.entry_key(pk, signed_in, version), lambda: _entry_drawn(pk, signed_in, version), local=True
    )
    if drawn is MISSING:
        raise Http404("No such library entry")
    attachments = (
        list(Attachment.objects.filter(example_id=drawn["example_id"], published=True)) if signed_in else []
    )
    return render(request, "practice/entry.html", {**drawn, "entry_pk": pk, "attachments": attachments})


MISSING = "missing"


def _entry_drawn(pk, signed_in: bool, version: str) -> dict | str:
    """An entry's page as drawn for everyone signed in (or everyone not): the same until the
    library next changes. Its documents are listed afresh on each request."""
    item = library.entry_with_links(pk, version)
    if item is None:
        return MISSING
    context = {"entry": item, "signed_in": signed_in}
    return {
        "title": item.title,
        "example_id": item.example_id,
        "main": render_to_string("practice/_entry_main.html", context),
        "related": render_to_string(
            "practice/_entry_related.html", {**context, "related": library.related(item, version=version)}
        ),
    }


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


FORMATS = {"csv": "CSV", "xlsx": "Excel (XLSX)"}


@access.plan_reader
@require_http_methods(["GET", "POST"])
def library_export(request, fmt):
    """The library (as filtered on its page) as CSV or XLSX; contacts for signed-in users only.
    Up to exports.inline_limit() entries the file is written at once; a larger one is offered to
    the worker (a page that says how many, and a button), and the person follows its progress."""
    if fmt not in FORMATS:
        raise Http404("No such format")
    contacts = request.user.is_authenticated
    if request.method == "POST":
        export = exports.request_export(fmt=fmt, contacts=contacts, params=request.GET, by=request.user)
        return redirect("practice:export-status", export.pk)
    entries = library.matching(request.GET)
    # (how many match is kept until the library next changes, like the page's own counts)
    count = kept(library.versioned_key("practice:export-count", request.GET), entries.count)
    if count <= exports.inline_limit():
        rows = exports.rows(entries, contacts=contacts)
        stamp = timezone.localdate().isoformat()
        if fmt == "csv":
            return csv_download(rows, f"practice-library-{stamp}.csv")
        return xlsx_download(rows, exports.SHEET, f"practice-library-{stamp}.xlsx")
    made = exports.existing(fmt=fmt, contacts=contacts, params=request.GET)
    if made is not None:
        return redirect("practice:export-status", made.pk)
    return render(
        request,
        "practice/export_start.html",
        {"count": count, "format": FORMATS[fmt], "filters": _without(request.GET, "page")},
    )


def _export_or_404(request, pk) -> LibraryExport:
    export = LibraryExport.objects.filter(pk=pk).first()
    # Contact details are for signed-in users: so is a file that holds them.
    if export is None or (export.contacts and not request.user.is_authenticated):
        raise Http404("No such export")
    return export


@access.plan_reader
@require_http_methods(["GET"])
def export_status(request, pk):
    export = _export_or_404(request, pk)
    return render(
        request,
        "practice/export_status.html",
        {
            "export": export,
            "format": FORMATS[export.fmt],
            "filename": exports.filename(export),
            "kept_until": export.created_at + exports.KEEP,
        },
    )


@access.plan_reader
@require_http_methods(["GET"])
def export_progress(request, pk):
    """The export's progress as JSON, for the status page to follow without reloading."""
    export = _export_or_404(request, pk)
    response = JsonResponse(
        {
            "status": export.status,
            "label": export.get_status_display(),
            "written": export.written,
            "total": export.total,
            "percent": export.percent,
            # The count in words, in the page's language (the address is the page's: /cy/ or not).
            "counted": gettext("%(written)s of %(total)s examples written")
            % {"written": f"{export.written:,}", "total": f"{export.total:,}"}
            if export.total
            else "",
        }
    )
    response["Cache-Control"] = "no-store"
    return response


@access.plan_reader
@require_http_methods(["GET"])
def export_download(request, pk):
    export = _export_or_404(request, pk)
    if export.status != LibraryExport.Status.READY or not export.file:
        return redirect("practice:export-status", export.pk)
    content_type = XLSX if export.fmt == "xlsx" else f"{CSV}; charset=utf-8"
    return FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        filename=exports.filename(export),
        content_type=content_type,
    )


@access.force_scoped
@require_http_methods(["GET"])
def find_help(request, slug):
    organisation, _can_change = access.get_organisation_for_user(request.user, slug)
    if not organisation.is_force:
        raise Http404("Finding help is for forces")
    return render(
        request,
        "practice/help.html",
        {
            "organisation": organisation,
            "can_ask": access.can_in(request.user, access.Can.WRITE_FORCE_WORK, organisation.pk),
            **finding_help.for_force(organisation),
        },
    )
