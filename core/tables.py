"""Tables handed to people as CSV or XLSX: one writer for every cell the service writes.

In a workbook, text is stored as text: a force's answer that starts with "=" stays those
characters (marked with Excel's quote prefix, so Excel shows it and keeps it as text when
edited), never a live formula, and an unchanged upload of a downloaded file reads back
exactly what was written. Characters XML cannot hold are replaced (Word's U+000B becomes a
line break, as Word means it), so no stored text can make a download fail.

CSV has no types, so text that starts like a formula gets the usual apostrophe in front.
"""

import csv
import io

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from core.rows import clean_text

FORMULA_LIKE = ("=", "+", "-", "@")


def safe_cell(value):
    """For CSV: stops text that starts like a formula from running as one in a spreadsheet."""
    if isinstance(value, str):
        value = clean_text(value)
        if value[:1] in FORMULA_LIKE:
            return "'" + value
    return value


def _as_text(cell, value: str):
    """Stores the text in the cell as text, whatever it starts with."""
    cell.value = clean_text(value)
    cell.data_type = "s"
    if cell.value[:1] in FORMULA_LIKE:
        cell.quotePrefix = True
    return cell


def put(sheet, row: int, column: int, value):
    """Writes one value into a worksheet cell through the writer's rules; returns the cell."""
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        return _as_text(cell, value)
    cell.value = value
    return cell


def append(sheet, values) -> None:
    """Appends a row to a worksheet (normal or write-only) through the writer's rules."""
    if isinstance(sheet, WriteOnlyWorksheet):
        row = []
        for value in values:
            if isinstance(value, str):
                row.append(_as_text(WriteOnlyCell(sheet), value))
            else:
                row.append(value)
        sheet.append(row)
        return
    number = sheet._current_row + 1  # where openpyxl's own append would write
    for column, value in enumerate(values, start=1):
        put(sheet, number, column, value)


def csv_chunks(rows, rows_per_chunk: int = 500):
    """Rows (the first being the headings) as CSV text, a few hundred rows at a time, so a
    download of any size is sent as it is written, never held whole in memory."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for number, row in enumerate(rows, start=1):
        writer.writerow(["" if v is None else safe_cell(v) for v in row])
        if number % rows_per_chunk == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue()


def as_csv(rows) -> str:
    """Rows (the first being the headings) as CSV text."""
    return "".join(csv_chunks(rows))


def write_xlsx(rows, sheet_name: str, file) -> None:
    """Rows (the first being the headings) as a one-sheet workbook written to `file`. The
    workbook is write-only: each row goes to disk as it is added, so memory stays flat."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_name)
    for row in rows:
        append(sheet, row)
    book.save(file)


def as_xlsx(rows, sheet_name: str) -> bytes:
    """Rows (the first being the headings) as a one-sheet workbook."""
    buffer = io.BytesIO()
    write_xlsx(rows, sheet_name, buffer)
    return buffer.getvalue()
