"""Short hints over an empty map: how to add the first cards (they go once there are any)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QLabel

from app.ui.scene import MapScene
from app.ui.view import MapView

HINT = (
    "Double-click a cell to add a card  ·  Drag from the Palette  ·  "
    "Paste lines of text to make cards  ·  F1: all shortcuts"
)


class EmptyMapHint(QLabel):
    """A quiet line at the bottom of the canvas while the map has no cards."""

    def __init__(self, view: MapView) -> None:
        super().__init__(HINT, view.viewport())
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

    def _place(self) -> None:
        viewport = self.view.viewport()
        width = min(640, viewport.width() - 40)
        self.setFixedWidth(max(width, 200))
        self.adjustSize()
        self.move((viewport.width() - self.width()) // 2, viewport.height() - self.height() - 24)
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self.isVisible():
            self._place()
        return False
