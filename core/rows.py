"""Tables people upload (CSV or Excel), and the problems found in their rows.

One reader for every import. An upload is read whole and checked whole: every problem is
reported by row and column, and nothing is written unless there are none.

Uploaded files are hostile until read: a workbook is a zip archive of XML, so before openpyxl
parses anything the archive's declared sizes and compression ratios are checked (zip bombs),
XML is parsed through defusedxml (entity expansion, external entities), rows are read in
streaming mode and only as far as the import's row limit (a 1.6 KB workbook can declare a
cell at row 1,048,576), and any failure of the parser on malformed content is a message about
the file, never an error page.
"""

import csv
import io
import logging
import math
import re
import sys
import zipfile
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser  # pinned openpyxl; see _sheet_rows

logger = logging.getLogger(__name__)

XLSX_MAGIC = b"PK\x03\x04"
# Characters XML 1.0 cannot hold, which no spreadsheet cell can carry either: C0 controls
# other than tab, line feed and carriage return, and the two non-characters.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Word's manual line break (U+000B, "vertical tab") means a new line.
WORD_LINE_BREAK = "\x0b"


@dataclass
class RowProblem:
    row: int
    column: str
    message: str

    def __str__(self):
        if not self.row:
            return str(self.message)
        return _("Row {row}, column “{column}”: {message}").format(
            row=self.row, column=self.column, message=self.message
        )


class RowsRejected(Exception):
    def __init__(self, problems: list[RowProblem]):
        self.problems = problems
        super().__init__(f"{len(problems)} problems")


def file_problem(message: str) -> RowsRejected:
    return RowsRejected([RowProblem(0, _("File"), message)])


def clean_text(text: str) -> str:
    """Text as a spreadsheet can hold it: Word's line break becomes a line break, other
    characters XML cannot carry are dropped. Used on the way out, so no export fails."""
    return CONTROL_CHARACTERS.sub("", text.replace(WORD_LINE_BREAK, "\n"))


def same_value(stored, read) -> bool:
    """Whether a value read back from a spreadsheet is the one stored. Spreadsheets keep line
    breaks as line feeds, so text stored with Windows line ends (as browsers send them) is
    the same text when only those differ; and spaces around a text are not part of it (every
    form strips them), so an unchanged upload never rewrites text that has them."""
    if isinstance(stored, str) and isinstance(read, str):
        return stored.replace("\r\n", "\n").strip() == read.replace("\r\n", "\n").strip()
    return stored == read


def whole_number(value, *, minimum: int, maximum: int) -> int:
    """A whole number from a cell, within the range the database column holds. Raises
    ValueError for anything else: text, fractions, infinity, 1e999, 20 digits."""
    if isinstance(value, bool) or value is None:
        raise ValueError
    if isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer():
            raise ValueError
        value = int(value)
    elif not isinstance(value, int):
        text = str(value).strip()
        if not re.fullmatch(r"[+-]?\d{1,18}", text):
            raise ValueError
        value = int(text)
    if not minimum <= value <= maximum:
        raise ValueError
    return value


def decimal_number(value, *, max_digits: int, decimal_places: int) -> Decimal:
    """A number from a cell that fits a DecimalField(max_digits, decimal_places), rounded to
    its places. Raises ValueError for anything else."""
    if isinstance(value, bool) or value is None:
        raise ValueError
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError
    text = str(value).strip().replace(",", "")
    if len(text) > 60:
        raise ValueError
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError from None
    if not number.is_finite() or (number and number.adjusted() >= max_digits - decimal_places):
        raise ValueError
    number = number.quantize(Decimal(1).scaleb(-decimal_places))
    if abs(number) >= Decimal(10) ** (max_digits - decimal_places):
        raise ValueError
    return number


def _check_archive(data: bytes, not_a_workbook: RowsRejected) -> None:
    """Refuses an archive whose declared contents are too large or too compressed to be a real
    workbook, before anything is decompressed."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise not_a_workbook from None
    limit = settings.UPLOAD_MAX_UNPACKED_BYTES
    if len(members) > 1000:
        raise file_problem(_("The workbook holds too many parts to be read"))
    total = 0
    for member in members:
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > 1024 * 1024 and ratio > settings.UPLOAD_MAX_COMPRESSION_RATIO:
            raise file_problem(
                _("The workbook is compressed too far to be a real workbook: save it again from Excel")
            )
    if total > limit:
        raise file_problem(
            _(
                "The workbook unpacks to more than {megabytes} MB: "
                "split it into smaller files, or remove pictures and unused sheets"
            ).format(megabytes=limit // (1024 * 1024))
        )


def _too_many_rows(max_rows: int) -> RowsRejected:
    return file_problem(
        _(
            "The file has more than {count} rows; NVAP Hub reads at most {count} rows "
            "in one import. Split it into smaller files."
        ).format(count=f"{max_rows:,}")
    )


def _too_many_columns(max_columns: int) -> RowsRejected:
    return file_problem(
        _(
            "The file has more than {count} columns; NVAP Hub reads at most {count} "
            "columns in one import. Remove the extra columns."
        ).format(count=f"{max_columns:,}")
    )


def _xlsx_rows(
    data: bytes, *, sheet_name, max_rows: int, max_columns: int, workbook_only: bool
) -> list[tuple]:
    not_a_workbook = file_problem(
        _("The file must be an Excel workbook (.xlsx)")
        if workbook_only
        else _("The file must be a CSV file or an Excel workbook (.xlsx)")
    )
    _check_archive(data, not_a_workbook)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on malformed parts; all mean the same here
        logger.info("Refused an upload openpyxl could not open: %s", sys.exc_info()[1])
        raise not_a_workbook from None
    try:
        if sheet_name is None:
            if not book.worksheets:
                raise not_a_workbook
            sheet = book.worksheets[0]
        elif sheet_name in book.sheetnames:
            sheet = book[sheet_name]
        else:
            raise file_problem(
                _("The workbook has no sheet called “{name}”: download a fresh one from NVAP Hub").format(
                    name=sheet_name
                )
            )
        return _sheet_rows(book, sheet, max_rows=max_rows, max_columns=max_columns)
    except RowsRejected:
        raise
    except Exception:
        logger.info("Refused an upload openpyxl could not read: %s", sys.exc_info()[1])
        raise not_a_workbook from None
    finally:
        book.close()


class _Unreadable:
    """A cell whose value cannot be known: a formula with no saved result (an external link,
    say), or an error such as #REF!."""

    def __init__(self, shown: str):
        self.shown = shown


class _CellParser(WorkSheetParser):
    def parse_cell(self, element):
        cell = super().parse_cell(element)
        if cell["data_type"] == "e":
            cell["value"] = _Unreadable(str(cell["value"] or "an error"))
        elif cell["value"] is None and element.find(FORMULA_TAG) is not None:
            cell["value"] = _Unreadable("")
        return cell


def _sheet_rows(book, sheet, *, max_rows: int, max_columns: int) -> list[tuple]:
    """The sheet's rows as written in its XML, streamed. openpyxl's own iter_rows pads every
    missing row up to the last one, so a sheet holding one cell at row 1,048,576 would build a
    million rows; here only rows that exist are parsed, and reading stops at the first
    non-empty row beyond the limit (or when the XML holds far more row elements than that)."""
    parser = _CellParser(
        book._archive.open(sheet._worksheet_path),
        sheet._shared_strings,
        data_only=True,
        epoch=book.epoch,
        date_formats=book._date_formats,
        timedelta_formats=book._timedelta_formats,
    )
    found: dict[int, tuple] = {}
    elements = 0
    for index, cells in parser.parse():
        elements += 1
        values = {c["column"]: c["value"] for c in cells if c["value"] not in (None, "")}
        if not values:
            if elements > max_rows * 4:
                raise _too_many_rows(max_rows)
            continue
        if index > max_rows or len(found) >= max_rows:
            raise _too_many_rows(max_rows)
        if max(values) > max_columns:
            raise _too_many_columns(max_columns)
        width = max(values)
        found[index] = tuple(values.get(column) for column in range(1, width + 1))
    last = max(found, default=0)
    return [found.get(index, ()) for index in range(1, last + 1)]


def _csv_rows(data: bytes, *, max_rows: int, max_columns: int) -> list[tuple]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise file_problem(_("The file must be a CSV file (UTF-8) or an Excel workbook (.xlsx)")) from None
    rows: list[tuple] = []
    try:
        for row in csv.reader(io.StringIO(text, newline="")):
            if len(rows) == max_rows:
                if any(v.strip() for v in row):
                    raise _too_many_rows(max_rows)
                continue
            if len(row) > max_columns and any(v.strip() for v in row[max_columns:]):
                raise _too_many_columns(max_columns)
            rows.append(tuple(row[:max_columns]))
    except csv.Error:
        raise file_problem(_("The file must be a CSV file (UTF-8) or an Excel workbook (.xlsx)")) from None
    return rows


def _checked_cells(rows: list[tuple]) -> list[tuple]:
    """Text with characters no cell can hold is a problem of its row and column; Word's line
    break is a line break; numbers too large to be numbers are problems too."""
    problems = []
    cleaned = []
    for number, row in enumerate(rows, start=1):
        cells = []
        for index, value in enumerate(row):
            if isinstance(value, str):
                value = value.replace(WORD_LINE_BREAK, "\n")
                bad = CONTROL_CHARACTERS.search(value)
                if bad:
                    problems.append(
                        RowProblem(
                            number,
                            get_column_letter(index + 1),
                            _("Remove the control character {code} from this cell").format(
                                code=f"U+{ord(bad.group()):04X}"
                            ),
                        )
                    )
            elif isinstance(value, _Unreadable):
                problems.append(
                    RowProblem(
                        number,
                        get_column_letter(index + 1),
                        _("The cell shows {shown}: correct it, or type the value in instead").format(
                            shown=value.shown
                        )
                        if value.shown
                        else _(
                            "The cell holds a formula whose result was not saved: type the value in instead"
                        ),
                    )
                )
            elif isinstance(value, float) and not math.isfinite(value):
                problems.append(
                    RowProblem(number, get_column_letter(index + 1), _("The number is too large to be read"))
                )
            cells.append(value)
        cleaned.append(tuple(cells))
    if problems:
        raise RowsRejected(problems)
    return cleaned


def read_table(
    upload,
    *,
    max_bytes: int,
    sheet_name: str | None = None,
    workbook_only: bool = False,
    max_rows: int | None = None,
    max_columns: int | None = None,
) -> list[tuple]:
    """Every row of a CSV file (UTF-8) or of an Excel workbook's sheet (the first, or the one
    named), the type decided from the content, not the name. Rows are tuples of cell values,
    blank rows kept, so row N of the list is row N of the file."""
    max_rows = max_rows or settings.IMPORT_MAX_ROWS
    max_columns = max_columns or settings.IMPORT_MAX_COLUMNS
    if upload.size > max_bytes:
        raise file_problem(
            _("The file must be smaller than {megabytes} MB").format(megabytes=max_bytes // (1024 * 1024))
        )
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise file_problem(
            _("The file must be smaller than {megabytes} MB").format(megabytes=max_bytes // (1024 * 1024))
        )
    if data.startswith(XLSX_MAGIC):
        rows = _xlsx_rows(
            data,
            sheet_name=sheet_name,
            max_rows=max_rows,
            max_columns=max_columns,
            workbook_only=workbook_only,
        )
    elif workbook_only:
        raise file_problem(_("The file must be an Excel workbook (.xlsx)"))
    else:
        rows = _csv_rows(data, max_rows=max_rows, max_columns=max_columns)
    return _checked_cells(rows)
