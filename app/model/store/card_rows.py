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
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from itertools import chain
from operator import itemgetter, lt
from typing import Any

from sqlalchemy import Column, Table

from app.model.entities import Card, Evidence, Metric
from app.model.store.values import (
    Damaged,
    check_types,
    lookup,
    metric_list,
    string_list,
)
from app.model.vocab import CardKind, Channel, Confidence, Status

#: The card table's columns in the order of Card's fields (evidence takes three), then position.
COLUMN_NAMES = (
    "title", "lane_id", "step_id", "kind", "id", "body", "channel", "owner", "moment_of_truth",
    "severity", "impact", "effort", "status", "metrics", "evidence_quotes", "evidence_source",
    "confidence", "tags", "colour", "position",
)  # fmt: skip
_LANE, _STEP, _MOMENT, _SEVERITY, _EFFORT, _POSITION = 1, 2, 8, 9, 11, 19
_TEXT_COLUMNS = ("title", "lane_id", "step_id", "id", "body", "owner", "evidence_source", "colour")

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
    cards: list[Card] = []
    last_position: Any = None
    try:
        while rows := cursor.fetchmany(BATCH):
            if last_position is not None and not rows[0][_POSITION] > last_position:
                raise _Refused
            cards += _quick(rows, may_sort=False)
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
def _quick(rows: list[tuple[Any, ...]], may_sort: bool = True) -> list[Card]:
    if not rows:
        return []
    columns = list(zip(*rows, strict=True))
    _require_text(*(columns[COLUMN_NAMES.index(name)] for name in _TEXT_COLUMNS))
    _require_types(chain(columns[_MOMENT], columns[_POSITION]), {int})
    _require_types(chain(*columns[_SEVERITY : _EFFORT + 1]), {int, _NONE})
    if not _rising(columns[_POSITION]):
        if not may_sort:
            raise _Refused
        columns = list(zip(*sorted(rows, key=itemgetter(_LANE, _STEP, _POSITION)), strict=True))
    (title, lane, step, kind, ids, body, channel, owner, moment, severity, impact, effort,
     status, metrics, quotes, source, confidence, tags, colour, _) = columns  # fmt: skip
    evidence = map(_evidence, _string_lists(quotes), source, confidence)
    return list(
        map(
            _new_card,
            zip(
                title,
                lane,
                step,
                map(_CARD_KINDS.__getitem__, kind),
                ids,
                body,
                map(_CHANNELS.__getitem__, channel),
                owner,
                map(bool, moment),
                severity,
                impact,
                effort,
                map(_STATUSES.__getitem__, status),
                _metric_lists(metrics),
                evidence,
                _string_lists(tags),
                colour,
                strict=True,
            ),
        )
    )


def _evidence(quotes: tuple[str, ...], source: str, confidence: str) -> Evidence:
    if not quotes and not source and confidence == "assumption":
        return _NO_EVIDENCE  # most cards: shared rather than made 5,000 times
    return _new_evidence((quotes, source, _CONFIDENCES[confidence]))


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
    # fmt: off
    (title, lane_id, step_id, kind, card_id, body, channel, owner, moment, severity,
     impact, effort, status, metrics, quotes, source, confidence, tags, colour, _) = row
    # fmt: on
    where = f"card {card_id!r}"
    return _new_card(
        (
            title,
            lane_id,
            step_id,
            lookup(_CARD_KINDS, kind, where, "kind"),
            card_id,
            body,
            lookup(_CHANNELS, channel, where, "channel"),
            owner,
            bool(moment),
            severity,
            impact,
            effort,
            lookup(_STATUSES, status, where, "status"),
            metric_list(metrics, where),
            Evidence(
                string_list(quotes, where, "evidence_quotes"),
                source,
                lookup(_CONFIDENCES, confidence, where, "confidence"),
            ),
            string_list(tags, where, "tags"),
            colour,
        )
    )
