"""The canvas view: zoom, pan, rubber-band selection, palette and file drops, keyboard."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QPoint, QRectF, Qt, Signal
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QWheelEvent,
)
from PySide6.QtWidgets import QGraphicsView

from app.ui import navigation, style
from app.ui.drops import PALETTE_MIME, PaletteDrop
from app.ui.inline_editor import InlineEditor
from app.ui.scene import MapScene

MIN_ZOOM = 0.05
MAX_ZOOM = 4.0
ZOOM_STEP = 1.25


class MapView(QGraphicsView):
    zoom_changed = Signal(float)
    #: .cjm files dropped on the canvas (the window opens them).
    files_dropped = Signal(list)

    def __init__(self, scene: MapScene) -> None:
        super().__init__(scene)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setRubberBandSelectionMode(Qt.ItemSelectionMode.IntersectsItemShape)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setOptimizationFlags(QGraphicsView.OptimizationFlag.DontAdjustForAntialiasing)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.MinimalViewportUpdate)
        self.setBackgroundBrush(style.CANVAS_BACKGROUND)
        self.setAcceptDrops(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._pan_from: QPoint | None = None
        self._space_held = False
        self._drop: PaletteDrop | None = None
        self.editor = InlineEditor(self)
        self._connect(scene)

    def map_scene(self) -> MapScene:
        scene = self.scene()
        assert isinstance(scene, MapScene)
        return scene

    def set_map_scene(self, scene: MapScene) -> None:
        self.editor.cancel()
        old = self.scene()
        if isinstance(old, MapScene):
            old.edit_requested.disconnect(self.editor.start)
        self.setScene(scene)
        self._connect(scene)

    def _connect(self, scene: MapScene) -> None:
        scene.edit_requested.connect(self.editor.start)

    # ------------------------------------------------------------------ zoom
    @property
    def zoom(self) -> float:
        return self.transform().m11()

    def set_zoom(self, zoom: float) -> None:
        zoom = max(MIN_ZOOM, min(MAX_ZOOM, zoom))
        if abs(zoom - self.zoom) < 1e-6:
            return
        self.editor.commit()
        factor = zoom / self.zoom
        self.scale(factor, factor)
        self.zoom_changed.emit(self.zoom)

    def zoom_in(self) -> None:
        self.set_zoom(self.zoom * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self.zoom / ZOOM_STEP)

    def zoom_reset(self) -> None:
        anchor = self.transformationAnchor()
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.set_zoom(1.0)
        self.setTransformationAnchor(anchor)

    def zoom_fit(self) -> None:
        """Show the whole map."""
        scene = self.map_scene()
        scene.flush()
        layout = scene.layout
        rect = QRectF(-10.0, -10.0, layout.width + 20.0, layout.height + 20.0)
        viewport = self.viewport().rect()
        if rect.isEmpty() or viewport.isEmpty():
            return
        zoom = min(viewport.width() / rect.width(), viewport.height() / rect.height())
        anchor = self.transformationAnchor()
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.set_zoom(zoom)
        self.setTransformationAnchor(anchor)
        self.centerOn(rect.center())

    def show_top_left(self) -> None:
        """Scroll to the map's top-left corner (where a freshly opened map starts)."""
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().minimum())
        self.verticalScrollBar().setValue(self.verticalScrollBar().minimum())

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self.set_zoom(self.zoom * ZOOM_STEP**steps)
            event.accept()
            return
        super().wheelEvent(event)

    # ------------------------------------------------------------------ pan
    def mousePressEvent(self, event: QMouseEvent) -> None:
        pan = event.button() == Qt.MouseButton.MiddleButton or (
            self._space_held and event.button() == Qt.MouseButton.LeftButton
        )
        if pan:
            self._pan_from = event.position().toPoint()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        self.map_scene().ensure_all_items()  # a rubber band must find every card
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._pan_from is not None:
            position = event.position().toPoint()
            delta = position - self._pan_from
            self._pan_from = position
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - delta.x())
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - delta.y())
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._pan_from is not None:
            self._pan_from = None
            self.viewport().setCursor(
                Qt.CursorShape.OpenHandCursor if self._space_held else Qt.CursorShape.ArrowCursor
            )
            event.accept()
            return
        super().mouseReleaseEvent(event)

    # ------------------------------------------------------------------ keyboard
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_held = True
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
            event.accept()
            return
        if key == Qt.Key.Key_Escape:
            scene = self.map_scene()
            if not scene.router.cancel():
                scene.clearSelection()
            event.accept()
            return
        if navigation.handle_key(self, event):
            event.accept()
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_held = False
            self.viewport().setCursor(Qt.CursorShape.ArrowCursor)
            event.accept()
            return
        super().keyReleaseEvent(event)

    def event(self, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
        ):
            backwards = event.key() == Qt.Key.Key_Backtab or bool(
                event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            )
            navigation.walk(self, backwards)
            event.accept()
            return True
        return super().event(event)

    def ensure_card_visible(self, card_id: str) -> None:
        item = self.map_scene().cards.get(card_id)
        if item is not None:
            self.ensureVisible(item.sceneBoundingRect(), 40, 40)

    # ------------------------------------------------------------------ drops
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        mime = event.mimeData()
        if mime.hasFormat(PALETTE_MIME):
            self._drop = PaletteDrop(
                self.map_scene(), bytes(mime.data(PALETTE_MIME).data()).decode()
            )
            event.acceptProposedAction()
            self._drop.hover(self.mapToScene(event.position().toPoint()))
            return
        if _cjm_paths(event):
            event.acceptProposedAction()
            return
        event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self._drop is not None:
            if self._drop.hover(self.mapToScene(event.position().toPoint())):
                event.acceptProposedAction()
            else:
                event.ignore()
            return
        if _cjm_paths(event):
            event.acceptProposedAction()
            return
        event.ignore()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        if self._drop is not None:
            self._drop.cancel()
            self._drop = None
        event.accept()

    def dropEvent(self, event: QDropEvent) -> None:
        if self._drop is not None:
            drop, self._drop = self._drop, None
            if drop.drop(self.mapToScene(event.position().toPoint())):
                event.acceptProposedAction()
            else:
                event.ignore()
            return
        paths = _cjm_paths(event)
        if paths:
            event.acceptProposedAction()
            self.files_dropped.emit(paths)
            return
        event.ignore()


def _cjm_paths(event: QDropEvent | QDragEnterEvent | QDragMoveEvent) -> list[Path]:
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
