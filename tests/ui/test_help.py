"""Help > Keyboard Shortcuts lists every shortcut and gesture; an empty map shows hints."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from app.model.templates import new_map
from app.ui.document import Document
from app.ui.fonts import register_fonts
from app.ui.shortcuts import ShortcutsSheet, typed
from app.ui.window import MainWindow
from tests.ui.conftest import close_quietly
from tests.ui.helpers import at, settle


def test_f1_lists_every_shortcut_and_the_hidden_gestures(qtbot: QtBot, window: MainWindow) -> None:
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F1)
    sheet = window.findChild(ShortcutsSheet)
    assert sheet is not None and sheet.isVisible()
    texts = sheet.texts()
    joined = "\n".join(texts)
    for action in window.menu_actions.all.values():
        for keys in filter(typed, action.shortcuts()):
            assert keys.toString(QKeySequence.SequenceFormat.NativeText) in joined
    for gesture in (
        "Double-click an empty cell",
        "Space+drag",
        "Drag the edge of a step or lane header",
        "Paste text",
        "Ctrl+arrow keys",
    ):
        assert any(text.startswith(gesture) for text in texts), gesture


@pytest.fixture
def blank_window(qtbot: QtBot) -> Iterator[MainWindow]:
    register_fonts()
    win = MainWindow(Document(new_map()))
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    win.view.show_top_left()
    yield win
    close_quietly(win)


def test_an_empty_map_shows_hints_until_the_first_card(
    qtbot: QtBot, blank_window: MainWindow
) -> None:
    window = blank_window
    hint = window.view.findChild(QLabel, "empty-map-hint")
    assert hint is not None and hint.isVisible() and "Double-click" in hint.text()
    journey = window.journey
    lane = next(lane for lane in journey.lanes if lane.kind.value != "emotions")
    step = journey.steps[0]
    rect = window.scene.layout.lane_rects[lane.id]
    x = window.scene.layout.step_rects[step.id].x + 30
    qtbot.mouseDClick(
        window.view.viewport(), Qt.MouseButton.LeftButton, pos=at(window.view, x, rect.y + 30)
    )
    qtbot.keyClicks(window.view.editor, "First card")
    qtbot.keyClick(window.view.editor, Qt.Key.Key_Return)
    settle(window.view)
    QApplication.processEvents()
    assert journey.card_count == 1 and not hint.isVisible()
