"""Zoom and pan, palette drops of structure, renaming headers and emotion notes in place."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QDropEvent, QWheelEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.model.vocab import LANE_HEIGHT, LaneKind
from app.ui.palette import mime_data_for
from app.ui.window import MainWindow
from tests.ui.helpers import at, drag, settle


def test_ctrl_wheel_zooms_and_the_status_bar_shows_it(window: MainWindow) -> None:
    view = window.view
    centre = view.viewport().rect().center()
    wheel = QWheelEvent(
        QPointF(centre),
        QPointF(view.viewport().mapToGlobal(centre)),
        QPoint(0, 0),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(view.viewport(), wheel)
    assert view.zoom == pytest.approx(1.25)
    assert window.zoom_label.text() == "Zoom 125%"


def test_middle_button_drag_pans_the_canvas(qtbot: QtBot, window: MainWindow) -> None:
    view = window.view
    bar = view.horizontalScrollBar()
    before = bar.value()
    viewport = view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.MiddleButton, pos=QPoint(600, 300))
    from tests.ui.helpers import move_with_button

    move_with_button(view, QPoint(450, 300), Qt.MouseButton.MiddleButton)
    qtbot.mouseRelease(viewport, Qt.MouseButton.MiddleButton, pos=QPoint(450, 300))
    assert bar.value() == before + 150
    assert window.document.stack.count() == 0


def test_space_drag_pans_instead_of_selecting(qtbot: QtBot, window: MainWindow) -> None:
    view = window.view
    bar = view.verticalScrollBar()
    before = bar.value()
    view.setFocus()
    qtbot.keyPress(view, Qt.Key.Key_Space)
    drag(qtbot, view, QPoint(500, 500), QPoint(500, 380))
    qtbot.keyRelease(view, Qt.Key.Key_Space)
    assert bar.value() == before + 120
    assert window.selection.card_ids == []


def test_dropping_a_lane_from_the_palette_inserts_it_between_lanes(window: MainWindow) -> None:
    journey, scene, view = window.journey, window.scene, window.view
    lanes = [lane.id for lane in journey.lanes]
    boundary = scene.layout.lane_rects[lanes[1]].y
    target = at(view, 400, boundary + 5)
    mime = mime_data_for(f"lane:{LaneKind.KPIS.value}")
    event = QDropEvent(
        QPointF(target),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    from PySide6.QtGui import QDragEnterEvent

    QApplication.sendEvent(
        view.viewport(),
        QDragEnterEvent(
            target,
            Qt.DropAction.CopyAction,
            mime,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        ),
    )
    QApplication.sendEvent(view.viewport(), event)
    settle(view)
    assert journey.lanes[1].kind is LaneKind.KPIS
    new = journey.lanes[1]
    assert (new.name, new.min_height) == (LaneKind.KPIS.label, LANE_HEIGHT)
    view.editor.cancel()
    assert scene.headers[("lane", journey.lanes[1].id)].y() == pytest.approx(boundary)
    window.menu_actions.undo.trigger()
    assert [lane.id for lane in journey.lanes] == lanes


def test_double_click_on_a_stage_header_renames_it(qtbot: QtBot, window: MainWindow) -> None:
    journey, scene, view = window.journey, window.scene, window.view
    stage = journey.stages[0]
    rect = scene.layout.stage_rects[stage.id]
    qtbot.mouseDClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=at(view, rect.x + 30, rect.y + 10)
    )
    assert view.editor.target == ("stage", stage.id)
    view.editor.selectAll()
    qtbot.keyClicks(view.editor, "Inspiration")
    qtbot.keyClick(view.editor, Qt.Key.Key_Return)
    assert journey.stage(stage.id).name == "Inspiration"


def test_double_click_on_an_emotion_point_edits_its_note(qtbot: QtBot, window: MainWindow) -> None:
    journey, scene, view = window.journey, window.scene, window.view
    persona = journey.personas[0]
    point = scene.layout.curves[persona.id][0]
    view.centerOn(point.x, point.y)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=at(view, point.x, point.y))
    assert view.editor.target == ("note", f"{persona.id}/{point.step_id}")
    view.editor.selectAll()
    qtbot.keyClicks(view.editor, "Relieved")
    qtbot.keyClick(view.editor, Qt.Key.Key_Return)
    settle(view)
    emotion = journey.emotion(persona.id, point.step_id)
    assert emotion is not None and emotion.note == "Relieved" and emotion.score == point.score
