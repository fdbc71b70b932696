"""Received files never hurt: each hostile or damaged file gets its one-line reason within
5 seconds and stays byte-for-byte as it was, with any -journal or -wal beside it."""

from __future__ import annotations

import gc
import hashlib
import os
import sqlite3
import time
from pathlib import Path

import pytest

from app.model.store import StoreError, open_map, save_map
from app.model.store.guard import Deadline, guarded_connection
from app.model.synthetic import synthetic_map
from tests.store.hostile_corpus import CASES, Builder, hot_journal, leftover_wal


def fingerprint(path: Path) -> dict[str, tuple[int, int, str]]:
    """Size, modification time and sha256 of the file and its sidecars.

    Files over 100 MB (the sparse 2 GB one) hash their first and last megabyte.
    """
    prints = {}
    for sibling in sorted(path.parent.iterdir()):
        if sibling.name.startswith(path.name):
            stat = sibling.stat()
            with sibling.open("rb") as handle:
                if stat.st_size < 100 * 1024**2:
                    data = handle.read()
                else:
                    data = handle.read(1024**2)
                    handle.seek(-(1024**2), 2)
                    data += handle.read()
            prints[sibling.name] = (
                stat.st_size,
                stat.st_mtime_ns,
                hashlib.sha256(data).hexdigest(),
            )
    return prints


@pytest.mark.parametrize(
    ("build", "reason"), [c for c in CASES if c[1]], ids=[c[0].__name__ for c in CASES if c[1]]
)
def test_hostile_file_is_refused_quickly_and_left_untouched(
    tmp_path: Path, build: Builder, reason: str
) -> None:
    path = build(tmp_path)
    before = fingerprint(path)
    started = time.monotonic()
    with pytest.raises(StoreError) as caught:
        open_map(path)
    elapsed = time.monotonic() - started
    message = str(caught.value)
    assert reason in message
    assert message.startswith(f"{path.name}: ") and "\n" not in message and len(message) < 200
    assert elapsed < 5.0
    assert fingerprint(path) == before


def test_a_hot_journal_is_rolled_back_on_a_copy(tmp_path: Path) -> None:
    path = hot_journal(tmp_path)
    before = fingerprint(path)
    journey = open_map(path)
    titles = [card.title for card in journey.cards()]
    assert len(titles) == 400 and not any(t.startswith("uncommitted") for t in titles)
    assert fingerprint(path) == before  # the -journal is still there, unchanged


def test_a_leftover_wal_shows_the_last_committed_state(tmp_path: Path) -> None:
    path = leftover_wal(tmp_path)
    before = fingerprint(path)
    journey = open_map(path)
    assert all(card.title.startswith("committed ") for card in journey.cards())
    assert fingerprint(path) == before


def test_the_guard_stops_a_trigger_from_changing_rows(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite"
    setup = sqlite3.connect(path)
    setup.executescript("""
        CREATE TABLE card (id INTEGER PRIMARY KEY, title TEXT);
        CREATE TABLE log (x TEXT);
        INSERT INTO card (title) VALUES ('a'), ('b'), ('c');
        CREATE TRIGGER wipe AFTER INSERT ON log BEGIN DELETE FROM card; END;
    """)
    setup.close()
    guarded = guarded_connection(path, Deadline())
    with pytest.raises(sqlite3.DatabaseError, match="not authorized"):
        guarded.execute("INSERT INTO log VALUES ('go')")
    assert guarded.execute("SELECT count(*) FROM card").fetchone()[0] == 3
    with pytest.raises(sqlite3.DatabaseError):
        guarded.execute(f"ATTACH DATABASE '{tmp_path / 'other.db'}' AS other")
    guarded.close()
    assert not (tmp_path / "other.db").exists()


def test_the_deadline_aborts_an_endless_query(tmp_path: Path) -> None:
    setup = sqlite3.connect(tmp_path / "x.sqlite")
    setup.execute("CREATE TABLE n (i INTEGER)")
    setup.executemany("INSERT INTO n VALUES (?)", [(i,) for i in range(2000)])
    setup.commit()
    setup.close()
    guarded = guarded_connection(tmp_path / "x.sqlite", Deadline(0.5))
    started = time.monotonic()
    with pytest.raises(sqlite3.OperationalError, match="interrupted"):
        guarded.execute("SELECT count(*) FROM n a, n b, n c").fetchone()  # 8e9 rows
    assert time.monotonic() - started < 2.0
    guarded.close()


def test_a_refused_file_is_let_go_at_once(tmp_path: Path) -> None:
    """A card that is not UTF-8 stops the read mid-table; the file must still be closed
    then, not when the cycle collector happens to run (until then it stayed open:
    locked on Windows, and memory held)."""
    path = tmp_path / "garbled.cjm"
    save_map(synthetic_map(50), path)
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE card SET body = CAST(X'FFFE41' AS TEXT) WHERE rowid = 3")
    connection.close()
    gc.collect()
    gc.disable()  # what keeps the file open must be found without the collector's help
    try:
        before = len(os.listdir("/proc/self/fd"))
        for _ in range(20):
            with pytest.raises(StoreError, match="damaged"):
                open_map(path)
        assert len(os.listdir("/proc/self/fd")) == before
    finally:
        gc.enable()
