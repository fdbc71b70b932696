"""Saving and opening .cjm files: every field survives, the old file is never damaged."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from app.model import commands as c
from app.model.entities import Card
from app.model.store import APPLICATION_ID, SCHEMA_VERSION, StoreError, open_map, save_map
from tests.model.full_map import full_map
from tests.permissions import permission_test

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def test_every_field_survives_save_and_reopen(tmp_path: Path) -> None:
    journey = full_map()
    save_map(journey, tmp_path / "full.cjm")
    assert open_map(tmp_path / "full.cjm").snapshot() == journey.snapshot()


def test_a_saved_file_is_a_marked_sqlite_database_with_nothing_beside_it(tmp_path: Path) -> None:
    path = tmp_path / "map.cjm"
    save_map(full_map(), path)
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    finally:
        connection.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.cjm"]


def test_photos_are_stored_inside_the_file(tmp_path: Path) -> None:
    journey = full_map()
    save_map(journey, tmp_path / "a.cjm")
    moved = tmp_path / "elsewhere" / "b.cjm"
    moved.parent.mkdir()
    (tmp_path / "a.cjm").rename(moved)
    assert open_map(moved).personas[0].photo == journey.personas[0].photo


def test_saving_again_replaces_the_file_and_deleted_text_is_gone(tmp_path: Path) -> None:
    journey = full_map()
    path = tmp_path / "map.cjm"
    secret = "Confidential-salary-figure-93521"
    card = Card(secret, journey.lanes[0].id, journey.steps[0].id)
    c.AddCard(journey, card).do()
    save_map(journey, path)
    assert secret.encode() in path.read_bytes()
    c.RemoveCard(journey, card.id).do()
    save_map(journey, path)
    assert secret.encode() not in path.read_bytes()
    assert not open_map(path).has_card(card.id)


def test_leftover_temporary_files_are_cleaned_up(tmp_path: Path) -> None:
    path = tmp_path / "map.cjm"
    leftover = tmp_path / ".map.cjm.deadbeef.cjm-saving"
    leftover.write_bytes(b"half a save")
    save_map(full_map(), path)
    assert not leftover.exists()


@permission_test
def test_read_only_folder_gives_a_clear_error_and_keeps_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "map.cjm"
    save_map(full_map(), path)
    before = path.read_bytes()
    tmp_path.chmod(0o500)
    try:
        with pytest.raises(StoreError, match="no permission"):
            save_map(full_map(), path)
    finally:
        tmp_path.chmod(0o700)
    assert path.read_bytes() == before


def test_a_read_only_disk_gives_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "map.cjm"
    save_map(full_map(), path)
    before = path.read_bytes()

    def read_only(*_args: object) -> None:
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr("app.model.store.writer.write_database", read_only)
    with pytest.raises(StoreError, match="no permission to write"):
        save_map(full_map(), path)
    assert path.read_bytes() == before


def test_a_vanished_folder_gives_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as caught:
        save_map(full_map(), tmp_path / "unplugged-stick" / "map.cjm")
    assert "not available" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "map.cjm"
    save_map(full_map(), path)
    before = path.read_bytes()

    def full_disk(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("app.model.store.writer._fsync_file", full_disk)
    with pytest.raises(StoreError, match="disk is full"):
        save_map(full_map(), path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.cjm"]


# ---------------------------------------------------------------------- versions
def build_v1(path: Path) -> Path:
    """A copy of the committed file that version 1 wrote."""
    shutil.copyfile(FIXTURES / "v1.cjm", path)
    return path


def test_a_version_1_file_opens_upgraded(tmp_path: Path) -> None:
    path = build_v1(tmp_path / "old.cjm")
    before = path.read_bytes()
    journey = open_map(path)
    assert journey.info.title == "Opening an account (v1)"
    assert [s.width for s in journey.steps] == [200.0, 200.0]
    assert [lane.min_height for lane in journey.lanes] == [90.0, 180.0]
    assert journey.personas[0].show_curve is True
    assert journey.card("c1").tags == ("form", "web")
    assert journey.card("c2").tags == ()
    assert journey.card("c2").metrics[0].value == 2
    assert journey.emotion("p1", "st2").note == "Upload failed"
    assert path.read_bytes() == before  # upgrading happens on a copy


def test_an_upgraded_file_saves_as_the_current_version(tmp_path: Path) -> None:
    journey = open_map(build_v1(tmp_path / "old.cjm"))
    save_map(journey, tmp_path / "new.cjm")
    assert open_map(tmp_path / "new.cjm").snapshot() == journey.snapshot()


def test_a_newer_file_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "future.cjm"
    save_map(full_map(), path)
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 7}")
    connection.close()
    before = path.read_bytes()
    with pytest.raises(StoreError) as caught:
        open_map(path)
    assert str(caught.value) == (
        f"future.cjm: saved by a newer version of CJM Studio (schema {SCHEMA_VERSION + 7}); "
        f"this version reads up to {SCHEMA_VERSION}"
    )
    assert path.read_bytes() == before


# ---------------------------------------------------------------------- not a map
@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (os.urandom(4096), "not a CJM Studio map"),
        (b"PK\x03\x04" + b"\x00" * 200, "not a CJM Studio map"),
    ],
)
def test_files_that_are_not_maps_get_a_one_line_reason(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    path = tmp_path / "received.cjm"
    path.write_bytes(content)
    with pytest.raises(StoreError) as caught:
        open_map(path)
    assert reason in str(caught.value) and str(caught.value).startswith("received.cjm: ")
    assert path.read_bytes() == content


def test_another_programs_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.cjm"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE t (x)")
    connection.commit()
    connection.close()
    with pytest.raises(StoreError, match="not created by CJM Studio"):
        open_map(path)


def test_a_truncated_file_is_damaged(tmp_path: Path) -> None:
    path = tmp_path / "cut.cjm"
    save_map(full_map(), path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(StoreError, match="damaged"):
        open_map(path)
