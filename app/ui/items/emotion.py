"""The emotion-curve lane: the scale, the zero line, one smooth curve per persona, the markers."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from app.model.layout import POINT_RADIUS, SCALE_WIDTH, CurvePoint, TextStyle, smooth_curve
from app.ui import style
from app.ui.fonts import draw_text, elide, text_width
from app.ui.items import USER_TYPE
from app.ui.items.icons import draw_moment_of_truth

EMOTION_TYPE = USER_TYPE + 3
#: Widest a scale label is drawn (points): it stays left of the first step's points.
SCALE_LABEL_WIDTH = 70.0
#: How far apart (in points) the points of personas with the same score at a step are
#: drawn, so that equal curves run side by side instead of hiding each other.
SPREAD = 5.0


@dataclass(frozen=True, slots=True)
class CurveStyle:
    persona_id: str
    colour: QColor
    points: tuple[CurvePoint, ...]
    notes: frozenset[str]  # step ids whose point has a note
    active: bool
    primary: bool = False  # the map's primary persona: on top of the others (as on the poster)


class EmotionLaneItem(QGraphicsItem):
    """Draws one emotion lane; the scene hands it the geometry from the layout."""

    #: The scale's words by score ("Very negative"...), drawn on their level lines.
    scale_labels: dict[int, str] = {}  # noqa: RUF012 (replaced whole by the scene, never changed)

    def __init__(self, lane_id: str) -> None:
        super().__init__()
        self.lane_id = lane_id
        self._rect = QRectF()
        self._levels: dict[int, float] = {}
        self._curves: list[CurveStyle] = []
        self._moments: list[float] = []
        self._preview: tuple[str, str, float, float] | None = None  # persona, step, x, y
        self._selected: tuple[str, str] | None = None  # (persona id, step id)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(4.0)

    def type(self) -> int:
        return EMOTION_TYPE

    def set_geometry(
        self,
        rect: QRectF,
        levels: dict[int, float],
        curves: list[CurveStyle],
        moments: list[float],
    ) -> None:
        if rect != self._rect:
            self.prepareGeometryChange()
            self._rect = rect
        self._levels = levels
        self._curves, self._moments = curves, moments
        self._preview = None
        self.update()

    def set_preview(self, persona_id: str, step_id: str, x: float, y: float) -> None:
        """Show a point being dragged (not yet in the model)."""
        self._preview = (persona_id, step_id, x, y)
        self.update()

    def set_selected_point(self, point: tuple[str, str] | None) -> None:
        if point != self._selected:
            self._selected = point
            self.update()

    def clear_preview(self) -> None:
        if self._preview is not None:
            self._preview = None
            self.update()

    def curves(self) -> list[CurveStyle]:
        return self._curves

    def boundingRect(self) -> QRectF:
        return self._rect.adjusted(-2.0, -2.0, 2.0, 2.0)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        left = self._rect.left() + SCALE_WIDTH
        right = self._rect.right()
        for score, y in self._levels.items():
            pen = QPen(
                style.ZERO_LINE if score == 0 else style.SCALE_LINE, 1.2 if score == 0 else 0.8
            )
            if score != 0:
                pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawLine(QLineF(left, y, right, y))
            label = f"{score:+d}" if score else "0"
            painter.setPen(style.MUTED_INK)
            draw_text(
                painter,
                TextStyle.SCALE,
                left - 4.0 - text_width(TextStyle.SCALE, label),
                y + 2.5,
                label,
            )
            words = self.scale_labels.get(score)
            if words:  # the scale in words, just above its line at the start of the lane
                draw_text(painter, TextStyle.SCALE, left + 4.0, y - 2.5, elide_scale(words))
        self._paint_moments(painter)
        for curve in paint_order(self._curves):
            self._paint_curve(painter, curve)

    def _paint_moments(self, painter: QPainter) -> None:
        top, bottom = self._rect.top(), self._rect.bottom()
        pen = QPen(style.MOMENT_OF_TRUTH, 1.0, Qt.PenStyle.DotLine)
        for x in self._moments:
            painter.setPen(pen)
            painter.drawLine(QLineF(x, top + 13.0, x, bottom - 2.0))
            draw_moment_of_truth(painter, QPointF(x, top + 7.5), 11.0, style.MOMENT_OF_TRUTH)

    def _points(self, curve: CurveStyle) -> list[tuple[str, float, float]]:
        points = [(p.step_id, p.x, p.y) for p in curve.points]
        if self._preview and self._preview[0] == curve.persona_id:
            _, step_id, x, y = self._preview
            points = [p for p in points if p[0] != step_id] + [(step_id, x, y)]
            points.sort(key=lambda p: p[1])
        return points

    def _paint_curve(self, painter: QPainter, curve: CurveStyle) -> None:
        points = self._points(curve)
        if not points:
            return
        xy = [(x, y) for _, x, y in points]
        path = QPainterPath(QPointF(*xy[0]))
        for _start, c1, c2, end in smooth_curve(xy):
            path.cubicTo(QPointF(*c1), QPointF(*c2), QPointF(*end))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        width = 3.0 if curve.active else 1.8
        # A white outline keeps each curve visible where another runs alongside it.
        painter.setPen(QPen(QColor("#ffffff"), width + 2.4))
        painter.drawPath(path)
        painter.setPen(QPen(curve.colour, width))
        painter.drawPath(path)
        radius = POINT_RADIUS + (0.8 if curve.active else 0.0)
        for step_id, x, y in points:
            if self._selected == (curve.persona_id, step_id):
                painter.setPen(QPen(style.SELECTION, 2.0))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawEllipse(QPointF(x, y), radius + 3.0, radius + 3.0)
            painter.setPen(QPen(QColor("#ffffff"), 1.2))
            painter.setBrush(curve.colour)
            painter.drawEllipse(QPointF(x, y), radius, radius)
            if step_id in curve.notes:
                _paint_note_mark(painter, QPointF(x + radius + 1.5, y - radius - 7.5), curve.colour)

    def point_near(self, x: float, y: float, reach: float) -> tuple[str, str] | None:
        """The (persona id, step id) of the visible point nearest to (x, y) within ``reach``."""
        best: tuple[float, tuple[str, str]] | None = None
        for curve in sorted(self._curves, key=lambda c: not c.active):
            for point in curve.points:
                distance = ((point.x - x) ** 2 + (point.y - y) ** 2) ** 0.5
                if distance <= reach and (best is None or distance < best[0] - 0.01):
                    best = (distance, (curve.persona_id, point.step_id))
        return best[1] if best else None


def paint_order(curves: list[CurveStyle]) -> list[CurveStyle]:
    """The curves in the order they are painted: the active persona's last (on top), the
    primary persona's just under it, the others in the map's order."""
    return sorted(curves, key=lambda c: (c.active, c.primary))


def elide_scale(words: str) -> str:
    """A scale label cut to fit before the first step's point."""
    return elide(TextStyle.SCALE, words, SCALE_LABEL_WIDTH)


def _paint_note_mark(painter: QPainter, at: QPointF, colour: QColor) -> None:
    """A small speech bubble: this point has a note (hover it to read the note)."""
    bubble = QRectF(at.x(), at.y(), 10.0, 7.5)
    painter.setPen(QPen(colour.darker(130), 0.9))
    painter.setBrush(QColor("#ffffff"))
    painter.drawRoundedRect(bubble, 2.0, 2.0)
    tail = QPainterPath(QPointF(bubble.left() + 2.0, bubble.bottom() - 0.4))
    tail.lineTo(bubble.left() - 0.5, bubble.bottom() + 2.5)
    tail.lineTo(bubble.left() + 4.5, bubble.bottom() - 0.4)
    painter.drawPath(tail)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour.darker(130))
    for dx in (2.7, 5.0, 7.3):
        painter.drawEllipse(QPointF(bubble.left() + dx, bubble.center().y()), 0.75, 0.75)


def spread_equal(curves: list[CurveStyle]) -> list[CurveStyle]:
    """The curves with the points that share a step and a score moved apart vertically
    (centred on the level), so each persona's point stays visible and can be clicked."""
    shared: dict[tuple[str, int], list[str]] = {}
    for curve in curves:
        for point in curve.points:
            shared.setdefault((point.step_id, point.score), []).append(curve.persona_id)
    if all(len(ids) == 1 for ids in shared.values()):
        return curves
    spread = []
    for curve in curves:
        points = []
        for point in curve.points:
            ids = shared[(point.step_id, point.score)]
            offset = (ids.index(curve.persona_id) - (len(ids) - 1) / 2) * SPREAD
            points.append(CurvePoint(point.step_id, point.x, point.y + offset, point.score))
        spread.append(dataclasses.replace(curve, points=tuple(points)))
    return spread
