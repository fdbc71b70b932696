"""Checking single values read from a received .cjm: types, words, JSON, dates.

Each check either returns the value as the model wants it or raises ``Damaged``
with a message that says which element and which column is wrong.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Column, Float, Integer, LargeBinary

from app.model.entities import Metric
from app.model.vocab import MetricKind

#: Deepest nesting a JSON column may have (ours are at most 2 deep).
MAX_JSON_DEPTH = 8

_TYPE_NAMES = {int: "integer", float: "real", str: "text", bytes: "blob"}


class Damaged(Exception):
    """A value read from the file is wrong; the message says what and where."""


def allowed_types(column: Column[Any]) -> tuple[str, ...]:
    """The SQLite storage classes (``typeof``) a column of our schema may hold."""
    if isinstance(column.type, Integer):
        kinds: tuple[str, ...] = ("integer",)
    elif isinstance(column.type, Float):
        kinds = ("real", "integer")
    elif isinstance(column.type, LargeBinary):
        kinds = ("blob",)
    else:
        kinds = ("text",)
    return (*kinds, "null") if column.nullable else kinds


def check_types(where: str, columns: Sequence[Column[Any]], row: Sequence[Any]) -> None:
    """Raise Damaged naming the first value of ``row`` whose type its column forbids."""
    for column, value in zip(columns, row, strict=False):
        found = _TYPE_NAMES.get(type(value), "null")
        allowed = allowed_types(column)
        if found not in allowed:
            raise Damaged(f"{where}: {column.name} holds {found}, not {' or '.join(allowed)}")


def decode_json(text: str, where: str, column: str) -> Any:
    """The value of a JSON column, refusing texts nested deeper than ours ever are."""
    # Counting brackets is cheap; only a text with many of them gets the careful scan.
    many = text.count("[") + text.count("{") > MAX_JSON_DEPTH
    if many and nesting_depth(text) > MAX_JSON_DEPTH:
        raise Damaged(f"{where}: {column} is nested too deeply")
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        raise Damaged(f"{where}: {column} is not valid JSON") from None


def nesting_depth(text: str) -> int:
    """How deeply brackets nest in a JSON text, ignoring brackets inside strings."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_JSON_DEPTH:
                    break
        elif char in "]}":
            depth -= 1
    return deepest


def string_list(text: str | None, where: str, column: str) -> tuple[str, ...]:
    """A JSON list of texts (tags, quotes); NULL is the empty list."""
    if text is None:
        return ()
    values = decode_json(text, where, column)
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise Damaged(f"{where}: {column} is not a list of texts")
    return tuple(values)


def metric_list(text: str | None, where: str) -> tuple[Metric, ...]:
    """A card's metrics column: a JSON list of {kind, name, value, unit, target}."""
    if text is None:
        return ()
    values = decode_json(text, where, "metrics")
    if not isinstance(values, list):
        raise Damaged(f"{where}: metrics is not a list")
    metrics = []
    for value in values:
        if not isinstance(value, dict) or not isinstance(value.get("value"), int | float):
            raise Damaged(f"{where}: a metric is not a record with a value")
        target = value.get("target")
        if target is not None and not isinstance(target, int | float):
            raise Damaged(f"{where}: a metric target is not a number")
        name, unit = value.get("name", ""), value.get("unit", "")
        if not isinstance(name, str) or not isinstance(unit, str):
            raise Damaged(f"{where}: a metric name or unit is not text")
        metrics.append(
            Metric(
                enum_value(MetricKind, value.get("kind"), where, "metrics"),
                _float(value["value"], where),
                name,
                unit,
                None if target is None else _float(target, where),
            )
        )
    return tuple(metrics)


def _float(number: int | float, where: str) -> float:
    """A JSON number as a float; an integer of hundreds of digits has none."""
    try:
        return float(number)
    except OverflowError:
        raise Damaged(f"{where}: a metric holds too large a number") from None


def enum_value(enum: Any, token: Any, where: str, column: str) -> Any:
    """The member of ``enum`` stored as ``token``."""
    try:
        return enum(token)
    except ValueError:
        raise Damaged(f"{where}: unknown {column} {token!r}") from None


def lookup(table: dict[Any, Any], token: Any, where: str, column: str) -> Any:
    """``table[token]``, or Damaged naming the unknown word."""
    try:
        return table[token]
    except (KeyError, TypeError):
        raise Damaged(f"{where}: unknown {column} {token!r}") from None


def parse_date(text: str, column: str) -> datetime:
    """A stored ISO date; one without a zone is taken as UTC."""
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise Damaged(f"map: {column} is not a date ({text[:40]!r})") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
