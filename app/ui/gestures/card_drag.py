"""Clicking and dragging cards: selection on press, items follow the mouse, one move on release."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtWidgets import QGraphicsSceneMouseEvent

from app.ui import card_ops
from app.ui.gestures.base import Gesture
from app.ui.items.card_item import CardItem

if TYPE_CHECKING:
    from app.ui.scene import MapScene

DRAG_Z = 20.0


class CardDrag(Gesture):
    """Press on a card: select it (Ctrl toggles, Shift adds); drag: move the selection."""

    def __init__(self, scene: MapScene, event: QGraphicsSceneMouseEvent, item: CardItem) -> None:
        super().__init__(scene, event)
        self.item = item
        modifiers = event.modifiers()
        self.select_only_on_release = False
        if modifiers & Qt.KeyboardModifier.ControlModifier:
            item.setSelected(not item.isSelected())
        elif modifiers & Qt.KeyboardModifier.ShiftModifier:
            item.setSelected(True)
        elif item.isSelected():
            self.select_only_on_release = (
                True  # a plain click on a selected card keeps a drag possible
            )
        else:
            scene.clearSelection()
            item.setSelected(True)
        scene.selection.set_focus("card", item.card_id)
        self.moving: list[CardItem] = []
        self.origins: list[QPointF] = []
        self.target: tuple[str, str, int] | None = None

    def _start(self) -> None:
        selected = [
            self.scene.cards[card_id]
            for card_id in self.scene.selection.card_ids
            if card_id in self.scene.cards
        ]
        if self.item not in selected:
            selected.append(self.item)
        self.moving = selected
        self.origins = [QPointF(item.pos()) for item in selected]
        for item in selected:
            item.setZValue(DRAG_Z)

    def move(self, event: QGraphicsSceneMouseEvent) -> None:
        if not self.item.isSelected() or not self._passed_threshold(event):
            return
        if not self.moving:
            self._start()
        delta = event.scenePos() - self.press_pos
        for item, origin in zip(self.moving, self.origins, strict=True):
            item.setPos(origin + delta)
        self.target = self._target(event.scenePos())
        self._show_target()

    def _target(self, pos: QPointF) -> tuple[str, str, int] | None:
        scene = self.scene
        cell = scene.layout.cell_at(pos.x(), pos.y())
        if cell is None or not card_ops.accepts_cards(scene.journey, cell[0]):
            return None
        moving = {item.card_id for item in self.moving}
        gap = card_ops.gap_at(scene.layout, scene.journey, cell[0], cell[1], pos.y(), moving)
        return cell[0], cell[1], gap

    def _show_target(self) -> None:
        scene = self.scene
        if self.target is None:
            scene.indicator.hide()
            return
        lane_id, step_id, gap = self.target
        cell = scene.layout.cells[(lane_id, step_id)]
        moving = {item.card_id for item in self.moving}
        y = card_ops.gap_line_y(scene.layout, scene.journey, lane_id, step_id, gap, moving)
        pad = scene.layout.metrics.cell_padding
        scene.indicator.show_at(
            QRectF(cell.x, cell.y, cell.width, cell.height),
            QLineF(cell.x + pad, y, cell.right - pad, y),
        )

    def release(self, event: QGraphicsSceneMouseEvent) -> None:
        scene = self.scene
        scene.indicator.hide()
        if not self.moving:
            if self.select_only_on_release:
                scene.select_cards([self.item.card_id])
            return
        for item in self.moving:
            item.setZValue(2.0)
        target = self._target(event.scenePos())
        moved = False
        if target is not None:
            offset = self._offset(target)
            if offset is not None:
                ids = [item.card_id for item in self.moving]
                steps, lanes = offset
                anchor = (self.item.card_id, target[2])
                moved = card_ops.move_by_offset(scene.document, ids, steps, lanes, anchor)
        else:
            cell = scene.layout.cell_at(event.scenePos().x(), event.scenePos().y())
            if cell is not None and not card_ops.accepts_cards(scene.journey, cell[0]):
                scene.say("Cards cannot go in the emotion lane: it holds the personas' curves.")
        if not moved:
            self.cancel()

    def _offset(self, target: tuple[str, str, int]) -> tuple[int, int] | None:
        """Steps and card lanes from the dragged card's cell to ``target``'s, for every card.

        The selection changes lanes only when every card can go that many lanes over;
        else the cards keep their lanes and only move across steps.
        """
        journey = self.scene.journey
        card = journey.card(self.item.card_id)
        step_ids = [step.id for step in journey.steps]
        lane_ids = card_ops.card_lanes(journey)
        steps = step_ids.index(target[1]) - step_ids.index(card.step_id)
        lanes = lane_ids.index(target[0]) - lane_ids.index(card.lane_id)
        ids = [item.card_id for item in self.moving]
        if lanes and card_ops.offset_targets(journey, ids, steps, lanes) is None:
            lanes = 0
        if card_ops.offset_targets(journey, ids, steps, lanes) is None:
            return None
        return steps, lanes

    def cancel(self) -> None:
        self.scene.indicator.hide()
        for item, origin in zip(self.moving, self.origins, strict=True):
            item.setPos(origin)
            item.setZValue(2.0)
