"""The background of the map: lane rows, cell borders, stage boundaries and the title corner."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from app.model.layout import Layout, TextStyle
from app.ui import style
from app.ui.fonts import draw_text, elide


@dataclass(frozen=True, slots=True)
class Row:
    top: float
    height: float
    colour: QColor
    emotions: bool


class GridItem(QGraphicsItem):
    """Paints the rows and cell lines of the whole map (only the exposed part)."""

    def __init__(self) -> None:
        super().__init__()
        self._rect = QRectF()
        self._rows: list[Row] = []
        self._columns: list[float] = []  # x of every step's right edge
        self._stage_edges: list[float] = []
        self._left = 0.0
        self._top = 0.0
        self.title = ""
        self.subtitle = ""
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(0.0)

    def set_layout(self, layout: Layout, rows: list[Row], title: str, subtitle: str) -> None:
        self.prepareGeometryChange()
        self._rect = QRectF(0.0, 0.0, layout.width, layout.height)
        self._rows = rows
        self._columns = [layout.step_rects[s].right for s in layout.step_order]
        self._stage_edges = [rect.right for rect in layout.stage_rects.values()]
        self._left = layout.metrics.lane_header_width
        self._top = layout.metrics.stage_header_height + layout.metrics.step_header_height
        self.title, self.subtitle = title, subtitle
        self.update()

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        exposed = option.exposedRect
        right = self._rect.width()
        painter.fillRect(
            QRectF(self._left, self._top, right - self._left, self._rect.height() - self._top),
            QColor("#ffffff"),
        )
        for row in self._rows:
            if row.top > exposed.bottom() or row.top + row.height < exposed.top():
                continue
            fill = style.PAPER if row.emotions else style.tint(row.colour, 0.6)
            painter.fillRect(QRectF(self._left, row.top, right - self._left, row.height), fill)
        painter.setPen(QPen(style.GRID_LINE, 1.0))
        lines = [
            QLineF(self._left, row.top + row.height, right, row.top + row.height)
            for row in self._rows
        ]
        lines += [
            QLineF(x, self._top, x, self._rect.height())
            for x in self._columns
            if exposed.left() - 2 <= x <= exposed.right() + 2
        ]
        painter.drawLines(lines)
        painter.setPen(QPen(style.GRID_LINE.darker(125), 1.6))
        painter.drawLines([QLineF(x, self._top, x, self._rect.height()) for x in self._stage_edges])
        self._paint_corner(painter)

    def _paint_corner(self, painter: QPainter) -> None:
        corner = QRectF(0.0, 0.0, self._left, self._top)
        painter.fillRect(corner, style.CORNER)
        width = self._left - 14.0
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
