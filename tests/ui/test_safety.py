"""Never lose work in the window: autosave, backups on save, locks, previous version, recovery."""

from __future__ import annotations

import getpass
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.model.commands import EditMap
from app.model.store import open_map
from app.model.store.workspace import Recoverable, find_recoverable, previous_version
from app.ui import dialogs, recovery
from app.ui.window import MainWindow
from tests.ui.conftest import close_quietly

ROOT = Path(__file__).resolve().parents[2]


def edit_title(window: MainWindow, title: str) -> None:
    window.document.push(EditMap(window.journey, title=title))


def test_an_edit_reaches_the_working_copy_within_a_second(qtbot: QtBot, window: MainWindow) -> None:
    edit_title(window, "Edited a moment ago")
    qtbot.waitUntil(lambda: window.safety.working is not None, timeout=1500)
    working = window.safety.working
    assert working is not None and working.path.is_file()
    assert open_map(working.path).info.title == "Edited a moment ago"
    window.document.stack.undo()  # back to the saved state: nothing to keep
    qtbot.waitUntil(lambda: not working.path.exists(), timeout=1500)


def test_continuous_editing_still_writes_every_second(qtbot: QtBot, window: MainWindow) -> None:
    start = time.monotonic()
    written = None
    for i in range(12):  # an edit every 100 ms: the timer must not be pushed back forever
        edit_title(window, f"Typing {i}")
        qtbot.wait(100)
        working = window.safety.working
        if written is None and working is not None and working.path.is_file():
            written = time.monotonic() - start
    assert written is not None and written < 1.0


def test_saving_discards_the_working_copy_and_keeps_a_backup(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "workshop.cjm"
    monkeypatch.setattr(dialogs, "save_path", lambda *_: path)
    edit_title(window, "First version")
    assert window.files.save()
    assert previous_version(path) is None  # nothing was there before
    edit_title(window, "Second version")
    qtbot.waitUntil(lambda: window.safety.working is not None, timeout=1500)
    working = window.safety.working
    assert working is not None and working.path.is_file()
    assert window.files.save()
    assert not working.path.exists() and find_recoverable() == []
    backup = previous_version(path)
    assert backup is not None and open_map(backup).info.title == "First version"
    assert open_map(path).info.title == "Second version"


def test_restore_previous_version_brings_back_the_earlier_content(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    told: list[str] = []
    monkeypatch.setattr(dialogs, "show_message", lambda _p, _t, text: told.append(text))
    window.menu_actions.all["restore_previous"].trigger()
    assert told and "no previous version" in told[0]  # never saved: nothing to restore
    path = tmp_path / "workshop.cjm"
    monkeypatch.setattr(dialogs, "save_path", lambda *_: path)
    edit_title(window, "First version")
    assert window.files.save()
    edit_title(window, "Second version")
    assert window.files.save()
    from app.ui import backups_dialog

    monkeypatch.setattr(backups_dialog, "choose_backup", lambda _p, _n, backups: backups[0])
    window.menu_actions.all["restore_previous"].trigger()
    assert window.journey.info.title == "First version"
    assert window.document.path == path and window.isWindowModified()
    assert open_map(path).info.title == "Second version"  # until the user saves
    assert window.files.save()
    assert open_map(path).info.title == "First version"


def test_a_map_open_in_another_window_opens_read_only(
    window: MainWindow, saved_retail: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    told: list[str] = []
    monkeypatch.setattr(dialogs, "show_message", lambda _p, _t, text: told.append(text))
    assert window.files.open(saved_retail)
    assert not window.document.read_only and not told
    other = MainWindow()
    try:
        assert other.files.open(saved_retail)
        assert other.document.read_only
        [notice] = told  # the message names who holds the file: this very process
        holder = rf"by {re.escape(getpass.getuser())} on {re.escape(socket.gethostname())}, "
        assert re.fullmatch(
            rf"retail\.cjm is already open in CJM Studio \({holder}"
            rf"process {os.getpid()}, since \d\d:\d\d\); it opens read-only\.",
            notice,
        ), notice
        assert "read-only" in other.windowTitle()
        assert not other.menu_actions.all["delete"].isEnabled()
        assert not other.properties.isEnabled()
        before = other.journey.snapshot()
        edit_title(other, "Refused")
        assert other.journey.snapshot() == before and not other.document.modified
        # Save As to another name is allowed and makes the copy editable.
        copy = saved_retail.with_name("copy.cjm")
        monkeypatch.setattr(dialogs, "save_path", lambda *_: copy)
        other.menu_actions.all["save"].trigger()
        assert copy.is_file() and not other.document.read_only
        assert other.menu_actions.all["delete"].isEnabled()
    finally:
        close_quietly(other)
    # Once the first window lets go of the file, another window edits it.
    window.files.new("blank")
    third = MainWindow()
    try:
        assert third.files.open(saved_retail) and not third.document.read_only
    finally:
        close_quietly(third)
    assert len(told) == 1


def test_recovery_text_is_plain_and_discard_deletes_the_working_copy(
    window: MainWindow, saved_retail: Path
) -> None:
    item = _crash_after_edit(saved_retail, "<b>Workshop</b>")
    text = recovery.recovery_text(item)
    assert text.startswith("A map was not saved when CJM Studio last closed: <b>Workshop</b> (")
    assert str(saved_retail.resolve()) in text and "last edited" in text
    assert not recovery.recover(window, item, recovery.DISCARD)
    assert find_recoverable() == [] and not item.working_copy.exists()


def test_open_saved_version_opens_the_file_and_keeps_the_unsaved_work(
    qtbot: QtBot, window: MainWindow, saved_retail: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    item = _crash_after_edit(saved_retail, "Unsaved title")
    told: list[str] = []
    monkeypatch.setattr(dialogs, "show_message", lambda _p, _t, text: told.append(text))
    assert recovery.recover(window, item, recovery.OPEN_SAVED)
    assert window.document.path == saved_retail and not window.isWindowModified()
    assert window.journey.info.title == open_map(saved_retail).info.title
    # The unsaved work is a map file of its own, and the user is told where.
    [text] = told
    kept = Path(text.split("\n")[1])
    assert text.startswith("Your unsaved changes to retail.cjm were not lost.")
    assert kept.is_file() and kept.name.startswith("retail (unsaved changes ")
    assert open_map(kept).info.title == "Unsaved title"
    assert find_recoverable() == []  # moved, not offered again
    # Editing the saved version writes the window's own copy; the kept file is untouched.
    before = kept.read_bytes()
    edit_title(window, "Edited after opening the saved version")
    qtbot.waitUntil(lambda: find_recoverable() != [], timeout=5000)
    assert kept.read_bytes() == before


def test_offer_recovery_asks_about_the_newest_map(
    window: MainWindow, saved_retail: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert not recovery.offer_recovery(window)  # nothing to offer: no question
    _crash_after_edit(saved_retail, "Unsaved title")
    asked: list[str] = []

    def answer(_parent: object, item: object) -> str:
        asked.append(recovery.recovery_text(item))  # type: ignore[arg-type]
        return recovery.RESTORE

    monkeypatch.setattr(recovery, "ask_recovery", answer)
    assert recovery.offer_recovery(window)
    assert len(asked) == 1 and window.journey.info.title == "Unsaved title"


def test_every_map_left_behind_is_offered_and_kept_until_discarded(
    window: MainWindow, saved_retail: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = saved_retail.with_name("other.cjm")
    other.write_bytes(saved_retail.read_bytes())
    _crash_after_edit(saved_retail, "Retail edits")
    _crash_after_edit(other, "Other edits")
    answers = {"Retail edits": "", "Other edits": recovery.DISCARD}  # "": closed the box
    asked: list[str] = []

    def answer(_parent: object, item: Recoverable) -> str:
        asked.append(item.title)
        return answers[item.title]

    monkeypatch.setattr(recovery, "ask_recovery", answer)
    assert not recovery.offer_recovery(window)
    assert sorted(asked) == ["Other edits", "Retail edits"]
    # Unanswered: offered again at the next start; discarded: gone.
    assert [item.title for item in recovery.pending_recoveries()] == ["Retail edits"]


CHILD = """
import sys, time
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication([])
from app.model.commands import EditMap
from app.ui.window import MainWindow
window = MainWindow()
window.show()
assert window.files.open(Path(sys.argv[1]), ask=False)
window.document.push(EditMap(window.journey, title=sys.argv[2]))
end = time.monotonic() + 1.5
while time.monotonic() < end:
    app.processEvents()
    time.sleep(0.02)
print("edited", flush=True)
while True:
    app.processEvents()
    time.sleep(0.05)
"""


def _crash_after_edit(path: Path, title: str) -> recovery.Recoverable:
    """Open ``path`` in a real app process, edit its title, then SIGKILL the process."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")  # HOME/XDG_* are this test's
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path), title],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "edited"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(10)
    assert child.returncode == -signal.SIGKILL
    item = recovery.pending_recovery()
    assert item is not None
    return item


def test_a_killed_app_offers_its_edit_and_restore_brings_it_back(
    window: MainWindow, saved_retail: Path
) -> None:
    item = _crash_after_edit(saved_retail, "Edited just before the crash")
    assert [found.working_copy for found in find_recoverable()] == [item.working_copy]
    assert item.original == saved_retail.resolve() and item.title == "Edited just before the crash"
    assert open_map(item.working_copy).info.title == "Edited just before the crash"
    assert open_map(saved_retail).info.title != "Edited just before the crash"
    assert recovery.recover(window, item, recovery.RESTORE)
    QApplication.processEvents()
    assert window.journey.info.title == "Edited just before the crash"
    assert window.document.path == saved_retail.resolve()
    assert window.isWindowModified() and not window.document.read_only
    # Still safe until saved: the restored map has a working copy of its own.
    assert [found.title for found in find_recoverable()] == ["Edited just before the crash"]
    assert window.files.save() and find_recoverable() == []
    assert open_map(saved_retail).info.title == "Edited just before the crash"
