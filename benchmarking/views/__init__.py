"""Benchmarking pages: the national team runs exercises and reviews returns; forces answer,
check completion and submit. Views parse, call a service, render.

The pages, one module per group: `exercises`, `returns`, `review`."""

from benchmarking.views.exercises import (
    exercise,
    exercise_change,
    exercise_export,
    exercise_new,
    exercise_scale,
    home,
    return_extension,
)
from benchmarking.views.returns import (
    answer_edit,
    answer_evidence,
    evidence_download,
    evidence_remove,
    return_assign,
    return_csv,
    return_detail,
    return_share_name,
    return_submit,
    return_submitted,
    return_workbook_download,
    return_workbook_upload,
)
from benchmarking.views.review import (
    answer_review,
    key_finding,
    national_picture,
    national_picture_chart,
    picture_answers,
    return_report,
    return_report_pdf,
    return_review,
)

__all__ = [
    "home",
    "exercise_new",
    "exercise",
    "exercise_change",
    "return_detail",
    "answer_edit",
    "return_submit",
    "return_submitted",
    "return_review",
    "answer_review",
    "return_extension",
    "national_picture",
    "picture_answers",
    "key_finding",
    "return_report",
    "return_report_pdf",
    "return_share_name",
    "return_workbook_download",
    "return_csv",
    "return_workbook_upload",
    "exercise_export",
    "answer_evidence",
    "evidence_download",
    "evidence_remove",
    "return_assign",
    "national_picture_chart",
    "exercise_scale",
]
