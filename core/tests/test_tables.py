"""The one writer of spreadsheet cells."""

import csv
import io

from openpyxl import Workbook, load_workbook

from core import tables


def test_text_that_looks_like_a_formula_is_stored_as_text_in_workbooks():
    data = tables.as_xlsx([["Heading"], ["=1+1"], ["+cmd"], ["plain"]], "Sheet")
    sheet = load_workbook(io.BytesIO(data)).active
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert [c.value for c in cells] == ["=1+1", "+cmd", "plain"]
    assert [c.data_type for c in cells] == ["s", "s", "s"]
    assert cells[0].quotePrefix and cells[1].quotePrefix and not cells[2].quotePrefix


def test_characters_xml_cannot_hold_never_break_a_download():
    data = tables.as_xlsx([["Heading"], ["Line\x0bbreak\x00 and \x07bell"]], "Sheet")
    assert load_workbook(io.BytesIO(data)).active["A2"].value == "Line\nbreak and bell"
    book = Workbook()
    tables.put(book.active, 1, 1, "A\x0bB")
    tables.append(book.active, ["=SUM(A1)", 3])
    assert book.active["A1"].value == "A\nB"
    assert book.active["A2"].data_type == "s" and book.active["B2"].value == 3


def test_csv_cells_that_start_like_formulas_get_an_apostrophe():
    text = tables.as_csv([["Heading"], ["=1+1"], ["@x"], ["ok\x0bthen"]])
    assert list(csv.reader(io.StringIO(text))) == [["Heading"], ["'=1+1"], ["'@x"], ["ok\nthen"]]
