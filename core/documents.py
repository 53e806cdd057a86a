"""Which documents people may attach (evidence, practice attachments), decided from their
content, not their name."""

import io
import zipfile

from django.utils.translation import gettext as _

MAX_BYTES = 10 * 1024 * 1024

# Office formats are zip files; the part inside tells them apart.
_OFFICE = {
    "word/document.xml": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "xl/workbook.xml": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "ppt/presentation.xml": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "pptx",
    ),
}


# The extension of each type the check accepts, for downloads.
EXTENSIONS = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
    **{content_type: extension for content_type, extension in _OFFICE.values()},
}


def extension_for(content_type: str) -> str:
    """The extension a download of a checked file gets, from its type (never ".bin")."""
    return EXTENSIONS.get(content_type, "pdf" if "pdf" in content_type else "dat")


class DocumentRefused(ValueError):
    pass


def sniff(head: bytes, whole) -> tuple[str, str]:
    """The file's real type as (content type, extension), or DocumentRefused."""
    if head.startswith(b"%PDF-"):
        return "application/pdf", "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png", "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg", "jpg"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(whole())) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            names = set()
        for part, kind in _OFFICE.items():
            if part in names:
                return kind
    raise DocumentRefused(
        _("The file must be a PDF, Word, Excel or PowerPoint document, or a PNG or JPEG image")
    )


def check(upload) -> tuple[str, str]:
    if upload.size > MAX_BYTES:
        raise DocumentRefused(_("The file must be smaller than 10 MB"))
    if upload.size == 0:
        raise DocumentRefused(_("The file is empty"))
    head = upload.read(16)
    upload.seek(0)

    def whole():
        data = upload.read()
        upload.seek(0)
        return data

    return sniff(head, whole)
