"""Values of a measure uploaded as CSV or XLSX: columns Period, Value, Note (optional).
The file type is decided from the content; every row is checked before anything is saved."""

import csv
import io
import zipfile

from openpyxl import load_workbook

from impact import services

MAX_BYTES = 5 * 1024 * 1024
HEADINGS = ["Period", "Value", "Note"]


def _rejected(message):
    return services.MeasurementsRejected([services.RowProblem(0, "File", message)])


def read_rows(upload) -> list[tuple]:
    if upload.size > MAX_BYTES:
        raise _rejected("The file must be smaller than 5 MB")
    data = upload.read()
    if data.startswith(b"PK\x03\x04"):
        try:
            sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
        except (zipfile.BadZipFile, KeyError, ValueError, OSError, IndexError):
            raise _rejected("The file must be a CSV file or an Excel workbook (.xlsx)") from None
        rows = [tuple(row) for row in sheet.iter_rows(values_only=True)]
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise _rejected("The file must be a CSV file (UTF-8) or an Excel workbook (.xlsx)") from None
        rows = [tuple(row) for row in csv.reader(io.StringIO(text))]
    if not rows or [str(c or "").strip().lower() for c in rows[0][:2]] != ["period", "value"]:
        raise _rejected("The first row must be the headings: Period, Value, Note")
    body = [row for row in rows[1:] if any(c not in (None, "") for c in row)]
    return [(row[0], row[1] if len(row) > 1 else None, row[2] if len(row) > 2 else "") for row in body]


def measurements_upload(*, measure, by, upload) -> int:
    return services.measurements_save(measure=measure, by=by, rows=read_rows(upload))
