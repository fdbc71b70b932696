"""Text still being typed is autosaved, without disturbing the editor it is typed in."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.model.journey import JourneyMap
from app.model.store import StoreError, open_map
from app.model.store.workspace import find_recoverable
from app.ui.properties.fields import LineField, TextField
from app.ui.window import MainWindow
from tests.ui.helpers import at


def working_copy(window: MainWindow) -> JourneyMap | None:
    working = window.safety.working
    if working is None or not working.path.is_file():
        return None
    try:
        return open_map(working.path)
    except (StoreError, OSError):
        return None


def test_a_title_typed_in_the_panel_is_in_the_working_copy_before_it_is_committed(
    qtbot: QtBot, window: MainWindow
) -> None:
    form = window.properties.forms["map"]
    title = next(field for field, _r, _w in form._rows if isinstance(field, LineField))
    original = window.journey.info.title
    qtbot.mouseClick(title.edit, Qt.MouseButton.LeftButton)
    qtbot.keyClick(title.edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(title.edit, "Typed in the panel")
    caret = title.edit.cursorPosition()
    qtbot.waitUntil(
        lambda: (
            (copy := working_copy(window)) is not None and copy.info.title == "Typed in the panel"
        ),
        timeout=5000,
    )
    # The editor is as the user left it, and nothing was committed behind their back.
    assert title.edit.text() == "Typed in the panel" and title.edit.cursorPosition() == caret
    assert window.journey.info.title == original
    assert window.document.stack.count() == 0 and not window.isWindowModified()
    qtbot.keyClick(title.edit, Qt.Key.Key_Return)
    assert window.journey.info.title == "Typed in the panel"
    assert window.document.stack.count() == 1


def test_a_card_body_typed_in_the_panel_is_kept_too(qtbot: QtBot, window: MainWindow) -> None:
    card = next(window.journey.cards())
    rect = window.scene.layout.cards[card.id].rect
    qtbot.mouseClick(
        window.view.viewport(),
        Qt.MouseButton.LeftButton,
        pos=at(window.view, rect.x + 20, rect.y + 8),
    )
    form = window.properties.forms["card"]
    body = [field for field, _r, _w in form._rows if isinstance(field, TextField)][1]
    qtbot.mouseClick(body.edit.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(body.edit, " and more notes")
    typed = body.edit.toPlainText()
    qtbot.waitUntil(
        lambda: (copy := working_copy(window)) is not None and copy.card(card.id).body == typed,
        timeout=5000,
    )
    assert window.journey.card(card.id).body == card.body


def test_text_typed_on_the_canvas_is_kept_and_escape_drops_it_again(
    qtbot: QtBot, window: MainWindow
) -> None:
    journey, view = window.journey, window.view
    card = next(journey.cards())
    rect = window.scene.layout.cards[card.id].rect
    qtbot.mouseDClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=at(view, rect.x + 20, rect.y + 8)
    )
    assert view.editor.isVisible()
    qtbot.keyClicks(view.editor, "Half typed")
    qtbot.waitUntil(
        lambda: (
            (copy := working_copy(window)) is not None and copy.card(card.id).title == "Half typed"
        ),
        timeout=5000,
    )
    assert view.editor.isVisible() and view.editor.toPlainText() == "Half typed"
    assert journey.card(card.id).title == card.title and window.document.stack.count() == 0
    working = window.safety.working
    assert working is not None
    qtbot.keyClick(view.editor, Qt.Key.Key_Escape)  # cancelled: nothing left to keep
    qtbot.waitUntil(lambda: not working.path.exists(), timeout=5000)


def test_a_reload_sets_aside_the_text_being_typed_too(
    qtbot: QtBot, window: MainWindow, saved_retail: Path
) -> None:
    assert window.files.open(saved_retail)
    form = window.properties.forms["map"]
    title = next(field for field, _r, _w in form._rows if isinstance(field, LineField))
    qtbot.mouseClick(title.edit, Qt.MouseButton.LeftButton)
    qtbot.keyClick(title.edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(title.edit, "Not yet committed")
    assert not window.document.modified
    assert window.safety.set_aside()  # what a reload does before it lets go of the map
    [kept] = [item for item in find_recoverable() if item.aside]
    assert kept.title == "Not yet committed" and kept.original == saved_retail.resolve()
    assert window.journey.info.title != "Not yet committed"
