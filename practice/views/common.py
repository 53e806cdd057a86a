"""What the pages of this app share: helpers used by more than one group of pages."""

from core.forms import render_checked


def render_page(request, name, context, form=None, problems=None, anchor="#main-content"):
    return render_checked(request, f"practice/{name}", context, form, problems, anchor)


def attachment_file(attachment):
    from core.downloads import stored_file

    return stored_file(attachment, "attachment")
