"""Stage, step and lane headers: labels of the grid that can be selected, dragged and resized."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from app.model.layout import CENTRED_BASELINE, LINE_HEIGHT, Rect, TextStyle
from app.ui import style
from app.ui.fonts import draw_text, elide, text_width
from app.ui.items import USER_TYPE

HEADER_TYPE = USER_TYPE + 2
#: Stages alternate between the palette's stage colour and a slightly lighter tone.
STAGE_FILLS = (style.STAGE_FILL, style.tint(style.STAGE_FILL, 0.12))
STEP_FILL = style.STEP_FILL
#: How close (in points) to a header's far edge a press resizes instead of moving it.
RESIZE_MARGIN = 6.0


class HeaderItem(QGraphicsItem):
    """A header of one stage, step or lane; ``kind`` says which."""

    kind = ""
    #: Headers stay pinned over the cards while scrolling: the top band over the lane column.
    base_z = 7.0

    def __init__(self, element_id: str, rect: Rect, name: str) -> None:
        super().__init__()
        self.element_id = element_id
        self.name = name
        self.detail = ""
        self.fill = STEP_FILL
        self.focused = False
        self._rect = QRectF()
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(self.base_z)
        self.set_rect(rect)

    def type(self) -> int:
        return HEADER_TYPE

    def set_rect(self, rect: Rect) -> None:
        if rect.width != self._rect.width() or rect.height != self._rect.height():
            self.prepareGeometryChange()
            self._rect = QRectF(0.0, 0.0, rect.width, rect.height)
            self.update()
        self.setPos(rect.x, rect.y)

    def set_text(self, name: str, detail: str = "") -> None:
        if (name, detail) != (self.name, self.detail):
            self.name, self.detail = name, detail
            self.update()

    def set_fill(self, fill: QColor) -> None:
        if fill != self.fill:
            self.fill = fill
            self.update()

    def set_focused(self, on: bool) -> None:
        if on != self.focused:
            self.focused = on
            self.update()

    def boundingRect(self) -> QRectF:
        return self._rect

    def on_resize_edge(self, x: float, y: float, reach: float = RESIZE_MARGIN) -> bool:
        """True if the scene point (x, y) is within ``reach`` of the edge that resizes this
        header, on either side of it, and along the header."""
        return False

    def _along(self, value: float, start: float, length: float) -> bool:
        return start <= value <= start + length

    def _paint_focus(self, painter: QPainter) -> None:
        if self.focused:
            painter.setPen(QPen(style.SELECTION, 2.0))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(self._rect.adjusted(1.0, 1.0, -1.0, -1.0))


class StageHeaderItem(HeaderItem):
    kind = "stage"

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        rect = self._rect
        painter.fillRect(rect, self.fill)
        painter.setPen(QPen(QColor("#ffffff"), 1.0))
        painter.drawLine(rect.topRight(), rect.bottomRight())
        painter.setPen(style.HEADER_INK)
        baseline = rect.height() / 2 + TextStyle.STAGE.size * CENTRED_BASELINE
        draw_text(
            painter,
            TextStyle.STAGE,
            8.0,
            baseline,
            elide(TextStyle.STAGE, self.name, rect.width() - 16.0),
        )
        self._paint_focus(painter)

    def on_resize_edge(self, x: float, y: float, reach: float = RESIZE_MARGIN) -> bool:
        right = self.pos().x() + self._rect.width()
        return abs(x - right) <= reach and self._along(y, self.pos().y(), self._rect.height())


class StepHeaderItem(HeaderItem):
    kind = "step"

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        rect = self._rect
        painter.fillRect(rect, self.fill)
        painter.setPen(QPen(style.GRID_LINE, 1.0))
        painter.drawLine(rect.topRight(), rect.bottomRight())
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        painter.setPen(style.INK)
        baseline = rect.height() / 2 + TextStyle.STEP.size * CENTRED_BASELINE
        draw_text(
            painter,
            TextStyle.STEP,
            7.0,
            baseline,
            elide(TextStyle.STEP, self.name, rect.width() - 14.0),
        )
        self._paint_focus(painter)

    def on_resize_edge(self, x: float, y: float, reach: float = RESIZE_MARGIN) -> bool:
        right = self.pos().x() + self._rect.width()
        return abs(x - right) <= reach and self._along(y, self.pos().y(), self._rect.height())


class LaneHeaderItem(HeaderItem):
    kind = "lane"
    base_z = 6.0

    def __init__(self, element_id: str, rect: Rect, name: str) -> None:
        self.text_width = rect.width
        #: An emotion lane's scale: the height of each score in the header (the header is
        #: pinned over the start of the lane, so it shows the numbers itself).
        self.scale: dict[int, float] = {}
        super().__init__(element_id, rect, name)

    def set_scale(self, scale: dict[int, float]) -> None:
        if scale != self.scale:
            self.scale = scale
            self.update()

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        rect = self._rect
        painter.fillRect(rect, self.fill)
        painter.fillRect(QRectF(0.0, 0.0, 4.0, rect.height()), self.fill.darker(130))
        painter.setPen(QPen(style.GRID_LINE, 1.0))
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        painter.drawLine(rect.topRight(), rect.bottomRight())
        painter.setPen(style.INK)
        width = self.text_width - 18.0
        baseline = 8.0 + TextStyle.LANE.size
        for line in _two_lines(self.name, width):
            draw_text(painter, TextStyle.LANE, 12.0, baseline, line)
            baseline += TextStyle.LANE.size * LINE_HEIGHT
        if self.detail:
            painter.setPen(style.MUTED_INK)
            draw_text(
                painter,
                TextStyle.CARD_META,
                12.0,
                baseline,
                elide(TextStyle.CARD_META, self.detail, width),
            )
        painter.setPen(style.MUTED_INK)
        for score, y in self.scale.items():
            label = f"{score:+d}" if score else "0"
            x = rect.width() - 4.0 - text_width(TextStyle.SCALE, label)
            draw_text(painter, TextStyle.SCALE, x, y + 2.5, label)
        self._paint_focus(painter)

    def on_resize_edge(self, x: float, y: float, reach: float = RESIZE_MARGIN) -> bool:
        bottom = self.pos().y() + self._rect.height()
        return abs(y - bottom) <= reach and self._along(x, self.pos().x(), self._rect.width())


def _two_lines(text: str, width: float) -> list[str]:
    """``text`` on at most two lines of ``width`` (the second elided)."""
    from app.ui.fonts import text_width

    words = text.replace("\n", " ").split(" ")
    first = ""
    rest = list(words)
    while rest:
        candidate = f"{first} {rest[0]}" if first else rest[0]
        if first and text_width(TextStyle.LANE, candidate) > width:
            break
        first = candidate
        rest.pop(0)
    lines = [elide(TextStyle.LANE, first, width)]
    if rest:
        lines.append(elide(TextStyle.LANE, " ".join(rest), width))
    return lines
