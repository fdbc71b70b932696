"""The hidden Data sheet: what a workbook carries that no cell can show, kept by content hash.

Persona photos, and the exact values of cards whose Tags, Evidence quotes or
Metrics cell cannot spell them (see ``xlsx_format.exact_values``), are blobs:
bytes kept once each under their sha256. The Data sheet is very hidden (Excel
lists it nowhere) and protected; each blob is base64 text in numbered parts of
at most ``PART_LENGTH`` characters, below Excel's 32,767 per cell, one row a
part: Hash, Part, Data. A Personas row names its photo's hash in the hidden
Photo column; a Cards row names its exact values in the hidden Exact values column.

``read_data`` reads the sheet back and refuses anything garbled, naming the
sheet and row: a bad hash, parts missing or out of number, text that is not
base64, or bytes whose sha256 is not their hash.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from typing import Any

from openpyxl.worksheet.worksheet import Worksheet

from app.export import xlsx_format as fmt
from app.export.xlsx_reader import MAX_ROWS, OpenedWorkbook, WorkbookError, read_table
from app.export.xlsx_sheet import ExportContext, put, write_header
from app.model.entities import Metric
from app.model.vocab import MetricKind

#: Longest base64 part in one cell: a multiple of 4, so every part but the last is unpadded.
PART_LENGTH = 32_000


def add_blob(data: dict[str, bytes], blob: bytes) -> str:
    """Keep ``blob`` in ``data`` under its content hash; returns the hash."""
    key = fmt.content_hash(blob)
    data[key] = blob
    return key


def data_sheet(ctx: ExportContext, sheet: Worksheet) -> None:
    """Every blob of ``ctx.data`` in base64 parts; the sheet very hidden and protected."""
    write_header(sheet, fmt.DATA_COLUMNS, ctx.styles)
    row = 1
    for key, blob in ctx.data.items():
        text = base64.b64encode(blob).decode("ascii")
        for part, start in enumerate(range(0, len(text), PART_LENGTH), start=1):
            row += 1
            put(sheet.cell(row=row, column=1), key)
            put(sheet.cell(row=row, column=2), part)
            put(sheet.cell(row=row, column=3), text[start : start + PART_LENGTH])
    sheet.sheet_state = "veryHidden"
    sheet.protection.sheet = True


def read_data(opened: OpenedWorkbook) -> dict[str, bytes]:
    """The blobs on the Data sheet by hash, each checked against its hash ({} without the sheet)."""
    if opened.sheet_name(fmt.DATA) is None:
        return {}
    table = read_table(opened, fmt.DATA, fmt.DATA_COLUMNS, ["hash", "part", "data"])
    parts: dict[str, dict[int, str]] = {}
    first_row: dict[str, int] = {}
    for number, values in table.rows:
        key = _cell(table.value(values, "hash"))
        if not fmt.is_content_hash(key):
            raise WorkbookError(table.where(number, "hash"),
                                "garbled data: expected a sha256 hash (64 hex digits)")
        try:
            part = fmt.parse_whole(table.value(values, "part"), "a part number", 1, MAX_ROWS)
        except ValueError as error:
            raise WorkbookError(table.where(number, "part"), f"garbled data: {error}") from None
        if part in parts.setdefault(key, {}):
            raise WorkbookError(table.where(number, "part"),
                                f"garbled data: a second part {part} of {key[:12]}…")
        parts[key][part] = _cell(table.value(values, "data"))
        first_row.setdefault(key, number)
    blobs = {}
    for key, pieces in parts.items():
        where = table.where(first_row[key], "data")
        if sorted(pieces) != list(range(1, len(pieces) + 1)):
            raise WorkbookError(where, f"garbled data: parts of {key[:12]}… are missing")
        try:
            blob = base64.b64decode("".join(pieces[n] for n in sorted(pieces)), validate=True)
        except (binascii.Error, ValueError):
            raise WorkbookError(where, "garbled data: not base64") from None
        if fmt.content_hash(blob) != key:
            raise WorkbookError(where, f"garbled data: the content of {key[:12]}… "
                                       "does not match its hash")
        blobs[key] = blob
    return blobs


def blob_named(data: Mapping[str, bytes], value: Any, where: str, what: str) -> bytes | None:
    """The blob a hash cell names (None for an empty cell); WorkbookError if it is not there."""
    key = _cell(value)
    if not key:
        return None
    if not fmt.is_content_hash(key):
        raise WorkbookError(where, f"expected the sha256 hash of {what}, got {key[:20]!r}")
    if key not in data:
        raise WorkbookError(where, f"{what} {key[:12]}… is not on the {fmt.DATA} sheet")
    return data[key]


def _cell(value: Any) -> str:
    return value.strip() if isinstance(value, str) else "" if value is None else str(value)


def exact_card_values(blob: bytes | None, where: str) -> dict[str, tuple[Any, ...]]:
    """A card's exact tags, quotes and metrics (those it has) from their JSON blob."""
    if blob is None:
        return {}
    try:
        values = json.loads(blob.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise WorkbookError(where, "garbled exact values: not JSON") from None
    if not isinstance(values, dict) or not set(values) <= set(fmt.LIST_COLUMNS):
        raise WorkbookError(where, "garbled exact values: expected tags, quotes or metrics")
    exact: dict[str, tuple[Any, ...]] = {}
    for key, items in values.items():
        if not isinstance(items, list):
            raise WorkbookError(where, f"garbled exact values: {key} is not a list")
        if key == "metrics":
            exact[key] = tuple(_metric(item, where) for item in items)
        elif all(isinstance(item, str) for item in items):
            exact[key] = tuple(items)
        else:
            raise WorkbookError(where, f"garbled exact values: {key} are not all text")
    return exact


def _metric(item: Any, where: str) -> Metric:
    if isinstance(item, list) and len(item) == len(Metric._fields):
        kind, value, name, unit, target = item
        if (isinstance(kind, str) and kind in _METRIC_KINDS and _is_number(value)
                and isinstance(name, str) and isinstance(unit, str)
                and (target is None or _is_number(target))):
            metric = Metric(MetricKind(kind), value, name, unit, target)
            problem = metric.problem()
            if problem:
                raise WorkbookError(where, problem)
            return metric
    raise WorkbookError(where, "garbled exact values: a metric is not [kind, value, name, "
                               "unit, target]")


_METRIC_KINDS = frozenset(kind.value for kind in MetricKind)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
