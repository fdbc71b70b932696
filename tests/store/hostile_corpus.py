"""Builds the corpus of hostile and damaged .cjm files the store must refuse calmly.

Each builder writes one file (and maybe a -journal or -wal beside it) into a folder
and returns its path; ``CASES`` pairs each with the words its refusal must contain.
Run as a script to write the whole corpus into a folder for manual tries:
``python -m tests.store.hostile_corpus OUT_DIR``.
"""

from __future__ import annotations

import io
import os
import sqlite3
import subprocess
import sys
import textwrap
import zipfile
from collections.abc import Callable
from pathlib import Path

from app.model.store import save_map
from app.model.synthetic import synthetic_map
from tests.model.full_map import full_map

Builder = Callable[[Path], Path]


def _valid(folder: Path, name: str, cards: int = 0) -> Path:
    path = folder / name
    save_map(synthetic_map(cards) if cards else full_map(), path)
    return path


def _execute(path: Path, *statements: str) -> Path:
    connection = sqlite3.connect(path)
    for statement in statements:
        connection.execute(statement)
    connection.commit()
    connection.close()
    return path


def empty(folder: Path) -> Path:
    path = folder / "empty.cjm"
    path.write_bytes(b"")
    return path


def too_large(folder: Path) -> Path:
    path = _valid(folder, "huge.cjm")
    with path.open("r+b") as handle:  # sparse: costs no disk
        handle.truncate(2 * 1024**3 + 4096)
    return path


def random_bytes(folder: Path) -> Path:
    path = folder / "random.cjm"
    path.write_bytes(os.urandom(64 * 1024))
    return path


def zip_renamed(folder: Path) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("map.json", '{"format": "cjm-json"}')
    path = folder / "archive.cjm"
    path.write_bytes(buffer.getvalue())
    return path


def foreign_sqlite(folder: Path) -> Path:
    return _execute(
        folder / "foreign.cjm",
        "CREATE TABLE moz_places (url TEXT)",
        "INSERT INTO moz_places VALUES ('x')",
    )


def newer_version(folder: Path) -> Path:
    return _execute(_valid(folder, "newer.cjm"), "PRAGMA user_version = 999")


def truncated(folder: Path) -> Path:
    path = _valid(folder, "truncated.cjm", cards=500)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 2 // 3])
    return path


def corrupt_page(folder: Path) -> Path:
    path = _valid(folder, "corrupt.cjm", cards=500)
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(page * 5, page * 5 + page, 7):  # scribble over a b-tree page
        data[offset] = (data[offset] * 31 + 17) % 256
    path.write_bytes(bytes(data))
    return path


def trigger(folder: Path) -> Path:
    return _execute(
        _valid(folder, "trigger.cjm"),
        "CREATE TRIGGER wipe AFTER UPDATE ON card BEGIN DELETE FROM card; END",
        "CREATE TRIGGER spoil AFTER INSERT ON emotion BEGIN UPDATE card SET title = 'pwned'; END",
    )


def recursive_view(folder: Path) -> Path:
    return _execute(
        _valid(folder, "view.cjm"),
        "DROP TABLE stage",
        "CREATE VIEW stage AS WITH RECURSIVE forever(n) AS (SELECT 1 UNION ALL "
        "SELECT n + 1 FROM forever) SELECT 'id' || n AS id, n AS position, 'x' AS name, "
        "'' AS goal FROM forever",
    )


def extra_table(folder: Path) -> Path:
    return _execute(_valid(folder, "extra.cjm"), "CREATE TABLE payload (data BLOB)")


def giant_text(folder: Path) -> Path:
    path = _valid(folder, "giant-text.cjm")
    connection = sqlite3.connect(path)
    connection.execute(
        "UPDATE card SET body = ? WHERE rowid = (SELECT min(rowid) FROM card)",
        ("x" * (60 * 1024 * 1024),),
    )
    connection.commit()
    connection.close()
    return path


def deep_json(folder: Path) -> Path:
    path = _valid(folder, "deep-json.cjm")
    connection = sqlite3.connect(path)
    connection.execute(
        "UPDATE card SET metrics = ? WHERE rowid = (SELECT min(rowid) FROM card)",
        ("[" * 200_000 + "]" * 200_000,),
    )
    connection.commit()
    connection.close()
    return path


def blob_in_text(folder: Path) -> Path:
    path = _valid(folder, "blob.cjm")
    connection = sqlite3.connect(path)
    connection.execute(
        "UPDATE card SET title = ? WHERE rowid = (SELECT min(rowid) FROM card)",
        (b"\x00\x01binary",),
    )
    connection.commit()
    connection.close()
    return path


def dangling_reference(folder: Path) -> Path:
    return _execute(
        _valid(folder, "dangling.cjm"), "UPDATE card SET lane_id = 'no-such-lane' WHERE rowid = 2"
    )


def bad_date(folder: Path) -> Path:
    return _execute(_valid(folder, "bad-date.cjm"), "UPDATE journey_map SET created = 'soon'")


def unknown_kind(folder: Path) -> Path:
    return _execute(_valid(folder, "bad-kind.cjm"), "UPDATE card SET kind = 'virus'")


def _crash_mid_write(path: Path, journal_mode: str, commit_first: bool) -> None:
    """A child process changes titles and dies without closing, leaving a journal or WAL."""
    script = textwrap.dedent(f"""
        import os, sqlite3
        db = sqlite3.connect({str(path)!r}, isolation_level=None)
        db.execute("PRAGMA journal_mode = {journal_mode}")
        db.execute("PRAGMA cache_size = 1")  # spill changes into the file before commit
        if {commit_first!r}:
            db.execute("PRAGMA wal_autocheckpoint = 0")
            db.execute("BEGIN"); db.execute("UPDATE card SET title = 'committed ' || title")
            db.execute("COMMIT")
        else:
            db.execute("BEGIN"); db.execute("UPDATE card SET title = 'uncommitted ' || title")
        os._exit(0)
    """)
    subprocess.run([sys.executable, "-c", script], check=True, timeout=60)


def hot_journal(folder: Path) -> Path:
    path = _valid(folder, "hot-journal.cjm", cards=400)
    _crash_mid_write(path, "DELETE", commit_first=False)
    assert path.with_name(path.name + "-journal").exists()
    return path


def leftover_wal(folder: Path) -> Path:
    path = _valid(folder, "leftover-wal.cjm", cards=50)
    _crash_mid_write(path, "WAL", commit_first=True)
    assert path.with_name(path.name + "-wal").exists()
    return path


#: (builder, words the refusal contains); None: the file opens (journal/WAL recovered).
CASES: list[tuple[Builder, str | None]] = [
    (empty, "empty"),
    (too_large, "too large"),
    (random_bytes, "not a CJM Studio map"),
    (zip_renamed, "not a CJM Studio map"),
    (foreign_sqlite, "not created by CJM Studio"),
    (newer_version, "saved by a newer version"),
    (truncated, "damaged"),
    (corrupt_page, "damaged"),
    (trigger, "contains unexpected content"),
    (recursive_view, "contains unexpected content"),
    (extra_table, "contains unexpected content"),
    (giant_text, "damaged"),
    (deep_json, "nested too deeply"),
    (blob_in_text, "title holds blob"),
    (dangling_reference, "unknown lane id"),
    (bad_date, "not a date"),
    (unknown_kind, "unknown kind 'virus'"),
    (hot_journal, None),
    (leftover_wal, None),
]


if __name__ == "__main__":
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    for build, _ in CASES:
        print(build(out))
