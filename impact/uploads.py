"""Values of a measure uploaded as CSV or XLSX: columns Period, Value, Note (optional).
The file type is decided from the content; every row is checked before anything is saved."""

from django.utils.translation import gettext_lazy as _

from core.rows import RowsRejected, read_table
from impact import services

MAX_BYTES = 5 * 1024 * 1024
HEADINGS = ["Period", "Value", "Note"]


def read_rows(upload) -> list[tuple]:
    rows = read_table(upload, max_bytes=MAX_BYTES)
    if not rows or [str(c or "").strip().lower() for c in rows[0][:2]] != ["period", "value"]:
        raise services.MeasurementsRejected(
            [services.RowProblem(0, "File", _("The first row must be the headings: Period, Value, Note"))]
        )
    body = [row for row in rows[1:] if any(c not in (None, "") for c in row)]
    return [(row[0], row[1] if len(row) > 1 else None, row[2] if len(row) > 2 else "") for row in body]


def measurements_upload(*, measure, by, upload) -> int:
    try:
        rows = read_rows(upload)
    except RowsRejected as rejected:
        raise services.MeasurementsRejected(rejected.problems) from None
    return services.measurements_save(measure=measure, by=by, rows=rows)
