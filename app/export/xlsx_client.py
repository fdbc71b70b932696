"""The workbook's share options: the columns a client-safe workbook leaves out, and the
DRAFT marks.

A client-safe workbook is written from the map's client-safe copy
(``app.model.client_safe``) and has no Owner, Evidence quotes, Evidence source or
Confidence column (on Cards; no Owner on Backlog), so nothing invites the client to
fill them in. Its Base sheet says ``Client-safe: yes``, and the merge then treats
those fields, the notes lanes and the internal tags as not in the workbook: they are
never emptied or deleted in the full map.

A draft workbook prints "DRAFT" in the header of every page of every sheet and
starts the Map sheet's title with "DRAFT · ".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from openpyxl import Workbook

from app.export.xlsx_format import Column
from app.export.xlsx_safety import put_text

#: The Cards (and Backlog) columns a client-safe workbook does not have.
CLIENT_LEFT_OUT = frozenset({"owner", "quotes", "source", "confidence"})
#: The Base sheet's label saying the workbook is client-safe, and its value.
CLIENT_SAFE_LABEL, CLIENT_SAFE_VALUE = "Client-safe", "yes"
DRAFT_TEXT = "DRAFT"

_C = TypeVar("_C", bound=Column)


def shown_columns(columns: Sequence[_C], client_safe: bool) -> tuple[_C, ...]:
    """``columns`` less those a client-safe workbook leaves out (all of them otherwise)."""
    return tuple(c for c in columns if not (client_safe and c.key in CLIENT_LEFT_OUT))


def mark_draft(book: Workbook, map_sheet: str) -> None:
    """Print DRAFT at the top of every page of every visible sheet, and before the title."""
    for sheet in book.worksheets:
        if sheet.sheet_state != "visible":
            continue
        header = sheet.oddHeader.center
        header.text, header.size, header.font, header.color = DRAFT_TEXT, 14, "-,Bold", "B71C1C"
    title = book[map_sheet]["A1"]
    put_text(title, f"{DRAFT_TEXT} · {title.value or ''}")
