"""Responses that hand the user a file: spreadsheets, CSV and tagged PDFs."""

from django.http import HttpResponse
from django.template.loader import render_to_string

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv"


def download(content, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


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
