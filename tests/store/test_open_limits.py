"""Big, slow and over-limit files (issue 18, items 9, 10 and 14).

Opening is linear: 50,000 lanes open, a file over one of the model's caps is refused
before its rows are read, a huge sidecar is refused before it is copied, the time
budget covers the whole open, and a limit reached is said as such, never "damaged".
A schema that differs from ours in any clause (CHECK, DEFAULT, COLLATE, a generated
column, STRICT) is refused before anything in it can run, upgrades included.
Time is bounded by subprocess timeouts, never by measuring durations.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app.model.store import StoreError, open_map, reader, save_map
from app.model.store.guard import Deadline
from app.model.synthetic import synthetic_map
from tests.store.test_hostile_files import fingerprint

FIXTURES = Path(__file__).parent.parent / "fixtures"
#: Far above what a linear open needs (under a second), far below the quadratic minutes.
TIMEOUT = 30


def cjm_check(path: Path) -> tuple[int, str]:
    """``cjm check PATH`` in a child process, bounded in time: (exit status, its output)."""
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "check", str(path)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    return result.returncode, (result.stdout + result.stderr).strip()


def assert_refused(path: Path, reason: str) -> str:
    """``cjm check`` gives one ``error:`` line naming the file and ``reason``; file unchanged."""
    before = fingerprint(path)
    status, output = cjm_check(path)
    assert status == 1
    assert output == f"error: {path.name}: {reason}" or (
        output.startswith(f"error: {path.name}: ") and reason in output
    ), output
    assert "\n" not in output and "Traceback" not in output
    assert fingerprint(path) == before
    return output


def with_rows(path: Path, sql: str, rows: list[tuple[object, ...]]) -> Path:
    connection = sqlite3.connect(path)
    connection.executemany(sql, rows)
    connection.commit()
    connection.close()
    return path


def many_lanes(folder: Path, count: int) -> Path:
    path = folder / f"lanes-{count}.cjm"
    save_map(synthetic_map(10), path)
    return with_rows(
        path,
        "INSERT INTO lane VALUES (?, ?, 'x', 'notes', '', 90.0)",
        [(f"lane-{i}", 1000 + i) for i in range(count)],
    )


# ------------------------------------------------------------------ item 9: linear opens
def test_fifty_thousand_lanes_open_in_linear_time(tmp_path: Path) -> None:
    path = many_lanes(tmp_path, 50_000)
    before = fingerprint(path)
    assert cjm_check(path) == (0, "ok")
    assert fingerprint(path) == before


@pytest.mark.parametrize(
    ("table", "row", "count", "reason"),
    [
        ("lane", "(?, ?, 'x', 'notes', '', 90.0)", 100_001, "more than 100,000 lanes"),
        ("persona", "(?, ?, 'x', '', '', '', '', '', '', '', NULL, 0, 1)", 50_000,
         "more than 99 personas"),
        ("stage", "(?, ?, 'x', '')", 100_001, "more than 100,000 stages"),
    ],
)  # fmt: skip
def test_a_map_over_a_cap_is_refused_before_its_rows_are_read(
    tmp_path: Path, table: str, row: str, count: int, reason: str
) -> None:
    path = tmp_path / f"{table}-{count}.cjm"
    save_map(synthetic_map(10), path)
    with_rows(
        path, f"INSERT INTO {table} VALUES {row}", [(f"x-{i}", 1000 + i) for i in range(count)]
    )
    assert_refused(path, f"too large to open ({reason})")


def test_an_old_format_map_over_a_cap_is_refused_before_its_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "old-huge.cjm"
    shutil.copyfile(FIXTURES / "v1.cjm", path)
    connection = sqlite3.connect(path)
    lane, step = connection.execute("SELECT lane_id, step_id FROM card LIMIT 1").fetchone()
    connection.close()
    with_rows(
        path,
        "INSERT INTO card VALUES (?, ?, ?, ?, 'note', 't', '', NULL, '', 0, NULL, NULL, NULL, "
        "NULL, NULL, NULL, '', 'assumption', 'a, b', '')",
        [(f"extra-{i}", lane, step, 10_000 + i) for i in range(100_001)],
    )
    assert_refused(path, "too large to open (more than 100,000 cards)")


@pytest.mark.parametrize("suffix", ["-wal", "-journal"])
def test_a_huge_sidecar_is_refused_before_it_is_copied(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / "map.cjm"
    save_map(synthetic_map(5), path)
    with path.with_name(path.name + suffix).open("wb") as sidecar:  # sparse: costs no disk
        sidecar.truncate(3 * 1024**3)
    output = assert_refused(path, "too large")
    assert f"map.cjm{suffix}" in output and "the limit is 2 GB" in output


def test_the_time_budget_covers_the_whole_open_and_is_not_damage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "slow.cjm"
    save_map(synthetic_map(200), path)
    before = fingerprint(path)
    # A budget spent before the first statement: only the Python-side checks can stop it.
    monkeypatch.setattr(reader, "Deadline", lambda: Deadline(-1.0))
    with pytest.raises(StoreError) as caught:
        open_map(path)
    assert str(caught.value) == "slow.cjm: reading it took longer than -1 s"
    assert "damaged" not in str(caught.value)
    assert fingerprint(path) == before


# --------------------------------------------- item 10: the app and the CLI agree
def test_a_map_with_too_many_cards_is_too_large_not_damaged(tmp_path: Path) -> None:
    path = tmp_path / "million.cjm"
    save_map(synthetic_map(10), path)
    connection = sqlite3.connect(path)
    lane, step = connection.execute("SELECT lane_id, step_id FROM card LIMIT 1").fetchone()
    connection.close()
    with_rows(
        path,
        "INSERT INTO card (id, lane_id, step_id, position, kind, title, body, owner, "
        "moment_of_truth, evidence_source, confidence, colour) "
        "VALUES (?, ?, ?, ?, 'note', '', '', '', 0, '', 'assumption', '')",
        [(f"extra-{i}", lane, step, 100 + i) for i in range(100_001)],
    )
    output = assert_refused(path, "too large to open (more than 100,000 cards)")
    assert "damaged" not in output
    # The app reads through the same open_document and shows str(StoreError) as it is.
    with pytest.raises(StoreError) as caught:
        open_map(path)
    assert f"error: {caught.value}" == output


# ------------------------------------------------ item 14: exactly our schema, or nothing
_CLAUSES = {
    "check": ("colour TEXT NOT NULL", "colour TEXT NOT NULL CHECK (length(colour) < 99)"),
    "default": ("colour TEXT NOT NULL", "colour TEXT NOT NULL DEFAULT '#ff0000'"),
    "collate": ("title TEXT NOT NULL", "title TEXT NOT NULL COLLATE NOCASE"),
    "generated": (
        "colour TEXT NOT NULL",
        "colour TEXT NOT NULL, spy TEXT GENERATED ALWAYS AS (title || body) VIRTUAL",
    ),
}


def altered(folder: Path, version: int, old: str, new: str, strict: bool = False) -> Path:
    """The committed version-N fixture with the card table's statement changed in place."""
    path = folder / f"v{version}-altered.cjm"
    shutil.copyfile(FIXTURES / f"v{version}.cjm", path)
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA writable_schema = ON")
    (sql,) = connection.execute("SELECT sql FROM sqlite_schema WHERE name = 'card'").fetchone()
    assert old in sql
    sql = sql.replace(old, new, 1) + (" STRICT" if strict else "")
    connection.execute("UPDATE sqlite_schema SET sql = ? WHERE name = 'card'", (sql,))
    connection.commit()
    connection.close()
    return path


@pytest.mark.parametrize("version", [1, 2, 3])
@pytest.mark.parametrize("clause", sorted(_CLAUSES))
def test_an_extra_clause_in_a_table_is_refused(tmp_path: Path, version: int, clause: str) -> None:
    path = altered(tmp_path, version, *_CLAUSES[clause])
    assert_refused(path, "contains unexpected content (a changed definition of table 'card')")


@pytest.mark.parametrize("version", [1, 2, 3])
def test_a_strict_table_is_refused(tmp_path: Path, version: int) -> None:
    path = altered(tmp_path, version, "colour TEXT NOT NULL", "colour TEXT NOT NULL", strict=True)
    assert_refused(path, "contains unexpected content (a changed definition of table 'card')")


def test_a_check_of_the_file_never_runs_during_an_upgrade(tmp_path: Path) -> None:
    # This CHECK fails as soon as the 1->2 upgrade writes JSON tags: if it ran, the
    # message would say "CHECK constraint failed".
    path = altered(
        tmp_path, 1, "tags TEXT NOT NULL", "tags TEXT NOT NULL CHECK (tags NOT LIKE '[%')"
    )
    output = assert_refused(path, "contains unexpected content")
    assert "CHECK" not in output


def test_our_own_fixtures_still_open() -> None:
    for version in (1, 2, 3):
        assert open_map(FIXTURES / f"v{version}.cjm").cards()
