"""A card on the canvas: one lightweight item that paints its cached lines of text.

The lines come from the layout (wrapped once, like the PDF), so painting does
no text layout of its own; the item caches its pixels (DeviceCoordinateCache)
and only repaints when its card, its box, its selection or the zoom changes.

On the canvas a card item is a child of its lane's ``LaneItem``, placed relative to
the lane's top, so a lane that moves (a row above it grew) is one ``setPos`` of the
lane item instead of one per card. ``pos()``, ``x()``, ``y()`` and ``setPos()`` still
work in scene coordinates (the gestures and the tests use them). A card lifted while
dragged (``setZValue`` above ``CARD_Z``) leaves its lane item for the top level, so it
is drawn above other lanes' cards and the headers as before, and goes back when put down.
"""

from __future__ import annotations

from typing import Any, overload

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from app.model.entities import Card
from app.model.layout import CENTRED_BASELINE, CardBox, Metrics, Rect, TextStyle
from app.model.vocab import CardKind
from app.ui import style
from app.ui.fonts import draw_lines, draw_text, elide, text_width
from app.ui.items import USER_TYPE
from app.ui.items.icons import draw_kind_icon, draw_moment_of_truth

CARD_TYPE = USER_TYPE + 1
LANE_TYPE = USER_TYPE + 6
#: The z of cards (and of the lane items holding them) among the scene's items.
CARD_Z = 2.0
#: Severity badges go from the palette's low-priority grey to its high-priority red.
_SEVERITY_COLOURS = {5: "#a93226", 4: "#c0392b", 3: "#d68910", 2: "#b9770e", 1: "#7b8794"}


class LaneItem(QGraphicsItem):
    """Holds one lane's card items, placed relative to the lane's top; draws nothing."""

    def __init__(self, lane_id: str) -> None:
        super().__init__()
        self.lane_id = lane_id
        #: The lane's top in the scene (kept here: reading it back from Qt costs more).
        self.top = 0.0
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(CARD_Z)

    def type(self) -> int:
        return LANE_TYPE

    def place(self, top: float) -> None:
        """Put the lane's top at scene y ``top``: its cards all follow."""
        if top != self.top:
            self.top = top
            self.setPos(0.0, top)

    def boundingRect(self) -> QRectF:
        return QRectF()

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        pass


class CardItem(QGraphicsItem):
    """Draws one card from its model value and its layout box."""

    def __init__(
        self, card: Card, box: CardBox, metrics: Metrics, lane: LaneItem | None = None
    ) -> None:
        super().__init__()
        self.card = card
        #: The lines shown and the size; its y is out of date once the lane moved as a
        #: whole (the scene does not visit such cards): the layout holds the current box.
        self.box = box
        self.metrics = metrics
        self.highlighted = False
        #: The lane item holding this card (None: a top-level item in scene coordinates).
        self.lane = lane
        self._lifted = False
        self._rect = QRectF(0.0, 0.0, box.rect.width, box.rect.height)
        self._bounds = self._rect.adjusted(-2.0, -2.0, 2.0, 2.0)
        self.setFlags(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setZValue(CARD_Z)
        self._place(box.rect)  # with a lane: this puts the item in the lane's scene

    def type(self) -> int:
        return CARD_TYPE

    def _place(self, rect: Rect) -> None:
        """Put the card's top-left at the scene point of ``rect``."""
        lane = self.lane
        if lane is None or self._lifted:
            QGraphicsItem.setPos(self, rect.x, rect.y)
            return
        QGraphicsItem.setPos(self, rect.x, rect.y - lane.top)
        if self.parentItem() is not lane:
            self.setParentItem(lane)

    def pos(self) -> QPointF:
        """The card's place in the scene (not relative to its lane item)."""
        return self.scenePos()

    def x(self) -> float:
        return self.scenePos().x()

    def y(self) -> float:
        return self.scenePos().y()

    @overload
    def setPos(self, pos: QPointF | QPoint | QPainterPath.Element, /) -> None: ...
    @overload
    def setPos(self, x: float, y: float, /) -> None: ...
    def setPos(self, *args: Any) -> None:
        """Put the card at a scene point (not relative to its lane item)."""
        place = QPointF(args[0]) if len(args) == 1 else QPointF(args[0], args[1])
        lane = self.lane
        if lane is not None and self.parentItem() is lane:
            place.setY(place.y() - lane.top)
        QGraphicsItem.setPos(self, place)

    def setZValue(self, z: float) -> None:
        """Above ``CARD_Z`` (dragged) the card leaves its lane item to be above everything."""
        lifted = z > CARD_Z
        if lifted != self._lifted and self.lane is not None:
            place = self.scenePos()
            self._lifted = lifted
            if lifted:
                self.setParentItem(None)
                QGraphicsItem.setPos(self, place)
            else:
                QGraphicsItem.setPos(self, place.x(), place.y() - self.lane.top)
                self.setParentItem(self.lane)
        self._lifted = lifted
        super().setZValue(z)

    @property
    def card_id(self) -> str:
        return self.card.id

    @property
    def fill_colour(self) -> QColor:
        """The card's fill as painted: its own colour if set, else its kind's."""
        return style.card_colour(self.card)

    @property
    def accent_colour(self) -> QColor:
        """The colour of the kind stripe and icon."""
        return style.card_accent(self.card.kind)

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRect(self._rect)
        return path

    def follow(self, card: Card, box: CardBox, lane: LaneItem | None = None) -> None:
        """Follow a new card value and box (after a relayout), in ``lane`` if given."""
        if box.rect.width != self._rect.width() or box.rect.height != self._rect.height():
            self.prepareGeometryChange()
            self._rect = QRectF(0.0, 0.0, box.rect.width, box.rect.height)
            self._bounds = self._rect.adjusted(-2.0, -2.0, 2.0, 2.0)
        if lane is not None:
            self.lane = lane
        self._place(box.rect)
        if (
            card is not self.card
            or box.title_lines != self.box.title_lines
            or box.body_lines != self.box.body_lines
        ):
            self.card = card
            self.box = box
            self.update()
        self.box = box

    def set_highlighted(self, on: bool) -> None:
        if on != self.highlighted:
            self.highlighted = on
            self.update()

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        rect = self._rect
        fill = self.fill_colour
        accent = self.accent_colour
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        if lod < 0.3:  # far away: a coloured block is all one can see
            painter.fillRect(rect, fill)
            painter.fillRect(QRectF(0.0, 0.0, 2.5, rect.height()), accent)
            if self.isSelected():
                painter.fillRect(rect, style.FOCUS_FILL)
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(fill.darker(118), 0.8))
        painter.setBrush(fill)
        painter.drawRoundedRect(rect, 3.0, 3.0)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(accent)
        painter.drawRoundedRect(QRectF(0.0, 0.0, 3.0, rect.height()), 1.5, 1.5)
        ink = style.ink_on(fill)
        pad = self.metrics.card_padding
        painter.setPen(ink)
        inner = rect.width() - 2 * pad  # right-to-left lines end at its right edge
        y = draw_lines(painter, TextStyle.CARD_TITLE, pad, pad, self.box.title_lines, inner)
        if self.box.body_lines:
            painter.setPen(style.MUTED_INK if ink == style.INK else ink)
            draw_lines(painter, TextStyle.CARD_BODY, pad, y, self.box.body_lines, inner)
        self._paint_meta(painter, rect.height() - pad - self.metrics.meta_height, ink, accent)
        if self.box.truncated:  # a folded corner: there is more text than shows
            corner = QPolygonF(
                [
                    QPointF(rect.right() - 7.0, rect.bottom()),
                    QPointF(rect.right(), rect.bottom() - 7.0),
                    QPointF(rect.right(), rect.bottom()),
                ]
            )
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(style.TRUNCATED)
            painter.drawPolygon(corner)
        if self.highlighted:
            painter.setPen(QPen(style.FIND_HIGHLIGHT, 2.5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(-0.5, -0.5, 0.5, 0.5), 3.0, 3.0)
        if self.isSelected():
            painter.setPen(QPen(style.SELECTION, 2.0))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(-1.0, -1.0, 1.0, 1.0), 3.5, 3.5)

    def _paint_meta(self, painter: QPainter, top: float, ink: QColor, accent: QColor) -> None:
        """The bottom line: kind icon, channel badge, moment of truth; the badge on the right."""
        card = self.card
        pad = self.metrics.card_padding
        height = self.metrics.meta_height
        meta = TextStyle.CARD_META
        size = 7.5
        baseline = top + height / 2 + meta.size * CENTRED_BASELINE
        draw_kind_icon(
            painter, card.kind, QRectF(pad, top + (height - size) / 2, size, size), accent
        )
        x = pad + size + 3.0
        right = self._rect.width() - pad - (6.0 if self.box.truncated else 0.0)
        badge = _badge(card)
        if badge is not None:
            text, colour = badge
            width = text_width(meta, text) + 6.0
            right -= width
            _pill(painter, QRectF(right, top + 1.5, width, height - 3.0), colour)
            painter.setPen(style.HEADER_INK)
            draw_text(painter, meta, right + 3.0, baseline, text)
            right -= 3.0
        if card.moment_of_truth:
            draw_moment_of_truth(
                painter, QPointF(x + 4.0, top + height / 2), 8.5, style.MOMENT_OF_TRUTH
            )
            x += 11.0
        if card.channel is not None:
            glyph = style.channel_glyph(card.channel)
            width = text_width(meta, glyph) + 5.0
            if x + width <= right:
                _pill(
                    painter,
                    QRectF(x, top + 1.5, width, height - 3.0),
                    style.channel_colour(card.channel),
                )
                painter.setPen(style.HEADER_INK)
                draw_text(painter, meta, x + 2.5, baseline, glyph)
                x += width + 3.0
            label = card.channel.label
        else:
            label = card.owner
        if label and x < right:
            painter.setPen(style.MUTED_INK if ink == style.INK else ink)
            draw_text(painter, meta, x, baseline, elide(meta, label, right - x))


def _pill(painter: QPainter, rect: QRectF, colour: QColor) -> None:
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawRoundedRect(rect, 3.0, 3.0)


def _badge(card: Card) -> tuple[str, QColor] | None:
    """The badge a card shows: severity of a pain point, priority of an opportunity, a KPI."""
    if card.kind is CardKind.PAIN_POINT and card.severity:
        return f"Severity {card.severity}", style.qcolor(
            _SEVERITY_COLOURS.get(card.severity, "#c0392b")
        )
    if card.kind is CardKind.OPPORTUNITY and card.priority is not None:
        return f"{card.priority.label} priority", style.priority_colour(card.priority)
    if card.kind is CardKind.KPI and card.metrics:
        metric = card.metrics[0]
        return f"{metric.display_name} {metric.value:g}{metric.unit}", style.card_accent(
            CardKind.KPI
        )
    return None
