"""When safety copies cannot be written the app keeps working and keeps saying so."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.model.commands import EditMap
from app.model.store import open_map, workspace
from app.model.store.workspace import find_recoverable
from app.ui import dialogs, recovery, safety
from app.ui.protection import tell_if_unprotected
from app.ui.window import MainWindow
from tests.ui.conftest import close_quietly


def edit_title(window: MainWindow, title: str) -> None:
    window.document.push(EditMap(window.journey, title=title))


def test_a_full_disk_shows_a_warning_until_a_safety_copy_is_written(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_save = workspace.save_document

    def disk_full(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(workspace, "save_document", disk_full)
    banner = window.protection
    assert not banner.isVisible()
    edit_title(window, "Edited on a full disk")
    qtbot.waitUntil(banner.isVisible, timeout=5000)
    assert banner.textFormat() == Qt.TextFormat.PlainText
    assert banner.text().startswith("Your changes are not protected against a crash: ")
    assert "No space left on device" in banner.text() and "Save your map" in banner.text()
    edit_title(window, "Still editing")  # the app keeps working
    assert window.journey.info.title == "Still editing"
    qtbot.wait(safety.RETRY_MS + 500)  # a failed retry keeps the warning up
    assert banner.isVisible()
    monkeypatch.setattr(workspace, "save_document", real_save)  # space was freed
    qtbot.waitUntil(lambda: not banner.isVisible(), timeout=20000)  # retried without an edit
    working = window.safety.working
    assert working is not None and open_map(working.path).info.title == "Still editing"


def test_without_a_data_folder_the_window_warns_and_saving_still_works(
    qtbot: QtBot, tmp_path: Path, saved_retail: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the data folder should be", "utf-8")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker / "data"))
    told: list[tuple[str, str]] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _p, title, text: told.append((title, text)))
    window = MainWindow()
    try:
        window.show()
        assert not tell_if_unprotected(window)
        [(title, text)] = told
        assert title == "Changes not protected" and str(blocker / "data") in text
        assert not recovery.offer_recovery(window)  # nothing to offer, and no crash
        assert window.protection.isVisible()
        assert window.files.open(saved_retail) and not window.document.read_only
        edit_title(window, "Saved without a data folder")
        assert window.files.save()
        assert open_map(saved_retail).info.title == "Saved without a data folder"
        assert window.protection.isVisible() and len(told) == 1
        blocker.unlink()  # the folder can be made again
        qtbot.waitUntil(lambda: not window.protection.isVisible(), timeout=20000)
        edit_title(window, "Protected again")
        qtbot.waitUntil(lambda: find_recoverable() != [], timeout=5000)
    finally:
        close_quietly(window)
