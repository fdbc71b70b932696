"""Draws the palette's icons (card kinds, moment of truth) with QPainter."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QPolygonF

from app.model.palette import KIND_ICONS, MOMENT_OF_TRUTH_ICON, Icon
from app.model.vocab import CardKind


def draw_icon(painter: QPainter, icon: Icon, rect: QRectF, colour: QColor) -> None:
    """Draw ``icon`` (primitives in a unit box) scaled into ``rect``."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    x, y, w, h = rect.x(), rect.y(), rect.width(), rect.height()
    stroke = QPen(colour, max(0.6, w / 10))
    for part in icon:
        points = [QPointF(x + px * w, y + py * h) for px, py in part.points]
        filled = part.filled and part.shape != "polyline"
        painter.setPen(Qt.PenStyle.NoPen if filled else stroke)
        painter.setBrush(colour if filled else Qt.BrushStyle.NoBrush)
        if part.shape == "circle":
            painter.drawEllipse(points[0], part.radius * w, part.radius * h)
        elif part.shape == "polygon":
            painter.drawPolygon(QPolygonF(points))
        else:
            painter.drawPolyline(QPolygonF(points))
    painter.restore()


def draw_kind_icon(painter: QPainter, kind: CardKind, rect: QRectF, colour: QColor) -> None:
    draw_icon(painter, KIND_ICONS[kind], rect, colour)


def draw_moment_of_truth(painter: QPainter, centre: QPointF, size: float, colour: QColor) -> None:
    rect = QRectF(centre.x() - size / 2, centre.y() - size / 2, size, size)
    draw_icon(painter, MOMENT_OF_TRUTH_ICON, rect, colour)
