"""Markers on the canvas: a small speech bubble on each card, stage, step or lane header
with open comment threads (the number of threads when more than one).

A marker is a child item of the card or header it marks, so it moves, pins and
disappears with it. ``CommentMarkers`` keeps them in step with the document's
threads and with the scene's items (after every relayout and every change to the
comments); resolving the last open thread of an element removes its marker.
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QObject, QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from app.model.comments import commented, find_element
from app.ui.document import Document
from app.ui.items import USER_TYPE
from app.ui.scene import MapScene

MARKER_TYPE = USER_TYPE + 20
FILL = QColor("#f6b400")
EDGE = QColor("#8a6100")
WIDTH, HEIGHT, TAIL = 15.0, 11.0, 3.5


class CommentMarker(QGraphicsItem):
    """A speech bubble with the number of open threads (shown when more than one)."""

    def __init__(self, host: QGraphicsItem, count: int) -> None:
        super().__init__(host)
        self.count = count
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(5.0)
        self._tip()

    def type(self) -> int:
        return MARKER_TYPE

    def _tip(self) -> None:
        self.setToolTip(f"{self.count} open comment thread{'s' if self.count != 1 else ''}")

    def set_count(self, count: int) -> None:
        if count != self.count:
            self.count = count
            self._tip()
            self.update()

    def boundingRect(self) -> QRectF:
        return QRectF(-1.0, -1.0, WIDTH + 2.0, HEIGHT + TAIL + 2.0)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        bubble = QPainterPath()
        bubble.addRoundedRect(QRectF(0.0, 0.0, WIDTH, HEIGHT), 3.0, 3.0)
        tail = QPainterPath(QPointF(3.5, HEIGHT - 1.0))
        tail.lineTo(QPointF(3.0, HEIGHT + TAIL))
        tail.lineTo(QPointF(8.0, HEIGHT - 1.0))
        tail.closeSubpath()
        painter.setPen(QPen(EDGE, 0.8))
        painter.setBrush(FILL)
        painter.drawPath(bubble.united(tail))
        painter.setPen(QPen(EDGE, 1.0))
        if self.count > 1:
            font = QFont(painter.font())
            font.setPointSizeF(6.5)
            font.setBold(True)
            painter.setFont(font)
            label = str(self.count) if self.count < 10 else "9+"
            painter.drawText(QRectF(0.0, 0.0, WIDTH, HEIGHT), Qt.AlignmentFlag.AlignCenter, label)
        else:  # three dots: "someone said something"
            painter.setBrush(EDGE)
            painter.setPen(Qt.PenStyle.NoPen)
            for x in (4.3, 7.5, 10.7):
                painter.drawEllipse(QPointF(x, HEIGHT / 2), 0.9, 0.9)


class CommentMarkers(QObject):
    """Keeps a marker on every element of the shown map with open comment threads."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document: Document | None = None
        self.scene: MapScene | None = None
        #: The markers shown, by the element they mark (kind, id).
        self.markers: dict[tuple[str, str], CommentMarker] = {}
        self._retry = QTimer(self)  # cards of a big map are made over several turns
        self._retry.setSingleShot(True)
        self._retry.setInterval(250)
        self._retry.timeout.connect(self.sync)

    def attach(self, document: Document, scene: MapScene) -> None:
        """Follow ``document`` shown in ``scene`` (the previous ones are let go)."""
        with contextlib.suppress(RuntimeError):  # the old ones may be gone already
            if self.document is not None:
                self.document.comments_changed.disconnect(self.sync)
            if self.scene is not None:
                self.scene.layout_changed.disconnect(self.sync)
        self.markers = {}  # the old scene's items go with it
        self.document, self.scene = document, scene
        document.comments_changed.connect(self.sync)
        scene.layout_changed.connect(self.sync)
        self.sync()

    def _host(self, kind: str, element_id: str) -> QGraphicsItem | None:
        scene = self.scene
        assert scene is not None
        if kind == "card":
            return scene.cards.get(element_id)
        return scene.headers.get((kind, element_id))

    def sync(self) -> None:
        if self.document is None or self.scene is None:
            return
        journey = self.document.journey
        wanted: dict[tuple[str, str], int] = {}
        for element_id, count in commented(self.document.map_document).items():
            element = find_element(journey, element_id) if element_id else None
            if element is not None and element.kind in ("card", "stage", "step", "lane"):
                wanted[(element.kind, element_id)] = count
        missing = False
        for key in list(self.markers):
            shown = self.markers[key]
            host = self._host(*key)
            if key not in wanted or host is None or shown.parentItem() is not host:
                self._drop(shown)
                del self.markers[key]
        for key, count in wanted.items():
            host = self._host(*key)
            if host is None:
                missing = True  # not made yet (a big map), or the layout is still due
                continue
            marker = self.markers.get(key)
            if marker is None:
                marker = self.markers[key] = CommentMarker(host, count)
            marker.set_count(count)
            self._place(key[0], marker, host)
        if missing and not self._retry.isActive():
            self._retry.start()

    def _place(self, kind: str, marker: CommentMarker, host: QGraphicsItem) -> None:
        rect = host.boundingRect()
        if kind == "card":  # astride the top-right corner, like a note pinned on it
            marker.setPos(rect.right() - WIDTH - 6.0, rect.top() - 4.0)
        elif kind == "lane":  # low in the header, left: clear of its name and its scale
            marker.setPos(rect.left() + 12.0, rect.bottom() - HEIGHT - TAIL - 5.0)
        else:  # inside the header, at its right end
            marker.setPos(rect.right() - WIDTH - 5.0, rect.top() + 4.0)

    def _drop(self, marker: CommentMarker) -> None:
        scene = marker.scene()
        if scene is not None:
            scene.removeItem(marker)
