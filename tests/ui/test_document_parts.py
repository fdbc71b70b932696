"""The app keeps every part of the file it edits: snapshots, comments, future map, pictures."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.model.store import open_document
from app.ui.window import MainWindow
from tests.store.test_format_versions import FIXTURES, assert_same_parts
from tests.ui.helpers import settle
from tests.ui.test_editing import click_card


def test_editing_and_saving_in_the_app_keeps_every_other_part_of_the_file(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    path = tmp_path / "reviewed.cjm"
    shutil.copyfile(FIXTURES / "v3.cjm", path)
    before = open_document(path)
    assert window.files.open(path, ask=False)
    view = window.view
    window.scene.flush()
    first = next(iter(window.journey.cards()))
    click_card(qtbot, window, first.id)
    qtbot.keyClick(view.viewport(), Qt.Key.Key_Delete)
    settle(view)
    assert not window.journey.has_card(first.id)  # a real edit, made with mouse and keyboard
    qtbot.keyClick(view.viewport(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not window.isWindowModified()
    after = open_document(path)
    assert after.current.card_count == window.journey.card_count
    assert_same_parts(after, before)
