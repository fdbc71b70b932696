"""Issue 14, "Workshop polish": what a consultant hit on the canvas, with real mouse and keys.

Each test drives the viewport with QTest mouse and key events (and the context-menu and
tooltip events a platform sends after a right press or a hover) and checks the map.
"""

from __future__ import annotations

import html

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QContextMenuEvent, QDragEnterEvent, QDragMoveEvent, QDropEvent, QHelpEvent
from PySide6.QtWidgets import QApplication, QMenu, QToolTip
from pytestqt.qtbot import QtBot

from app.model.commands import EditCard, RemoveEmotion
from app.model.templates import new_map
from app.model.vocab import CardKind, LaneKind
from app.ui.document import Document
from app.ui.palette import mime_data_for
from app.ui.window import MainWindow
from tests.ui.helpers import at, drag, drag_scene, settle

RIGHT = Qt.MouseButton.RightButton
LEFT = Qt.MouseButton.LeftButton
CTRL = Qt.KeyboardModifier.ControlModifier


def lane_of(window: MainWindow, kind: LaneKind) -> str:
    return next(lane.id for lane in window.journey.lanes if lane.kind is kind)


def click_card(qtbot: QtBot, window: MainWindow, card_id: str, modifier=None) -> None:  # type: ignore[no-untyped-def]
    view = window.view
    rect = window.scene.layout.cards[card_id].rect
    view.ensureVisible(rect.x, rect.y, rect.width, rect.height)
    modifier = modifier or Qt.KeyboardModifier.NoModifier
    qtbot.mouseClick(view.viewport(), LEFT, modifier, at(view, rect.x + 20, rect.y + 8))


def right_click(qtbot: QtBot, window: MainWindow, pos: QPoint) -> QMenu:
    """A right press and release, then the context-menu event the platform sends."""
    viewport = window.view.viewport()
    qtbot.mousePress(viewport, RIGHT, pos=pos)
    qtbot.mouseRelease(viewport, RIGHT, pos=pos)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, viewport.mapToGlobal(pos))
    QApplication.sendEvent(viewport, event)
    menu = window.view.findChild(QMenu, "canvas-context-menu")
    assert menu is not None and menu.isVisible()
    return menu


def action(menu: QMenu, text: str):  # type: ignore[no-untyped-def]
    """The action whose text (without '&' and '…') starts with ``text``, in menus and submenus."""
    for act in menu.actions():
        label = act.text().replace("&", "").rstrip("…").lower()
        if label.startswith(text.lower()):
            return act
        if act.menu() is not None:
            found = action(act.menu(), text)
            if found is not None:
                return found
    return None


def hover_tooltip(window: MainWindow, pos: QPoint) -> str:
    viewport = window.view.viewport()
    QToolTip.hideText()
    event = QHelpEvent(QHelpEvent.Type.ToolTip, pos, viewport.mapToGlobal(pos))
    QApplication.sendEvent(viewport, event)
    return QToolTip.text() if QToolTip.isVisible() else ""


# ---------------------------------------------------------------------- 1. moving a selection
def test_dragging_a_two_lane_selection_a_step_right_keeps_each_card_in_its_lane(
    qtbot: QtBot, window: MainWindow
) -> None:
    journey, scene, view = window.journey, window.scene, window.view
    touch, back = lane_of(window, LaneKind.TOUCHPOINTS), lane_of(window, LaneKind.BACKSTAGE)
    s0, s1 = journey.steps[0].id, journey.steps[1].id
    a = journey.cards_in(touch, s0)[0].id
    b = journey.cards_in(back, s0)[0].id
    click_card(qtbot, window, a)
    click_card(qtbot, window, b, CTRL)
    assert set(window.selection.card_ids) == {a, b}
    view.show_top_left()
    box = scene.layout.cards[a].rect
    cell = scene.layout.cells[(touch, s1)]
    count = window.document.stack.count()
    drag_scene(qtbot, view, QPointF(box.x + 30, box.y + 10), QPointF(cell.x + 30, cell.bottom - 8))
    settle(view)
    assert (journey.card(a).lane_id, journey.card(a).step_id) == (touch, s1)
    assert (journey.card(b).lane_id, journey.card(b).step_id) == (back, s1)
    assert window.document.stack.count() == count + 1
    window.menu_actions.undo.trigger()
    settle(view)
    assert journey.card(a).step_id == s0 and journey.card(b).step_id == s0
    assert journey.card(b).lane_id == back


def test_ctrl_right_moves_cards_of_different_steps_each_one_step(
    qtbot: QtBot, window: MainWindow
) -> None:
    journey = window.journey
    lane = lane_of(window, LaneKind.ACTIONS)
    steps = journey.steps
    a = journey.cards_in(lane, steps[0].id)[0].id
    b = journey.cards_in(lane, steps[1].id)[0].id
    click_card(qtbot, window, a)
    click_card(qtbot, window, b, CTRL)
    count = window.document.stack.count()
    qtbot.keyClick(window.view, Qt.Key.Key_Right, CTRL)
    settle(window.view)
    assert journey.card(a).step_id == steps[1].id
    assert journey.card(b).step_id == steps[2].id
    assert journey.cards_in(lane, steps[1].id)[0].id == a  # relative order kept
    assert window.document.stack.count() == count + 1


# ---------------------------------------------------------------------- 2. delete
def _point_pos(window: MainWindow, persona_index: int, step_index: int) -> QPoint:
    scene, view = window.scene, window.view
    lane = lane_of(window, LaneKind.EMOTIONS)
    persona = window.journey.personas[persona_index]
    step = window.journey.steps[step_index]
    item = scene.emotion_items[lane]
    point = next(
        p
        for c in item.curves()
        if c.persona_id == persona.id
        for p in c.points
        if p.step_id == step.id
    )
    view.centerOn(point.x, point.y)
    return at(view, point.x, point.y)


def test_delete_on_a_clicked_emotion_point_removes_only_that_point(
    qtbot: QtBot, window: MainWindow
) -> None:
    journey, view = window.journey, window.view
    card = next(journey.cards())
    click_card(qtbot, window, card.id)  # a card selected first, then the point
    persona = journey.personas[0]
    step = journey.steps[4]
    qtbot.mouseClick(view.viewport(), LEFT, pos=_point_pos(window, 0, 4))
    count = window.document.stack.count()
    qtbot.keyClick(view.viewport(), Qt.Key.Key_Delete)
    settle(view)
    assert journey.has_card(card.id)
    assert journey.personas[0].id == persona.id
    assert journey.emotion(persona.id, step.id) is None
    assert journey.emotion(persona.id, journey.steps[3].id) is not None
    assert window.document.stack.count() == count + 1


def test_deleting_a_persona_asks_first(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.ui import asks

    answers: list[str] = []

    def answer(_parent: object, title: str, _text: str, _yes: str) -> bool:
        answers.append(title)
        return len(answers) > 1  # no the first time, yes the second

    monkeypatch.setattr(asks, "confirm", answer)
    journey = window.journey
    persona = journey.personas[1]
    panel = window.personas.list
    item = panel.item(1)
    qtbot.mouseClick(panel.viewport(), LEFT, pos=panel.visualItemRect(item).center())
    assert window.selection.focus == ("persona", persona.id)
    qtbot.keyClick(panel, Qt.Key.Key_Delete)
    assert answers and any(p.id == persona.id for p in journey.personas)
    qtbot.keyClick(panel, Qt.Key.Key_Delete)
    assert all(p.id != persona.id for p in journey.personas)


def test_delete_does_not_remove_a_selected_card_scrolled_out_of_view(
    qtbot: QtBot, window: MainWindow
) -> None:
    journey, view = window.journey, window.view
    card = next(journey.cards())
    click_card(qtbot, window, card.id)
    view.horizontalScrollBar().setValue(view.horizontalScrollBar().maximum())
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    qtbot.keyClick(view.viewport(), Qt.Key.Key_Delete)
    settle(view)
    assert journey.has_card(card.id)
    shown = view.mapToScene(view.viewport().rect()).boundingRect()
    assert shown.intersects(window.scene.cards[card.id].sceneBoundingRect())  # brought into view
    assert window.statusBar().currentMessage()
    qtbot.keyClick(view.viewport(), Qt.Key.Key_Delete)  # now the user can see what goes
    settle(view)
    assert not journey.has_card(card.id)


# ---------------------------------------------------------------------- 3. emotion clicks
def test_a_plain_click_in_the_emotion_lane_sets_nothing_a_double_click_does(
    qtbot: QtBot, window: MainWindow
) -> None:
    journey, scene, view = window.journey, window.scene, window.view
    lane = lane_of(window, LaneKind.EMOTIONS)
    persona = journey.personas[0]
    step = journey.steps[2]
    window.document.push(RemoveEmotion(journey, persona.id, step.id))
    window.selection.set_active_persona(persona.id)
    settle(view)
    column = scene.layout.step_rects[step.id]
    levels = scene.layout.emotion_scale_y[lane]
    x = column.x + 14
    view.centerOn(x, levels[2])
    count = window.document.stack.count()
    qtbot.mouseClick(view.viewport(), LEFT, pos=at(view, x, levels[2]))
    settle(view)
    assert journey.emotion(persona.id, step.id) is None
    assert window.document.stack.count() == count
    # A plain click on an existing point only selects it.
    qtbot.mouseClick(view.viewport(), LEFT, pos=_point_pos(window, 0, 3))
    settle(view)
    assert window.document.stack.count() == count
    view.centerOn(x, levels[2])  # clear of the pinned lane names
    qtbot.mouseDClick(view.viewport(), LEFT, pos=at(view, x, levels[2]))
    settle(view)
    point = journey.emotion(persona.id, step.id)
    assert point is not None and point.score == 2
    assert window.document.stack.count() == count + 1


# ---------------------------------------------------------------------- 8. pinned headers
def test_headers_stay_pinned_while_scrolling_and_still_answer_the_mouse(
    qtbot: QtBot, window: MainWindow
) -> None:
    journey, scene, view = window.journey, window.scene, window.view
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    view.horizontalScrollBar().setValue(view.horizontalScrollBar().maximum() // 2)
    settle(view)
    shown = view.mapToScene(view.viewport().rect()).boundingRect()
    step = next(s for s in journey.steps if scene.layout.step_rects[s.id].x > shown.left() + 10)
    header = scene.headers[("step", step.id)]
    top_of_header = view.mapFromScene(header.scenePos()).y()
    assert 0 <= top_of_header < 80  # still at the top of the view
    lane = journey.lanes[-1]
    lane_header = scene.headers[("lane", lane.id)]
    assert abs(view.mapFromScene(lane_header.scenePos()).x()) < 5  # at the left edge
    rect = header.sceneBoundingRect()
    qtbot.mouseDClick(view.viewport(), LEFT, pos=at(view, rect.center().x(), rect.center().y()))
    assert view.editor.isVisible() and view.editor.target == ("step", step.id)
    assert view.viewport().rect().contains(view.editor.geometry().center())


def test_a_map_opens_at_the_top_left_at_its_own_zoom(qtbot: QtBot, window: MainWindow) -> None:
    view = window.view
    for _ in range(4):
        qtbot.keyClick(view.viewport(), Qt.Key.Key_Plus, CTRL)
    view.horizontalScrollBar().setValue(view.horizontalScrollBar().maximum())
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    zoomed = view.zoom
    window.set_document(Document(new_map()))
    QApplication.processEvents()
    assert view.zoom != zoomed
    assert view.zoom == pytest.approx(view.opening_zoom())
    shown = view.mapToScene(view.viewport().rect()).boundingRect()
    assert shown.top() <= 0 and shown.left() <= 0


# ---------------------------------------------------------------------- 9. escape after add
def test_escape_in_the_first_edit_of_a_new_card_removes_it_without_an_undo_step(
    qtbot: QtBot, window: MainWindow
) -> None:
    journey, scene, view = window.journey, window.scene, window.view
    lane = lane_of(window, LaneKind.PAIN_POINTS)
    step = journey.steps[8].id  # an empty pain-point cell
    assert not journey.cards_in(lane, step)
    cell = scene.layout.cells[(lane, step)]
    view.centerOn(cell.x + cell.width / 2, cell.y + cell.height / 2)
    count = journey.card_count
    qtbot.mouseDClick(view.viewport(), LEFT, pos=at(view, cell.x + 30, cell.y + 30))
    assert view.editor.isVisible() and journey.card_count == count + 1
    qtbot.keyClick(view.editor, Qt.Key.Key_Escape)
    settle(view)
    assert journey.card_count == count and not journey.cards_in(lane, step)
    assert window.document.stack.count() == 0 and not window.document.modified
    assert not window.menu_actions.redo.isEnabled()


# ---------------------------------------------------------------------- 11. context menus
def test_right_click_keeps_the_selection_and_offers_card_actions(
    qtbot: QtBot, window: MainWindow
) -> None:
    journey, scene, view = window.journey, window.scene, window.view
    lane = lane_of(window, LaneKind.ACTIONS)
    a = journey.cards_in(lane, journey.steps[0].id)[0].id
    b = journey.cards_in(lane, journey.steps[1].id)[0].id
    click_card(qtbot, window, a)
    click_card(qtbot, window, b, CTRL)
    rect = scene.layout.cards[b].rect
    menu = right_click(qtbot, window, at(view, rect.x + 20, rect.y + 8))
    assert set(window.selection.card_ids) == {a, b}
    for text in ("Edit", "Delete", "Duplicate", "Move to stage"):
        assert action(menu, text) is not None, text
    count = journey.card_count
    action(menu, "Duplicate").trigger()
    settle(view)
    assert journey.card_count == count + 2
    menu.close()


def test_context_menus_on_a_cell_a_header_a_point_and_the_canvas(
    qtbot: QtBot, window: MainWindow
) -> None:
    journey, scene, view = window.journey, window.scene, window.view
    lane = lane_of(window, LaneKind.PAIN_POINTS)
    step = journey.steps[8].id
    cell = scene.layout.cells[(lane, step)]
    view.centerOn(cell.x + cell.width / 2, cell.y + cell.height / 2)
    menu = right_click(qtbot, window, at(view, cell.x + 30, cell.y + 30))
    action(menu, "Add pain point").trigger()
    settle(view)
    assert [c.kind for c in journey.cards_in(lane, step)] == [CardKind.PAIN_POINT]
    view.editor.cancel()
    menu.close()
    view.show_top_left()
    stage = journey.stages[0]
    rect = scene.layout.stage_rects[stage.id]
    menu = right_click(qtbot, window, at(view, rect.x + 20, rect.y + 10))
    assert action(menu, "Insert stage before") is not None
    action(menu, "Insert stage after").trigger()
    settle(view)
    assert len(journey.stages) == 6 and journey.stages[0].id == stage.id
    view.editor.cancel()
    menu.close()
    persona = journey.personas[0]
    step_id = journey.steps[3].id
    menu = right_click(qtbot, window, _point_pos(window, 0, 3))
    assert action(menu, "Set emotion note") is not None
    action(menu, "Remove point").trigger()
    settle(view)
    assert journey.emotion(persona.id, step_id) is None
    menu.close()
    view.show_top_left()
    menu = right_click(qtbot, window, at(view, scene.layout.width + 20, 20))
    assert action(menu, "Add stage") is not None
    menu.close()


# ---------------------------------------------------------------------- 12. text you cannot see
def test_a_long_card_shows_its_full_text_as_plain_text_and_can_be_expanded(
    qtbot: QtBot, window: MainWindow
) -> None:
    journey, scene, view = window.journey, window.scene, window.view
    card = next(journey.cards())
    long_title = "<img src=x> " + " ".join(f"word{i}" for i in range(80)) + " END"
    window.document.push(EditCard(journey, card.id, title=long_title))
    settle(view)
    assert scene.cards[card.id].box.truncated
    view.show_top_left()
    rect = scene.layout.cards[card.id].rect
    pos = at(view, rect.x + 20, rect.y + 8)
    tip = hover_tooltip(window, pos)
    assert html.escape("<img src=x>") in tip and "END" in tip and "<img" not in tip
    menu = right_click(qtbot, window, pos)
    action(menu, "Show full text").trigger()
    settle(view)
    assert not scene.cards[card.id].box.truncated
    assert scene.cards[card.id].box.title_lines[-1].endswith("END")
    menu.close()


def test_an_emotion_note_has_a_tooltip(qtbot: QtBot, window: MainWindow) -> None:
    journey = window.journey
    persona = journey.personas[0]
    step_index = next(
        i
        for i, s in enumerate(journey.steps)
        if (journey.emotion(persona.id, s.id) or None) and journey.emotion(persona.id, s.id).note  # type: ignore[union-attr]
    )
    note = journey.emotion(persona.id, journey.steps[step_index].id).note  # type: ignore[union-attr]
    tip = hover_tooltip(window, _point_pos(window, 0, step_index))
    assert html.escape(note) in tip and persona.name in tip


def test_curves_with_equal_values_stay_apart(qtbot: QtBot, window: MainWindow) -> None:
    journey, view = window.journey, window.view
    step = journey.steps[1]  # every persona scores 1 here
    assert len({journey.emotion(p.id, step.id).score for p in journey.personas}) == 1  # type: ignore[union-attr]
    for index, persona in enumerate(journey.personas):
        qtbot.mouseClick(view.viewport(), LEFT, pos=_point_pos(window, index, 1))
        assert window.selection.focus == ("persona", persona.id)


# ---------------------------------------------------------------------- 13. resizing
def test_header_edges_show_a_resize_cursor_and_grab_on_both_sides(
    qtbot: QtBot, window: MainWindow
) -> None:
    journey, scene, view = window.journey, window.scene, window.view
    view.show_top_left()
    step = journey.steps[0]
    rect = scene.layout.step_rects[step.id]
    y = rect.y + rect.height / 2
    qtbot.mouseMove(view.viewport(), at(view, rect.right + 3, y))
    assert view.viewport().cursor().shape() == Qt.CursorShape.SizeHorCursor
    qtbot.mouseMove(view.viewport(), at(view, rect.x + rect.width / 2, y))
    assert view.viewport().cursor().shape() != Qt.CursorShape.SizeHorCursor
    width = step.width
    drag(qtbot, view, at(view, rect.right + 3, y), at(view, rect.right + 63, y))
    settle(view)
    assert journey.step(step.id).width > width + 30


def test_the_emotion_lane_keeps_a_sensible_minimum_height(qtbot: QtBot, window: MainWindow) -> None:
    scene, view = window.scene, window.view
    lane = lane_of(window, LaneKind.EMOTIONS)
    rect = scene.layout.lane_rects[lane]
    view.centerOn(rect.x + 100, rect.bottom)
    # Come from inside the lane: a move to where the pointer already is sends no event.
    qtbot.mouseMove(view.viewport(), at(view, rect.x + 60, rect.bottom - 40))
    qtbot.mouseMove(view.viewport(), at(view, rect.x + 60, rect.bottom - 2))
    assert view.viewport().cursor().shape() == Qt.CursorShape.SizeVerCursor
    drag(qtbot, view, at(view, rect.x + 60, rect.bottom - 2), at(view, rect.x + 60, rect.y - 300))
    settle(view)
    assert scene.layout.lane_rects[lane].height >= 120


# ---------------------------------------------------------------------- 14. feedback
def test_a_new_stages_name_editor_opens_in_view(qtbot: QtBot, window: MainWindow) -> None:
    journey, view = window.journey, window.view
    window.selection.set_focus("stage", journey.stages[0].id)
    view.horizontalScrollBar().setValue(view.horizontalScrollBar().maximum())
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    window.menu_actions.all["add_stage"].trigger()
    assert view.editor.isVisible() and view.editor.target is not None
    assert view.editor.target[0] == "stage"
    assert view.viewport().rect().contains(view.editor.geometry().center())


def test_a_card_dropped_on_the_emotion_lane_says_why_it_was_refused(
    qtbot: QtBot, window: MainWindow
) -> None:
    journey, scene, view = window.journey, window.scene, window.view
    lane = lane_of(window, LaneKind.EMOTIONS)
    cell = scene.layout.cells[(lane, journey.steps[1].id)]
    view.centerOn(cell.x + 40, cell.y + 40)
    target = at(view, cell.x + 40, cell.y + 40)
    mime = mime_data_for(f"card:{CardKind.PAIN_POINT.value}")
    copy = Qt.DropAction.CopyAction
    args = (mime, LEFT, Qt.KeyboardModifier.NoModifier)
    count = journey.card_count
    QApplication.sendEvent(view.viewport(), QDragEnterEvent(target, copy, *args))
    QApplication.sendEvent(view.viewport(), QDragMoveEvent(target, copy, *args))
    QApplication.sendEvent(view.viewport(), QDropEvent(QPointF(target), copy, *args))
    settle(view)
    assert journey.card_count == count
    assert "emotion" in window.statusBar().currentMessage().lower()
