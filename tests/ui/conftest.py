"""Fixtures of the desktop app tests: a private QSettings folder and a window on an example map.

QT_QPA_PLATFORM=offscreen is set by tests/conftest.py before any QApplication exists.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from app.model.templates import new_map
from app.ui.document import Document
from app.ui.fonts import register_fonts
from app.ui.window import WINDOWS, MainWindow


@pytest.fixture(autouse=True)
def private_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Point QSettings (window geometry, recent files) at a temporary folder."""
    folder = tmp_path_factory.mktemp("settings")
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    yield folder


@pytest.fixture(autouse=True)
def no_modal_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    """A modal dialog would wait forever offscreen: tests that expect one replace it."""

    def unexpected(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("an unexpected modal dialog was opened")

    from app.ui import dialogs

    names = ("ask_save", "show_error", "show_message", "open_path", "save_path", "choose_template",
             "ask_file_changed", "ask_overwrite_changed", "ask_replace_read_only")  # fmt: skip
    for name in names:
        monkeypatch.setattr(dialogs, name, unexpected)
    from app.ui import backups_dialog

    monkeypatch.setattr(backups_dialog, "choose_backup", unexpected)


@pytest.fixture
def window(qtbot: QtBot) -> Iterator[MainWindow]:
    """A shown main window on the retail checkout example, at 100% zoom, top-left in view."""
    register_fonts()
    win = MainWindow(Document(new_map("retail-checkout")))
    win.resize(1500, 950)
    win.show()
    qtbot.waitExposed(win)
    win.view.zoom_reset()  # a map opens fitted: these tests work at 100%
    win.view.show_top_left()
    yield win
    close_quietly(win)


def close_quietly(win: MainWindow) -> None:
    """Close a test window without the unsaved-changes question."""
    win.document.mark_saved()  # every history of the file (current and future state)
    win.persist_settings = False
    win.close()
    win.deleteLater()
    if win in WINDOWS:
        WINDOWS.remove(win)


@pytest.fixture(autouse=True)
def _empty_clipboard_after_each_test() -> Iterator[None]:
    """PySide6 6.11 crashes at exit (segfault) on the offscreen platform when the
    clipboard still holds data we put there; a real screen (xcb) does not."""
    yield
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is not None:
        QApplication.clipboard().clear()
