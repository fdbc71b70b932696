"""Snapshots in the file (format 4): compressed, chained, upgraded from format 3, and not
decoded by opening."""

from __future__ import annotations

import json
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from app.model.codec import map_from_dict
from app.model.document import MapDocument
from app.model.errors import ModelError
from app.model.snapshots import find_snapshot, snapshot_map, take_snapshot
from app.model.store import StoreError, open_document, save_document
from tests.store.test_format_versions import FIXTURES


def test_a_format_3_snapshot_is_upgraded_to_a_whole_compressed_one(tmp_path: Path) -> None:
    with closing(sqlite3.connect(FIXTURES / "v3.cjm")) as connection:
        [(text,)] = connection.execute("SELECT content FROM snapshot").fetchall()
    document = open_document(FIXTURES / "v3.cjm")
    [snapshot] = document.snapshots
    assert snapshot.base is None and len(snapshot.data) < len(text.encode())
    assert snapshot_map(document, snapshot).snapshot() == map_from_dict(json.loads(text)).snapshot()


def test_format_4_keeps_older_snapshots_as_the_changes_from_newer_ones(tmp_path: Path) -> None:
    document = open_document(FIXTURES / "v4.cjm")
    first, second = document.snapshots
    assert (first.name, second.name) == ("After workshop 1", "After workshop 2")
    assert first.base == second.id and second.base is None
    older, newer = snapshot_map(document, first), snapshot_map(document, second)
    card = next(newer.cards())
    assert card.title == "Upload works first time"
    assert older.card(card.id).title != card.title
    assert newer.snapshot() == document.current.snapshot()  # taken just before it was saved


def test_opening_does_not_decode_snapshots(tmp_path: Path) -> None:
    path = tmp_path / "map.cjm"
    shutil.copyfile(FIXTURES / "v4.cjm", path)
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.execute("UPDATE snapshot SET content = x'00ff00ff' WHERE base IS NULL")
    document = open_document(path)  # opens: the snapshots are read only when asked for
    newest = find_snapshot(document, "After workshop 2")
    with pytest.raises(ModelError, match="snapshot 'After workshop 2' is damaged"):
        snapshot_map(document, find_snapshot(document, "After workshop 1"))
    save_document(document, tmp_path / "copy.cjm")  # and a save keeps them exactly
    assert open_document(tmp_path / "copy.cjm").snapshots == document.snapshots
    assert newest.data == b"\x00\xff\x00\xff"


@pytest.mark.parametrize(
    ("update", "reason"),
    [
        ("UPDATE snapshot SET content = 'text, not bytes'", "content holds text, not blob"),
        ("UPDATE snapshot SET base = id", "go round in a loop"),
    ],
)
def test_a_damaged_snapshot_row_is_refused_on_open(
    tmp_path: Path, update: str, reason: str
) -> None:
    path = tmp_path / "map.cjm"
    shutil.copyfile(FIXTURES / "v4.cjm", path)
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.execute(update)
    with pytest.raises(StoreError, match=reason):
        open_document(path)


def test_a_snapshot_taken_and_saved_is_in_the_file(tmp_path: Path) -> None:
    document = open_document(FIXTURES / "v4.cjm")
    take_snapshot(document, "Third")
    path = tmp_path / "map.cjm"
    save_document(document, path)
    with closing(sqlite3.connect(path)) as connection:
        rows = connection.execute("SELECT name, base IS NULL FROM snapshot ORDER BY position")
        assert rows.fetchall() == [
            ("After workshop 1", 0), ("After workshop 2", 0), ("Third", 1),
        ]  # fmt: skip
    assert isinstance(open_document(path), MapDocument)
