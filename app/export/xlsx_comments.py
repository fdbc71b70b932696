"""Comments in the workbook: the Cards sheet's Comments column, both ways.

Export (only when asked: ``export_workbook(..., comments=threads)``): each card's
Comments cell lists its comments, one line each, ``Ana (2026-05-01): text``; a
reply starts with ``↳ ``, the lines of a resolved thread end with `` [resolved]``,
and a comment's own line breaks become spaces. The cells are recorded, exactly as
written, on the hidden Base sheet (``Comments 1``, ``Comments 2``... compressed
JSON, with a ``Comments checksum``), so that a merge takes only what the client
added.

Merge: the merge's reader hands each row's Comments cell to a ``CommentCells``;
``new_comments`` then gives every line that was not in the cell at the export and is
not already a comment of that card. Its author is the name before ``: `` when the
line reads ``Name: text`` (a short name), else ``Workbook``, and its text is the
rest; a line longer than one comment becomes several, so nothing is lost. Lines
deleted or left as they were change nothing: a merge never deletes a comment.
``comment_threads`` makes one new thread per card (on the map itself, naming the
card, when the merged map no longer has the card).
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import zlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from openpyxl.worksheet.worksheet import Worksheet

from app.export import xlsx_format as fmt
from app.export.xlsx_reader import MAX_ROWS, OpenedWorkbook, WorkbookError, _translated
from app.export.xlsx_safety import clean_text
from app.export.xlsx_sheet import put
from app.model.codec_comments import threads_from_plain, threads_to_plain
from app.model.comments import (
    MAP_ELEMENT,
    MAX_COMMENT_LENGTH,
    author_problem,
    shown_author,
)
from app.model.document import CURRENT, Comment, CommentThread, MapDocument
from app.model.entities import now_utc
from app.model.journey import JourneyMap

#: The author of a client's line that names nobody.
WORKBOOK_AUTHOR = "Workbook"
REPLY_MARK = "↳ "
RESOLVED_MARK = " [resolved]"
#: Labels of the comment record on the Base sheet.
RECORD_LABEL = "Comments"
CHECKSUM_LABEL = "Comments checksum"
PART_LENGTH = 32_000
MAX_RECORD_BYTES = 64 * 1024 * 1024
#: A name a client may sign a line with: short, a few words.
MAX_SIGNATURE_LENGTH = 40
MAX_SIGNATURE_WORDS = 4

_SIGNED = re.compile(r"^(?P<name>[^:\n]+?)\s*:\s+(?P<text>\S.*)$", re.DOTALL)
_EXPORTED = re.compile(r"\(\d{4}-\d{2}-\d{2}\)\s*$")


# ---------------------------------------------------------------- export
def comment_line(comment: Comment, reply: bool = False, resolved: bool = False) -> str:
    """One comment as its line in a Comments cell."""
    text = " ".join(comment.text.splitlines())
    line = f"{shown_author(comment)} ({comment.written.astimezone(UTC):%Y-%m-%d}): {text}"
    return (REPLY_MARK if reply else "") + line + (RESOLVED_MARK if resolved else "")


def thread_lines(thread: CommentThread) -> list[str]:
    return [comment_line(c, reply=i > 0, resolved=thread.resolved)
            for i, c in enumerate(thread.comments)]


def comment_cells(threads: Iterable[CommentThread], journey: JourneyMap) -> dict[str, str]:
    """Each commented card's Comments cell, as the cell holds it (by card id)."""
    lines: dict[str, list[str]] = {}
    for thread in threads:
        if thread.map_role == CURRENT and journey.has_card(thread.element_id):
            lines.setdefault(thread.element_id, []).extend(thread_lines(thread))
    return {card_id: clean_text("\n".join(found)) for card_id, found in lines.items()}


def record_cells(sheet: Worksheet, cells: dict[str, str],
                 threads: Iterable[CommentThread] = ()) -> None:
    """Record the Comments cells, and the threads, on the Base sheet below its rows."""
    record = {"cells": cells, "threads": threads_to_plain(threads)}
    text = json.dumps(record, ensure_ascii=True, separators=(",", ":"), sort_keys=True)
    raw = text.encode("ascii")
    packed = base64.b64encode(zlib.compress(raw, 6)).decode("ascii")
    rows = [(CHECKSUM_LABEL, fmt.content_hash(raw))]
    rows += [(f"{RECORD_LABEL} {n}", packed[start:start + PART_LENGTH])
             for n, start in enumerate(range(0, len(packed), PART_LENGTH), start=1)]
    first = sheet.max_row + 1
    for row, (label, value) in enumerate(rows, start=first):
        put(sheet.cell(row=row, column=1), label)
        put(sheet.cell(row=row, column=2), value)


def read_record(opened: OpenedWorkbook) -> tuple[dict[str, str], list[CommentThread]] | None:
    """The Comments cells as exported (by card id) and the threads then; None if the
    workbook has no record (exported without comments, or by an older CJM Studio).
    WorkbookError if it is garbled."""
    name = opened.sheet_name(fmt.BASE)
    if name is None:
        return None
    checksum, where = None, f"{name}!B1"
    parts: list[str] = []
    with _translated(name):
        worksheet = opened.book[name]
        rows = worksheet.iter_rows(min_row=2, max_col=2, values_only=True)
        for number, values in enumerate(rows, start=2):
            if number > MAX_ROWS:
                raise WorkbookError(f"{name}!A{number}", "garbled base: too many rows")
            label, value = (*values, None, None)[:2]
            if not isinstance(label, str) or not isinstance(value, str):
                continue
            if label == CHECKSUM_LABEL:
                checksum, where = value, f"{name}!B{number}"
            elif label.startswith(f"{RECORD_LABEL} ") and label != CHECKSUM_LABEL:
                if label != f"{RECORD_LABEL} {len(parts) + 1}":
                    raise WorkbookError(f"{name}!A{number}",
                                        "garbled comments record: parts out of order")
                parts.append(value)
    if checksum is None:
        return None
    try:
        raw = zlib.decompressobj().decompress(base64.b64decode("".join(parts), validate=True),
                                              MAX_RECORD_BYTES)
    except (binascii.Error, ValueError, zlib.error):
        raise WorkbookError(where, "garbled comments record: the parts do not unpack") from None
    if fmt.content_hash(raw) != checksum:
        raise WorkbookError(where, "garbled comments record: its checksum does not match "
                                   "(the hidden Base sheet was changed)")
    try:
        record = json.loads(raw)
        cells, threads = record["cells"], threads_from_plain(record.get("threads", []))
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        raise WorkbookError(where, "garbled comments record: not a record of cells") from None
    if not isinstance(cells, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in cells.items()):
        raise WorkbookError(where, "garbled comments record: not a record of cells")
    return cells, threads


# ---------------------------------------------------------------- merge
@dataclass
class CommentCells:
    """The Comments cells a merge read, and those the export recorded."""

    #: The Cards sheet has a Comments column.
    present: bool = False
    #: Each row's Comments cell (as text) and the title in its row, by card id.
    cells: dict[str, str] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    #: The cells as exported, by card id; None when the workbook has no record.
    recorded: dict[str, str] | None = None
    #: The threads as exported (all of them: on the map and every element).
    threads: list[CommentThread] = field(default_factory=list)

    def read_record(self, opened: OpenedWorkbook) -> None:
        """Take the export's record from the Base sheet (WorkbookError if garbled)."""
        found = read_record(opened)
        if found is not None:
            self.recorded, self.threads = found

    def note(self, card_id: str, value: Any, title: Any) -> None:
        text = cell_text(value)
        if text:
            self.cells[card_id] = text
            self.titles[card_id] = cell_text(title)


def cell_text(value: Any) -> str:
    """A cell's value as text (a number as typed, nothing as empty)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\r\n", "\n").replace("\r", "\n")


@dataclass(frozen=True, slots=True)
class NewComment:
    """A line a client added to a card's Comments cell, as the comment it becomes."""

    card_id: str
    title: str
    author: str
    text: str


def parse_line(line: str) -> tuple[str, str]:
    """(author, text) of a client's line: ``Name: text`` names its author, else Workbook."""
    line = line.strip()
    bare = line.removeprefix(REPLY_MARK.strip()).strip()
    found = _SIGNED.match(bare)
    if found:
        name = " ".join(found["name"].split())
        if (len(name) <= MAX_SIGNATURE_LENGTH and len(name.split()) <= MAX_SIGNATURE_WORDS
                and not _EXPORTED.search(name) and author_problem(name) is None):
            return name, found["text"].strip()
    return WORKBOOK_AUTHOR, line


def new_comments(cells: CommentCells, document: MapDocument) -> list[NewComment]:
    """The comments the client added, card by card in the order of the workbook's rows."""
    known: dict[str, tuple[set[str], set[tuple[str, str]]]] = {}
    for thread in document.threads:
        if thread.map_role != CURRENT:
            continue
        lines, pairs = known.setdefault(thread.element_id, (set(), set()))
        for index, comment in enumerate(thread.comments):
            for resolved in (False, True):
                lines.add(comment_line(comment, index > 0, resolved).strip())
            pairs.add((shown_author(comment), " ".join(comment.text.split())))
    found: list[NewComment] = []
    for card_id, cell in cells.cells.items():
        recorded = (cells.recorded or {}).get(card_id, "")
        exported = Counter(line.strip() for line in recorded.split("\n"))
        lines, pairs = known.get(card_id, (set(), set()))
        taken: set[str] = set()
        for raw in cell.split("\n"):
            line = raw.strip()
            if not line or line in taken or line in lines:
                continue
            if exported[line] > 0:
                exported[line] -= 1
                continue
            author, text = parse_line(line)
            if (author, " ".join(text.split())) in pairs:
                continue
            taken.add(line)
            found.append(NewComment(card_id, cells.titles.get(card_id, ""), author, text))
    return found


def _pieces(text: str) -> list[str]:
    """``text`` in pieces a comment can hold, cut at spaces where it can be."""
    pieces = []
    while len(text) > MAX_COMMENT_LENGTH:
        cut = text.rfind(" ", MAX_COMMENT_LENGTH // 2, MAX_COMMENT_LENGTH)
        cut = cut if cut > 0 else MAX_COMMENT_LENGTH
        pieces.append(text[:cut])
        text = text[cut:].lstrip(" ")
    return [*pieces, text] if text else pieces


def comment_threads(new: Iterable[NewComment], journey: JourneyMap,
                    when: datetime | None = None) -> list[CommentThread]:
    """One thread per card for its new comments; on the map when the card is gone."""
    when = when or now_utc()
    by_card: dict[str, list[NewComment]] = {}
    for comment in new:
        by_card.setdefault(comment.card_id, []).append(comment)
    threads = []
    for card_id, comments in by_card.items():
        if journey.has_card(card_id):
            element, prefix = card_id, ""
        else:
            element, prefix = MAP_ELEMENT, f'On the card "{comments[0].title}": '
        threads.append(CommentThread(element, tuple(
            Comment(c.author, piece, written=when)
            for c in comments for piece in _pieces(prefix + c.text)
        )))
    return threads


def report_lines(new: list[NewComment]) -> list[str]:
    """The merge report's lines for the new comments (none if there are none)."""
    lines = []
    for comment in new:
        lines.append(f'Card "{comment.title}" [{comment.card_id[:8]}]: new comment from the '
                     f'workbook by {comment.author}: "{comment.text}"')
    return lines


def summary_suffix(new: list[NewComment]) -> str:
    """`` 2 new comments from the workbook.`` (empty if there are none)."""
    if not new:
        return ""
    return f" {len(new)} new comment{'s' if len(new) != 1 else ''} from the workbook."


def with_comments(report: list[str], new: list[NewComment]) -> list[str]:
    """The merge report with the new comments before its summary line, which counts them."""
    if not new or not report:
        return report
    *body, summary = report
    if summary.startswith("No changes"):
        summary = "No changes to the map."
    return [*body, *report_lines(new), summary + summary_suffix(new)]


def document_of(journey: JourneyMap, cells: CommentCells) -> MapDocument:
    """A new document for a map read from a workbook: the threads the export recorded, and
    the client's new lines as new threads."""
    document = MapDocument(journey, threads=cells.threads)
    new = new_comments(cells, document)
    if new:
        document.set_threads([*document.threads, *comment_threads(new, journey)])
    return document
