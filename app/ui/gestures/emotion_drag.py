"""Moving emotion points: press on a point, drag it up or down, release.

A plain click on a point only selects it; a press elsewhere in the lane sets nothing
(a new point takes a double-click, see the router): a click meant to focus the canvas
must never change the curve.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QGraphicsSceneMouseEvent

from app.model.commands import SetEmotion
from app.ui.gestures.base import Gesture
from app.ui.items.emotion import EmotionLaneItem

if TYPE_CHECKING:
    from app.ui.scene import MapScene

#: How far (in points) from a point a press still grabs it.
GRAB_REACH = 9.0


class EmotionDrag(Gesture):
    """Drags one persona's point at one step; it snaps to the scale; one SetEmotion on release."""

    def __init__(
        self,
        scene: MapScene,
        event: QGraphicsSceneMouseEvent,
        item: EmotionLaneItem,
        persona_id: str,
        step_id: str,
    ) -> None:
        super().__init__(scene, event)
        self.item = item
        self.persona_id = persona_id
        self.step_id = step_id
        point = scene.journey.emotion(persona_id, step_id)
        self.score = point.score if point is not None else self._score(event.scenePos().y())

    @classmethod
    def start(
        cls, scene: MapScene, event: QGraphicsSceneMouseEvent, item: EmotionLaneItem
    ) -> EmotionDrag | None:
        pos = event.scenePos()
        near = item.point_near(pos.x(), pos.y(), GRAB_REACH)
        if near is None:
            return None
        persona_id, step_id = near
        scene.clearSelection()  # the point is now what Delete acts on, not a card
        scene.selection.set_active_persona(persona_id)
        scene.selection.set_point(persona_id, step_id)
        return cls(scene, event, item, persona_id, step_id)

    def _score(self, y: float) -> int:
        return self.scene.layout.score_at(self.item.lane_id, y)

    def _preview(self) -> None:
        layout = self.scene.layout
        column = layout.step_rects[self.step_id]
        y = layout.emotion_scale_y[self.item.lane_id][self.score]
        self.item.set_preview(self.persona_id, self.step_id, column.x + column.width / 2, y)

    def move(self, event: QGraphicsSceneMouseEvent) -> None:
        if not self._passed_threshold(event):
            return
        score = self._score(event.scenePos().y())
        if score != self.score:
            self.score = score
            self._preview()

    def release(self, event: QGraphicsSceneMouseEvent) -> None:
        if not self.dragging:  # a click: the point is selected, nothing changes
            self.item.clear_preview()
            return
        self.score = self._score(event.scenePos().y())
        journey = self.scene.journey
        current = journey.emotion(self.persona_id, self.step_id)
        if current is None or current.score != self.score:
            self.scene.document.push(SetEmotion(journey, self.persona_id, self.step_id, self.score))
        else:
            self.item.clear_preview()

    def cancel(self) -> None:
        self.item.clear_preview()
