"""The case review repository's pages, one module per group."""

from casereviews.views.briefings import (
    briefing,
    briefing_edit,
    briefing_new,
    briefing_pdf,
    briefing_publish,
    briefings,
    response,
)
from casereviews.views.coding import agreement, coding, point_remove, publish, theme, themes
from casereviews.views.records import (
    review,
    review_edit,
    review_import,
    review_new,
    review_screen,
    reviews,
    subject_remove,
)
from casereviews.views.repository import analysis, export, repository

__all__ = [
    "agreement",
    "analysis",
    "briefing",
    "briefing_edit",
    "briefing_new",
    "briefing_pdf",
    "briefing_publish",
    "briefings",
    "coding",
    "export",
    "point_remove",
    "publish",
    "repository",
    "response",
    "review",
    "review_edit",
    "review_import",
    "review_new",
    "review_screen",
    "reviews",
    "subject_remove",
    "theme",
    "themes",
]
