"""The canvas view: zoom, pan, rubber-band selection, palette and file drops, keyboard.

Also the view's share of the canvas's manners: pinned headers (``pinning``), tooltips,
right-click menus (``context_menu``), the resize cursor on header edges, and status-bar
messages from the scene.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QPoint, QRectF, Qt, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QResizeEvent,
    QShowEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QGraphicsView, QMainWindow, QToolTip

from app.ui import canvas_tips, card_ops, context_menu, navigation, style
from app.ui.drops import PALETTE_MIME, PaletteDrop
from app.ui.inline_editor import InlineEditor
from app.ui.pinning import Pins
from app.ui.scene import MapScene

MIN_ZOOM = 0.05
MAX_ZOOM = 4.0
ZOOM_STEP = 1.25
#: A map opens fitted to the view, but never so small its cards cannot be read, nor enlarged.
OPENING_ZOOM = (0.5, 1.0)


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
        # A map smaller than the view sits at its top-left, beside the pinned headers.
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
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
        self.editor.escaped.connect(self._on_editor_escaped)
        self.pins = Pins(self)
        #: Until the user scrolls or zooms, a change of the view's size (the window being
        #: shown, laid out, maximised) opens the map again: fitted, at its top-left corner.
        self._opening = True
        for bar in (self.horizontalScrollBar(), self.verticalScrollBar()):
            bar.actionTriggered.connect(self._user_moved)
        self._connect(scene)

    def map_scene(self) -> MapScene:
        scene = self.scene()
        assert isinstance(scene, MapScene)
        return scene

    def set_map_scene(self, scene: MapScene) -> None:
        """Show another map: at its own opening zoom, scrolled to its top-left corner."""
        self.editor.cancel()
        old = self.scene()
        if isinstance(old, MapScene):
            old.edit_requested.disconnect(self._reveal)
            old.edit_requested.disconnect(self.editor.start)
            old.message.disconnect(self.say)
            old.layout_changed.disconnect(self.pins.apply)
        self.setScene(scene)
        self._connect(scene)
        self.open_view()

    def open_view(self) -> None:
        """Show the map as it opens: at its opening zoom, scrolled to its top-left corner.

        Done again whenever the view's size changes until the user scrolls or zooms, since
        the viewport only has its final size once the window is shown and laid out.
        """
        self.set_zoom(self.opening_zoom())
        self.show_top_left()
        self._opening = True  # after set_zoom, which takes any zoom for the user's

    def _user_moved(self, *_args: object) -> None:
        """The user scrolled or zoomed: the view stays where they put it from now on."""
        self._opening = False

    def _connect(self, scene: MapScene) -> None:
        scene.edit_requested.connect(self._reveal)  # first: the editor opens where it shows
        scene.edit_requested.connect(self.editor.start)
        scene.message.connect(self.say)
        scene.layout_changed.connect(self.pins.apply)
        self.pins.apply()

    def say(self, text: str) -> None:
        """A message in the window's status bar."""
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(text, 8000)

    # ------------------------------------------------------------------ zoom
    @property
    def zoom(self) -> float:
        return self.transform().m11()

    def set_zoom(self, zoom: float) -> None:
        self._opening = False  # a zoom of the user's (open_view sets it again)
        zoom = max(MIN_ZOOM, min(MAX_ZOOM, zoom))
        if abs(zoom - self.zoom) < 1e-6:
            return
        self.editor.commit()
        factor = zoom / self.zoom
        self.scale(factor, factor)
        self.pins.apply()
        self.zoom_changed.emit(self.zoom)

    def opening_zoom(self) -> float:
        """The zoom a map opens at: the whole map in view, within ``OPENING_ZOOM``."""
        scene = self.map_scene()
        scene.flush()
        layout = scene.layout
        viewport = self.maximumViewportSize()  # as if no scroll bars were needed
        if viewport.isEmpty() or layout.width <= 0 or layout.height <= 0:
            return 1.0
        # The whole scene rect (the map and its margin) in view, so no scroll bar appears.
        rect = scene.sceneRect()
        fit = min(viewport.width() / rect.width(), viewport.height() / rect.height())
        return max(OPENING_ZOOM[0], min(OPENING_ZOOM[1], fit))

    def zoom_in(self) -> None:
        self._user_moved()
        self.set_zoom(self.zoom * ZOOM_STEP)

    def zoom_out(self) -> None:
        self._user_moved()
        self.set_zoom(self.zoom / ZOOM_STEP)

    def zoom_reset(self) -> None:
        self._user_moved()
        anchor = self.transformationAnchor()
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.set_zoom(1.0)
        self.setTransformationAnchor(anchor)

    def zoom_fit(self) -> None:
        """Show the whole map."""
        self._user_moved()
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
        self.pins.apply()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        self._apply_pins()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if getattr(self, "_opening", False) and isinstance(self.scene(), MapScene):
            self.open_view()  # the viewport has its real size now: fit and show the corner
        self._apply_pins()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._opening:
            self.open_view()

    def _apply_pins(self) -> None:
        # Qt may scroll or resize the view before __init__ has made the pins.
        pins = getattr(self, "pins", None)
        if pins is not None and isinstance(self.scene(), MapScene):
            pins.apply()

    def wheelEvent(self, event: QWheelEvent) -> None:
        self._user_moved()
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self.set_zoom(self.zoom * ZOOM_STEP**steps)
            event.accept()
            return
        super().wheelEvent(event)

    # ------------------------------------------------------------------ pan
    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._user_moved()
        if event.button() == Qt.MouseButton.RightButton:
            # A right press selects what is under it, keeping a selection that includes it;
            # the menu follows as a context-menu event.
            self.setFocus(Qt.FocusReason.MouseFocusReason)
            if self.map_scene().router.gesture is None:
                context_menu.select_for_menu(self, self.mapToScene(event.position().toPoint()))
            event.accept()
            return
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
        if not event.buttons() and not self._space_held:
            self._hover_cursor(event.position().toPoint())
        super().mouseMoveEvent(event)

    def _hover_cursor(self, pos: QPoint) -> None:
        """The resize cursor over a header's edge (either side), else the arrow."""
        scene = self.map_scene()
        header = scene.router.resize_target(self.mapToScene(pos))
        if header is None:
            shape = Qt.CursorShape.ArrowCursor
        elif header.kind == "lane":
            shape = Qt.CursorShape.SizeVerCursor
        else:
            shape = Qt.CursorShape.SizeHorCursor
        if self.viewport().cursor().shape() != shape:
            self.viewport().setCursor(shape)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        if self.map_scene().router.gesture is not None:
            event.ignore()
            return
        self.editor.commit()
        pos = event.pos()
        if event.reason() != QContextMenuEvent.Reason.Mouse:  # the Menu key: at the focus
            pos = self._keyboard_menu_pos()
        context_menu.open_menu(self, pos)
        event.accept()

    def _keyboard_menu_pos(self) -> QPoint:
        scene = self.map_scene()
        ids = scene.selection.card_ids
        if ids and ids[-1] in scene.cards:
            rect = scene.cards[ids[-1]].sceneBoundingRect()
            return self.mapFromScene(rect.center())
        return self.viewport().rect().center()

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = canvas_tips.text_at(self.map_scene(), self.mapToScene(event.pos()))
            if text:
                QToolTip.showText(event.globalPos(), text, self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.RightButton:
            event.accept()
            return
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
        self._user_moved()
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
        self._user_moved()
        item = self.map_scene().cards.get(card_id)
        if item is not None:
            rect = item.sceneBoundingRect()
            # Room for the pinned headers above and at the left.
            metrics = self.map_scene().layout.metrics
            top = (metrics.stage_header_height + metrics.step_header_height) * self.zoom
            left = metrics.lane_header_width * self.zoom
            self.ensureVisible(rect, round(left) + 20, round(top) + 20)

    def visible_scene_rect(self) -> QRectF:
        return self.mapToScene(self.viewport().rect()).boundingRect()

    def any_card_visible(self, card_ids: list[str]) -> bool:
        """True if one of the cards shows in the view (at least partly)."""
        shown = self.visible_scene_rect()
        cards = self.map_scene().cards
        return any(
            card_id in cards and cards[card_id].sceneBoundingRect().intersects(shown)
            for card_id in card_ids
        )

    def _reveal(self, kind: str, element_id: str) -> None:
        """Scroll so that the element about to be edited in place is on screen."""
        self._user_moved()
        layout = self.map_scene().layout
        shown = self.visible_scene_rect()
        if kind in ("stage", "step"):
            rects = layout.stage_rects if kind == "stage" else layout.step_rects
            rect = rects.get(element_id)
            if rect is not None:  # across only: the header band is pinned at the top
                left = layout.metrics.lane_header_width * self.zoom
                self.ensureVisible(
                    QRectF(rect.x, shown.center().y(), min(rect.width, 300.0), 1.0),
                    round(left) + 20,
                    0,
                )
        elif kind == "lane":
            rect = layout.lane_rects.get(element_id)
            if rect is not None:
                top = layout.metrics.stage_header_height + layout.metrics.step_header_height
                self.ensureVisible(
                    QRectF(shown.center().x(), rect.y, 1.0, min(rect.height, 60.0)),
                    0,
                    round(top * self.zoom) + 20,
                )

    def _on_editor_escaped(self, kind: str, element_id: str) -> None:
        if kind == "card" and card_ops.discard_fresh_card(self.map_scene().document, element_id):
            self.map_scene().flush()

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
