"""Working copies, recovery offers, backups and open-once locks."""

from __future__ import annotations

import getpass
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from app.model import commands as c
from app.model.entities import Card
from app.model.store import open_map, save_map
from app.model.store.workspace import (
    UNKNOWN_HOLDER,
    DocumentLock,
    WorkingCopy,
    data_folder,
    discard_recoverable,
    find_recoverable,
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
    assert find_recoverable() == []
    working.discard()
    assert not working.path.exists()


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
