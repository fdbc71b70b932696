"""Opening an untrusted .xlsx safely and reading its sheets as header-named tables.

Before openpyxl parses anything, ``open_workbook`` checks the file: an old
binary .xls or anything that is not a zip is refused, the zip's member count,
total uncompressed size and compression ratios are capped, and XML parts that
declare a DTD or entities are refused (openpyxl also parses through defusedxml).
The workbook is then opened read-only with cached values instead of formulas.

``read_table`` finds a sheet's columns by header name (any order, extra columns
ignored), skips empty rows, copies merged values down, caps the row count, and
every problem becomes a one-line ``WorkbookError`` such as "Cards!H12: unknown
channel 'fax'".
"""

from __future__ import annotations

import posixpath
import re
import time
import warnings
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from defusedxml.common import DefusedXmlException
from defusedxml.ElementTree import fromstring, iterparse
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.workbook.workbook import Workbook

from app.export.xlsx_format import Column, header_key
from app.export.xlsx_merged import MergedDown, MergedOverlap
from app.export.xlsx_numbers import bad_number_cell
from app.model.paths import PathProblem, open_regular

#: Limits on what import accepts; a workbook a client edits stays far below them.
MAX_MEMBERS = 2_000
MAX_UNCOMPRESSED_BYTES = 256 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
MAX_ROWS = 100_000
MAX_COLUMNS = 200
HEADER_SEARCH_ROWS = 10
#: Longest XML tag (or comment, CDATA section, processing instruction) import parses. The
#: XML parser re-reads a token that spans its 16 KB reads from its start on every read,
#: so its cost grows with the square of the token's length: a 200 MB attribute hangs it.
MAX_TOKEN_BYTES = 256 * 1024
#: Seconds an import may spend reading before it is refused (a workbook inside the limits
#: takes a few seconds; this bounds whatever a crafted one could still make it do).
TIME_BUDGET = 120.0

_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PROLOG_BYTES = 64 * 1024
_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


class WorkbookError(ValueError):
    """A workbook cannot be imported; ``where`` is a sheet or cell like "Cards!H12"."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"{where}: {problem}" if where else problem)
        self.where = where
        self.problem = problem


@dataclass
class OpenedWorkbook:
    """A workbook opened read-only, with the zip part of each sheet (for merged cells)."""

    book: Workbook
    archive: zipfile.ZipFile
    sheet_parts: dict[str, str] = field(default_factory=dict)
    #: When reading must be over (``time.monotonic``), see ``TIME_BUDGET``.
    deadline: float = field(default_factory=lambda: time.monotonic() + TIME_BUDGET)

    def check_time(self, where: str) -> None:
        """WorkbookError once the time budget is spent."""
        if time.monotonic() > self.deadline:
            raise WorkbookError(where, f"refused: reading the workbook took longer than "
                                       f"{TIME_BUDGET:.0f} s")

    def sheet_name(self, wanted: str) -> str | None:
        """The sheet called ``wanted`` (case ignored), or None."""
        return next((n for n in self.book.sheetnames if n.casefold() == wanted.casefold()), None)


@contextmanager
def open_workbook(path: str | Path) -> Iterator[OpenedWorkbook]:
    """Check ``path`` and open it read-only; every failure is a WorkbookError."""
    path = Path(path)
    try:
        with open_regular(path) as file:  # a FIFO or device is refused, never opened
            magic = file.read(len(_OLE2_MAGIC))
    except PathProblem as problem:
        raise WorkbookError("", str(problem)) from None
    except OSError as error:
        raise WorkbookError("", f"cannot read the file: {error.strerror or error}") from None
    if magic == _OLE2_MAGIC:
        raise WorkbookError("", "this is an old Excel 97-2003 workbook (.xls) or another "
                                "Office binary file; save it as .xlsx and import that")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise WorkbookError("", "not an Excel workbook (.xlsx): the file is not a zip archive") \
            from None
    with archive:
        _check_archive(archive)
        with _translated(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = load_workbook(path, read_only=True, data_only=True, keep_links=False)
            parts = _sheet_parts(archive)
        try:
            yield OpenedWorkbook(book, archive, parts)
        finally:
            book.close()


def _check_archive(archive: zipfile.ZipFile) -> None:
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise WorkbookError("", f"refused: the archive holds {len(members)} parts "
                                f"(at most {MAX_MEMBERS})")
    total = 0
    for member in members:
        if member.flag_bits & 0x1:
            raise WorkbookError("", "the workbook is encrypted; remove the password and save again")
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > 1024 * 1024 and ratio > MAX_COMPRESSION_RATIO:
            raise WorkbookError("", f"refused: {member.filename} expands {ratio:.0f} times "
                                    "(possible zip bomb)")
    if total > MAX_UNCOMPRESSED_BYTES:
        raise WorkbookError("", f"refused: the workbook unpacks to {total // (1024 * 1024)} MB "
                                f"(at most {MAX_UNCOMPRESSED_BYTES // (1024 * 1024)} MB)")
    names = {member.filename for member in members}
    if "xl/workbook.xml" not in names:
        raise WorkbookError("", "not an Excel workbook (.xlsx): it has no xl/workbook.xml")
    for member in members:
        if member.filename.endswith((".xml", ".rels")):
            try:
                with archive.open(member) as part:
                    prolog = part.read(_PROLOG_BYTES)
                    if b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog:
                        raise WorkbookError("", f"refused: {member.filename} declares XML "
                                                "entities (possible XML bomb)")
                    _check_tokens(member.filename, prolog, part)
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
                raise WorkbookError("", _damaged_zip(member.filename, error)) from None


#: The start of a tag that runs on for ``MAX_TOKEN_BYTES`` without ending. "<" and ">"
#: cannot appear inside a tag, so each start is scanned at most to the next of them:
#: the whole search takes time in proportion to the part's size.
_LONG_TAG = re.compile(rb"<[^<>]{%d}" % MAX_TOKEN_BYTES)
#: Comments, CDATA sections and processing instructions may hold "<"; found on their own.
_OTHER_TOKEN = re.compile(rb"<!--|<!\[CDATA\[|<\?")
_OTHER_END = {b"<!--": b"-->", b"<![CDATA[": b"]]>", b"<?": b"?>"}
_SCAN_BYTES = 4 * 1024 * 1024


def _check_tokens(name: str, first: bytes, part: Any) -> None:
    """Refuse a part holding a token longer than ``MAX_TOKEN_BYTES`` (see there)."""
    data = first
    while True:
        if _LONG_TAG.search(data):
            _too_long(name)
        for match in _OTHER_TOKEN.finditer(data):
            end = data.find(_OTHER_END[match.group()], match.end(),
                            match.start() + MAX_TOKEN_BYTES)
            if end < 0 and len(data) - match.start() > MAX_TOKEN_BYTES:
                _too_long(name)
        more = part.read(_SCAN_BYTES)
        if not more:
            return
        # Keep the tail: a token may begin in one read and end in the next.
        data = data[-MAX_TOKEN_BYTES - 16:] + more


def _too_long(name: str) -> None:
    raise WorkbookError("", f"refused: {name} holds an XML tag longer than "
                            f"{MAX_TOKEN_BYTES // 1024} KB (a workbook that would take "
                            "too long to read)")


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> zip member of its XML, from xl/workbook.xml and its relationships."""
    try:
        workbook = fromstring(archive.read("xl/workbook.xml"))
        rels = fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except KeyError:
        return {}
    targets = {
        rel.get("Id"): rel.get("Target", "") for rel in rels.iter(f"{_PKG_REL_NS}Relationship")
    }
    parts = {}
    for sheet in workbook.iter(f"{_MAIN_NS}sheet"):
        target = targets.get(sheet.get(f"{_REL_NS}id"), "")
        if target:
            path = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
            parts[sheet.get("name", "")] = posixpath.normpath(path)
    return parts


@contextmanager
def _translated(where: str = "", opened: OpenedWorkbook | None = None) -> Iterator[None]:
    """Turn whatever a malformed workbook makes openpyxl raise into a WorkbookError.

    With ``opened`` (``where`` is then a sheet's name), a number openpyxl cannot read
    is reported at its cell.
    """
    try:
        yield
    except WorkbookError:
        raise
    except (DefusedXmlException, ParseError, zipfile.BadZipFile, zlib.error, EOFError,
            KeyError, ValueError, TypeError, AttributeError, IndexError, OSError) as error:
        # openpyxl wraps what went wrong in a ValueError; the cause says more.
        cause: BaseException = error
        while cause.__cause__ is not None:
            cause = cause.__cause__
        part = opened.sheet_parts.get(where) if opened is not None else None
        if isinstance(error, ValueError) and opened is not None and part is not None:
            found = bad_number_cell(opened.archive, part)
            if found is not None:
                raise WorkbookError(f"{where}!{found[0]}", found[1]) from None
        raise WorkbookError(where, _unreadable(cause)) from None


def _unreadable(cause: BaseException) -> str:
    if isinstance(cause, DefusedXmlException):
        return "refused: the workbook declares XML entities (possible XML bomb)"
    if isinstance(cause, ParseError):
        return f"not a readable Excel workbook: broken XML ({cause})"
    if isinstance(cause, (zipfile.BadZipFile, zlib.error, EOFError)):
        return _damaged_zip("", cause)
    first_line = str(cause).splitlines()[0] if str(cause) else ""
    return f"not a readable Excel workbook ({type(cause).__name__}: {first_line[:80]})"


def _damaged_zip(member: str, cause: BaseException) -> str:
    """A zip whose parts do not match their headers (sizes or checksums that lie)."""
    part = f"its part {member}" if member else "a part"
    if isinstance(cause, zipfile.BadZipFile) and "CRC" in str(cause):
        return f"the workbook is damaged: {part} does not match its checksum (bad CRC-32)"
    if isinstance(cause, zipfile.BadZipFile) and str(cause):
        return f"the workbook is damaged: {str(cause).splitlines()[0][:80]}"
    return f"the workbook is damaged: {part} does not unpack as its zip header says"


def read_pairs(opened: OpenedWorkbook, sheet: str) -> dict[str, tuple[str, Any]]:
    """A label/value sheet (like About): label key -> (cell of the value, value); later wins."""
    name = opened.sheet_name(sheet)
    if name is None:
        return {}
    pairs: dict[str, tuple[str, Any]] = {}
    with _translated(name, opened):
        worksheet = opened.book[name]
        worksheet.reset_dimensions()
        rows = worksheet.iter_rows(max_col=2, values_only=True)
        for number, values in enumerate(rows, start=1):
            if number > HEADER_SEARCH_ROWS * 10:
                break
            if len(values) == 2 and isinstance(values[0], str) and values[0].strip():
                pairs[header_key(values[0])] = (f"{name}!B{number}", values[1])
    return pairs


# ---------------------------------------------------------------- tables
@dataclass
class Table:
    """The data rows of one sheet, with its columns found by header."""

    sheet: str
    header_row: int
    columns: dict[str, int]  # column key -> 0-based position
    headers: dict[int, str]  # 0-based position -> header text as written, for every header
    rows: list[tuple[int, tuple[Any, ...]]]  # (row number, values), empty rows left out
    #: True if the header row goes on past the last column import reads (``MAX_COLUMNS``).
    cut: bool = False
    #: Cells below the header holding a formula or an error value: (row, 0-based column) ->
    #: what a message says of it. Those in ``columns`` are refused by ``read_table``.
    special: dict[tuple[int, int], str] = field(default_factory=dict)

    def refuse_special(self, positions: Iterable[int]) -> None:
        """WorkbookError for the first formula or error value in one of ``positions``."""
        wanted = set(positions)
        for (row, position), what in sorted(self.special.items()):
            if position in wanted and row > self.header_row:
                raise WorkbookError(self.where(row, position=position), what)

    def value(self, values: Sequence[Any], key: str) -> Any:
        position = self.columns.get(key)
        return None if position is None or position >= len(values) else values[position]

    def where(self, row: int, key: str | None = None, position: int | None = None) -> str:
        if position is None:
            position = self.columns.get(key or "", 0)
        return f"{self.sheet}!{get_column_letter(position + 1)}{row}"


def read_table(
    opened: OpenedWorkbook,
    sheet: str,
    columns: Sequence[Column],
    required: Sequence[str],
    repeats: bool = False,
) -> Table:
    """The rows of ``sheet`` under a header row holding at least the ``required`` columns.

    A column header found twice is refused, unless ``repeats``: then the first
    is the column and the others are left to the caller (in ``Table.headers``).
    """
    name = opened.sheet_name(sheet)
    if name is None:
        raise WorkbookError("", f"the workbook has no '{sheet}' sheet")
    with _translated(name, opened):
        worksheet = opened.book[name]
        worksheet.reset_dimensions()  # the stored size may be wrong; read what is there
        # One column more than is read, to tell whether the header row goes on past it.
        head = [values[:MAX_COLUMNS + 1] for values in worksheet.iter_rows(
            max_row=HEADER_SEARCH_ROWS, max_col=MAX_COLUMNS + 1, values_only=True)]
        header_row, found, headers = _find_header(
            name, [values[:MAX_COLUMNS] for values in head], columns, required, repeats)
        beyond = head[header_row - 1][MAX_COLUMNS:]
        cut = bool(beyond) and _present(beyond[0])
        last_column = max(headers) + 1
        merged = MergedDown(_merged_ranges(opened, name), last_column)
        rows: list[tuple[int, tuple[Any, ...]]] = []
        iterator = worksheet.iter_rows(min_row=header_row + 1, max_col=last_column,
                                       values_only=True)
        for number, values in enumerate(iterator, start=header_row + 1):
            if number % 1000 == 0:
                opened.check_time(f"{name}!A{number}")
            try:
                values = merged.fill(number, tuple(values))
            except MergedOverlap:
                raise WorkbookError(f"{name}!A{number}", "merged cells overlap; unmerge "
                                    "them in Excel and import again") from None
            if any(_present(value) for value in values):
                rows.append((number, values))
                # Rows of data count, not row numbers: a stray cell far below is not a
                # reason to refuse a short table (it is read as the row it is in).
                if len(rows) > MAX_ROWS:
                    raise WorkbookError(f"{name}!A{number}",
                                        f"too many rows (import reads at most {MAX_ROWS})")
    table = Table(name, header_row, found, headers, rows, cut, special_cells(opened, name))
    table.refuse_special(found.values())
    return table


_MERGE_CELL = re.compile(rb"<(?:\w+:)?mergeCell[\s>/]")


def _holds(opened: OpenedWorkbook, part: str, pattern: re.Pattern[bytes]) -> bool:
    """True if the zip member ``part`` holds ``pattern`` (searched in chunks, in C)."""
    # A plain substring test first: several times faster than the pattern, and every
    # match of the pattern holds one of its needles, so almost every chunk ends there.
    needles = _NEEDLES.get(pattern)
    with opened.archive.open(part) as source:
        tail = b""
        while chunk := source.read(_SCAN_BYTES):
            window = tail + chunk
            if (needles is None or any(needle in window for needle in needles)) and \
                    pattern.search(window):
                return True
            tail = chunk[-64:]
    return False


#: A formula (``<f>``, any namespace prefix) or an error value (``t="e"``) in sheet XML.
_SPECIAL = re.compile(rb"<(?:\w+:)?f[\s>/]|\st=\"e\"")
#: Substrings that every match of a searched pattern holds.
_NEEDLES: dict[re.Pattern[bytes], tuple[bytes, ...]] = {
    _MERGE_CELL: (b"mergeCell",),
    _SPECIAL: (b"<f", b":f", b't="e"'),
}


def special_cells(opened: OpenedWorkbook, sheet: str) -> dict[tuple[int, int], str]:
    """The cells of ``sheet`` holding a formula or an error value, and what to say of each.

    The workbook is read with cached values (formulas are never run), so a formula
    would arrive as whatever value it last showed, or as nothing, and an error such
    as #VALUE! as text; they are found in the sheet's XML instead. A quick search
    first: most sheets have none, and then the XML is not parsed a second time.
    """
    part = opened.sheet_parts.get(sheet)
    if part is None:
        return {}
    if not _holds(opened, part, _SPECIAL):
        return {}
    cells: dict[tuple[int, int], str] = {}
    with _translated(sheet), opened.archive.open(part) as source:
        for _, element in iterparse(source):
            if element.tag != f"{_MAIN_NS}c":
                if element.tag == f"{_MAIN_NS}row":
                    element.clear()
                continue
            formula = element.find(f"{_MAIN_NS}f")
            value = element.find(f"{_MAIN_NS}v")
            if formula is not None or element.get("t") == "e":
                min_col, row, _, _ = range_boundaries(element.get("r", ""))
                if row is not None and min_col is not None:
                    cells[(row, min_col - 1)] = _special_problem(
                        formula.text if formula is not None else None,
                        value.text if value is not None else None)
    return cells


def _special_problem(formula: str | None, cached: str | None) -> str:
    if formula is None:
        return (f"an error value ({cached}); import reads values only: "
                "type the value this cell should hold")
    shown = f"={formula}" if formula else "a formula"
    shown = shown if len(shown) <= 40 else shown[:37] + "..."
    return (f"a formula ({shown}); import reads values only: replace it with its value "
            "(copy, then paste values)")


def _find_header(
    sheet: str,
    head: list[tuple[Any, ...]],
    columns: Sequence[Column],
    required: Sequence[str],
    repeats: bool,
) -> tuple[int, dict[str, int], dict[int, str]]:
    by_header = {header_key(column.header): column.key for column in columns}
    by_header.update({header_key(column.key): column.key for column in columns})
    for number, values in enumerate(head, start=1):
        found: dict[str, int] = {}
        headers: dict[int, str] = {}
        for position, value in enumerate(values):
            if not isinstance(value, str) or not value.strip():
                continue
            headers[position] = value  # as written: a persona's id may end in a space
            key = by_header.get(header_key(value))
            if key is None:
                continue
            if key in found and repeats:
                continue
            if key in found:
                where = f"{sheet}!{get_column_letter(position + 1)}{number}"
                raise WorkbookError(where, f"a second '{value.strip()}' column")
            found[key] = position
        if all(key in found for key in required):
            return number, found, headers
    titles = {column.key: column.header for column in columns}
    missing = ", ".join(f"'{titles[key]}'" for key in required)
    raise WorkbookError(sheet, f"no header row with the columns {missing} "
                               f"in the first {HEADER_SEARCH_ROWS} rows")


def _present(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


Merged = list[tuple[int, int, int, int]]  # min_col, min_row, max_col, max_row (1-based)


def _merged_ranges(opened: OpenedWorkbook, sheet: str) -> Merged:
    """The merged ranges of ``sheet`` (read-only worksheets do not report them)."""
    part = opened.sheet_parts.get(sheet)
    if part is None or not _holds(opened, part, _MERGE_CELL):
        return []  # most sheets merge nothing: a byte search, not a second XML parse
    ranges: Merged = []
    with opened.archive.open(part) as source:
        for _, element in iterparse(source):
            if element.tag == f"{_MAIN_NS}mergeCell":
                bounds = range_boundaries(element.get("ref", ""))
                if None not in bounds:
                    ranges.append(bounds)
            element.clear()
    return ranges
