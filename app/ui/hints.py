"""Short hints over an empty map: how to add the first cards (they go once there are any)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, QRect, Qt
from PySide6.QtWidgets import QLabel

from app.ui.scene import MapScene
from app.ui.view import MapView

HINT = (
    "Double-click a cell to add a card  ·  Drag from the Palette  ·  "
    "Paste lines of text to make cards  ·  F1: all shortcuts"
)


#: Room kept between the hint and the viewport's edges (and the pinned lane names).
GAP = 16


class EmptyMapHint(QLabel):
    """A quiet line at the bottom of the canvas while the map has no cards.

    A child of the view, not of its viewport: the viewport's children scroll with the map,
    while the hint stays pinned to the bottom of what shows, right of the pinned lane names
    (so it never covers the emotion lane's scale labels).
    """

    def __init__(self, view: MapView) -> None:
        super().__init__(HINT, view)
        self.setObjectName("empty-map-hint")
        self.view = view
        self.scene: MapScene | None = None
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # Clicks and double-clicks go through to the map beneath.
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setStyleSheet(
            "QLabel { background: rgba(40, 52, 72, 215); color: #ffffff; border-radius: 6px;"
            " padding: 6px 12px; }"
        )
        view.viewport().installEventFilter(self)
        view.zoom_changed.connect(self._replace)
        self.hide()

    def attach(self, scene: MapScene) -> None:
        """Follow ``scene`` (a window shows another map)."""
        if self.scene is not None:
            self.scene.layout_changed.disconnect(self.refresh)
        self.scene = scene
        scene.layout_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        scene = self.scene
        # Only where the user can add: a read-only map shows none.
        empty = scene is not None and scene.journey.card_count == 0
        empty = empty and scene is not None and not scene.document.read_only
        self.setVisible(empty)
        if empty:
            self._place()

    def _replace(self, _zoom: float) -> None:
        if self.isVisible():
            self._place()

    def _place(self) -> None:
        """At the bottom of the viewport, centred right of the pinned lane names; on one
        line when it fits, else wrapped at spaces to the room there is."""
        viewport = self.viewport_rect()
        view = self.view
        left = viewport.left() + GAP
        scene = self.scene
        if scene is not None:  # the right edge of the pinned lane names, as the view shows it
            pinned = max(0.0, view.mapToScene(0, 0).x()) + scene.layout.metrics.lane_header_width
            left += max(0, view.mapFromScene(QPointF(pinned, 0.0)).x())
        room = max(viewport.right() - GAP - left, 160)
        self.setWordWrap(False)
        self.setMinimumWidth(0)
        self.setMaximumWidth(16777215)
        one_line = self.sizeHint().width()  # with the style sheet's padding
        width = min(one_line, room)
        self.setWordWrap(width < one_line)
        self.setFixedWidth(width)
        self.adjustSize()
        self.move(
            left + (room - width) // 2 if room > width else left,
            viewport.bottom() - self.height() - GAP,
        )
        self.raise_()

    def viewport_rect(self) -> QRect:
        """The viewport's rectangle in the view's coordinates (the hint's parent's)."""
        return self.view.viewport().geometry()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self.isVisible():
            self._place()
        return False
