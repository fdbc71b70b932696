"""Transient items: the drop indicator (target cell and insert line) and resize guides."""

from __future__ import annotations

from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from app.ui import style


class DropIndicator(QGraphicsItem):
    """A highlighted area with an insertion line: where a drop or a drag will land."""

    def __init__(self) -> None:
        super().__init__()
        self._area = QRectF()
        self._line = QLineF()
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(50.0)
        self.hide()

    def show_at(self, area: QRectF | None, line: QLineF | None) -> None:
        area = area or QRectF()
        line = line or QLineF()
        if area != self._area or line != self._line:
            self.prepareGeometryChange()
            self._area, self._line = area, line
        self.show()

    def area(self) -> QRectF:
        return self._area

    def line(self) -> QLineF:
        return self._line

    def boundingRect(self) -> QRectF:
        bounds = self._area
        if not self._line.isNull():
            line_box = QRectF(self._line.p1(), self._line.p2()).normalized()
            bounds = bounds.united(line_box) if not bounds.isNull() else line_box
        return bounds.adjusted(-4.0, -4.0, 4.0, 4.0)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        if not self._area.isNull():
            painter.setPen(QPen(style.SELECTION, 1.2, Qt.PenStyle.DashLine))
            painter.setBrush(style.DROP_FILL)
            painter.drawRect(self._area)
        if not self._line.isNull():
            painter.setPen(
                QPen(style.SELECTION, 3.0, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
            )
            painter.drawLine(self._line)
