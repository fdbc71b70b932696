"""File > Restore Previous Version: choose one of the kept versions of the map, with when
each was kept, and confirm. The map in the window is kept as a backup first, so a restore
can be taken back the same way (it is the newest entry the next time)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.model.store.workspace import BEFORE_RESTORE, Backup


def when(kept: datetime, now: datetime | None = None) -> str:
    """``today 14:32``, ``yesterday 09:05`` or ``2026-03-17 16:45``, in local time."""
    local = kept.astimezone()
    today = (now or datetime.now().astimezone()).date()
    days = (today - local.date()).days
    if days == 0:
        return f"today {local:%H:%M:%S}"
    if days == 1:
        return f"yesterday {local:%H:%M}"
    return f"{local:%Y-%m-%d %H:%M}"


def describe(backup: Backup) -> str:
    if backup.note == BEFORE_RESTORE:
        return f"The map as it was {when(backup.kept)}, before a restore"
    return f"The saved version replaced {when(backup.kept)}"


class BackupChooser(QDialog):
    """A list of the kept versions, newest first; Restore is the confirmation."""

    def __init__(self, parent: QWidget | None, name: str, backups: list[Backup]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore previous version")
        self.backups = backups
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"Choose the version of {name} to restore. It replaces the map in this window "
            "as unsaved changes; the file changes when you save.\n\n"
            "The map as it is now (with any unsaved changes) is kept first, so you can "
            "come back to it here the same way."
        )
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = QListWidget()
        for backup in backups:
            self.list.addItem(QListWidgetItem(describe(backup)))  # item text is plain text
        self.list.setCurrentRow(0)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        layout.addWidget(self.list, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = buttons.addButton("Restore", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(520, 360)

    def chosen(self) -> Backup | None:
        row = self.list.currentRow()
        return self.backups[row] if 0 <= row < len(self.backups) else None


def choose_backup(parent: QWidget | None, name: str, backups: list[Backup]) -> Backup | None:
    """The version the user chose to restore; None if they cancelled."""
    dialog = BackupChooser(parent, name, backups)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    return dialog.chosen() if accepted else None
