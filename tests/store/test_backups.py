"""Backups: every save keeps the file as it was, stamped; the newest ten per file stay."""

from __future__ import annotations

from pathlib import Path

from app.model.store import open_map
from app.model.store.workspace import (
    BEFORE_RESTORE,
    KEEP_BACKUPS,
    backups_of,
    keep_backup,
    previous_version,
    save_with_backup,
)
from app.model.templates import new_map


def test_saves_keep_the_newest_versions_with_their_times(tmp_path: Path) -> None:
    path = tmp_path / "shop.cjm"
    journey = new_map("retail-checkout")
    from app.model.commands import EditMap

    for number in range(KEEP_BACKUPS + 3):
        EditMap(journey, title=f"Version {number}").do()
        save_with_backup(journey, path)
    backups = backups_of(path)
    assert len(backups) == KEEP_BACKUPS
    assert [b.kept for b in backups] == sorted((b.kept for b in backups), reverse=True)
    titles = [open_map(b.path).info.title for b in backups]
    last = KEEP_BACKUPS + 1  # the file holds the last version; the backups the ones before
    assert titles == [f"Version {n}" for n in range(last, last - KEEP_BACKUPS, -1)]
    assert previous_version(path) == backups[0].path
    other = tmp_path / "other.cjm"
    assert backups_of(other) == [] and previous_version(other) is None


def test_the_map_in_memory_can_be_kept_as_a_noted_backup(tmp_path: Path) -> None:
    path = tmp_path / "shop.cjm"
    journey = new_map("retail-checkout")
    save_with_backup(journey, path)
    from app.model.commands import EditMap

    EditMap(journey, title="Unsaved work").do()
    kept = keep_backup(journey, path, BEFORE_RESTORE)
    [backup] = backups_of(path)
    assert backup.path == kept and backup.note == BEFORE_RESTORE
    assert open_map(kept).info.title == "Unsaved work"
