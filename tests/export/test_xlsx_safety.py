"""Text that reaches a workbook cell is plain text a spreadsheet accepts; sheet names are valid."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from app.export.xlsx_safety import (
    CELL_LIMIT,
    CUT_MARKER,
    clean_text,
    put_text,
    safe_sheet_name,
)


@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("http://x","click")', "=cmd|' /C calc'!A0", "+1", "-1", "@SUM(A1)", "#N/A",
     "#DIV/0!", "=", "\t=1+1"],
)
def test_formula_like_text_is_stored_as_a_string(text: str) -> None:
    cell = Workbook().active["A1"]
    put_text(cell, text)
    assert cell.data_type == "s"
    assert cell.value == clean_text(text)
    assert cell.quotePrefix == text.startswith(("=", "+", "-", "@", "\t"))


def test_plain_text_gets_no_quote_prefix() -> None:
    cell = Workbook().active["A1"]
    put_text(cell, "Checkout")
    assert (cell.data_type, cell.quotePrefix) == ("s", False)


def test_characters_excel_refuses_are_removed() -> None:
    assert clean_text("a\x00b\x07c\x0bd\x0ce\x1ff\ud800g\uffff") == "abcdefg"
    assert clean_text("tab\tand\nnew line") == "tab\tand\nnew line"
    assert clean_text("windows\r\nmac\rend") == "windows\nmac\nend"


def test_a_text_over_the_cell_limit_is_cut_with_a_visible_marker() -> None:
    cut = clean_text("x" * (CELL_LIMIT + 10))
    assert len(cut) == CELL_LIMIT
    assert cut.endswith(CUT_MARKER)
    assert clean_text("x" * CELL_LIMIT) == "x" * CELL_LIMIT


@given(st.text())
def test_any_text_can_be_written(text: str) -> None:
    cell = Workbook().active["A1"]
    put_text(cell, text)
    assert cell.data_type == "s"
    assert len(str(cell.value)) <= CELL_LIMIT


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Cards", "Cards"),
        ("Q1/Q2: [draft] *final*?", "Q1_Q2_ _draft_ _final__"),
        ("'quoted'", "quoted"),
        ("", "Sheet"),
        ("x" * 40, "x" * 31),
        ("History", "History_"),
    ],
)
def test_sheet_names_are_made_valid(name: str, expected: str) -> None:
    assert safe_sheet_name(name) == expected


def test_sheet_names_are_made_unique_ignoring_case() -> None:
    taken = ["Cards", "cards (2)"]
    assert safe_sheet_name("CARDS", taken) == "CARDS (3)"
    assert len(safe_sheet_name("y" * 31, ["y" * 31])) == 31


@given(st.text(), st.lists(st.text(max_size=40), max_size=5))
def test_any_sheet_name_is_accepted_by_openpyxl(name: str, taken: list[str]) -> None:
    book = Workbook()
    result = safe_sheet_name(name, taken)
    assert 1 <= len(result) <= 31
    assert result.casefold() not in {t.casefold() for t in taken}
    book.create_sheet(result)
