"""Find (Ctrl+F) finds any named element, ignoring case and accents, and steps to it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.model.commands import EditCard, EditStage
from app.ui.window import MainWindow
from tests.ui.helpers import settle


def test_find_ignores_accents_and_steps_to_headers_and_cards(
    qtbot: QtBot, window: MainWindow
) -> None:
    journey = window.journey
    stage = journey.stages[1]
    card = list(journey.cards())[5]
    window.document.push(EditStage(journey, stage.id, name="Überlegen"))
    window.document.push(EditCard(journey, card.id, tags=("Übergabe",)))
    settle(window.view)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = window.find_bar
    assert bar.isVisible() and bar.edit.hasFocus()
    qtbot.keyClicks(bar.edit, "uber")
    assert card.id in bar.matches and window.scene.cards[card.id].highlighted
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
    assert window.selection.focus == ("stage", stage.id)
    assert window.properties.current_form() is window.properties.forms["stage"]
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
    assert window.selection.card_ids == [card.id]
    assert "2 of 2" in bar.count.text()


def test_find_finds_personas_and_says_when_nothing_matches(
    qtbot: QtBot, window: MainWindow
) -> None:
    persona = next(p for p in window.journey.personas if "ś" in p.name)  # Zofia Wiśniewska
    window.menu_actions.all["find"].trigger()
    bar = window.find_bar
    qtbot.keyClicks(bar.edit, "WISNIEWSKA")
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
    assert window.selection.focus == ("persona", persona.id)
    bar.edit.clear()
    qtbot.keyClicks(bar.edit, "no such words anywhere")
    assert bar.count.text() == "Nothing found"
