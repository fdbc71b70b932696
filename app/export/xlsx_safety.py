"""Making user text safe to put in a workbook cell, and sheet names valid.

openpyxl stores any string that starts with "=" as a formula and "#N/A" as an
error value, so ``put_text`` forces every user string to be plain text (data type
"s") and marks strings that a spreadsheet could read as a formula when re-entered
(= + - @ and tab/CR prefixes) with the quote prefix. Characters XML and Excel
refuse are removed, and texts over Excel's cell limit are cut with a visible marker.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from openpyxl.cell.cell import Cell

#: Excel holds at most this many characters in one cell.
CELL_LIMIT = 32_767

#: Appended to a text cut to fit in a cell, so a reader sees that something is missing.
CUT_MARKER = " […cut: too long for one Excel cell]"

#: A cell whose text starts with one of these is a formula when typed into Excel.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

#: Control characters Excel refuses, lone surrogates and the two XML non-characters.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

_SHEET_NAME_LIMIT = 31
_SHEET_NAME_BAD = re.compile(r"[\\/?*\[\]:]")


def clean_text(text: str) -> str:
    """``text`` as a cell can hold it: CR/LF made LF, illegal characters gone, length capped."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _ILLEGAL.search(text):
        text = _ILLEGAL.sub("", text)
    if len(text) > CELL_LIMIT:
        text = text[: CELL_LIMIT - len(CUT_MARKER)] + CUT_MARKER
    return text


def needs_quote_prefix(text: str) -> bool:
    """True if a spreadsheet would read ``text`` as a formula when it is typed in."""
    return text.startswith(FORMULA_PREFIXES)


def put_text(cell: Cell, text: str) -> None:
    """Write ``text`` into ``cell`` as a string, never a formula or an error value."""
    text = clean_text(text)
    cell.value = text
    cell.data_type = "s"
    if needs_quote_prefix(text):
        cell.quotePrefix = True


def safe_sheet_name(name: str, taken: Iterable[str] = ()) -> str:
    """A valid sheet name close to ``name``, different (ignoring case) from those ``taken``.

    Excel forbids / \\ ? * [ ] :, a leading or trailing apostrophe, empty names and
    names longer than 31 characters; names differing only in case collide.
    """
    cleaned = _SHEET_NAME_BAD.sub("_", clean_text(name).replace("\n", " ")).strip().strip("'")
    cleaned = cleaned[:_SHEET_NAME_LIMIT].strip() or "Sheet"
    if cleaned.casefold() == "history":  # reserved by Excel
        cleaned = "History_"
    used = {existing.casefold() for existing in taken}
    candidate = cleaned
    number = 2
    while candidate.casefold() in used:
        suffix = f" ({number})"
        candidate = cleaned[: _SHEET_NAME_LIMIT - len(suffix)].rstrip() + suffix
        number += 1
    return candidate
