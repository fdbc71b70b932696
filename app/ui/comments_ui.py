"""Comments in the window: the Comments dock, the canvas markers, and the commands to comment.

``Commenting`` puts together what the window needs: the Comments panel in a dock
(beside Properties), the markers on commented cards and headers, Edit >
Preferences… (the name comments are signed with), Insert > Comment… (on the
selected element, or the map), and the canvas context menu's "Add Comment…".
Choosing a thread in the panel selects its element and centres it on the canvas.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QFrame, QScrollArea

from app.ui.comment_markers import CommentMarkers
from app.ui.comments_panel import CommentsPanel
from app.ui.document import Document
from app.ui.preferences import author_name, show_preferences

if TYPE_CHECKING:
    from app.ui.context_menu import CanvasMenu
    from app.ui.window import MainWindow


class Commenting:
    """The window's comments: panel, markers, menu entries."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.panel = CommentsPanel(window.selection, author_name)
        self.panel.thread_chosen.connect(self.reveal)
        dock = self.dock = QDockWidget("Comments", window)
        dock.setObjectName("comments-dock")
        scroll = QScrollArea()  # the window can still be made small: the panel scrolls
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.panel)
        dock.setWidget(scroll)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        properties = window.findChild(QDockWidget, "properties-dock")
        if properties is not None:
            window.tabifyDockWidget(properties, dock)
            properties.raise_()
        self.markers = CommentMarkers(window)
        actions = window.menu_actions
        actions.add_panel_toggles([dock.toggleViewAction()])
        self.comment_action = QAction("Co&mment…", window)
        self.comment_action.setObjectName("action-comment")
        self.comment_action.setShortcut(QKeySequence("Ctrl+Alt+M"))
        self.comment_action.triggered.connect(lambda _checked=False: self.comment_on_focus())
        actions.insert_menu.addSeparator()
        actions.insert_menu.addAction(self.comment_action)
        self.preferences_action = QAction("Pr&eferences…", window)
        self.preferences_action.setObjectName("action-preferences")
        self.preferences_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.preferences_action.setShortcuts(
            QKeySequence.keyBindings(QKeySequence.StandardKey.Preferences))
        self.preferences_action.triggered.connect(lambda _checked=False: show_preferences(window))
        actions.edit_menu.addSeparator()
        actions.edit_menu.addAction(self.preferences_action)
        actions.all["comment"] = self.comment_action
        actions.all["preferences"] = self.preferences_action

    def set_document(self, document: Document) -> None:
        """Show ``document``'s comments (the window's scene shows its map already)."""
        self.panel.set_document(document)
        self.markers.attach(document, self.window.scene)

    def set_read_only(self, read_only: bool) -> None:
        self.panel.set_read_only(read_only)
        self.comment_action.setEnabled(not read_only)

    # ------------------------------------------------------------------ commenting
    def show_panel(self) -> None:
        self.dock.show()
        self.dock.raise_()

    def comment_on(self, kind: str, element_id: str) -> None:
        """Start a new comment on an element (``"map"``: the map itself)."""
        selection = self.window.selection
        if kind == "card":
            self.window.scene.select_cards([element_id])
        selection.set_focus(kind, "" if kind == "map" else element_id)
        self.comment_on_focus()

    def comment_on_focus(self) -> None:
        """Start a new comment on the selected element (the map when none is)."""
        self.show_panel()
        self.panel.start_comment()

    def reveal(self, kind: str, element_id: str) -> None:
        """Select the element a thread is on and centre it on the canvas."""
        window = self.window
        scene, view, selection = window.scene, window.view, window.selection
        scene.flush()
        layout = scene.layout
        shown = view.visible_scene_rect().center()
        if kind == "card":
            scene.select_cards([element_id])
            selection.set_focus("card", element_id)
            rect = layout.cards[element_id].rect if element_id in layout.cards else None
            if rect is not None:
                view.centerOn(QPointF(rect.x + rect.width / 2, rect.y + rect.height / 2))
            return
        scene.clearSelection()
        selection.set_focus(kind, element_id)
        if kind in ("stage", "step"):
            rects = layout.stage_rects if kind == "stage" else layout.step_rects
            if element_id in rects:
                view.centerOn(QPointF(rects[element_id].x + rects[element_id].width / 2,
                                      shown.y()))
        elif kind == "lane" and element_id in layout.lane_rects:
            rect = layout.lane_rects[element_id]
            view.centerOn(QPointF(shown.x(), rect.y + rect.height / 2))


def add_comment_entry(menu: CanvasMenu, item: object) -> None:
    """The canvas context menu's comment entry for what was right-clicked."""
    from app.ui.items.card_item import CardItem
    from app.ui.items.emotion import EmotionLaneItem
    from app.ui.items.headers import HeaderItem

    commenting: Commenting | None = getattr(menu.view.window(), "commenting", None)
    if commenting is None:
        return
    target: tuple[str, str] | None = None
    if isinstance(item, CardItem):
        target = ("card", item.card_id)
    elif isinstance(item, HeaderItem):
        target = (item.kind, item.element_id)
    elif isinstance(item, EmotionLaneItem):
        from app.ui.context_menu import POINT_REACH

        near = item.point_near(menu.pos.x(), menu.pos.y(), POINT_REACH)
        if near is not None:  # a persona's point: comment on the persona
            target = ("persona", near[0])
    elif item is None and menu.scene.layout.cell_at(menu.pos.x(), menu.pos.y()) is None:
        target = ("map", "")
    if target is None:
        return
    kind, element_id = target
    text = "Comment on the Map…" if kind == "map" else "Add Comment…"
    menu.menu.addSeparator()
    menu._add(menu.menu, text, lambda: commenting.comment_on(kind, element_id))
