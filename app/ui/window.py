"""The main window: the canvas in the middle, palette, properties and personas docks around it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QUndoGroup
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QMainWindow,
    QVBoxLayout,
    QWidget,
)

from app.model.journey import JourneyMap
from app.model.templates import new_map
from app.ui import settings
from app.ui.actions import WindowActions
from app.ui.document import Document
from app.ui.editing import Editing
from app.ui.files import FileController
from app.ui.find_bar import FindBar
from app.ui.hints import EmptyMapHint
from app.ui.palette import PaletteWidget
from app.ui.personas_panel import PersonasPanel
from app.ui.properties.panel import PropertiesPanel
from app.ui.protection import ProtectionBanner
from app.ui.safety import Safety
from app.ui.scene import MapScene
from app.ui.selection import SelectionModel
from app.ui.view import MapView
from app.ui.wording import counted

#: Every open window, so File > New Window windows stay alive.
WINDOWS: list[MainWindow] = []


class MainWindow(QMainWindow):
    def __init__(self, document: Document | None = None) -> None:
        super().__init__()
        self.setObjectName("main-window")
        self.setAcceptDrops(True)
        from app.ui.about import application_icon

        self.setWindowIcon(application_icon())
        #: False for throwaway windows (self-test) that must not touch the user's settings.
        self.persist_settings = True
        self.selection = SelectionModel(self)
        self.undo_group = QUndoGroup(self)
        self.document = document or Document(new_map())
        self.document.setParent(self)
        self.scene = MapScene(self.document, self.selection)
        self.view = MapView(self.scene)
        self.view.files_dropped.connect(self.open_paths)
        self.view.zoom_changed.connect(lambda _z: self._show_status())
        self.find_bar = FindBar(self.view)
        self.empty_hint = EmptyMapHint(self.view)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        #: Shown above the map while changes cannot be kept safe (``app.ui.safety``).
        self.protection = ProtectionBanner()
        layout.addWidget(self.protection)
        from app.ui.states import States

        #: Current and future state: the tabs above the map and their commands.
        self.states = States(self)
        layout.addWidget(self.states.tabs)
        layout.addWidget(self.find_bar)
        layout.addWidget(self.view, 1)
        self.setCentralWidget(central)
        self.files = FileController(self)
        self.safety = Safety(self)
        self.editing = Editing(self.view)
        self.palette_list = PaletteWidget()
        self.properties = PropertiesPanel(self.selection)
        self.personas = PersonasPanel(self.selection)
        self.menu_actions = WindowActions(self)
        from app.ui.export_menu import Delivery

        #: File > Import, Export and Print, Edit > Copy as Image.
        self.delivery = Delivery(self)
        # Text being typed is autosaved too, before it is committed to the map.
        self.properties.typing.connect(self.safety.on_typing)
        self.view.editor.textChanged.connect(self.safety.on_typing)
        self.view.editor.finished.connect(self.safety.on_typing)
        docks = [
            self._dock(
                "Palette", "palette-dock", self.palette_list, Qt.DockWidgetArea.LeftDockWidgetArea
            ),
            self._dock(
                "Personas", "personas-dock", self.personas, Qt.DockWidgetArea.LeftDockWidgetArea
            ),
            self._dock(
                "Properties",
                "properties-dock",
                self.properties,
                Qt.DockWidgetArea.RightDockWidgetArea,
            ),
        ]
        self.menu_actions.add_panel_toggles([dock.toggleViewAction() for dock in docks])
        self.zoom_label = self._status_label()
        self.counts_label = self._status_label()
        self.statusBar().addPermanentWidget(self.counts_label)
        self.statusBar().addPermanentWidget(self.zoom_label)
        from app.ui.comments_ui import Commenting

        #: The Comments dock, the markers on the canvas, Insert > Comment and Preferences.
        self.commenting = Commenting(self)
        self._install(self.document)
        self._restore_settings()
        WINDOWS.append(self)

    def _dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _status_label(self) -> QLabel:
        label = QLabel()
        label.setTextFormat(Qt.TextFormat.PlainText)
        return label

    # ------------------------------------------------------------------ documents
    @property
    def journey(self) -> JourneyMap:
        return self.document.journey

    def set_document(self, document: Document) -> None:
        """Show another map in this window (the old one is closed without asking)."""
        old = self.document
        self.view.editor.cancel()
        self.safety.detach()  # the old map's working copy and lock go with it
        self.find_bar.close_bar()
        document.setParent(self)
        self.document = document
        self._new_scene()
        self._install(document)
        self.undo_group.removeStack(old.stack)
        old.close()
        old.deleteLater()
        self.view.show_top_left()

    def _new_scene(self) -> None:
        """A canvas for the document's map, in place of the one shown (thrown away)."""
        old_scene = self.scene
        old_scene.detach()
        self.selection.set_cards([])
        self.selection.set_focus("map")
        self.selection.set_active_persona(None)
        self.scene = MapScene(self.document, self.selection)
        self.view.set_map_scene(self.scene)
        old_scene.deleteLater()

    def _show_state(self) -> None:
        """Show the map of the document's state (current or future) on a new canvas."""
        self.view.editor.cancel()
        self.find_bar.close_bar()
        self._new_scene()
        for stack in self.undo_group.stacks():
            self.undo_group.removeStack(stack)
        self.undo_group.addStack(self.document.stack)
        self.undo_group.setActiveStack(self.document.stack)
        self.scene.layout_changed.connect(self._show_status)
        self.empty_hint.attach(self.scene)
        self.properties.set_document(self.document)
        self.personas.set_document(self.document)
        self.commenting.set_document(self.document)
        self.view.zoom_fit()
        self._show_title()
        self._show_status()

    def _install(self, document: Document) -> None:
        self.safety.attach(document)  # may mark it read-only (open in another window)
        self.apply_read_only()
        self.undo_group.addStack(document.stack)
        self.undo_group.setActiveStack(document.stack)
        document.title_changed.connect(self._show_title)
        document.refused.connect(lambda reason: self.statusBar().showMessage(reason, 8000))
        self.scene.layout_changed.connect(self._show_status)
        self.empty_hint.attach(self.scene)
        self.properties.set_document(document)
        self.personas.set_document(document)
        self.commenting.set_document(document)
        document.state_changed.connect(self._show_state)
        self.states.attach()
        self._show_title()
        self._show_status()

    def apply_read_only(self) -> None:
        """Disable the commands that change the map while it is read-only."""
        read_only = self.document.read_only
        self.menu_actions.set_read_only(read_only)
        self.properties.setEnabled(not read_only)
        self.personas.setEnabled(not read_only)
        self.palette_list.setEnabled(not read_only)  # greyed: nothing can be dragged in
        self.commenting.set_read_only(read_only)
        self.empty_hint.refresh()
        self._show_title()

    def _show_title(self) -> None:
        # "[*]" is where Qt puts the platform's modified marker.
        self.setWindowTitle(f"{self.document.display_name}[*] — CJM Studio")
        self.setWindowModified(self.document.modified)

    def _show_status(self) -> None:
        journey = self.journey
        self.counts_label.setText(
            " · ".join(
                (
                    counted(journey.card_count, "card"),
                    counted(len(journey.steps), "step"),
                    counted(len(journey.lanes), "lane"),
                    counted(len(journey.personas), "persona"),
                )
            )
        )
        self.zoom_label.setText(f"Zoom {round(self.view.zoom * 100)}%")

    def open_paths(self, paths: list[Path]) -> None:
        for path in paths[:1]:
            self.files.open(path)

    def new_window(self) -> MainWindow:
        window = MainWindow()
        window.show()
        return window

    def quit_all(self) -> None:
        for window in list(WINDOWS):
            if not window.close():
                return

    def about(self) -> None:
        from app.ui.about import show_about

        show_about(self)

    # ------------------------------------------------------------------ window events
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.open_paths(paths)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.files.confirm_close():
            event.ignore()
            return
        self._save_settings()
        self.safety.detach()  # closed cleanly: no working copy, no lock
        self.scene.detach()
        if self in WINDOWS:
            WINDOWS.remove(self)
        event.accept()

    def _restore_settings(self) -> None:
        store = settings.settings()
        geometry = store.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            screen = QApplication.primaryScreen()
            if screen is not None:
                area = screen.availableGeometry()
                self.setGeometry(area)
            else:
                self.resize(1500, 950)
        state = store.value("window/state")
        if state is not None:
            self.restoreState(state)

    def _save_settings(self) -> None:
        if not self.persist_settings:
            return
        store = settings.settings()
        store.setValue("window/geometry", self.saveGeometry())
        store.setValue("window/state", self.saveState())


