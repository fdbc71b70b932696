"""Keyboard on the canvas: arrows move the selection, Ctrl+arrows move the card, Tab walks.

Enter or F2 edits the selected card's title (F2 is also an action in the Edit menu).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent

from app.model.journey import JourneyMap
from app.ui import card_ops

if TYPE_CHECKING:
    from app.ui.view import MapView

_DIRECTIONS = {
    Qt.Key.Key_Left: (0, -1),
    Qt.Key.Key_Right: (0, 1),
    Qt.Key.Key_Up: (-1, 0),
    Qt.Key.Key_Down: (1, 0),
}


def _current(view: MapView) -> str | None:
    selection = view.map_scene().selection
    kind, element_id = selection.focus
    if kind == "card" and element_id in view.map_scene().cards:
        return element_id
    return selection.card_ids[-1] if selection.card_ids else None


def _select(view: MapView, card_id: str) -> None:
    scene = view.map_scene()
    scene.select_cards([card_id])
    scene.selection.set_focus("card", card_id)
    view.ensure_card_visible(card_id)


def _first_card(journey: JourneyMap) -> str | None:
    return next((card.id for card in journey.cards()), None)


def neighbour(journey: JourneyMap, card_id: str, lanes: int, steps: int) -> str | None:
    """The card next to ``card_id``: up/down in the cell, then across lanes; left/right by step."""
    card = journey.card(card_id)
    lane_ids = [lane.id for lane in journey.lanes]
    step_ids = [step.id for step in journey.steps]
    index = journey.card_index(card_id)
    if lanes:
        cell = journey.cards_in(card.lane_id, card.step_id)
        if 0 <= index + lanes < len(cell):
            return cell[index + lanes].id
        lane_index = lane_ids.index(card.lane_id) + lanes
        while 0 <= lane_index < len(lane_ids):
            cards = journey.cards_in(lane_ids[lane_index], card.step_id)
            if cards:
                return cards[0 if lanes > 0 else -1].id
            lane_index += lanes
        return None
    step_index = step_ids.index(card.step_id) + steps
    while 0 <= step_index < len(step_ids):
        cards = journey.cards_in(card.lane_id, step_ids[step_index])
        if cards:
            return cards[min(index, len(cards) - 1)].id
        step_index += steps
    return None


def _move_to_neighbour_cell(view: MapView, card_id: str, lanes: int, steps: int) -> None:
    """Ctrl+arrow: move the selected cards one step (or card lane) over, each from its own
    cell; at the edge of the grid nothing moves."""
    scene = view.map_scene()
    journey = scene.journey
    ids = [i for i in scene.selection.card_ids if journey.has_card(i)] or [card_id]
    if not card_ops.move_by_offset(scene.document, ids, steps, lanes):
        return
    scene.flush()
    scene.select_cards(ids)
    view.ensure_card_visible(card_id)


def handle_key(view: MapView, event: QKeyEvent) -> bool:
    """Handle a navigation key on the canvas; False if it is not one."""
    key = event.key()
    scene = view.map_scene()
    if key in _DIRECTIONS:
        lanes, steps = _DIRECTIONS[Qt.Key(key)]
        current = _current(view)
        if current is None:
            first = _first_card(scene.journey)
            if first is not None:
                _select(view, first)
            return True
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            _move_to_neighbour_cell(view, current, lanes, steps)
            return True
        target = neighbour(scene.journey, current, lanes, steps)
        if target is not None:
            _select(view, target)
        return True
    if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2):
        kind, element_id = scene.selection.focus
        if kind in ("card", "stage", "step", "lane"):
            scene.edit_requested.emit(kind, element_id)
            return True
    return False


def walk(view: MapView, backwards: bool) -> None:
    """Tab: select the next card in reading order (lane by lane, step by step, top to bottom)."""
    journey = view.map_scene().journey
    order = [card.id for card in journey.cards()]
    if not order:
        return
    current = _current(view)
    if current is None or current not in order:
        _select(view, order[-1] if backwards else order[0])
        return
    index = order.index(current) + (-1 if backwards else 1)
    _select(view, order[index % len(order)])
