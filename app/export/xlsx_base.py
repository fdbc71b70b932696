"""The Base sheet: which map a workbook came from and what it held when it was exported.

A three-way merge needs the base: the map as the export wrote it, to tell the
client's edits (workbook against base) from the consultant's (map against base).
The export keeps it on the very hidden, protected Base sheet: the map's stable id
(``MapDocument.uid``) and title, the export time, and the map's plain form
(``app.model.codec``, persona photos left out: no cell edits them) as JSON,
compressed, base64 in parts of at most ``PART_LENGTH`` characters, with its
sha256 as a checksum. Column A holds a label, column B the value:

    Format | cjm-xlsx-base          Exported  | 2026-03-01T10:00:00+00:00
    Map id | 6f1c...                Checksum  | <sha256 of the JSON>
    Map title | Retail checkout     Base 1, Base 2, ... | the parts

``read_base`` gives None for a workbook without the sheet (an older export, or
one made by hand) and refuses a garbled one, naming the cell. The base's cards
are decoded by ``quick_map`` (thousands of cards), which leaves any doubt to the
careful ``map_from_dict``.
"""

from __future__ import annotations

import base64
import binascii
import json
import zlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from enum import Enum
from typing import Any

from openpyxl.worksheet.worksheet import Worksheet

from app.export import xlsx_format as fmt
from app.export.xlsx_client import CLIENT_SAFE_LABEL, CLIENT_SAFE_VALUE
from app.export.xlsx_reader import MAX_ROWS, OpenedWorkbook, WorkbookError, _translated
from app.export.xlsx_sheet import ExportContext, put, write_header
from app.model.codec import FormatError, map_from_dict, map_to_dict
from app.model.entities import Card, Evidence, Metric
from app.model.errors import ModelError
from app.model.fields import Kind, declared
from app.model.journey import JourneyMap

BASE_FORMAT = "cjm-xlsx-base"
PART_LENGTH = 32_000
#: The most a base may unpack to (a map at the model's limits stays well below).
MAX_BASE_BYTES = 256 * 1024 * 1024

_COLUMNS = (fmt.Column("label", "Label", 14), fmt.Column("value", "Value", 100))


@dataclass(frozen=True, slots=True)
class Base:
    """What a workbook says about its origin: the map's id and title, and the map then."""

    map_id: str
    map_title: str
    exported: str
    journey: JourneyMap
    #: Exported client-safe (``xlsx_client``): the base is the client's copy of the map.
    client_safe: bool = False


def base_sheet(ctx: ExportContext, sheet: Worksheet, map_id: str, exported: datetime) -> None:
    """The Base sheet for ``ctx.journey``; very hidden and protected."""
    journey = ctx.journey
    plain = map_to_dict(_without_photos(journey))
    text = json.dumps(plain, ensure_ascii=True, separators=(",", ":"), sort_keys=True)
    raw = text.encode("ascii")
    packed = base64.b64encode(zlib.compress(raw, 6)).decode("ascii")
    rows: list[tuple[str, str]] = [
        ("Format", BASE_FORMAT),
        ("Map id", map_id),
        ("Map title", journey.info.title),
        ("Exported", exported.isoformat()),
        ("Checksum", fmt.content_hash(raw)),
    ]
    if ctx.client_safe:
        rows.append((CLIENT_SAFE_LABEL, CLIENT_SAFE_VALUE))
    rows += [(f"Base {n}", packed[start:start + PART_LENGTH])
             for n, start in enumerate(range(0, len(packed), PART_LENGTH), start=1)]
    write_header(sheet, _COLUMNS, ctx.styles)
    for row, (label, value) in enumerate(rows, start=2):
        put(sheet.cell(row=row, column=1), label)
        put(sheet.cell(row=row, column=2), value)
    sheet.sheet_state = "veryHidden"
    sheet.protection.sheet = True


def _without_photos(journey: JourneyMap) -> JourneyMap:
    if not any(p.photo for p in journey.personas):
        return journey
    personas = [replace(p, photo=None) for p in journey.personas]
    return JourneyMap.build(journey.info, personas, journey.stages, journey.steps,
                            journey.lanes, journey.cards(), journey.emotions())


def read_base(opened: OpenedWorkbook) -> Base | None:
    """The workbook's base, or None if it has no Base sheet; WorkbookError if garbled."""
    name = opened.sheet_name(fmt.BASE)
    if name is None:
        return None
    labels: dict[str, str] = {}
    cells: dict[str, str] = {}
    parts: list[str] = []
    with _translated(name):
        worksheet = opened.book[name]
        worksheet.reset_dimensions()
        rows = worksheet.iter_rows(min_row=2, max_col=2, values_only=True)
        for number, values in enumerate(rows, start=2):
            if number > MAX_ROWS:
                raise WorkbookError(f"{name}!A{number}", "garbled base: too many rows")
            label, value = (*values, None, None)[:2]
            if not isinstance(label, str) or not isinstance(value, str):
                continue
            if label.startswith("Base "):
                if label != f"Base {len(parts) + 1}":
                    raise WorkbookError(f"{name}!A{number}", "garbled base: parts out of order")
                parts.append(value)
            else:
                labels[label] = value
                cells[label] = f"{name}!B{number}"
    where = cells.get("Checksum", f"{name}!B1")
    if labels.get("Format") != BASE_FORMAT or "Checksum" not in labels or not parts:
        raise WorkbookError(where, "garbled base: the sheet is not a CJM Studio base")
    try:
        raw = zlib.decompressobj().decompress(base64.b64decode("".join(parts), validate=True),
                                              MAX_BASE_BYTES)
    except (binascii.Error, ValueError, zlib.error):
        raise WorkbookError(where, "garbled base: the parts do not unpack") from None
    if fmt.content_hash(raw) != labels["Checksum"]:
        raise WorkbookError(where, "garbled base: its checksum does not match "
                                   "(the hidden Base sheet was changed)")
    try:
        data = json.loads(raw)
        journey = quick_map(data) or map_from_dict(data)
    except (ValueError, FormatError, RecursionError) as error:
        raise WorkbookError(where, f"garbled base: {error}") from None
    return Base(labels.get("Map id", ""), labels.get("Map title", ""),
                labels.get("Exported", ""), journey,
                labels.get(CLIENT_SAFE_LABEL) == CLIENT_SAFE_VALUE)


# ---------------------------------------------------------------- decoding the base quickly
class _Doubt(Exception):
    """A value the quick decoder does not vouch for: the careful decoder reads the base."""


_MISSING = object()
#: A field's reader: JSON key, field name, default (``_MISSING``: required), conversion.
_FieldReader = tuple[str, str, Any, Callable[[Any], Any]]


def quick_map(data: Any) -> JourneyMap | None:
    """The base map from its plain form, most of it faster than ``map_from_dict``; None
    at the first doubt, and then the caller decodes it the careful way, whose errors
    name the place.

    A base holds thousands of cards, and the careful decoder reads each field through
    generic checks that name a JSON path. Here each card is read by converters made
    once from the declarations in ``fields.py`` that take only the types the careful
    decoder takes, and ``JourneyMap.build`` checks the map's rules on the cards a
    column at a time. Everything but the cards is decoded the careful way.
    """
    if not isinstance(data, dict) or not isinstance(data.get("cards"), list):
        return None
    try:
        rest = map_from_dict({**data, "cards": []})
        cards = [_element(Card, value, _CARD_KEYS) for value in data["cards"]]
        return JourneyMap.build(rest.info, rest.personas, rest.stages, rest.steps, rest.lanes,
                                cards, rest.emotions())
    except (_Doubt, ValueError, TypeError, OverflowError, ModelError, FormatError,
            RecursionError):
        return None


def _element(element_type: type[Any], value: Any, keys: frozenset[str]) -> Any:
    if type(value) is not dict or not value.keys() <= keys:
        raise _Doubt
    values = {}
    for key, name, default, convert in _readers(element_type):
        given = value.get(key, _MISSING)
        if given is _MISSING:
            if default is _MISSING:
                raise _Doubt
            values[name] = default
        else:
            values[name] = convert(given)
    return element_type(**values)


_READERS: dict[type[Any], list[_FieldReader]] = {}


def _readers(element_type: type[Any]) -> list[_FieldReader]:
    known = _READERS.get(element_type)
    if known is None:
        defaults: dict[str, Any] = element_type._field_defaults  # named tuples only
        known = _READERS[element_type] = [
            (spec.json, spec.name, _default_of(spec.kind, defaults.get(spec.name, _MISSING)),
             _converter(spec.kind, spec.vocabulary))
            for spec in declared(element_type)
        ]
    return known


def _default_of(kind: Kind, default: Any) -> Any:
    # A missing text reads as empty (as in the careful decoder); a missing id or
    # reference, or a missing number without a default, is left to it.
    if default is _MISSING and kind in (Kind.TEXT, Kind.COLOUR):
        return ""
    return default


def _converter(kind: Kind, vocabulary: type[Enum] | None) -> Callable[[Any], Any]:
    def text(value: Any) -> str:
        if type(value) is not str:
            raise _Doubt
        return value

    def choice(value: Any) -> Any:
        assert vocabulary is not None
        return vocabulary(text(value))  # ValueError for an unknown token: a doubt

    def optional(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
        return lambda value: None if value is None else convert(value)

    def flag(value: Any) -> bool:
        if type(value) is not bool:
            raise _Doubt
        return value

    def whole(value: Any) -> int:
        if type(value) is not int:
            raise _Doubt
        return value

    def number(value: Any) -> float:
        if type(value) not in (int, float):
            raise _Doubt
        return float(value)  # a huge JSON integer: OverflowError, a doubt

    def texts(value: Any) -> tuple[str, ...]:
        if type(value) is not list or not all(type(item) is str for item in value):
            raise _Doubt
        return tuple(value)

    def metrics(value: Any) -> tuple[Metric, ...]:
        if type(value) is not list:
            raise _Doubt
        return tuple(_element(Metric, item, _METRIC_KEYS) for item in value)

    def evidence(value: Any) -> Evidence:
        if value is None:  # as the careful decoder: no evidence is the default
            return Evidence()
        found: Evidence = _element(Evidence, value, _EVIDENCE_KEYS)
        return found

    converters: dict[Kind, Callable[[Any], Any]] = {
        Kind.ID: text, Kind.REF: text, Kind.TEXT: text, Kind.COLOUR: text,
        Kind.CHOICE: choice, Kind.OPTIONAL_CHOICE: optional(choice), Kind.FLAG: flag,
        Kind.RATING: optional(whole), Kind.NUMBER: number,
        Kind.OPTIONAL_NUMBER: optional(number), Kind.TEXTS: texts, Kind.METRICS: metrics,
        Kind.EVIDENCE: evidence,
    }
    if kind not in converters:  # a kind cards do not have (yet): left to the careful way
        def doubt(_value: Any) -> Any:
            raise _Doubt
        return doubt
    return converters[kind]


_CARD_KEYS = frozenset({*(spec.json for spec in declared(Card)), "priority"})
_METRIC_KEYS = frozenset(spec.json for spec in declared(Metric))
_EVIDENCE_KEYS = frozenset(spec.json for spec in declared(Evidence))

