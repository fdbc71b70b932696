"""The emotion scale in words on the canvas, and under the user's control in the map form."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.ui.properties.fields import ScoreField, TextField
from app.ui.window import MainWindow
from tests.ui.helpers import settle
from tests.ui.test_properties_bulk import field, type_into


def type_number(qtbot: QtBot, spin_field: ScoreField, number: int) -> None:
    spin = spin_field.spin
    qtbot.mouseClick(spin.lineEdit(), Qt.MouseButton.LeftButton)
    qtbot.keyClick(spin, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(spin, str(number))
    qtbot.keyClick(spin, Qt.Key.Key_Return)


def test_the_canvas_shows_the_scale_in_words(qtbot: QtBot, window: MainWindow) -> None:
    emotion = next(iter(window.scene.emotion_items.values()))
    assert emotion.scale_labels[-3] == "Very negative"
    assert emotion.scale_labels[3] == "Very positive"


def test_the_map_form_edits_the_scale_and_shows_the_rules_refusal(
    qtbot: QtBot, window: MainWindow
) -> None:
    journey = window.journey
    form = window.properties.forms["map"]
    assert window.properties.current_form() is form
    top, bottom = field(form, "Scale to"), field(form, "Scale from")
    assert isinstance(top, ScoreField) and isinstance(bottom, ScoreField)
    highest = max(point.score for point in journey.emotions())
    type_number(qtbot, top, highest - 1)  # would leave points above the scale
    assert journey.info.scale.maximum == 3 and top.spin.value() == 3
    assert form.problem.isVisibleTo(form) and "emotion scale" in form.problem.text()
    type_number(qtbot, bottom, -4)
    assert journey.info.scale.minimum == -4
    labels = field(form, "Scale labels")
    assert isinstance(labels, TextField)
    type_into(qtbot, labels.edit, "-4 Furious\n0 Meh\n3 Delighted")
    assert journey.info.scale.labels == ((-4, "Furious"), (0, "Meh"), (3, "Delighted"))
    settle(window.view)
    emotion = next(iter(window.scene.emotion_items.values()))
    assert emotion.scale_labels == {-4: "Furious", 0: "Meh", 3: "Delighted"}
    type_into(qtbot, labels.edit, "Furious at -4")
    assert labels.edit.toPlainText() == "Furious at -4" and "line 1" in form.problem.text()
    window.menu_actions.undo.trigger()
    window.menu_actions.undo.trigger()
    assert journey.info.scale.minimum == -3
