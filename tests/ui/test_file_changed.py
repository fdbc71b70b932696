"""The window notices when its file is changed on disk by another program and never
overwrites that change silently: Reload, Keep mine, and a question before saving."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.model.commands import EditMap
from app.model.store import open_map, save_map
from app.model.store.workspace import find_recoverable, previous_version
from app.ui import dialogs, recovery
from app.ui.file_watch import SETTLE_MS
from app.ui.window import MainWindow

#: Long enough for the watcher's signals to arrive and the settle timer to run.
QUIET_MS = SETTLE_MS * 4


class Answers:
    """Stands in for the two questions: records each one and gives the prepared answer."""

    def __init__(self) -> None:
        self.reload_asked: list[tuple[str, bool]] = []
        self.overwrite_asked: list[str] = []
        self.reload_answer = dialogs.KEEP
        self.overwrite_answer = False

    def ask_file_changed(self, _parent: object, name: str, modified: bool) -> str:
        self.reload_asked.append((name, modified))
        return self.reload_answer

    def ask_overwrite_changed(self, _parent: object, name: str) -> bool:
        self.overwrite_asked.append(name)
        return self.overwrite_answer


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    given = Answers()
    monkeypatch.setattr(dialogs, "ask_file_changed", given.ask_file_changed)
    monkeypatch.setattr(dialogs, "ask_overwrite_changed", given.ask_overwrite_changed)
    return given


@pytest.fixture
def opened(qtbot: QtBot, window: MainWindow, saved_retail: Path, answers: Answers) -> Path:
    """The window shows ``saved_retail`` and is the active window."""
    assert window.files.open(saved_retail)
    window.activateWindow()
    qtbot.waitActive(window)
    qtbot.wait(QUIET_MS)  # the open's own events settle first
    assert answers.reload_asked == []
    return saved_retail


def change_outside(path: Path, title: str) -> bytes:
    """Rewrite ``path`` as another program would (this is what ``cjm import`` did)."""
    journey = open_map(path)
    EditMap(journey, title=title).do()
    save_map(journey, path)
    return path.read_bytes()


def edit_title(window: MainWindow, title: str) -> None:
    window.document.push(EditMap(window.journey, title=title))


def press_ctrl_s(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def test_an_outside_change_is_offered_and_reload_shows_it(
    qtbot: QtBot, window: MainWindow, opened: Path, answers: Answers
) -> None:
    answers.reload_answer = dialogs.RELOAD
    change_outside(opened, "Changed by the client")
    qtbot.waitUntil(lambda: answers.reload_asked != [], timeout=5000)
    assert answers.reload_asked == [("retail.cjm", False)]
    assert window.journey.info.title == "Changed by the client"
    assert window.document.path == opened and not window.isWindowModified()
    assert not window.document.read_only  # still this window's to edit
    qtbot.wait(QUIET_MS)
    assert len(answers.reload_asked) == 1  # asked once for one change


def test_keep_mine_then_ctrl_s_saves_this_windows_version(
    qtbot: QtBot, window: MainWindow, opened: Path, answers: Answers
) -> None:
    edit_title(window, "Workshop version")
    theirs = change_outside(opened, "Client version")
    qtbot.waitUntil(lambda: answers.reload_asked != [], timeout=5000)
    assert answers.reload_asked == [("retail.cjm", True)]  # told the edits are at stake
    assert window.journey.info.title == "Workshop version"
    window.activateWindow()  # activation checks again: the same version is not asked twice
    qtbot.wait(QUIET_MS)
    press_ctrl_s(qtbot, window)
    assert answers.overwrite_asked == []  # the user already chose: no second question
    assert open_map(opened).info.title == "Workshop version"
    backup = previous_version(opened)
    assert backup is not None and backup.read_bytes() == theirs  # their version is the backup
    assert not window.isWindowModified()
    qtbot.wait(QUIET_MS)
    assert len(answers.reload_asked) == 1


def test_a_save_right_after_an_outside_change_asks_first(
    qtbot: QtBot, window: MainWindow, opened: Path, answers: Answers
) -> None:
    edit_title(window, "Workshop version")
    theirs = change_outside(opened, "Client version")
    press_ctrl_s(qtbot, window)  # before the window has had a chance to ask
    assert answers.overwrite_asked == ["retail.cjm"]
    assert opened.read_bytes() == theirs  # Cancel: their version stays, byte for byte
    assert window.isWindowModified() and window.journey.info.title == "Workshop version"
    answers.overwrite_answer = True
    press_ctrl_s(qtbot, window)
    assert answers.overwrite_asked == ["retail.cjm", "retail.cjm"]
    assert open_map(opened).info.title == "Workshop version"
    assert not window.isWindowModified()


def test_the_windows_own_saves_and_a_touch_ask_nothing(
    qtbot: QtBot, window: MainWindow, opened: Path, answers: Answers
) -> None:
    for title in ("First save", "Second save"):
        edit_title(window, title)
        press_ctrl_s(qtbot, window)
        assert open_map(opened).info.title == title
        qtbot.wait(QUIET_MS)
    stat = opened.stat()  # a new time, the same bytes (a sync client, `touch`)
    os.utime(opened, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    qtbot.wait(QUIET_MS)
    window.activateWindow()
    qtbot.wait(QUIET_MS)
    assert answers.reload_asked == [] and answers.overwrite_asked == []


def test_a_second_outside_change_after_keep_mine_is_asked_again(
    qtbot: QtBot, window: MainWindow, opened: Path, answers: Answers
) -> None:
    change_outside(opened, "Client version 1")
    qtbot.waitUntil(lambda: len(answers.reload_asked) == 1, timeout=5000)
    theirs = change_outside(opened, "Client version 2")
    qtbot.waitUntil(lambda: len(answers.reload_asked) == 2, timeout=5000)
    qtbot.wait(QUIET_MS)
    assert len(answers.reload_asked) == 2
    theirs_again = change_outside(opened, "Client version 3")
    assert theirs_again != theirs
    edit_title(window, "Workshop version")
    press_ctrl_s(qtbot, window)  # version 3 was never answered: the save asks
    assert answers.overwrite_asked == ["retail.cjm"]
    assert opened.read_bytes() == theirs_again


def test_reload_sets_unsaved_edits_aside_for_recovery(
    qtbot: QtBot, window: MainWindow, opened: Path, answers: Answers
) -> None:
    answers.reload_answer = dialogs.RELOAD
    edit_title(window, "Workshop version")
    change_outside(opened, "Client version")
    qtbot.waitUntil(lambda: answers.reload_asked != [], timeout=5000)
    assert window.journey.info.title == "Client version" and not window.isWindowModified()
    [kept] = find_recoverable()
    assert kept.title == "Workshop version" and kept.original == opened.resolve()
    assert open_map(kept.working_copy).info.title == "Workshop version"
    assert recovery.recovery_text(kept).startswith("Unsaved changes were set aside")
    assert recovery.recover(window, kept, recovery.RESTORE)  # brought back as edits to the file
    assert window.journey.info.title == "Workshop version" and window.isWindowModified()
