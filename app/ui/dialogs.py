"""Small dialogs, all plain text: errors, the unsaved-changes and changed-on-disk questions,
file and template choice.

File names and store messages are user data: every label here is set to
Qt.PlainText so a name like ``<img src=...>.cjm`` shows as those characters.
Tests replace these functions (monkeypatch) instead of clicking modal dialogs.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from app.model.templates import template_names, template_title

FILE_FILTER = "CJM Studio maps (*.cjm)"


def _box(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
    box = QMessageBox(parent)
    box.setIcon(icon)
    box.setWindowTitle(title)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    return box


def show_error(parent: QWidget | None, title: str, text: str) -> None:
    _box(parent, QMessageBox.Icon.Warning, title, text).exec()


def show_message(parent: QWidget | None, title: str, text: str) -> None:
    _box(parent, QMessageBox.Icon.Information, title, text).exec()


def ask_save(parent: QWidget | None, name: str) -> str:
    """'save', 'discard' or 'cancel' for a map with unsaved changes."""
    box = _box(
        parent,
        QMessageBox.Icon.Question,
        "Unsaved changes",
        f"Save the changes to {name} before closing it?",
    )
    box.setStandardButtons(
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel
    )
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    answer = box.exec()
    if answer == QMessageBox.StandardButton.Save:
        return "save"
    if answer == QMessageBox.StandardButton.Discard:
        return "discard"
    return "cancel"


RELOAD, KEEP = "reload", "keep"


def ask_file_changed(parent: QWidget | None, name: str, modified: bool) -> str:
    """RELOAD or KEEP, for a map whose file another program changed on disk."""
    if modified:
        choices = (
            "Reload opens the changed file and drops your unsaved changes from this window "
            "(a copy of them is kept and offered the next time CJM Studio starts). "
        )
    else:
        choices = "Reload opens the changed file. "
    choices += "Keep mine keeps this window's version: saving will replace the other change."
    # One plain-text label: Qt's informative text would not be plain text.
    box = _box(
        parent,
        QMessageBox.Icon.Question,
        "Map changed on disk",
        f"{name} was changed on disk by another program.\n\n{choices}",
    )
    reload = box.addButton("Reload", QMessageBox.ButtonRole.AcceptRole)
    keep = box.addButton("Keep mine", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(reload)
    box.setEscapeButton(keep)  # closing the box is not an answer to reload
    box.exec()
    return RELOAD if box.clickedButton() is reload else KEEP


def ask_overwrite_changed(parent: QWidget | None, name: str) -> bool:
    """True to save over a file another program changed since this window read it."""
    box = _box(
        parent,
        QMessageBox.Icon.Warning,
        "Map changed on disk",
        f"{name} was changed on disk by another program since this window read it. "
        "Saving replaces that version with yours.",
    )
    overwrite = box.addButton("Overwrite", QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is overwrite


def ask_replace_read_only(parent: QWidget | None, name: str) -> bool:
    """True to save over a file whose permissions say it is read-only."""
    box = _box(
        parent,
        QMessageBox.Icon.Warning,
        "Map is read-only",
        f"{name} is read-only: its permissions say it is not to be changed. "
        "Replace it with your version anyway? It stays read-only afterwards. "
        "Cancel keeps it as it is; you can then save under another name.",
    )
    replace = box.addButton("Replace", QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is replace


def open_path(parent: QWidget | None, folder: str = "") -> Path | None:
    path, _ = QFileDialog.getOpenFileName(
        parent,
        "Open map",
        folder,
        f"{FILE_FILTER};;Maps, workbooks, JSON, web pages and posters "
        "(*.cjm *.xlsx *.xlsm *.json *.html *.htm *.pdf);;All files (*)",
    )
    return Path(path) if path else None


def save_path(parent: QWidget | None, suggestion: str) -> Path | None:
    path, _ = QFileDialog.getSaveFileName(parent, "Save map as", suggestion, FILE_FILTER)
    if not path:
        return None
    chosen = Path(path)
    return chosen if chosen.suffix.lower() == ".cjm" else chosen.with_name(chosen.name + ".cjm")


class TemplateChooser(QDialog):
    """New map: a list of the templates (blank and the examples) to start from."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New map")
        layout = QVBoxLayout(self)
        label = QLabel("Start from:")
        label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(label)
        self.list = QListWidget()
        for name in template_names():
            try:
                title = template_title(name)
            except (OSError, ValueError, KeyError):
                continue
            item = QListWidgetItem(title if name == "blank" else f"{title}  ({name})")
            item.setData(Qt.ItemDataRole.UserRole, name)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        layout.addWidget(self.list)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(520, 300)

    def chosen(self) -> str | None:
        item = self.list.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item else None


def choose_template(parent: QWidget | None) -> str | None:
    dialog = TemplateChooser(parent)
    return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None
