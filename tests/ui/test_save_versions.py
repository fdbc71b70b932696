"""Saving sets the map's modified time only after a real change; Restore Previous Version
asks which kept version to restore, and keeps the map as it was so the restore can be
taken back the same way."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from app.model.commands import EditMap
from app.model.store import open_map
from app.ui import backups_dialog, dialogs
from app.ui.backups_dialog import BackupChooser
from app.ui.window import MainWindow
from tests.ui.helpers import at, settle

real_choose_backup = backups_dialog.choose_backup


def press_ctrl_s(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def test_saving_sets_the_modified_time_only_after_a_real_change(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "shop.cjm"
    monkeypatch.setattr(dialogs, "save_path", lambda *_: path)
    journey = window.journey
    template_time = journey.info.modified
    press_ctrl_s(qtbot, window)  # unchanged: saved as it is
    assert open_map(path).info.modified == template_time == journey.info.modified
    card = next(journey.cards())
    rect = window.scene.layout.cards[card.id].rect
    qtbot.mouseClick(
        window.view.viewport(),
        Qt.MouseButton.LeftButton,
        pos=at(window.view, rect.x + 20, rect.y + 8),
    )
    started = datetime.now(UTC).replace(microsecond=0)
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert not journey.has_card(card.id)
    press_ctrl_s(qtbot, window)
    stamped = journey.info.modified
    assert stamped >= started and open_map(path).info.modified == stamped
    assert not window.isWindowModified()  # the stamp is not an edit
    press_ctrl_s(qtbot, window)  # nothing changed since: the time stays
    assert open_map(path).info.modified == stamped
    window.menu_actions.undo.trigger()  # undoing the delete is a change again
    assert journey.has_card(card.id) and journey.info.modified == stamped


def answer(qtbot: QtBot, row: int | None, seen: list[list[str]]) -> None:
    """Once the version dialog is open: click ``row`` and Restore (None: Cancel)."""

    def act() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, BackupChooser)
        seen.append([dialog.list.item(i).text() for i in range(dialog.list.count())])
        if row is None:
            buttons = dialog.findChild(QDialogButtonBox)
            cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
            qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
            return
        rect = dialog.list.visualItemRect(dialog.list.item(row))
        qtbot.mouseClick(dialog.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, act)


def test_restore_asks_which_version_and_can_be_taken_back(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "shop.cjm"
    monkeypatch.setattr(dialogs, "save_path", lambda *_: path)
    monkeypatch.setattr(backups_dialog, "choose_backup", real_choose_backup)
    restore: Callable[[], None] = window.menu_actions.all["restore_previous"].trigger
    for title in ("First version", "Second version", "Third version"):
        window.document.push(EditMap(window.journey, title=title))
        press_ctrl_s(qtbot, window)
    window.document.push(EditMap(window.journey, title="Unsaved fourth"))
    seen: list[list[str]] = []
    answer(qtbot, None, seen)
    restore()
    assert len(seen[0]) == 2 and all("replaced today" in line for line in seen[0])
    assert window.journey.info.title == "Unsaved fourth"  # cancelled: nothing changed
    answer(qtbot, 1, seen)
    restore()
    settle(window.view)
    assert window.journey.info.title == "First version"
    assert window.isWindowModified() and open_map(path).info.title == "Third version"
    answer(qtbot, 0, seen)  # the newest entry: the map as it was before the restore
    restore()
    assert "before a restore" in seen[-1][0]
    assert window.journey.info.title == "Unsaved fourth"
