"""Responses that hand the user a file: spreadsheets, CSV and tagged PDFs."""

import tempfile

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.template.loader import render_to_string

from core import tables

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv"


def download(content, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_download(rows, filename: str) -> StreamingHttpResponse:
    """Rows as a CSV file sent while it is written: memory stays flat whatever its size."""
    response = StreamingHttpResponse(tables.csv_chunks(rows), content_type=f"{CSV}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_download(rows, sheet_name: str, filename: str) -> FileResponse:
    """Rows as a one-sheet workbook, written row by row to a temporary file that is then sent
    in pieces. The file has no name on disk (gone once closed, even if the client hangs up)."""
    file = tempfile.TemporaryFile()
    try:
        tables.write_xlsx(rows, sheet_name, file)
    except BaseException:
        file.close()
        raise
    file.seek(0)
    return FileResponse(file, as_attachment=True, filename=filename, content_type=XLSX)


def pdf_download(request, template: str, context: dict, filename: str) -> HttpResponse:
    """A template rendered by WeasyPrint as a tagged (PDF/UA-1) document."""
    from weasyprint import HTML

    html = render_to_string(template, context, request=request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf(pdf_variant="pdf/ua-1")
    return download(pdf, "application/pdf", filename)


def svg_response(svg: str, cache_control: str) -> HttpResponse:
    """A chart drawn on the server, shown in a page by an <img>."""
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = cache_control
    return response


def chart_download(svg: str, fmt: str, filename: str) -> HttpResponse:
    """A chart drawn on the server, as the file a person keeps: the SVG itself, or a PNG drawn
    from it by Cairo at twice its size (sharp on a slide or in a board paper)."""
    if fmt == "svg":
        return download(svg, "image/svg+xml", f"{filename}.svg")
    import cairosvg

    png = cairosvg.svg2png(bytestring=svg.encode(), scale=2)
    return download(png, "image/png", f"{filename}.png")


def stored_file(stored, fallback: str, *, in_place: bool = False) -> FileResponse:
    """A kept upload (anything with `file`, `title` and `content_type`) sent back under a name
    made from its title and its checked type, never the name it was uploaded with: as a
    download, or `in_place` for the browser to show itself."""
    from django.utils.text import slugify

    from core.documents import extension_for

    return FileResponse(
        stored.file.open("rb"),
        as_attachment=not in_place,
        filename=f"{slugify(stored.title) or fallback}.{extension_for(stored.content_type)}",
        content_type=stored.content_type,
    )
