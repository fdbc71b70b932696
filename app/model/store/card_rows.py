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
from typing import Any, TypeVar

from sqlalchemy import Column, Table

from app.model.entities import Card, Evidence, Metric
from app.model.fields import CARD_COLUMNS, declared
from app.model.rules import (
    CheckedCards,
    checked_cards,
    evidence_problem,
    metrics_problem,
    texts_problem,
)
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
    memo = _Memo()
    last_position: Any = None
    try:
        while rows := cursor.fetchmany(BATCH):
            if last_position is not None and not rows[0][_POSITION] > last_position:
                raise _Refused
            cards.absorb(_quick(rows, memo, may_sort=False))
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
class _Memo:
    """The stored lists and records one read has decoded and held to the rules already.

    Cards share their tags, metrics and evidence, so each distinct stored value is
    decoded and checked once per read, however many batches it appears in.
    """

    def __init__(self) -> None:
        self.tags: dict[str | None, tuple[str, ...]] = {None: ()}
        self.metrics: dict[str | None, tuple[Metric, ...]] = {None: ()}
        self.evidence: dict[tuple[str | None, str, str], Evidence] = {}


def _quick(
    rows: list[tuple[Any, ...]], memo: _Memo | None = None, may_sort: bool = True
) -> CheckedCards:
    if not rows:
        return CheckedCards()
    memo = memo or _Memo()
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
        name: convert(by_column, memo)
        if name in _LOOKED_UP
        else _sequence(convert(by_column, memo))
        for name, convert in _QUICK_CONVERT.items()
    }
    cards = checked_cards(values, _CHECKED)  # the map's rules, checked on these columns
    if cards is None:
        raise _Refused
    return cards


def _stored_column(name: str, columns: Mapping[str, Sequence[Any]], _memo: _Memo) -> Sequence[Any]:
    return columns[name]


#: Fields made by looking a stored word up in its vocabulary (or by bool): right by type.
_LOOKED_UP = frozenset({"kind", "channel", "status", "moment_of_truth"})
#: Fields the quick path holds to the rules itself: looked up, or checked as decoded.
_CHECKED = _LOOKED_UP | {"tags", "metrics", "evidence"}
_Convert = Callable[[Mapping[str, Sequence[Any]], _Memo], Iterable[Any]]
# How the quick path turns the columns into each declared field's values.
_QUICK_CONVERT: dict[str, _Convert] = {
    spec.name: partial(_stored_column, spec.columns[0]) for spec in declared(Card)
}
_QUICK_CONVERT |= {
    "kind": lambda c, _m: map(_CARD_KINDS.__getitem__, c["kind"]),
    "channel": lambda c, _m: map(_CHANNELS.__getitem__, c["channel"]),
    "moment_of_truth": lambda c, _m: map(bool, c["moment_of_truth"]),
    "status": lambda c, _m: map(_STATUSES.__getitem__, c["status"]),
    "metrics": lambda c, m: _metric_lists(c["metrics"], m.metrics),
    "evidence": lambda c, m: _evidence_records(
        c["evidence_quotes"], c["evidence_source"], c["confidence"], m.evidence
    ),
    "tags": lambda c, m: _tag_lists(c["tags"], m.tags),
}


def _sequence(values: Iterable[Any]) -> Sequence[Any]:
    return values if isinstance(values, tuple | list) else list(values)


def _known(values: Sequence[Any], known: Mapping[Any, Any]) -> list[Any] | None:
    """Each of ``values`` as ``known`` has it, or None if some value is new."""
    try:
        return list(map(known.__getitem__, values))
    except KeyError:
        return None


def _evidence_records(
    quotes: Sequence[str | None],
    sources: Sequence[str],
    confidences: Sequence[str],
    known: dict[tuple[str | None, str, str], Evidence],
) -> list[Evidence]:
    """Each card's evidence; each distinct stored triple becomes one shared, checked record."""
    stored = list(zip(quotes, sources, confidences, strict=True))
    records = _known(stored, known)
    if records is not None:
        return records
    fresh = [triple for triple in set(stored) if triple not in known]
    for triple, texts in zip(fresh, _string_lists([t[0] for t in fresh]), strict=True):
        if not texts and triple[1] == "" and triple[2] == "assumption":
            known[triple] = _NO_EVIDENCE
            continue
        record = _new_evidence((texts, triple[1], _CONFIDENCES[triple[2]]))
        if evidence_problem(record):
            raise _Refused
        known[triple] = record
    return list(map(known.__getitem__, stored))


_Decoded = TypeVar("_Decoded")


def _each_once(
    texts: Sequence[str | None],
    known: dict[str | None, _Decoded],
    decode: Callable[[list[str]], Iterable[_Decoded]],
    problem: Callable[[_Decoded], str | None],
) -> list[_Decoded]:
    """Each of ``texts`` decoded; a text ``known`` lacks is decoded and checked once."""
    found = _known(texts, known)
    if found is not None:
        return found
    fresh = [text for text in set(texts) if text is not None and text not in known]
    _require_text(fresh)
    for text, decoded in zip(fresh, decode(fresh), strict=True):
        if problem(decoded):
            raise _Refused
        known[text] = decoded
    return list(map(known.__getitem__, texts))


def _tag_lists(
    texts: Sequence[str | None], known: dict[str | None, tuple[str, ...]]
) -> list[tuple[str, ...]]:
    """Each card's tags; each distinct stored list is decoded and checked once."""
    return _each_once(texts, known, _string_lists, texts_problem)


def _metric_lists(
    texts: Sequence[str | None], known: dict[str | None, tuple[Metric, ...]]
) -> list[tuple[Metric, ...]]:
    """Each card's metrics; each distinct stored list is decoded and checked once."""
    return _each_once(
        texts, known, lambda fresh: (metric_list(text, "card") for text in fresh), metrics_problem
    )


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
