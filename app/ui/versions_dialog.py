"""File > Versions…: the named versions kept inside the file, and what to do with them.

The list shows every snapshot (name, when, who, how many cards and steps) with
the map as it is now on top. *Take snapshot…* keeps the map now under a name
("After workshop 1"); a version can be previewed read-only in its own window,
compared with now (``compare_view``), or restored: the map becomes that version
in one step that Edit > Undo takes back. Taking a snapshot, like any edit, marks
the file changed until it is saved.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.model.commands.versions import TakeSnapshot
from app.model.diff import diff_maps
from app.model.diff_apply import ApplyDiff
from app.model.document import Snapshot
from app.model.errors import ModelError
from app.model.snapshots import SnapshotSummary, snapshot_map, summaries
from app.ui import dialogs
from app.ui.compare_view import CompareWindow
from app.ui.document import Document
from app.ui.preferences import author_name

if TYPE_CHECKING:
    from app.ui.window import MainWindow

COLUMNS = ("Version", "Taken", "By", "Cards", "Steps")


class VersionsDialog(QDialog):
    """The versions of the window's map: take, preview, compare and restore."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("versions-dialog")
        self.setWindowTitle("Versions")
        self.window_ = window
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("versions-table")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemDoubleClicked.connect(lambda _item: self.preview())
        self.hint = QLabel(
            "A snapshot keeps the map as it is now, inside this file. Compare a version "
            "with now, look at it, or restore it (Edit > Undo takes a restore back)."
        )
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.hint.setWordWrap(True)
        self.take_button = QPushButton("Take snapshot…")
        self.preview_button = QPushButton("Preview")
        self.compare_button = QPushButton("Compare with now")
        self.restore_button = QPushButton("Restore")
        close = QPushButton("Close")
        self.take_button.clicked.connect(self.take)
        self.preview_button.clicked.connect(self.preview)
        self.compare_button.clicked.connect(self.compare)
        self.restore_button.clicked.connect(self.restore)
        close.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        for button in (self.take_button, self.preview_button, self.compare_button,
                       self.restore_button):  # fmt: skip
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.summaries: list[SnapshotSummary] = []
        self.previews: list[QWidget] = []
        self.compare_window: CompareWindow | None = None
        self.refresh()
        self.resize(760, 420)

    @property
    def document(self) -> Document:
        return self.window_.document

    # ------------------------------------------------------------------ the list
    def refresh(self) -> None:
        """Fill the table: the map now, then the snapshots, newest first."""
        self.summaries = list(reversed(summaries(self.document.map_document)))
        journey = self.document.journey
        rows = [("Now (the map as it is)", "", "", str(journey.card_count),
                 str(len(journey.steps)))]  # fmt: skip
        for summary in self.summaries:
            snapshot, counts = summary.snapshot, summary.counts or {}
            taken = snapshot.taken.astimezone().strftime("%Y-%m-%d %H:%M")
            cards = str(counts.get("cards", "")) if summary.problem is None else "unreadable"
            rows.append((snapshot.name, taken, snapshot.author, cards,
                         str(counts.get("steps", ""))))  # fmt: skip
        self.table.setRowCount(len(rows))
        for row, values in enumerate(rows):
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))  # items are plain text
        self.table.resizeColumnsToContents()
        self.table.selectRow(1 if self.summaries else 0)
        self._update_buttons()

    def chosen(self) -> Snapshot | None:
        """The snapshot of the selected row (None for the map now or no selection)."""
        row = self.table.currentRow()
        if row < 1 or row > len(self.summaries):
            return None
        return self.summaries[row - 1].snapshot

    def _update_buttons(self) -> None:
        read_only = self.document.read_only
        chosen = self.chosen() is not None
        self.take_button.setEnabled(not read_only)
        for button in (self.preview_button, self.compare_button):
            button.setEnabled(chosen)
        self.restore_button.setEnabled(chosen and not read_only)

    # ------------------------------------------------------------------ actions
    def take(self) -> None:
        """Ask for a name and keep the map now under it."""
        count = len(self.document.map_document.snapshots)
        name, ok = QInputDialog.getText(
            self, "Take snapshot", "Name of this version:", text=f"Version {count + 1}"
        )
        if not ok:
            return
        problem = self.document.push(
            TakeSnapshot(self.document.map_document, name.strip(), author_name())
        )
        if problem:
            dialogs.show_error(self, "Snapshot not taken", problem)
            return
        self.refresh()

    def _map_of(self, snapshot: Snapshot) -> object:
        try:
            return snapshot_map(self.document.map_document, snapshot)
        except ModelError as error:
            dialogs.show_error(self, "Version not readable", f"{snapshot.name}: {error}")
            return None

    def preview(self) -> None:
        """Open the chosen version read-only in a window of its own."""
        from app.ui.window import MainWindow

        snapshot = self.chosen()
        journey = self._map_of(snapshot) if snapshot is not None else None
        if snapshot is None or journey is None:
            return
        document = Document(journey)  # type: ignore[arg-type]
        document.read_only = True
        document.shown_name = f"{snapshot.name}, a version of {self.document.display_name}"
        window = MainWindow(document)
        window.persist_settings = False
        window.apply_read_only()
        window.show()
        self.previews.append(window)  # kept alive while the dialog is

    def compare(self) -> None:
        """Show what changed from the chosen version to the map now."""
        snapshot = self.chosen()
        journey = self._map_of(snapshot) if snapshot is not None else None
        if snapshot is None or journey is None:
            return
        window = CompareWindow(journey, self.document.journey, snapshot.name, "now",  # type: ignore[arg-type]
                               self.window_)  # fmt: skip
        window.setWindowFlag(Qt.WindowType.Window)
        window.show()
        self.compare_window = window

    def restore(self) -> None:
        """Make the map the chosen version, as one undoable step."""
        snapshot = self.chosen()
        journey = self._map_of(snapshot) if snapshot is not None else None
        if snapshot is None or journey is None:
            return
        diff = diff_maps(self.document.journey, journey)  # type: ignore[arg-type]
        if diff.is_empty:
            dialogs.show_message(self, "Restore", "The map is already this version.")
            return
        problem = self.document.push(
            ApplyDiff(self.document.journey, diff, text=f"Restore version {snapshot.name!r}")
        )
        if problem:
            dialogs.show_error(self, "Version not restored", problem)
            return
        self.window_.statusBar().showMessage(
            f"Restored {snapshot.name}; Edit > Undo takes it back", 8000
        )
        self.refresh()


def open_versions(window: QWidget) -> VersionsDialog:
    """Show the Versions dialog of ``window`` (a MainWindow)."""
    dialog = VersionsDialog(window)  # type: ignore[arg-type]
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
