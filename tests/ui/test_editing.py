"""Keyboard, clipboard, find, headers and panels: what a facilitator does besides dragging."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.model.commands import EditCard, EditPersona
from app.model.entities import Card
from app.model.layout import compute_layout
from app.model.synthetic import synthetic_map
from app.model.templates import new_map
from app.model.vocab import LaneKind
from app.ui.canvas_layout import CanvasLayout
from app.ui.clipboard import CARDS_MIME
from app.ui.document import Document
from app.ui.properties.fields import LineField, TextField
from app.ui.window import MainWindow
from tests.conftest import EXAMPLES
from tests.ui.conftest import close_quietly
from tests.ui.helpers import at, drag_scene, settle


def click_card(qtbot: QtBot, window: MainWindow, card_id: str) -> None:
    rect = window.scene.layout.cards[card_id].rect
    window.view.ensure_card_visible(card_id)
    qtbot.mouseClick(
        window.view.viewport(),
        Qt.MouseButton.LeftButton,
        pos=at(window.view, rect.x + 20, rect.y + 8),
    )


@pytest.mark.parametrize("name", EXAMPLES)
def test_canvas_lines_break_exactly_like_the_shared_layout(qtbot: QtBot, name: str) -> None:
    engine = CanvasLayout()
    journey = new_map(name)
    assert engine.compute(journey) == compute_layout(journey, engine.measurer)


def test_canvas_layout_matches_for_awkward_text(qtbot: QtBot) -> None:
    journey = synthetic_map(60)
    engine = CanvasLayout()
    texts = [
        "  leading spaces and  double  spaces ",
        "https://example.com/" + "x" * 90,
        "日本語のテキストは空白なしで長く続きますので文字単位で折り返す必要があります",
        "Line one\nLine two\n\nLine four",
        "Ελληνικά και Кириллица και Zażółć gęślą jaźń " * 4,
        "",
    ]
    from app.ui.document import Document

    document = Document(journey)
    for card, text in zip(list(journey.cards()), texts * 5, strict=False):
        document.push(EditCard(journey, card.id, title=text, body=text[::-1]))
    assert engine.compute(journey) == compute_layout(journey, engine.measurer)


def test_markup_in_a_title_is_shown_as_plain_characters(window: MainWindow) -> None:
    card = next(window.journey.cards())
    window.document.push(EditCard(window.journey, card.id, title='<img src="file:///etc/passwd">'))
    settle(window.view)
    assert "".join(window.scene.cards[card.id].box.title_lines).startswith("<img")


def test_arrows_move_the_selection_and_tab_walks_in_reading_order(
    qtbot: QtBot, window: MainWindow
) -> None:
    journey = window.journey
    order = [card.id for card in journey.cards()]
    click_card(qtbot, window, order[0])
    qtbot.keyClick(window.view, Qt.Key.Key_Tab)
    assert window.selection.card_ids == [order[1]]
    qtbot.keyClick(window.view, Qt.Key.Key_Right)
    selected = journey.card(window.selection.card_ids[0])
    assert selected.lane_id == journey.card(order[1]).lane_id
    assert journey.steps[
        [s.id for s in journey.steps].index(journey.card(order[1]).step_id) + 1
    ].id == (selected.step_id)


def test_ctrl_arrow_moves_the_card_to_the_next_cell_in_one_undo_step(
    qtbot: QtBot, window: MainWindow
) -> None:
    journey = window.journey
    card = next(journey.cards())
    click_card(qtbot, window, card.id)
    qtbot.keyClick(window.view, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    settle(window.view)
    assert journey.card(card.id).step_id == journey.steps[1].id
    assert window.document.stack.count() == 1
    window.menu_actions.undo.trigger()
    assert journey.card(card.id).step_id == card.step_id


def test_copy_paste_puts_copies_after_the_selection_and_plain_text_on_the_clipboard(
    qtbot: QtBot, window: MainWindow
) -> None:
    journey = window.journey
    card = next(journey.cards())
    click_card(qtbot, window, card.id)
    window.menu_actions.all["copy"].trigger()
    mime = QApplication.clipboard().mimeData()
    assert mime.hasFormat(CARDS_MIME) and mime.text().startswith(card.title)
    window.menu_actions.all["paste"].trigger()
    cell = journey.cards_in(card.lane_id, card.step_id)
    copy = cell[1]
    assert copy.id != card.id and copy.title == card.title and copy.body == card.body
    assert window.selection.card_ids == [copy.id]
    window.menu_actions.undo.trigger()
    assert not journey.has_card(copy.id)


def test_pasting_text_from_another_program_makes_one_card_per_line(
    qtbot: QtBot, window: MainWindow
) -> None:
    journey = window.journey
    card = next(journey.cards())
    click_card(qtbot, window, card.id)
    QApplication.clipboard().setText("Call centre wait\n\nRefund slow\n")
    before = journey.card_count
    window.menu_actions.all["paste"].trigger()
    assert journey.card_count == before + 2
    titles = [c.title for c in journey.cards_in(card.lane_id, card.step_id)]
    assert titles[1:3] == ["Call centre wait", "Refund slow"]
    assert window.document.stack.count() == 1


def test_cut_and_delete_remove_cards_and_undo_brings_them_back(
    qtbot: QtBot, window: MainWindow
) -> None:
    journey = window.journey
    card = next(journey.cards())
    click_card(qtbot, window, card.id)
    window.menu_actions.all["cut"].trigger()
    settle(window.view)
    assert not journey.has_card(card.id) and card.id not in window.scene.cards
    window.menu_actions.undo.trigger()
    settle(window.view)
    assert journey.card(card.id) == card and card.id in window.scene.cards


def test_duplicate_puts_a_copy_below(qtbot: QtBot, window: MainWindow) -> None:
    journey = window.journey
    card = next(journey.cards())
    click_card(qtbot, window, card.id)
    window.menu_actions.all["duplicate"].trigger()
    cell = journey.cards_in(card.lane_id, card.step_id)
    assert cell[0].id == card.id and cell[1].title == card.title and cell[1].id != card.id


def test_find_highlights_matching_cards(qtbot: QtBot, window: MainWindow) -> None:
    window.menu_actions.all["find"].trigger()
    assert window.find_bar.isVisible()
    qtbot.keyClicks(window.find_bar.edit, "voucher")
    matches = window.find_bar.matches
    assert matches and all(
        "voucher"
        in (
            window.journey.card(i).title
            + window.journey.card(i).body
            + " ".join(window.journey.card(i).evidence.quotes)
        ).lower()
        for i in matches
    )
    assert all(window.scene.cards[i].highlighted for i in matches)
    qtbot.keyClick(window.find_bar.edit, Qt.Key.Key_Return)
    first = window.find_bar.found[0]  # headers (stage, step, lane) come before cards
    assert window.selection.focus == (first.kind, first.id)
    qtbot.keyClick(window.find_bar.edit, Qt.Key.Key_Escape)
    assert not any(item.highlighted for item in window.scene.cards.values())


def test_dragging_a_lane_header_reorders_the_lanes(qtbot: QtBot, window: MainWindow) -> None:
    journey, scene = window.journey, window.scene
    lanes = [lane.id for lane in journey.lanes]
    first = scene.layout.lane_rects[lanes[0]]
    third = scene.layout.lane_rects[lanes[2]]
    drag_scene(
        qtbot, window.view, QPointF(40, first.y + 20), QPointF(40, third.y + third.height - 5)
    )
    settle(window.view)
    assert [lane.id for lane in journey.lanes][:3] == [lanes[1], lanes[2], lanes[0]]
    assert scene.headers[("lane", lanes[0])].y() > scene.headers[("lane", lanes[2])].y()
    window.menu_actions.undo.trigger()
    assert [lane.id for lane in journey.lanes] == lanes


def test_dragging_a_step_edge_resizes_the_step(qtbot: QtBot, window: MainWindow) -> None:
    journey, scene = window.journey, window.scene
    step = journey.steps[0]
    rect = scene.layout.step_rects[step.id]
    drag_scene(
        qtbot,
        window.view,
        QPointF(rect.right - 1, rect.y + 10),
        QPointF(rect.right + 61, rect.y + 10),
    )
    settle(window.view)
    assert journey.step(step.id).width == pytest.approx(step.width + 62, abs=1.5)
    assert scene.layout.step_rects[step.id].width == journey.step(step.id).width


def test_delete_removes_a_focused_step_with_its_cards_and_undo_restores_it(
    qtbot: QtBot, window: MainWindow
) -> None:
    journey, scene = window.journey, window.scene
    step = journey.steps[1]
    before = journey.snapshot()
    rect = scene.layout.step_rects[step.id]
    qtbot.mouseClick(
        window.view.viewport(),
        Qt.MouseButton.LeftButton,
        pos=at(window.view, rect.x + 40, rect.y + 10),
    )
    assert window.selection.focus == ("step", step.id)
    window.menu_actions.all["delete"].trigger()
    assert not journey.has_step(step.id)
    window.menu_actions.undo.trigger()
    assert journey.snapshot() == before


def test_properties_panel_edits_the_card_and_follows_the_canvas(
    qtbot: QtBot, window: MainWindow
) -> None:
    journey = window.journey
    card = next(journey.cards())
    click_card(qtbot, window, card.id)
    form = window.properties.forms["card"]
    assert window.properties.stack.currentWidget() is form
    title = next(field for field, _r, _w in form._rows if isinstance(field, TextField))
    assert title.edit.toPlainText() == card.title
    # widget -> model
    title.edit.setPlainText("Edited in the panel")
    title.edit.left.emit()
    settle(window.view)
    assert journey.card(card.id).title == "Edited in the panel"
    assert window.scene.cards[card.id].box.title_lines == ("Edited in the panel",)
    # model -> widget (undo)
    window.menu_actions.undo.trigger()
    QApplication.processEvents()
    assert title.edit.toPlainText() == card.title


def test_an_invalid_value_in_the_panel_is_refused_with_a_reason(
    qtbot: QtBot, window: MainWindow
) -> None:
    journey = window.journey
    kpi = (
        next(c for c in journey.cards() if c.metrics)
        if any(c.metrics for c in journey.cards())
        else None
    )
    card = kpi or next(journey.cards())
    click_card(qtbot, window, card.id)
    form = window.properties.forms["card"]
    metrics = [field for field, _r, _w in form._rows if isinstance(field, TextField)][2]
    metrics.edit.setPlainText("CSAT 9")
    metrics.edit.left.emit()
    assert journey.card(card.id).metrics == card.metrics
    assert form.problem.isVisibleTo(form) and "CSAT" in form.problem.text()


def test_personas_panel_hides_a_curve_and_edits_the_map_form(
    qtbot: QtBot, window: MainWindow
) -> None:
    journey = window.journey
    panel = window.personas
    item = panel.list.item(1)
    persona = journey.personas[1]
    item.setCheckState(Qt.CheckState.Unchecked)
    settle(window.view)
    assert not journey.persona(persona.id).show_curve
    emotion = next(iter(window.scene.emotion_items.values()))
    assert persona.id not in {curve.persona_id for curve in emotion.curves()}
    window.document.push(EditPersona(journey, persona.id, show_curve=True))
    QApplication.processEvents()
    assert panel.list.item(1).checkState() == Qt.CheckState.Checked
    panel.list.setCurrentRow(2)
    assert window.selection.active_persona_id == journey.personas[2].id
    assert window.selection.focus == ("persona", journey.personas[2].id)


def test_map_form_renames_the_map(qtbot: QtBot, window: MainWindow) -> None:
    form = window.properties.forms["map"]
    title = next(field for field, _r, _w in form._rows if isinstance(field, LineField))
    title.edit.setText("Renamed map")
    title.edit.editingFinished.emit()
    assert window.journey.info.title == "Renamed map"
    assert window.scene.grid.title == "Renamed map" or (
        settle(window.view) or window.scene.grid.title == "Renamed map"
    )


def test_zoom_keys_and_fit(qtbot: QtBot, window: MainWindow) -> None:
    view = window.view
    window.menu_actions.all["zoom_in"].trigger()
    assert view.zoom == pytest.approx(1.25)
    window.menu_actions.all["zoom_reset"].trigger()
    assert view.zoom == pytest.approx(1.0)
    window.menu_actions.all["zoom_fit"].trigger()
    layout = window.scene.layout
    shown = view.mapToScene(view.viewport().rect()).boundingRect()
    assert shown.width() >= layout.width - 1 or shown.height() >= layout.height - 1
    assert "Zoom" in window.zoom_label.text()


def test_a_card_can_be_dropped_only_outside_the_emotion_lane(
    qtbot: QtBot, window: MainWindow
) -> None:
    journey, scene = window.journey, window.scene
    lane = next(lane.id for lane in journey.lanes if lane.kind is LaneKind.EMOTIONS)
    card = next(journey.cards())
    box = scene.layout.cards[card.id].rect
    cell = scene.layout.cells[(lane, journey.steps[0].id)]
    drag_scene(qtbot, window.view, QPointF(box.x + 20, box.y + 8), QPointF(cell.x + 20, cell.y + 5))
    settle(window.view)
    assert journey.card(card.id) == card and window.document.stack.count() == 0
    assert scene.cards[card.id].pos().x() == box.x and scene.cards[card.id].pos().y() == box.y


def test_a_big_map_shows_every_card(qtbot: QtBot) -> None:
    from app.ui.document import Document
    from tests.ui.conftest import close_quietly

    big = MainWindow(Document(synthetic_map(3000)))
    try:
        big.scene.ensure_all_items()
        assert len(big.scene.cards) == 3000
        assert isinstance(next(iter(big.journey.cards())), Card)
    finally:
        close_quietly(big)


def test_no_two_actions_share_a_key_where_delete_also_takes_ctrl_d(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    # KDE and GNOME bind Delete to Del and Ctrl+D; with Duplicate on Ctrl+D too, the key
    # was ambiguous (Qt then triggers neither) and the shortcuts sheet listed it twice.
    platform_bindings = QKeySequence.keyBindings

    def kde_bindings(key: QKeySequence.StandardKey) -> list[QKeySequence]:
        if key == QKeySequence.StandardKey.Delete:
            return [QKeySequence("Del"), QKeySequence("Ctrl+D")]
        return platform_bindings(key)

    monkeypatch.setattr(QKeySequence, "keyBindings", staticmethod(kde_bindings))
    window = MainWindow(Document(new_map("retail-checkout")))
    try:
        owners: dict[str, list[str]] = {}
        for name, action in window.menu_actions.all.items():
            for key in action.shortcuts():
                owners.setdefault(key.toString(), []).append(name)
        assert {key: names for key, names in owners.items() if len(names) > 1} == {}
        assert owners["Ctrl+D"] == ["duplicate"] and owners["Del"] == ["delete"]
    finally:
        close_quietly(window)
