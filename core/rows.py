"""Tables people upload (CSV or Excel), and the problems found in their rows.

An upload is read whole and checked whole: every problem is reported by row and column, and
nothing is written unless there are none."""

import csv
import io
import zipfile
from dataclasses import dataclass

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException


@dataclass
class RowProblem:
    row: int
    column: str
    message: str

    def __str__(self):
        if not self.row:
            return self.message
        return f"Row {self.row}, column “{self.column}”: {self.message}"


class RowsRejected(Exception):
    def __init__(self, problems: list[RowProblem]):
        self.problems = problems
        super().__init__(f"{len(problems)} problems")


def file_problem(message: str) -> RowsRejected:
    return RowsRejected([RowProblem(0, "File", message)])


def read_table(upload, *, max_bytes: int) -> list[tuple]:
    """Every row of a CSV file (UTF-8) or of an Excel workbook's first sheet, the type decided
    from the content, not the name. Rows are tuples of cell values; blank rows are kept."""
    if upload.size > max_bytes:
        raise file_problem(f"The file must be smaller than {max_bytes // (1024 * 1024)} MB")
    data = upload.read()
    if data.startswith(b"PK\x03\x04"):
        try:
            sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
            return [tuple(row) for row in sheet.iter_rows(values_only=True)]
        except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError, IndexError):
            raise file_problem("The file must be a CSV file or an Excel workbook (.xlsx)") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise file_problem("The file must be a CSV file (UTF-8) or an Excel workbook (.xlsx)") from None
    try:
        return [tuple(row) for row in csv.reader(io.StringIO(text))]
    except csv.Error:
        raise file_problem("The file must be a CSV file (UTF-8) or an Excel workbook (.xlsx)") from None
