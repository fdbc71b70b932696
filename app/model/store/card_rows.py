"""The cards of a received .cjm, built from the card table's rows.

A big map has thousands of cards, so the rows are checked a column at a time
with built-ins that loop in C (``map``, ``set``, ``zip``), and each card is made
straight from a tuple of its values. Any value that fails a column check sends
the rows down the careful path, which checks row by row and raises ``Damaged``
naming the card and the column. Both paths accept the same rows and build the
same cards (tests/store/test_card_rows.py holds them to that).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import partial
from itertools import chain
from operator import itemgetter, lt
from typing import Any

from sqlalchemy import Column, Table

from app.model.entities import Card, Evidence, Metric
from app.model.fields import CARD_COLUMNS, declared
from app.model.rules import CheckedCards, checked_cards
from app.model.store.values import (
    Damaged,
    check_types,
    lookup,
    metric_list,
    string_list,
)
from app.model.vocab import CardKind, Channel, Confidence, Status

#: The card table's columns in the order of Card's declared fields (evidence takes three),
#: then position: a card is built straight from a row in this order.
COLUMN_NAMES = (*CARD_COLUMNS, "position")
_LANE, _STEP, _MOMENT, _POSITION = map(
    COLUMN_NAMES.index, ("lane_id", "step_id", "moment_of_truth", "position")
)

_CARD_KINDS = {kind.value: kind for kind in CardKind}
_CHANNELS: dict[str | None, Channel | None] = {channel.value: channel for channel in Channel}
_CHANNELS[None] = None
_STATUSES: dict[str | None, Status | None] = {status.value: status for status in Status}
_STATUSES[None] = None
_CONFIDENCES = {level.value: level for level in Confidence}
_NO_EVIDENCE = Evidence()
_NONE = type(None)

# Tuple constructors that skip Python-level __new__: the values are already checked.
_new_card = partial(tuple.__new__, Card)
_new_evidence = partial(tuple.__new__, Evidence)


class _Refused(Exception):
    """A column check failed; the careful path will say which row and why."""


def columns_of(table: Table) -> list[Column[Any]]:
    return [table.c[name] for name in COLUMN_NAMES]


_QUICK_REFUSALS = (_Refused, Damaged, KeyError, TypeError, ValueError, RecursionError)
#: Rows fetched and built at a time: small batches keep the memory they use warm.
BATCH = 500


def read_cards(table: Table, select_rows: Callable[[], sqlite3.Cursor]) -> list[Card]:
    """The cards that ``select_rows()`` returns (in COLUMN_NAMES order); raises Damaged.

    Rows are fetched and built in batches while they come in reading order; at
    the first doubt, the whole table is selected again and read by
    ``cards_from_rows``, which sorts rows and names any wrong value.
    """
    cursor = select_rows()
    cards = CheckedCards()
    last_position: Any = None
    try:
        while rows := cursor.fetchmany(BATCH):
            if last_position is not None and not rows[0][_POSITION] > last_position:
                raise _Refused
            cards.absorb(_quick(rows, may_sort=False))
            last_position = rows[-1][_POSITION]
    except _QUICK_REFUSALS:
        return cards_from_rows(table, select_rows().fetchall())
    return cards


def cards_from_rows(table: Table, rows: list[tuple[Any, ...]]) -> list[Card]:
    """The cards of ``rows`` (in COLUMN_NAMES order), in cell order; raises Damaged."""
    try:
        return _quick(rows)
    except _QUICK_REFUSALS:
        return _careful(table, rows)


# ---------------------------------------------------------------------- quick path
def _quick(rows: list[tuple[Any, ...]], may_sort: bool = True) -> CheckedCards:
    if not rows:
        return CheckedCards()
    columns = list(zip(*rows, strict=True))
    # Only what the map's rules do not check: the rules see every other value.
    _require_text(columns[_LANE], columns[_STEP])
    _require_types(chain(columns[_MOMENT], columns[_POSITION]), {int})
    if not _rising(columns[_POSITION]):
        if not may_sort:
            raise _Refused
        columns = list(zip(*sorted(rows, key=itemgetter(_LANE, _STEP, _POSITION)), strict=True))
    by_column = dict(zip(COLUMN_NAMES, columns, strict=True))
    values = {
        name: convert(by_column) if name in _LOOKED_UP else _sequence(convert(by_column))
        for name, convert in _QUICK_CONVERT.items()
    }
    cards = checked_cards(values, _LOOKED_UP)  # the map's rules, checked on these columns
    if cards is None:
        raise _Refused
    return cards


#: Fields made by looking a stored word up in its vocabulary (or by bool): right by type.
_LOOKED_UP = frozenset({"kind", "channel", "status", "moment_of_truth"})
# How the quick path turns the columns into each declared field's values.
_QUICK_CONVERT: dict[str, Callable[[Mapping[str, Sequence[Any]]], Iterable[Any]]] = {
    spec.name: itemgetter(spec.columns[0]) for spec in declared(Card)
}
_QUICK_CONVERT |= {
    "kind": lambda c: map(_CARD_KINDS.__getitem__, c["kind"]),
    "channel": lambda c: map(_CHANNELS.__getitem__, c["channel"]),
    "moment_of_truth": lambda c: map(bool, c["moment_of_truth"]),
    "status": lambda c: map(_STATUSES.__getitem__, c["status"]),
    "metrics": lambda c: _metric_lists(c["metrics"]),
    "evidence": lambda c: _evidence_records(
        c["evidence_quotes"], c["evidence_source"], c["confidence"]
    ),
    "tags": lambda c: _string_lists(c["tags"]),
}


def _sequence(values: Iterable[Any]) -> Sequence[Any]:
    return values if isinstance(values, tuple | list) else list(values)


def _evidence_records(
    quotes: Sequence[str | None], sources: Sequence[str], confidences: Sequence[str]
) -> list[Evidence]:
    """Each card's evidence; each distinct stored triple becomes one shared record."""
    stored = list(zip(quotes, sources, confidences, strict=True))
    distinct = list(set(stored))
    decoded = _string_lists([triple[0] for triple in distinct])
    records = {
        triple: _NO_EVIDENCE
        if (not texts and triple[1] == "" and triple[2] == "assumption")
        else _new_evidence((texts, triple[1], _CONFIDENCES[triple[2]]))
        for triple, texts in zip(distinct, decoded, strict=True)
    }
    return list(map(records.__getitem__, stored))


def _require_types(values: Iterable[Any], allowed: set[type]) -> None:
    if not set(map(type, values)) <= allowed:
        raise _Refused


def _require_text(*columns: Iterable[Any]) -> None:
    # str.join takes nothing but text and is the quickest way to check a column of it.
    for column in columns:
        "".join(column)  # raises TypeError on any other value


def _string_lists(texts: Sequence[str | None]) -> list[tuple[str, ...]]:
    """Each JSON list of texts as a tuple; the same text is decoded once."""
    distinct: list[str] = [text for text in set(texts) if text is not None]
    _require_text(distinct)
    decoded = list(map(json.loads, distinct))
    _require_types(decoded, {list})
    _require_types(chain.from_iterable(decoded), {str})
    by_text: dict[str | None, tuple[str, ...]]
    by_text = dict(zip(distinct, map(tuple, decoded), strict=True))
    by_text[None] = ()
    return list(map(by_text.__getitem__, texts))


def _metric_lists(texts: Sequence[str | None]) -> list[tuple[Metric, ...]]:
    distinct: list[str] = [text for text in set(texts) if text is not None]
    _require_text(distinct)
    by_text: dict[str | None, tuple[Metric, ...]] = {
        text: metric_list(text, "card") for text in distinct
    }
    by_text[None] = ()
    return list(map(by_text.__getitem__, texts))


def _rising(positions: Sequence[int]) -> bool:
    """Whether rows come in reading order, as we write them.

    Then each cell's cards are already in order. Otherwise (a file written by
    other means) the rows are sorted by cell and position, which also reads
    positions counted per cell.
    """
    return all(map(lt, positions[:-1], positions[1:]))


# ---------------------------------------------------------------------- careful path
def _careful(table: Table, rows: list[tuple[Any, ...]]) -> list[Card]:
    columns = columns_of(table)
    for row in rows:
        check_types(f"card {row[4]!r}", columns, row)
    if not _rising([row[_POSITION] for row in rows]):
        rows = sorted(rows, key=itemgetter(_LANE, _STEP, _POSITION))
    return [_card(row) for row in rows]


def _card(row: Sequence[Any]) -> Card:
    values = dict(zip(COLUMN_NAMES, row, strict=True))
    where = f"card {values['id']!r}"
    return _new_card(_CAREFUL_CONVERT.get(spec.name, _as_is)(values, spec.columns[0], where)
                     for spec in declared(Card))  # fmt: skip


def _as_is(values: dict[str, Any], column: str, _where: str) -> Any:
    return values[column]


# How the careful path turns a row's values into each declared field, naming what is wrong.
_CAREFUL_CONVERT: dict[str, Callable[[dict[str, Any], str, str], Any]] = {
    "kind": lambda v, c, w: lookup(_CARD_KINDS, v[c], w, c),
    "channel": lambda v, c, w: lookup(_CHANNELS, v[c], w, c),
    "moment_of_truth": lambda v, c, w: bool(v[c]),
    "status": lambda v, c, w: lookup(_STATUSES, v[c], w, c),
    "metrics": lambda v, c, w: metric_list(v[c], w),
    "evidence": lambda v, c, w: Evidence(
        string_list(v["evidence_quotes"], w, "evidence_quotes"),
        v["evidence_source"],
        lookup(_CONFIDENCES, v["confidence"], w, "confidence"),
    ),
    "tags": lambda v, c, w: string_list(v[c], w, c),
}
