"""Help > Keyboard Shortcuts: every shortcut of the menus, read from the actions
themselves, and every gesture of the canvas, including those no menu shows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from app.ui.actions import WindowActions

#: What the canvas does without a menu (app/ui/view.py, navigation.py, gestures/,
#: inline_editor.py, editing.py): (section, keys or gesture, what it does).
GESTURES: tuple[tuple[str, str, str], ...] = (
    ("Canvas: mouse", "Click a card", "Select it"),
    ("Canvas: mouse", "Ctrl+click a card", "Add it to the selection, or take it out"),
    ("Canvas: mouse", "Shift+click a card", "Add it to the selection"),
    ("Canvas: mouse", "Drag on an empty part of the map", "Select the cards in the rectangle"),
    ("Canvas: mouse", "Drag a card", "Move the selected cards to another cell"),
    ("Canvas: mouse", "Double-click an empty cell", "Add a card there and type its title"),
    ("Canvas: mouse", "Double-click a card or a header", "Edit its text in place"),
    ("Canvas: mouse", "Drag a stage, step or lane header", "Reorder the stages, steps or lanes"),
    ("Canvas: mouse", "Drag the edge of a step or lane header", "Resize the step or the lane"),
    ("Canvas: mouse", "Double-click in the emotion lane", "Set the active persona's point"),
    ("Canvas: mouse", "Drag an emotion point", "Change its score"),
    ("Canvas: mouse", "Double-click an emotion point", "Write its note"),
    ("Canvas: mouse", "Right-click", "The actions for what is under the pointer"),
    ("Canvas: mouse", "Space+drag, or drag with the middle button", "Pan the map"),
    ("Canvas: mouse", "Ctrl+mouse wheel", "Zoom in or out"),
    ("Canvas: mouse", "Drag from the Palette onto the map", "Add a card, stage, step or lane"),
    ("Canvas: mouse", "Drop a .cjm file on the window", "Open it"),
    ("Canvas: keys", "Arrow keys", "Select the neighbouring card"),
    ("Canvas: keys", "Ctrl+arrow keys", "Move the selected cards to the next cell"),
    ("Canvas: keys", "Tab / Shift+Tab", "Next / previous card in reading order"),
    ("Canvas: keys", "Enter or F2", "Edit the selected card's or header's text"),
    ("Canvas: keys", "Escape", "Cancel a drag, or clear the selection"),
    ("Canvas: keys", "Paste text (Ctrl+V)", "One new card per line of the text"),
    ("Editing text in place", "Enter", "Keep the text"),
    ("Editing text in place", "Shift+Enter", "A new line (card titles)"),
    ("Editing text in place", "Escape", "Leave the text as it was"),
    ("Editing text in place", "Tab / Shift+Tab", "Keep the text and edit the next / previous card"),
    ("Find bar", "Enter / Shift+Enter", "Next / previous match"),
    ("Find bar", "Escape", "Close the find bar"),
)


#: Actions whose text changes with what they would do: the sheet names them plainly.
STEADY_NAMES = {"undo": "Undo", "redo": "Redo"}


def typed(keys: QKeySequence) -> bool:
    """False for keys only special keyboards have (F13 and up, a "Save" or "Undo" key)."""
    return keys.count() > 0 and keys[0].key().value < Qt.Key.Key_F13.value


def action_rows(actions: WindowActions) -> list[tuple[str, str, str]]:
    """(section, shortcut, what it does) of every menu action that has a shortcut."""
    rows = []
    for key, action in actions.all.items():
        keys = [
            k.toString(QKeySequence.SequenceFormat.NativeText)
            for k in action.shortcuts()
            if typed(k)
        ]
        if keys:
            name = action.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
            if key in STEADY_NAMES:  # their text follows the stack ("Undo Clear emotion")
                name = STEADY_NAMES[key]
            rows.append(("Menus", " or ".join(keys), name.rstrip("…").strip()))
    return rows


class ShortcutsSheet(QDialog):
    """A table of every shortcut and gesture; stays open beside the map while you work."""

    def __init__(self, parent: QWidget | None, actions: WindowActions) -> None:
        super().__init__(parent)
        # A window of its own (movable, beside the map), painted on a solid background.
        self.setWindowFlags(
            Qt.WindowType.Dialog
            | Qt.WindowType.WindowTitleHint
            | Qt.WindowType.WindowCloseButtonHint
        )
        self.setAutoFillBackground(True)
        self.setObjectName("shortcuts-sheet")
        self.setWindowTitle("Keyboard shortcuts and gestures")
        layout = QVBoxLayout(self)
        rows = action_rows(actions) + list(GESTURES)
        self.table = QTableWidget(len(rows), 3)
        self.table.setHorizontalHeaderLabels(("Where", "Keys or gesture", "Does"))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        for row, texts in enumerate(rows):
            for column, text in enumerate(texts):
                self.table.setItem(row, column, QTableWidgetItem(text))  # plain text items
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        self.resize(760, 620)

    def texts(self) -> list[str]:
        """Every cell's text, row by row (for tests and for searching)."""
        return [
            self.table.item(row, column).text()
            for row in range(self.table.rowCount())
            for column in range(self.table.columnCount())
        ]


def show_shortcuts(window: QWidget, actions: WindowActions) -> ShortcutsSheet:
    """Show the sheet (one per window, brought to the front if open already)."""
    sheet = window.findChild(ShortcutsSheet, "shortcuts-sheet")
    if sheet is None:
        sheet = ShortcutsSheet(window, actions)
    sheet.show()
    sheet.raise_()
    sheet.activateWindow()
    return sheet
