"""File > Import > Merge from Excel…: a client's workbook merged three ways, seen before it applies.

``merge_from_excel(window)`` asks for the workbook, plans the merge
(``app.export.xlsx_three_way``, nothing changes yet) and shows ``MergeDialog``:
what will be taken from the workbook, the map's own edits that are kept, the
warnings, and each conflict with both values and a choice (keep the map's, or
take the workbook's; "Take All from Workbook" for all). Apply makes the merged
map as ONE undo step on the document's stack; Cancel changes nothing. A workbook
that cannot be merged (another map's, a formula cell, garbled) shows its one-line
error in a message box and changes nothing. Every text a user or client wrote is
shown as plain text.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.export.xlsx_comments import (
    CommentCells,
    NewComment,
    comment_threads,
    new_comments,
    with_comments,
)
from app.export.xlsx_reader import WorkbookError
from app.export.xlsx_report import field_list, field_words, report_lines, shown
from app.export.xlsx_three_way import (
    MACRO_TEXT,
    NoBaseError,
    apply_merge,
    merged_map,
    plan_workbook_merge,
)
from app.model.commands import Command, Macro
from app.model.commands.comments import AddThreads
from app.model.merge import Conflict, ElementChange, MergePlan, describe
from app.ui import dialogs, settings

if TYPE_CHECKING:
    from app.ui.window import MainWindow

TITLE = "Merge from Excel"
FILTER = "Excel workbooks (*.xlsx);;All files (*)"


def _label(text: str, word_wrap: bool = True) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)  # names and values are the client's text
    label.setWordWrap(word_wrap)
    return label


def _item(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)  # table items never interpret markup
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    item.setToolTip(text)
    return item


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def change_rows(plan: MergePlan) -> list[tuple[str, str, str, str]]:
    """(element, what, map now, after the merge) for each change the merge makes or keeps."""
    rows: list[tuple[str, str, str, str]] = []
    for change in plan.changes:
        name = _capital(describe(plan, change.key))
        rows += _rows_of(plan, name, change)
    return rows


def _rows_of(plan: MergePlan, name: str, change: ElementChange) -> list[tuple[str, str, str, str]]:
    rows: list[tuple[str, str, str, str]] = []
    if change.action == "added":
        rows.append((name, "added from the workbook", "", ""))
    elif change.action == "removed":
        rows.append((name, "removed (its row was deleted in the workbook)", "", ""))
    for field in change.taken:
        rows.append((name, f"{field_words(field.name)} (from the workbook)",
                     shown(plan, field.before), shown(plan, field.after)))
    if change.kept:
        kept = ", ".join(field_words(n) for n in change.kept)
        rows.append((name, f"kept the map's own edit: {kept}", "", ""))
    return rows


def conflict_texts(plan: MergePlan, conflict: Conflict) -> tuple[str, str, str, str]:
    """(element, what, the map's value, the workbook's value) of one conflict."""
    name = _capital(describe(plan, conflict.key))
    if conflict.field:
        return (name, field_words(conflict.field), shown(plan, conflict.ours),
                shown(plan, conflict.theirs))
    if conflict.theirs is None:
        return (name, "deleted in the workbook, changed in the map",
                f"changed: {field_list(conflict.ours)}", "(deleted)")
    return (name, "changed in the workbook, deleted from the map", "(deleted)",
            f"changed: {field_list(conflict.theirs)}")


class MergeDialog(QDialog):
    """The merge report with the conflicts to decide; Apply or Cancel."""

    def __init__(self, plan: MergePlan, workbook: str, parent: QWidget | None = None,
                 comments: Sequence[NewComment] = ()) -> None:
        super().__init__(parent)
        self.plan = plan
        #: The comments the client added in the Comments column (``xlsx_comments``).
        self.comments = list(comments)
        self.setWindowTitle(f"{TITLE} — {workbook}")
        self.setObjectName("merge-dialog")
        layout = QVBoxLayout(self)
        layout.addWidget(_label(f"Merging {workbook} into the map. Nothing changes until you "
                                "click Apply; Apply is one step of Undo."))
        self.summary = _label("")
        self.summary.setObjectName("merge-summary")
        layout.addWidget(self.summary)

        rows = change_rows(plan) + [
            (f'Card "{c.title}"', "new comment from the workbook", "", f"{c.author}: {c.text}")
            for c in self.comments
        ]
        layout.addWidget(_label(f"Changes ({len(rows)})" if rows else
                                "Changes: none from the workbook"))
        self.changes = self._table(["Element", "Change", "Map now", "After the merge"])
        self.changes.setObjectName("merge-changes")
        self.changes.setRowCount(len(rows))
        for row, texts in enumerate(rows):
            for column, text in enumerate(texts):
                self.changes.setItem(row, column, _item(text))
        self.changes.setVisible(bool(rows))
        layout.addWidget(self.changes, 2)

        self.choices: dict[str, QButtonGroup] = {}
        self.take_buttons: dict[str, QRadioButton] = {}
        self.keep_buttons: dict[str, QRadioButton] = {}
        conflicts = plan.conflicts
        header = QHBoxLayout()
        header.addWidget(_label(f"Conflicts ({len(conflicts)}): both sides changed these. "
                                "Keep the map's value or take the workbook's."
                                if conflicts else "Conflicts: none"), 1)
        self.keep_all = QPushButton("Keep All from Map")
        self.take_all = QPushButton("Take All from Workbook")
        self.keep_all.clicked.connect(lambda: self._choose_all(take=False))
        self.take_all.clicked.connect(lambda: self._choose_all(take=True))
        for button in (self.keep_all, self.take_all):
            button.setVisible(bool(conflicts))
            header.addWidget(button)
        layout.addLayout(header)
        self.conflicts = self._table(["Element", "Conflict", "Map's value", "Workbook's value",
                                      "Keep map's", "Take workbook's"])
        self.conflicts.setObjectName("merge-conflicts")
        self.conflicts.setRowCount(len(conflicts))
        for row, conflict in enumerate(conflicts):
            for column, text in enumerate(conflict_texts(plan, conflict)):
                self.conflicts.setItem(row, column, _item(text))
            keep, take = QRadioButton("Map's"), QRadioButton("Workbook's")
            keep.setChecked(True)  # the default keeps the map's value
            group = QButtonGroup(self)
            group.addButton(keep)
            group.addButton(take)
            group.buttonToggled.connect(lambda _b, _on: self._show_summary())
            self.choices[conflict.id] = group
            self.keep_buttons[conflict.id], self.take_buttons[conflict.id] = keep, take
            self.conflicts.setCellWidget(row, 4, keep)
            self.conflicts.setCellWidget(row, 5, take)
        self.conflicts.setVisible(bool(conflicts))
        layout.addWidget(self.conflicts, 2)

        layout.addWidget(_label(f"Warnings ({len(plan.warnings)})" if plan.warnings else
                                "Warnings: none"))
        self.warnings = QListWidget()
        self.warnings.setObjectName("merge-warnings")
        self.warnings.addItems(plan.warnings)  # list items are plain text
        self.warnings.setVisible(bool(plan.warnings))
        layout.addWidget(self.warnings, 1)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Apply
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = self.buttons.button(QDialogButtonBox.StandardButton.Apply)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.apply_button.clicked.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._show_summary()
        self.resize(960, 640)

    def _table(self, headers: list[str]) -> QTableWidget:
        table = QTableWidget(0, len(headers))
        table.setHorizontalHeaderLabels(headers)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        table.setWordWrap(False)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((260, 220, 170, 170)[:len(headers)]):
            table.setColumnWidth(column, width)
        return table

    def _choose_all(self, take: bool) -> None:
        for conflict_id in self.choices:
            (self.take_buttons if take else self.keep_buttons)[conflict_id].setChecked(True)

    def taken(self) -> set[str]:
        """The ids of the conflicts to settle with the workbook's value."""
        return {cid for cid, button in self.take_buttons.items() if button.isChecked()}

    def _show_summary(self) -> None:
        self.summary.setText(with_comments(report_lines(self.plan, self.taken()),
                                           self.comments)[-1])


class Merging:
    """The window's Merge from Excel command (one dialog at a time)."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        #: The dialog on screen, if any (tests look here).
        self.dialog: MergeDialog | None = None

    def run(self) -> MergeDialog | None:
        """Ask for the workbook, then ``start`` (File > Import uses its own file question)."""
        window = self.window
        if window.document.read_only:
            dialogs.show_message(window, TITLE, "This map is read-only: nothing can be merged "
                                                "into it.")
            return None
        folder = str(settings.start_folder(window.document.path))
        chosen, _ = QFileDialog.getOpenFileName(window, f"{TITLE}: choose the workbook",
                                                folder, FILTER)
        return self.start(Path(chosen)) if chosen else None

    def start(self, path: Path) -> MergeDialog | None:
        """Plan the merge of ``path`` and show the dialog (not blocking); None after an error."""
        window = self.window
        window.view.editor.commit()  # text being typed is part of the map the merge meets
        cells = CommentCells()  # a client's new lines in the Comments column
        plan = self._plan(path, cells)
        if plan is None:
            return None
        comments = new_comments(cells, window.document.map_document)
        dialog = MergeDialog(plan, path.name, window, comments)
        dialog.setModal(True)
        dialog.accepted.connect(lambda: self.apply(dialog))
        dialog.finished.connect(lambda _result: self._closed(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _plan(self, path: Path, cells: CommentCells) -> MergePlan | None:
        window = self.window
        uid = window.document.map_document.uid
        try:
            try:
                with _waiting():
                    return plan_workbook_merge(path, window.journey, uid, comments=cells)
            except NoBaseError:
                if not ask_two_way(window, path.name):
                    return None
                with _waiting():
                    return plan_workbook_merge(path, window.journey, uid, two_way=True,
                                               comments=cells)
        except (WorkbookError, OSError) as error:
            dialogs.show_error(window, f"{TITLE} failed", f"{path.name}: {_reason(error)}\n\n"
                                                          "Nothing was changed.")
            return None

    def apply(self, dialog: MergeDialog) -> None:
        """The merged map, as one undo step; nothing if it matches the map already."""
        window = self.window
        journey = window.journey
        if dialog.plan.ours is not journey or window.document.read_only:
            return  # the window shows another map now, or this one became read-only
        try:
            merged = merged_map(dialog.plan, dialog.taken())
        except WorkbookError as error:
            dialogs.show_error(window, f"{TITLE} failed", f"{error}\n\nNothing was changed.")
            return
        changed = merged.snapshot() != journey.snapshot()
        if not changed and not dialog.comments:
            window.statusBar().showMessage("Merge from Excel: no changes to the map", 6000)
            return
        steps: list[Command] = [apply_merge(journey, merged)] if changed else []
        if dialog.comments:  # the client's comments, in the same undo step
            threads = comment_threads(dialog.comments, merged)
            steps.append(AddThreads(window.document.map_document, threads,
                                    "Comments from the workbook"))
        step = steps[0] if len(steps) == 1 else Macro(journey, MACRO_TEXT, steps)
        refused = window.document.push(step)
        if refused is not None:
            dialogs.show_error(window, f"{TITLE} failed", f"{refused}\n\nNothing was changed.")
            return
        window.statusBar().showMessage(f"Merged {dialog.windowTitle().split(' — ', 1)[-1]}: "
                                       "Undo takes the whole merge back", 8000)

    def _closed(self, dialog: MergeDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()


@contextmanager
def _waiting() -> Iterator[None]:
    """A wait cursor while a big workbook is read (a few seconds for thousands of cards)."""
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QGuiApplication.restoreOverrideCursor()


def _reason(error: Exception) -> str:
    if isinstance(error, OSError):
        return error.strerror or str(error)
    return str(error)


def ask_two_way(parent: QWidget | None, name: str) -> bool:
    """A workbook without a base: merge it two-way (every difference counts as the client's)?"""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(TITLE)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(f"{name} has no base: it was exported by an older CJM Studio, or made by hand, "
                "so the client's edits cannot be told from the map's.")
    box.setInformativeText("Merge it two-way? Every difference from the map then counts as an "
                           "edit made in the workbook; you still see the report before "
                           "anything changes.")
    merge = box.addButton("Merge Two-Way…", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is merge


def merge_from_excel(window: MainWindow, path: Path | None = None) -> MergeDialog | None:
    """Merge from Excel: ask for the workbook unless given, then show the dialog."""
    merging = Merging(window)  # kept alive by the dialog's connections
    return merging.run() if path is None else merging.start(path)
