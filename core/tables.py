"""Tables handed to people as CSV or XLSX, with formula-like text made harmless."""

import csv
import io

from openpyxl import Workbook


def safe_cell(value):
    """Stops text that starts like a formula from running as one in a spreadsheet."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def as_csv(rows) -> str:
    """Rows (the first being the headings) as CSV text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow(["" if v is None else safe_cell(v) for v in row])
    return buffer.getvalue()


def as_xlsx(rows, sheet_name: str) -> bytes:
    """Rows (the first being the headings) as a one-sheet workbook."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_name)
    for row in rows:
        sheet.append([safe_cell(v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
