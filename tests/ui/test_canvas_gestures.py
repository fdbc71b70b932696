"""Editing the map with the mouse, as a user does: each gesture is one undo step."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.model.layout import Rect
from app.model.vocab import CardKind, LaneKind
from app.ui.palette import mime_data_for
from app.ui.window import MainWindow
from tests.ui.helpers import at, drag_scene, settle


def lane_of(window: MainWindow, kind: LaneKind) -> str:
    return next(lane.id for lane in window.journey.lanes if lane.kind is kind)


def item_inside(window: MainWindow, card_id: str, cell: Rect) -> bool:
    pos = window.scene.cards[card_id].pos()
    return cell.x <= pos.x() < cell.right and cell.y <= pos.y() < cell.bottom


def undo_redo(window: MainWindow) -> None:
    window.menu_actions.undo.trigger()
    settle(window.view)


def test_dropping_a_palette_card_on_a_cell_adds_it_where_the_indicator_shows(
    qtbot: QtBot, window: MainWindow
) -> None:
    journey, scene, view = window.journey, window.scene, window.view
    lane = lane_of(window, LaneKind.PAIN_POINTS)
    step = journey.steps[1].id
    first = journey.cards_in(lane, step)[0]
    box = scene.layout.cards[first.id].rect
    view.centerOn(box.x, box.y)
    target = at(view, box.x + 20, box.y + 3)  # upper half of the first card: goes before it
    mime = mime_data_for(f"card:{CardKind.PAIN_POINT.value}")
    copy = Qt.DropAction.CopyAction
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(target, copy, mime, buttons, modifiers)
    QApplication.sendEvent(view.viewport(), enter)
    assert enter.isAccepted()
    move = QDragMoveEvent(target, copy, mime, buttons, modifiers)
    QApplication.sendEvent(view.viewport(), move)
    cell = scene.layout.cells[(lane, step)]
    assert scene.indicator.isVisible()
    assert scene.indicator.area().contains(QPointF(cell.x + 5, cell.y + 5))
    assert abs(scene.indicator.line().y1() - (box.y - 3)) < 1  # the gap above the first card
    QApplication.sendEvent(
        view.viewport(), QDropEvent(QPointF(target), copy, mime, buttons, modifiers)
    )
    settle(view)
    assert not scene.indicator.isVisible()
    cards = journey.cards_in(lane, step)
    assert cards[1].id == first.id
    added = cards[0]
    assert added.kind is CardKind.PAIN_POINT
    assert item_inside(window, added.id, cell)
    assert view.editor.active and view.editor.target == (
        "card",
        added.id,
    )  # ready to type the title
    qtbot.keyClick(view.editor, Qt.Key.Key_Return)  # keep the placeholder title
    settle(view)
    undo_redo(window)
    assert not journey.has_card(added.id) and added.id not in scene.cards
    window.menu_actions.redo.trigger()
    settle(view)
    assert journey.cards_in(lane, step)[0] == added and item_inside(window, added.id, cell)


def test_dragging_a_card_to_another_cell_moves_it_there(qtbot: QtBot, window: MainWindow) -> None:
    journey, scene, view = window.journey, window.scene, window.view
    lane = lane_of(window, LaneKind.ACTIONS)
    source, target = journey.steps[0].id, journey.steps[1].id
    card = journey.cards_in(lane, source)[0]
    before = [c.id for c in journey.cards_in(lane, target)]
    box = scene.layout.cards[card.id].rect
    cell = scene.layout.cells[(lane, target)]
    undo_steps = window.document.stack.count()
    drag_scene(qtbot, view, QPointF(box.x + 30, box.y + 10), QPointF(cell.x + 40, cell.bottom - 10))
    settle(view)
    assert [c.id for c in journey.cards_in(lane, target)] == [*before, card.id]
    assert item_inside(window, card.id, cell)
    assert window.document.stack.count() == undo_steps + 1
    undo_redo(window)
    assert journey.cards_in(lane, source)[0].id == card.id
    assert item_inside(window, card.id, scene.layout.cells[(lane, source)])
    window.menu_actions.redo.trigger()
    settle(view)
    assert journey.card(card.id).step_id == target and item_inside(window, card.id, cell)


def test_dragging_a_card_above_its_neighbour_reorders_the_cell(
    qtbot: QtBot, window: MainWindow
) -> None:
    journey, scene, view = window.journey, window.scene, window.view
    lane = lane_of(window, LaneKind.TOUCHPOINTS)
    step = journey.steps[0].id
    first, second = (c.id for c in journey.cards_in(lane, step)[:2])
    upper = scene.layout.cards[first].rect
    lower = scene.layout.cards[second].rect
    drag_scene(qtbot, view, QPointF(lower.x + 30, lower.y + 8), QPointF(upper.x + 30, upper.y + 2))
    settle(view)
    assert [c.id for c in journey.cards_in(lane, step)][:2] == [second, first]
    assert scene.cards[second].y() < scene.cards[first].y()
    undo_redo(window)
    assert [c.id for c in journey.cards_in(lane, step)][:2] == [first, second]
    assert scene.cards[first].y() < scene.cards[second].y()
    window.menu_actions.redo.trigger()
    settle(view)
    assert [c.id for c in journey.cards_in(lane, step)][:2] == [second, first]


def test_rubber_band_selects_two_cards_and_one_drag_moves_both(
    qtbot: QtBot, window: MainWindow
) -> None:
    journey, scene, view = window.journey, window.scene, window.view
    lane = lane_of(window, LaneKind.ACTIONS)
    steps = journey.steps
    a = journey.cards_in(lane, steps[0].id)[0].id
    b = journey.cards_in(lane, steps[1].id)[0].id
    box_a, box_b = scene.layout.cards[a].rect, scene.layout.cards[b].rect
    cell_a = scene.layout.cells[(lane, steps[0].id)]
    # From empty space below card a, up and right over the lower part of a and b.
    drag_scene(
        qtbot,
        view,
        QPointF(box_a.x + 10, cell_a.bottom - 4),
        QPointF(box_b.x + 20, box_b.bottom - 6),
    )
    assert set(window.selection.card_ids) == {a, b}
    assert scene.cards[a].isSelected() and scene.cards[b].isSelected()
    # Dragging a three steps right moves both by three steps (issue 14: no piling up).
    target = (lane, steps[3].id)
    cell = scene.layout.cells[target]
    cell_b = scene.layout.cells[(lane, steps[4].id)]
    undo_steps = window.document.stack.count()
    drag_scene(
        qtbot, view, QPointF(box_a.x + 30, box_a.y + 10), QPointF(cell.x + 30, cell.bottom - 8)
    )
    settle(view)
    assert [c.id for c in journey.cards_in(*target)][-1] == a
    assert journey.card(b).step_id == steps[4].id
    assert item_inside(window, a, cell) and item_inside(window, b, cell_b)
    assert window.document.stack.count() == undo_steps + 1
    undo_redo(window)
    assert journey.card(a).step_id == steps[0].id and journey.card(b).step_id == steps[1].id
    assert item_inside(window, a, cell_a)
    window.menu_actions.redo.trigger()
    settle(view)
    assert (journey.card(a).step_id, journey.card(b).step_id) == (steps[3].id, steps[4].id)


def test_ctrl_click_adds_a_card_to_the_selection(qtbot: QtBot, window: MainWindow) -> None:
    journey, scene, view = window.journey, window.scene, window.view
    lane = lane_of(window, LaneKind.ACTIONS)
    a = journey.cards_in(lane, journey.steps[0].id)[0].id
    b = journey.cards_in(lane, journey.steps[1].id)[0].id
    for card_id, modifier in (
        (a, Qt.KeyboardModifier.NoModifier),
        (b, Qt.KeyboardModifier.ControlModifier),
    ):
        rect = scene.layout.cards[card_id].rect
        qtbot.mouseClick(
            view.viewport(), Qt.MouseButton.LeftButton, modifier, at(view, rect.x + 20, rect.y + 8)
        )
    assert set(window.selection.card_ids) == {a, b}


def test_double_click_edits_the_title_in_place_and_enter_commits(
    qtbot: QtBot, window: MainWindow
) -> None:
    journey, scene, view = window.journey, window.scene, window.view
    card = next(journey.cards())
    rect = scene.layout.cards[card.id].rect
    qtbot.mouseDClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=at(view, rect.x + 20, rect.y + 8)
    )
    assert view.editor.isVisible() and view.editor.toPlainText() == card.title
    qtbot.keyClicks(view.editor, "Zaz <b>bold</b>")
    view.editor.insertPlainText(
        " żółć 日本"
    )  # what an input method commits (QTest types ASCII only)
    qtbot.keyClick(view.editor, Qt.Key.Key_Return)
    settle(view)
    assert not view.editor.isVisible()
    assert journey.card(card.id).title == "Zaz <b>bold</b> żółć 日本"
    assert scene.cards[card.id].box.title_lines[0].startswith("Zaz <b>bold</b>")
    undo_redo(window)
    assert journey.card(card.id).title == card.title
    assert scene.cards[card.id].box.title_lines[0] == scene.layout.cards[card.id].title_lines[0]
    window.menu_actions.redo.trigger()
    settle(view)
    assert journey.card(card.id).title == "Zaz <b>bold</b> żółć 日本"


def test_escape_cancels_in_place_editing(qtbot: QtBot, window: MainWindow) -> None:
    journey, scene, view = window.journey, window.scene, window.view
    card = next(journey.cards())
    rect = scene.layout.cards[card.id].rect
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=at(view, rect.x + 20, rect.y + 8)
    )
    qtbot.keyClick(view, Qt.Key.Key_F2)
    assert view.editor.isVisible()
    qtbot.keyClicks(view.editor, "never mind")
    qtbot.keyClick(view.editor, Qt.Key.Key_Escape)
    settle(view)
    assert not view.editor.isVisible()
    assert journey.card(card.id).title == card.title
    assert window.document.stack.count() == 0


def test_dragging_an_emotion_point_snaps_it_to_the_scale(qtbot: QtBot, window: MainWindow) -> None:
    journey, scene, view = window.journey, window.scene, window.view
    lane = lane_of(window, LaneKind.EMOTIONS)
    persona = journey.personas[0]
    point = scene.layout.curves[persona.id][0]
    levels = scene.layout.emotion_scale_y[lane]
    new_score = point.score - 2 if point.score - 2 in levels else point.score + 2
    view.centerOn(point.x, point.y)
    # Release a little off the level: it snaps.
    drag_scene(qtbot, view, QPointF(point.x, point.y), QPointF(point.x + 3, levels[new_score] + 4))
    settle(view)
    assert journey.emotion(persona.id, point.step_id).score == new_score
    moved = next(p for p in scene.layout.curves[persona.id] if p.step_id == point.step_id)
    assert moved.y == levels[new_score]
    undo_redo(window)
    assert journey.emotion(persona.id, point.step_id).score == point.score
    window.menu_actions.redo.trigger()
    settle(view)
    assert journey.emotion(persona.id, point.step_id).score == new_score


def test_double_clicking_the_emotion_lane_sets_the_active_personas_score(
    qtbot: QtBot, window: MainWindow
) -> None:
    journey, scene, view = window.journey, window.scene, window.view
    lane = lane_of(window, LaneKind.EMOTIONS)
    persona = journey.personas[1]
    window.selection.set_active_persona(persona.id)
    step = journey.steps[2]
    column = scene.layout.step_rects[step.id]
    levels = scene.layout.emotion_scale_y[lane]
    score = (
        3
        if (journey.emotion(persona.id, step.id) or None) is None
        or journey.emotion(persona.id, step.id).score != 3
        else -3
    )
    x = column.x + 12  # away from the points in the middle of the column
    view.centerOn(x, levels[score])
    qtbot.mouseDClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=at(view, x, levels[score] + 2)
    )
    settle(view)
    assert journey.emotion(persona.id, step.id).score == score
