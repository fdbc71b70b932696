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
import warnings
import zipfile
from collections.abc import Iterator, Sequence
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

#: Limits on what import accepts; a workbook a client edits stays far below them.
MAX_MEMBERS = 2_000
MAX_UNCOMPRESSED_BYTES = 256 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
MAX_ROWS = 100_000
MAX_COLUMNS = 200
HEADER_SEARCH_ROWS = 10

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

    def sheet_name(self, wanted: str) -> str | None:
        """The sheet called ``wanted`` (case ignored), or None."""
        return next((n for n in self.book.sheetnames if n.casefold() == wanted.casefold()), None)


@contextmanager
def open_workbook(path: str | Path) -> Iterator[OpenedWorkbook]:
    """Check ``path`` and open it read-only; every failure is a WorkbookError."""
    path = Path(path)
    try:
        with path.open("rb") as file:
            magic = file.read(len(_OLE2_MAGIC))
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
            with archive.open(member) as part:
                prolog = part.read(_PROLOG_BYTES)
            if b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog:
                raise WorkbookError("", f"refused: {member.filename} declares XML entities "
                                        "(possible XML bomb)")


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
def _translated(where: str = "") -> Iterator[None]:
    """Turn whatever a malformed workbook makes openpyxl raise into a WorkbookError."""
    try:
        yield
    except WorkbookError:
        raise
    except (DefusedXmlException, ParseError, zipfile.BadZipFile, KeyError, ValueError,
            TypeError, AttributeError, IndexError, OSError) as error:
        # openpyxl wraps what went wrong in a ValueError; the cause says more.
        cause: BaseException = error
        while cause.__cause__ is not None:
            cause = cause.__cause__
        raise WorkbookError(where, _unreadable(cause)) from None


def _unreadable(cause: BaseException) -> str:
    if isinstance(cause, DefusedXmlException):
        return "refused: the workbook declares XML entities (possible XML bomb)"
    if isinstance(cause, ParseError):
        return f"not a readable Excel workbook: broken XML ({cause})"
    if isinstance(cause, zipfile.BadZipFile):
        return f"not a readable Excel workbook: {cause}"
    first_line = str(cause).splitlines()[0] if str(cause) else ""
    return f"not a readable Excel workbook ({type(cause).__name__}: {first_line[:80]})"


def read_pairs(opened: OpenedWorkbook, sheet: str) -> dict[str, tuple[str, Any]]:
    """A label/value sheet (like About): label key -> (cell of the value, value); later wins."""
    name = opened.sheet_name(sheet)
    if name is None:
        return {}
    pairs: dict[str, tuple[str, Any]] = {}
    with _translated(name):
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
    with _translated(name):
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
        merged = _merged_ranges(opened, name)
        merge_tops = {min_row for _, min_row, _, _ in merged}
        rows: list[tuple[int, tuple[Any, ...]]] = []
        values_by_row: dict[int, tuple[Any, ...]] = {}
        iterator = worksheet.iter_rows(min_row=header_row + 1, max_col=last_column,
                                       values_only=True)
        for number, values in enumerate(iterator, start=header_row + 1):
            if number - header_row > MAX_ROWS:
                raise WorkbookError(f"{name}!A{number}",
                                    f"too many rows (import reads at most {MAX_ROWS})")
            values = _fill_merged(number, tuple(values), merged, values_by_row)
            if number in merge_tops:
                values_by_row[number] = values
            if any(_present(value) for value in values):
                rows.append((number, values))
    return Table(name, header_row, found, headers, rows, cut)


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
    if part is None:
        return []
    ranges: Merged = []
    with opened.archive.open(part) as source:
        for _, element in iterparse(source):
            if element.tag == f"{_MAIN_NS}mergeCell":
                bounds = range_boundaries(element.get("ref", ""))
                if None not in bounds:
                    ranges.append(bounds)
            element.clear()
    return ranges


def _fill_merged(
    number: int, values: tuple[Any, ...], merged: Merged, earlier: dict[int, tuple[Any, ...]]
) -> tuple[Any, ...]:
    """A value merged down over several rows counts for each of those rows."""
    if not merged:
        return values
    filled = list(values)
    for min_col, min_row, max_col, max_row in merged:
        if min_row < number <= max_row and min_row in earlier:
            top = earlier[min_row]
            for column in range(min_col, min(max_col, len(filled)) + 1):
                if column - 1 < len(top):
                    filled[column - 1] = top[column - 1]
    return tuple(filled)
