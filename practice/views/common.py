"""What the pages of this app share: helpers used by more than one group of pages."""

from django.http import FileResponse
from django.utils.text import slugify

from core.forms import render_checked


def render_page(request, name, context, form=None, problems=None, anchor="#main-content"):
    return render_checked(request, f"practice/{name}", context, form, problems, anchor)


def attachment_file(attachment):
    from core.documents import extension_for

    extension = extension_for(attachment.content_type)
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=f"{slugify(attachment.title) or 'attachment'}.{extension}",
        content_type=attachment.content_type,
    )
