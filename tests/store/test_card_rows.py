"""Cards read from a file: every wrong value is named, row order never matters, and the
quick column-at-a-time path builds exactly what the careful row-by-row path builds."""

from __future__ import annotations

import sqlite3
from itertools import product
from pathlib import Path
from typing import Any

import pytest

from app.model.store import StoreError, open_map, save_map
from app.model.store import schema as tables
from app.model.store.card_rows import (
    BATCH,
    COLUMN_NAMES,
    _careful,
    _quick,
    cards_from_rows,
)
from app.model.store.reader import _card_select
from app.model.store.values import Damaged
from app.model.synthetic import synthetic_map
from tests.model.full_map import full_map

FIRST_CARD = "(SELECT min(rowid) FROM card)"


def _saved(tmp_path: Path, cards: int = 0) -> Path:
    path = tmp_path / "map.cjm"
    save_map(synthetic_map(cards) if cards else full_map(), path)
    return path


def _run(path: Path, *statements: str, values: tuple[Any, ...] = ()) -> None:
    connection = sqlite3.connect(path)
    for statement in statements:
        connection.execute(statement, values) if values else connection.execute(statement)
    connection.commit()
    connection.close()


def _first_card_id(path: Path) -> str:
    connection = sqlite3.connect(path)
    (card_id,) = connection.execute(f"SELECT id FROM card WHERE rowid = {FIRST_CARD}").fetchone()
    connection.close()
    return str(card_id)


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("title", b"\x00binary", "title holds blob"),
        ("body", b"\xff", "body holds blob"),
        ("colour", b"#fff", "colour holds blob"),
        ("moment_of_truth", "yes", "moment_of_truth holds text"),
        ("severity", 2.5, "severity holds real"),
        ("position", "first", "position holds text"),
        ("kind", "virus", "unknown kind 'virus'"),
        ("channel", "fax", "unknown channel 'fax'"),
        ("status", "someday", "unknown status 'someday'"),
        ("confidence", "certain", "unknown confidence 'certain'"),
        ("tags", '{"a": 1}', "tags is not a list of texts"),
        ("tags", '["ok", 1]', "tags is not a list of texts"),
        ("tags", "not json", "tags is not valid JSON"),
        ("tags", b"[]", "tags holds blob"),
        ("evidence_quotes", "[" * 9 + "]" * 9, "evidence_quotes is nested too deeply"),
        ("metrics", '[{"kind": "csat"}]', "a metric is not a record with a value"),
        ("metrics", '[{"kind": "mood", "value": 1}]', "unknown metrics 'mood'"),
        ("severity", 0, "severity must be between 1 and 5"),
        ("impact", 6, "impact must be between 1 and 5"),
        ("metrics", '[{"kind": "csat", "value": 9}]', "CSAT must be between 1 and 5"),
        ("step_id", "no-such-step", "unknown step id 'no-such-step'"),
        ("id", "", "a card needs an id"),
    ],
)
def test_a_wrong_card_value_is_refused_naming_the_card_and_the_column(
    tmp_path: Path, column: str, value: Any, reason: str
) -> None:
    path = _saved(tmp_path)
    card_id = _first_card_id(path)
    _run(path, f"UPDATE card SET {column} = ? WHERE rowid = {FIRST_CARD}", values=(value,))
    before = path.read_bytes()
    with pytest.raises(StoreError) as caught:
        open_map(path)
    message = str(caught.value)
    assert message.startswith("map.cjm: damaged (")
    assert reason in message
    if column not in ("id", "severity", "impact", "metrics", "step_id"):  # the map names a title
        assert repr(card_id) in message
    assert path.read_bytes() == before


def _shuffle_rows(path: Path) -> None:
    _run(
        path,
        "CREATE TEMP TABLE shuffled AS SELECT * FROM card ORDER BY random()",
        "DELETE FROM card",
        "INSERT INTO card SELECT * FROM shuffled",
    )


def test_card_rows_in_any_order_give_the_same_map(tmp_path: Path) -> None:
    journey = synthetic_map(3 * BATCH)  # several batches
    path = tmp_path / "map.cjm"
    save_map(journey, path)
    _shuffle_rows(path)
    assert open_map(path).snapshot() == journey.snapshot()


def test_positions_counted_per_cell_give_the_same_map(tmp_path: Path) -> None:
    journey = synthetic_map(3 * BATCH)
    path = tmp_path / "map.cjm"
    save_map(journey, path)
    _run(
        path,
        "UPDATE card SET position = (SELECT count(*) FROM card AS other WHERE "
        "other.lane_id = card.lane_id AND other.step_id = card.step_id "
        "AND other.position < card.position)",
    )
    _shuffle_rows(path)
    assert open_map(path).snapshot() == journey.snapshot()


def test_a_wrong_value_in_a_later_batch_is_named(tmp_path: Path) -> None:
    path = _saved(tmp_path, cards=3 * BATCH)
    connection = sqlite3.connect(path)
    (card_id,) = connection.execute("SELECT id FROM card ORDER BY position DESC").fetchone()
    connection.execute("UPDATE card SET kind = 'virus' WHERE id = ?", (card_id,))
    connection.commit()
    connection.close()
    with pytest.raises(StoreError, match=f"card {card_id!r}: unknown kind 'virus'"):
        open_map(path)


def _rows(path: Path) -> list[tuple[Any, ...]]:
    connection = sqlite3.connect(path)
    rows: list[tuple[Any, ...]] = connection.execute(_card_select()).fetchall()
    connection.close()
    return rows


def test_both_paths_build_the_same_cards_from_our_files(tmp_path: Path) -> None:
    for cards in (0, 2000):
        rows = _rows(_saved(tmp_path, cards))
        quick = _quick(rows)
        assert quick == _careful(tables.card, rows)
        assert [card.id for card in quick] == [row[4] for row in rows]


CANDIDATES: list[Any] = [
    None, 0, 1, -1, 7, 2.5, "", "x", "note", "web", "idea", "assumption", "[]", '["a"]',
    "[1]", "{}", '[{"kind": "nps", "value": 10}]', b"x",
]  # fmt: skip


def test_the_quick_path_accepts_nothing_the_careful_path_refuses(tmp_path: Path) -> None:
    """Any one value of any column, changed: the quick path either refuses (and the
    careful path then decides) or builds exactly the careful path's cards."""
    rows = _rows(_saved(tmp_path))[:3]
    compared = 0
    for (index, _), value in product(enumerate(COLUMN_NAMES), CANDIDATES):
        changed = [*rows]
        changed[1] = (*rows[1][:index], value, *rows[1][index + 1 :])
        try:
            careful: list[Any] | None = _careful(tables.card, changed)
        except Damaged:
            careful = None
        try:
            quick: list[Any] | None = _quick(changed)
        except Exception:  # any refusal sends the rows down the careful path
            quick = None
        if quick is not None:
            assert quick == careful, (COLUMN_NAMES[index], value)
            compared += 1
        assert _outcome(changed) == careful, (COLUMN_NAMES[index], value)
    assert compared > 50  # many changes are valid values and take the quick path


def _outcome(rows: list[tuple[Any, ...]]) -> list[Any] | None:
    try:
        return cards_from_rows(tables.card, rows)
    except Damaged:
        return None
