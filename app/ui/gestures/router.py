"""Routes the scene's mouse events to the gesture the press started, if any."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtWidgets import QGraphicsSceneMouseEvent

from app.model.commands import SetEmotion
from app.ui import card_ops
from app.ui.gestures.base import Gesture
from app.ui.gestures.card_drag import CardDrag
from app.ui.gestures.emotion_drag import EmotionDrag
from app.ui.gestures.header_drag import HeaderMove, HeaderResize
from app.ui.items.card_item import CardItem
from app.ui.items.emotion import EmotionLaneItem
from app.ui.items.headers import HeaderItem

if TYPE_CHECKING:
    from app.ui.scene import MapScene

#: How far (in screen pixels) from a header's edge, on either side, a press resizes it.
RESIZE_REACH_PX = 6.0


class GestureRouter:
    def __init__(self, scene: MapScene) -> None:
        self.scene = scene
        self.gesture: Gesture | None = None
        #: The cell last clicked, where a paste lands when no card is selected.
        self.current_cell: tuple[str, str] | None = None

    def _hit(
        self, pos: QPointF
    ) -> tuple[CardItem | None, HeaderItem | None, EmotionLaneItem | None]:
        """The card, header or emotion lane on top at ``pos`` (pinned headers cover cards)."""
        for item in self.scene.items(pos):  # topmost first
            if isinstance(item, CardItem):
                return item, None, None
            if isinstance(item, HeaderItem):
                return None, item, None
            if isinstance(item, EmotionLaneItem):
                return None, None, item
            if getattr(item, "blocks_gestures", False):  # the pinned title corner
                return None, None, None
        return None, None, None

    def resize_target(self, pos: QPointF) -> HeaderItem | None:
        """The header whose resizing edge is at ``pos``, from either side of the edge."""
        views = self.scene.views()
        zoom = views[0].transform().m11() if views else 1.0
        reach = RESIZE_REACH_PX / max(zoom, 0.05)
        area = QRectF(pos.x() - reach, pos.y() - reach, 2 * reach, 2 * reach)
        top = next(
            (i for i in self.scene.items(pos) if isinstance(i, (CardItem, HeaderItem))), None
        )
        if isinstance(top, CardItem):
            return None
        for item in self.scene.items(area):
            if isinstance(item, HeaderItem) and item.on_resize_edge(pos.x(), pos.y(), reach):
                return item
        return None

    def press(self, event: QGraphicsSceneMouseEvent) -> bool:
        if event.button() != Qt.MouseButton.LeftButton:
            return self.gesture is not None
        if self.gesture is not None:
            return True
        self.scene.flush()
        pos = event.scenePos()
        cell = self.scene.layout.cell_at(pos.x(), pos.y())
        if cell is not None:
            self.current_cell = cell
        edge = self.resize_target(pos)
        if edge is not None:
            self.gesture = HeaderResize(self.scene, event, edge)
            return True
        card, header, emotion = self._hit(pos)
        if card is not None:
            self.gesture = CardDrag(self.scene, event, card)
            return True
        if header is not None:
            self.gesture = HeaderMove(self.scene, event, header)
            return True
        if emotion is not None and pos.x() >= self.scene.layout.metrics.lane_header_width:
            gesture = EmotionDrag.start(self.scene, event, emotion)
            if gesture is not None:
                self.gesture = gesture
                return True
        # Empty space: the map itself gets the focus, the view may start a rubber band.
        self.scene.selection.set_focus("map")
        return False

    def move(self, event: QGraphicsSceneMouseEvent) -> bool:
        if self.gesture is None:
            return False
        if not event.buttons() & Qt.MouseButton.LeftButton:
            return True
        self.gesture.move(event)
        return True

    def release(self, event: QGraphicsSceneMouseEvent) -> bool:
        if self.gesture is None:
            return False
        if event.button() != Qt.MouseButton.LeftButton:
            return True
        gesture, self.gesture = self.gesture, None
        gesture.release(event)
        return True

    def cancel(self) -> bool:
        """Abandon the gesture under way (Escape); True if there was one."""
        if self.gesture is None:
            return False
        gesture, self.gesture = self.gesture, None
        gesture.cancel()
        return True

    def double_click(self, event: QGraphicsSceneMouseEvent) -> bool:
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        self.cancel()
        scene = self.scene
        pos = event.scenePos()
        card, header, emotion = self._hit(pos)
        if card is not None:
            scene.edit_requested.emit("card", card.card_id)
            return True
        if header is not None:
            scene.edit_requested.emit(header.kind, header.element_id)
            return True
        if emotion is not None:
            near = emotion.point_near(pos.x(), pos.y(), 10.0)
            if near is not None:
                scene.edit_requested.emit("note", f"{near[0]}/{near[1]}")
                return True
            return self._set_point(pos, emotion)
        cell = scene.layout.cell_at(pos.x(), pos.y())
        if cell is not None and card_ops.accepts_cards(scene.journey, cell[0]):
            journey = scene.journey
            fresh = card_ops.new_card(journey, *cell)
            index = card_ops.gap_at(scene.layout, journey, cell[0], cell[1], pos.y())
            card_ops.add_card(scene.document, fresh, index)
            scene.flush()
            scene.select_cards([fresh.id])
            scene.edit_requested.emit("card", fresh.id)
            return True
        return False

    def _set_point(self, pos: QPointF, emotion: EmotionLaneItem) -> bool:
        """Double-click in the emotion lane: the active persona's point at that step."""
        scene = self.scene
        journey = scene.journey
        persona_id = scene.selection.active_persona(journey)
        cell = scene.layout.cell_at(pos.x(), pos.y())
        if cell is None or cell[0] != emotion.lane_id:
            return False
        if persona_id is None:
            scene.say("Add a persona first: each curve belongs to a persona.")
            return True
        score = scene.layout.score_at(emotion.lane_id, pos.y())
        point = journey.emotion(persona_id, cell[1])
        if point is None or point.score != score:
            scene.document.push(SetEmotion(journey, persona_id, cell[1], score))
        scene.selection.set_point(persona_id, cell[1])
        return True
