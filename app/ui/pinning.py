"""Frozen panes: stage and step headers stay at the top of the view, lane names at its left.

The header items are moved (not redrawn elsewhere), so they keep answering the mouse
where the user sees them: drag, resize, double-click and right-click work pinned. The
title corner stays over the place where the two bands meet.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from app.model.layout import TextStyle
from app.ui import style
from app.ui.fonts import draw_text, elide
from app.ui.items.headers import LaneHeaderItem

if TYPE_CHECKING:
    from app.ui.view import MapView

CORNER_Z = 8.0


class CornerItem(QGraphicsItem):
    """The map's title in the top-left corner, above the pinned headers."""

    #: The router lets presses here do nothing (the headers underneath are hidden).
    blocks_gestures = True

    def __init__(self) -> None:
        super().__init__()
        self._rect = QRectF()
        self.title = ""
        self.subtitle = ""
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(CORNER_Z)

    def set_content(self, width: float, height: float, title: str, subtitle: str) -> None:
        if (width, height) != (self._rect.width(), self._rect.height()):
            self.prepareGeometryChange()
            self._rect = QRectF(0.0, 0.0, width, height)
        if (title, subtitle) != (self.title, self.subtitle):
            self.title, self.subtitle = title, subtitle
        self.update()

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        rect = self._rect
        painter.fillRect(rect, style.CORNER)
        width = rect.width() - 14.0
        painter.setPen(style.HEADER_INK)
        draw_text(painter, TextStyle.LANE, 7.0, 20.0, elide(TextStyle.LANE, self.title, width))
        painter.setPen(QColor("#b8c2d3"))
        draw_text(
            painter,
            TextStyle.CARD_META,
            7.0,
            38.0,
            elide(TextStyle.CARD_META, self.subtitle, width),
        )


class Pins:
    """Keeps one view's headers in sight: call ``apply`` after a scroll, zoom or relayout."""

    def __init__(self, view: MapView) -> None:
        self.view = view
        self.corner = CornerItem()
        self._scene: object = None

    def apply(self) -> None:
        view = self.view
        scene = view.map_scene()
        if self._scene is not scene:  # a new map: the corner moves to its scene
            old = self.corner.scene()
            if old is not None:
                old.removeItem(self.corner)
            scene.addItem(self.corner)
            self._scene = scene
        layout = scene.layout
        metrics = layout.metrics
        top_left = view.mapToScene(0, 0)
        dx, dy = max(0.0, top_left.x()), max(0.0, top_left.y())
        for (kind, element_id), item in scene.headers.items():
            if kind == "lane":
                rect = layout.lane_rects.get(element_id)
                if rect is not None:
                    _place(item, rect.x + dx, rect.y)
                    levels = layout.emotion_scale_y.get(element_id, {})
                    if isinstance(item, LaneHeaderItem):
                        item.set_scale({score: y - rect.y for score, y in levels.items()})
            else:
                rects = layout.stage_rects if kind == "stage" else layout.step_rects
                rect = rects.get(element_id)
                if rect is not None:
                    _place(item, rect.x, rect.y + dy)
        info = scene.journey.info
        height = metrics.stage_header_height + metrics.step_header_height
        self.corner.set_content(metrics.lane_header_width, height, info.title, info.state.label)
        _place(self.corner, dx, dy)

    def pinned_top(self) -> float:
        """The scene height the pinned top band covers below the view's top edge."""
        metrics = self.view.map_scene().layout.metrics
        return metrics.stage_header_height + metrics.step_header_height


def _place(item: QGraphicsItem, x: float, y: float) -> None:
    if item.pos() != QPointF(x, y):
        item.setPos(x, y)
