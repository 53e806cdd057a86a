"""Practice library pages: forces submit examples, the national team assesses and publishes
them, everyone searches the library. Views parse, call a service, render.

The pages, one module per group: `library`, `examples`, `assessment`, `help_requests`."""

from practice.views.assessment import assess, assess_start, call, call_form, calls, import_examples
from practice.views.examples import (
    attachment_add,
    attachment_download,
    attachment_remove,
    example,
    example_edit,
    example_history,
    example_new,
    example_owner,
    example_submit,
    examples,
    from_answer,
)
from practice.views.help_requests import help_ask, help_request, help_requests
from practice.views.library import (
    entry,
    entry_attachment,
    export_download,
    export_progress,
    export_status,
    find_help,
    home,
    library_export,
)

__all__ = [
    "home",
    "entry",
    "entry_attachment",
    "library_export",
    "export_status",
    "export_progress",
    "export_download",
    "examples",
    "example_new",
    "example_owner",
    "example",
    "example_edit",
    "example_submit",
    "attachment_add",
    "attachment_download",
    "attachment_remove",
    "example_history",
    "assess",
    "assess_start",
    "from_answer",
    "calls",
    "call",
    "call_form",
    "find_help",
    "help_ask",
    "help_requests",
    "help_request",
    "import_examples",
]
