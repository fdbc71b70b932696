"""What every gesture has: the scene it works in and the distance that makes a drag."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QApplication, QGraphicsSceneMouseEvent

if TYPE_CHECKING:
    from app.ui.scene import MapScene


class Gesture:
    """A press-move-release on the canvas. Items only move on screen until release."""

    def __init__(self, scene: MapScene, event: QGraphicsSceneMouseEvent) -> None:
        self.scene = scene
        self.press_pos = QPointF(event.scenePos())
        self.press_screen = event.screenPos()
        self.dragging = False

    def _passed_threshold(self, event: QGraphicsSceneMouseEvent) -> bool:
        if not self.dragging:
            moved = (event.screenPos() - self.press_screen).manhattanLength()
            if moved >= QApplication.startDragDistance():
                self.dragging = True
        return self.dragging

    def move(self, event: QGraphicsSceneMouseEvent) -> None:
        raise NotImplementedError

    def release(self, event: QGraphicsSceneMouseEvent) -> None:
        raise NotImplementedError

    def cancel(self) -> None:
        """Put everything back as it was (Escape, or the map changed under the gesture)."""
