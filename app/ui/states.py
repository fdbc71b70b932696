"""Current and future state in one window: tabs above the map, and the commands around them.

Edit > Create Future State derives the future map (one undoable step). Once the
file has one, tabs above the canvas ("Current state", "Future state") and View >
Current State / Future State (Ctrl+Alt+1 / Ctrl+Alt+2) switch what the window
shows and edits; each state keeps its own undo history. View > Compare Current and
Future… opens the compare view through the links between counterpart elements.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QTabBar, QWidget

from app.model.commands.versions import CreateFuture
from app.model.diff import future_diff
from app.model.document import CURRENT, FUTURE
from app.ui.compare_view import CompareWindow

if TYPE_CHECKING:
    from app.ui.window import MainWindow

STATES = (CURRENT, FUTURE)
LABELS = {CURRENT: "Current state", FUTURE: "Future state"}


class StateTabs(QTabBar):
    """The two states of the map, above the canvas; hidden while there is no future state."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("state-tabs")
        for state in STATES:
            self.addTab(LABELS[state])
        self.setDocumentMode(True)
        self.setExpanding(False)
        self.hide()


class States:
    """Keeps the tabs, the menu entries and the window's map in step with the document."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.tabs = StateTabs()
        self.tabs.currentChanged.connect(self._tab_chosen)
        self.create = QAction("Create &Future State", window)
        self.create.triggered.connect(self.create_future)
        self.show_current = QAction("&Current State", window)
        self.show_current.setShortcut(QKeySequence("Ctrl+Alt+1"))
        self.show_current.triggered.connect(lambda: self.show(CURRENT))
        self.show_future = QAction("F&uture State", window)
        self.show_future.setShortcut(QKeySequence("Ctrl+Alt+2"))
        self.show_future.triggered.connect(lambda: self.show(FUTURE))
        self.compare = QAction("Compare Current and Future…", window)
        self.compare.triggered.connect(self.compare_states)
        self.compare_window: CompareWindow | None = None

    def attach(self) -> None:
        """Follow the window's (new) document."""
        document = self.window.document
        document.states_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        document = self.window.document
        has_future = document.map_document.future is not None
        if not has_future and document.state == FUTURE:
            document.show_state(CURRENT)  # its creation was undone while shown
        self.tabs.setVisible(has_future)
        blocked = self.tabs.blockSignals(True)
        self.tabs.setCurrentIndex(STATES.index(document.state))
        self.tabs.blockSignals(blocked)
        self.create.setEnabled(not has_future and not document.read_only)
        for action in (self.show_current, self.show_future, self.compare):
            action.setEnabled(has_future)

    def _tab_chosen(self, index: int) -> None:
        if 0 <= index < len(STATES):
            self.show(STATES[index])

    def show(self, state: str) -> None:
        """Show and edit the current or the future map in the window."""
        document = self.window.document
        if state == document.state or document.map_document.maps().get(state) is None:
            return
        self.window.view.editor.commit()  # text being typed belongs to the map it was typed on
        document.show_state(state)  # the window rebuilds its canvas (state_changed)
        self.refresh()

    def create_future(self) -> None:
        """Derive the future state from the current map and show it."""
        document = self.window.document
        if document.state != CURRENT:
            return
        if document.push(CreateFuture(document.map_document)) is None:
            self.refresh()
            self.show(FUTURE)
            self.window.statusBar().showMessage(
                "Created the future state from the current map: edit it here; the tabs above "
                "the map switch between the two", 10000
            )

    def compare_states(self) -> None:
        """The compare view: the current map against the future one, element by element."""
        document = self.window.document.map_document
        if document.future is None:
            return
        links = {link.current_id: link.future_id for link in document.counterparts}
        window = CompareWindow(
            document.current, document.future, "current state", "future state",
            self.window, diff=future_diff(document), links=links,
        )  # fmt: skip
        window.show()
        self.compare_window = window
