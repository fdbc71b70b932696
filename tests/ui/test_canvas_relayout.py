"""The canvas's partial relayout (only the lanes whose cards changed) equals a full layout,
and the card items (held by one item per lane) sit where the layout puts them."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF
from pytestqt.qtbot import QtBot

from app.model.commands import AddCard, EditCard, MoveCard, RemoveCard, SetEmotion
from app.model.layout import compute_layout
from app.model.templates import new_map
from app.model.vocab import LaneKind
from app.ui.canvas_layout import CanvasLayout
from app.ui.fonts import register_fonts
from app.ui.items.card_item import CardItem
from app.ui.window import MainWindow
from tests.ui.helpers import LEFT, NO_MODIFIER, at, drag_scene, move_with_button, settle


def test_partial_relayouts_match_full_layouts(qtbot: QtBot) -> None:
    register_fonts()
    journey = new_map("retail-checkout")
    engine = CanvasLayout()
    journey.subscribe(lambda change: engine.note(journey, change))
    engine.compute(journey)
    lanes = [lane.id for lane in journey.lanes if lane.kind.value != "emotions"]
    steps = [step.id for step in journey.steps]
    first = next(journey.cards())
    long_text = " ".join(["Wort"] * 60)
    commands = [
        lambda: MoveCard(journey, first.id, lanes[0], steps[5], 0),  # a taller cell
        lambda: EditCard(journey, first.id, title=long_text),
        lambda: MoveCard(journey, first.id, lanes[-1], steps[0], 0),  # far down
        lambda: RemoveCard(journey, journey.cards_in(lanes[2], steps[5])[0].id),
        lambda: AddCard(
            journey,
            journey.cards_in(lanes[1], steps[0])[0]._replace(id="fresh", title=long_text),
            0,
        ),
        lambda: SetEmotion(journey, journey.personas[0].id, steps[0], -3),
    ]
    for make in commands:
        make().do()
        partial = engine.compute(journey)
        full = compute_layout(journey, engine.measurer, engine.metrics)
        assert partial == full


def _tallest_cell(window: MainWindow, lane_id: str) -> tuple[str, str]:
    """The step ids of the tallest cell of ``lane_id`` and of its shortest neighbour."""
    journey, layout = window.journey, window.scene.layout
    steps = [step.id for step in journey.steps]

    def bottom(step_id: str) -> float:
        cards = journey.cards_in(lane_id, step_id)
        return max((layout.cards[card.id].rect.bottom for card in cards), default=0.0)

    target = max(range(len(steps)), key=lambda i: bottom(steps[i]))
    neighbours = [i for i in (target - 1, target + 1) if 0 <= i < len(steps)]
    neighbours = [i for i in neighbours if journey.cards_in(lane_id, steps[i])]
    return steps[target], steps[min(neighbours, key=lambda i: bottom(steps[i]))]


def test_a_drop_that_grows_a_lane_puts_every_card_item_at_its_layout_box(
    qtbot: QtBot, window: MainWindow
) -> None:
    journey, scene, view = window.journey, window.scene, window.view
    settle(view)
    lane = next(lane.id for lane in journey.lanes if lane.kind is not LaneKind.EMOTIONS)
    target, source = _tallest_cell(window, lane)
    card = journey.cards_in(lane, source)[0]
    box = scene.layout.cards[card.id].rect
    cell = scene.layout.cells[(lane, target)]
    bottom = scene.layout.lane_rects[lane].bottom
    last = journey.lanes[-1].id
    below = next(c.id for step in journey.steps for c in journey.cards_in(last, step.id))
    below_y = scene.cards[below].scenePos().y()
    view.centerOn(cell.x + cell.width / 2, cell.y + 200)
    pad = scene.layout.metrics.cell_padding
    drag_scene(
        qtbot,
        view,
        QPointF(box.x + box.width / 2, box.y + 10),
        QPointF(cell.x + cell.width / 2, cell.y + pad + 2),
    )
    settle(view)
    assert journey.card(card.id).step_id == target
    grown = scene.layout.lane_rects[lane].bottom - bottom
    assert grown > 0  # the lane is taller: every row below it moved
    full = compute_layout(journey, scene.engine.measurer, scene.engine.metrics)
    assert scene.layout == full
    scene.ensure_all_items()
    assert scene.cards.keys() == full.cards.keys()
    for card_id, card_box in full.cards.items():
        item = scene.cards[card_id]
        shown = item.mapRectToScene(item.shape().boundingRect())
        expected = card_box.rect
        # The lane item's place plus the card's place in it: equal up to rounding.
        assert shown.x() == pytest.approx(expected.x, abs=1e-6), card_id
        assert shown.y() == pytest.approx(expected.y, abs=1e-6), card_id
        assert shown.width() == pytest.approx(expected.width, abs=1e-6), card_id
        assert shown.height() == pytest.approx(expected.height, abs=1e-6), card_id
        assert item.pos() == item.scenePos()  # pos() answers in scene coordinates
    assert scene.cards[below].scenePos().y() == pytest.approx(below_y + grown, abs=1e-6)
    window.menu_actions.undo.trigger()
    settle(view)
    assert scene.cards[below].scenePos().y() == pytest.approx(below_y, abs=1e-6)


def test_a_dragged_card_is_drawn_above_the_others_and_goes_back_to_its_lane(
    qtbot: QtBot, window: MainWindow
) -> None:
    journey, scene, view = window.journey, window.scene, window.view
    settle(view)
    lanes = [lane.id for lane in journey.lanes if lane.kind is not LaneKind.EMOTIONS]
    step = journey.steps[1].id
    card = journey.cards_in(lanes[0], step)[0]
    other = journey.cards_in(lanes[1], step)[0]
    item = scene.cards[card.id]
    lane_item = item.parentItem()
    assert lane_item is scene.lanes[lanes[0]]
    box = scene.layout.cards[card.id].rect
    over = scene.layout.cards[other.id].rect
    view.centerOn(box.x, box.y + 150)
    start = at(view, box.x + 20, box.y + 10)
    end = at(view, over.x + 20, over.y + 10)
    viewport = view.viewport()
    qtbot.mousePress(viewport, LEFT, NO_MODIFIER, start)
    for i in range(1, 9):
        move_with_button(view, start + (end - start) * (i / 8))
    # Lifted out of its lane: above the card it passes over, as before lane items.
    under = view.mapToScene(end)
    assert next(i for i in scene.items(under) if isinstance(i, CardItem)) is item
    assert item.parentItem() is None
    # Put down outside the map: the move is cancelled and the card is back in its lane.
    outside = at(view, -30, -30)
    move_with_button(view, outside)
    qtbot.mouseRelease(viewport, LEFT, NO_MODIFIER, outside)
    settle(view)
    assert journey.card(card.id).step_id == step
    assert item.parentItem() is lane_item
    assert item.zValue() == 2.0
    assert item.scenePos() == QPointF(box.x, box.y)
