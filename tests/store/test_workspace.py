"""Working copies, recovery offers, backups and open-once locks."""

from __future__ import annotations

import getpass
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.model import commands as c
from app.model.entities import Card
from app.model.store import open_map, save_map
from app.model.store.workspace import (
    UNKNOWN_HOLDER,
    DocumentLock,
    WorkingCopy,
    data_folder,
    discard_recoverable,
    file_digest,
    find_recoverable,
    in_use,
    keep_recovered,
    previous_version,
    save_with_backup,
)
from tests.model.full_map import full_map


def test_an_unsaved_edit_is_offered_for_recovery(tmp_path: Path) -> None:
    path = tmp_path / "map.cjm"
    journey = full_map()
    save_map(journey, path)
    os.utime(path, (time.time() - 60, time.time() - 60))
    c.EditMap(journey, title="Edited in the workshop").do()
    WorkingCopy(path).write(journey)
    [offer] = find_recoverable()
    assert offer.original == path.resolve() and offer.title == "Edited in the workshop"
    assert open_map(offer.working_copy).info.title == "Edited in the workshop"
    discard_recoverable(offer)
    assert find_recoverable() == []


def test_a_saved_map_is_not_offered(tmp_path: Path) -> None:
    path = tmp_path / "map.cjm"
    journey = full_map()
    working = WorkingCopy(path)
    working.write(journey)
    save_map(journey, path)
    working.discard()  # what the window does once the save succeeded
    assert find_recoverable() == []
    assert not working.path.exists() and not working.path.with_suffix(".lock").exists()


def _left_by_a_crash(path: Path, title: str) -> WorkingCopy:
    """A working copy of ``path`` with an edited title whose window is gone."""
    journey = open_map(path)
    c.EditMap(journey, title=title).do()
    working = WorkingCopy(path, base=file_digest(path))
    working.write(journey)
    assert in_use(find_recoverable()[0])  # held while its window lives
    assert working._lock is not None
    working._lock.release()  # what the end of the process does
    return working


def test_recovery_is_decided_by_content_not_by_the_files_times(tmp_path: Path) -> None:
    path = tmp_path / "map.cjm"
    save_map(full_map(), path)
    working = _left_by_a_crash(path, "Workshop edits")
    future = time.time() + 7 * 24 * 3600  # clock skew, a USB stick from another time zone
    os.utime(path, (future, future))
    [offer] = find_recoverable()
    assert offer.working_copy == working.path and offer.title == "Workshop edits"
    assert not offer.file_changed and not in_use(offer)
    os.utime(path)  # touched after the crash (a sync client), same content
    [offer] = find_recoverable()
    assert not offer.file_changed and offer.base == file_digest(path)
    changed = open_map(path)
    c.EditMap(changed, title="A colleague's version").do()
    save_map(changed, path)  # saved again by someone else: still offered, and said so
    [offer] = find_recoverable()
    assert offer.file_changed and offer.title == "Workshop edits"
    path.unlink()  # gone: still offered
    [offer] = find_recoverable()
    assert offer.original == path.resolve()


def test_a_window_never_writes_over_a_copy_left_by_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "map.cjm"
    save_map(full_map(), path)
    left = _left_by_a_crash(path, "Left by the crash")
    before = left.path.read_bytes()
    journey = open_map(path)
    c.EditMap(journey, title="Edited after the restart").do()
    mine = WorkingCopy(path, base=file_digest(path))
    mine.write(journey)
    assert mine.path != left.path and left.path.read_bytes() == before
    titles = {item.title: in_use(item) for item in find_recoverable()}
    assert titles == {"Left by the crash": False, "Edited after the restart": True}


def test_keep_recovered_moves_the_work_to_a_file_of_its_own(tmp_path: Path) -> None:
    path = tmp_path / "map.cjm"
    save_map(full_map(), path)
    _left_by_a_crash(path, "Kept for later")
    [offer] = find_recoverable()
    kept = keep_recovered(offer)
    assert kept.parent == data_folder() / "recovered"
    assert kept.name.startswith("map (unsaved changes ") and kept.suffix == ".cjm"
    assert open_map(kept).info.title == "Kept for later"
    assert find_recoverable() == [] and not offer.working_copy.exists()
    _left_by_a_crash(path, "Kept again")
    again = keep_recovered(find_recoverable()[0])
    assert again != kept and open_map(kept).info.title == "Kept for later"


def test_no_data_folder_means_nothing_to_recover_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be", "utf-8")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker / "data"))
    assert find_recoverable() == []
    with pytest.raises(OSError):
        WorkingCopy(tmp_path / "map.cjm").write(full_map())
    with pytest.raises(OSError):
        DocumentLock(tmp_path / "map.cjm").acquire()


def test_an_untitled_map_is_offered(tmp_path: Path) -> None:
    WorkingCopy(None).write(full_map())
    [offer] = find_recoverable()
    assert offer.original is None


def test_every_save_keeps_the_previous_version(tmp_path: Path) -> None:
    path = tmp_path / "map.cjm"
    journey = full_map()
    save_with_backup(journey, path)
    assert previous_version(path) is None  # a first save has nothing before it
    first_title = journey.info.title
    c.EditMap(journey, title="Second version").do()
    save_with_backup(journey, path)
    backup = previous_version(path)
    assert backup is not None and open_map(backup).info.title == first_title
    assert open_map(path).info.title == "Second version"


def test_a_map_open_in_one_window_is_locked_for_another(tmp_path: Path) -> None:
    path = tmp_path / "map.cjm"
    first, second = DocumentLock(path), DocumentLock(path)
    assert first.acquire()
    assert not second.acquire()
    first.release()
    assert second.acquire()
    second.release()


def test_the_lock_holds_across_processes(tmp_path: Path) -> None:
    path = tmp_path / "map.cjm"
    lock = DocumentLock(path)
    assert lock.acquire()
    script = (
        "import sys; from pathlib import Path; from app.model.store.workspace import DocumentLock;"
        f"print(DocumentLock(Path({str(path)!r})).acquire())"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        timeout=60,
    )
    assert result.stdout.strip() == "False"
    lock.release()


def test_deleted_cards_are_not_in_the_working_copy(tmp_path: Path) -> None:
    journey = full_map()
    card = Card("Secret-pricing-7781", journey.lanes[0].id, journey.steps[0].id)
    working = WorkingCopy(tmp_path / "m.cjm")
    c.AddCard(journey, card).do()
    working.write(journey)
    c.RemoveCard(journey, card.id).do()
    working.write(journey)
    assert b"Secret-pricing-7781" not in working.path.read_bytes()


def test_the_lock_records_who_holds_it_until_released(tmp_path: Path) -> None:
    path = tmp_path / "map.cjm"
    lock, other = DocumentLock(path, program="cjm"), DocumentLock(path)
    assert other.holder() is None and other.describe_holder() == UNKNOWN_HOLDER
    assert lock.acquire()
    holder = other.holder()
    assert holder is not None
    assert (holder.program, holder.user, holder.pid) == ("cjm", getpass.getuser(), os.getpid())
    assert holder.host == socket.gethostname()
    assert other.describe_holder() == holder.describe()
    assert holder.describe().startswith(f"in use by cjm (by {getpass.getuser()} on ")
    lock.release()
    assert other.holder() is None  # the record goes with the lock
    assert other.acquire()
    assert other.describe_holder().startswith("open in CJM Studio (by ")
    other.release()


def test_a_garbled_holder_record_is_described_plainly(tmp_path: Path) -> None:
    path = tmp_path / "map.cjm"
    lock = DocumentLock(path)
    assert lock.acquire()
    record = next((data_folder() / "locks").glob("*.holder.json"))
    for garbage in ("{not json", "[]", '{"program": "CJM Studio"}', ""):
        record.write_text(garbage, "utf-8")
        assert DocumentLock(path).describe_holder() == "open in another window or program"
    lock.release()


def test_set_aside_edits_are_offered_even_though_the_file_is_newer(tmp_path: Path) -> None:
    path = tmp_path / "map.cjm"
    journey = full_map()
    c.EditMap(journey, title="Workshop edits").do()
    WorkingCopy(path, aside=True).write(journey)
    save_map(full_map(), path)  # the file reloaded in their place is newer
    [offer] = find_recoverable()
    assert offer.aside and offer.original == path.resolve() and offer.title == "Workshop edits"
    assert WorkingCopy(path).path != offer.working_copy  # not the window's own copy
