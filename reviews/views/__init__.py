"""Peer review pages: a force requests a review (or agrees to the national team's proposal);
the national team decides, staffs it and sets its questions; the team asks the force for
evidence. Views parse, call a service,
render."""

from reviews.views.evidence import evidence, evidence_file, evidence_file_remove, evidence_request
from reviews.views.findings import across, fieldwork, findings
from reviews.views.follow_up import action_plan, respond
from reviews.views.report import report, report_pdf, summary
from reviews.views.scoping import (
    decide,
    detail,
    index,
    propose,
    question_remove,
    questions,
    request_review,
    team,
    team_remove,
)

__all__ = [
    "summary",
    "across",
    "action_plan",
    "respond",
    "report",
    "report_pdf",
    "fieldwork",
    "findings",
    "evidence",
    "evidence_request",
    "evidence_file",
    "evidence_file_remove",
    "index",
    "request_review",
    "propose",
    "detail",
    "decide",
    "team",
    "team_remove",
    "questions",
    "question_remove",
]
