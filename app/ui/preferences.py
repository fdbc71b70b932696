"""Edit > Preferences…: the user's own settings, kept in QSettings (``app.ui.settings``).

Today one: "Your name (for comments)", set once and signed on every comment the
user writes. Until it is set, the name of the account running the app is used
(as the command line does without ``--author``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.model.comments import MAX_AUTHOR_LENGTH, author_problem, system_user_name
from app.ui import settings

AUTHOR_KEY = "comments/author"


def author_name() -> str:
    """The name signed on the user's comments: the one set in Preferences, else the
    account's user name."""
    value = settings.settings().value(AUTHOR_KEY, "")
    if isinstance(value, str) and value.strip() and author_problem(value.strip()) is None:
        return value.strip()
    return system_user_name()


def set_author_name(name: str) -> None:
    settings.settings().setValue(AUTHOR_KEY, name.strip())


class PreferencesDialog(QDialog):
    """The preferences; OK keeps them (refused, with the reason, while a value is wrong)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preferences-dialog")
        self.setWindowTitle("Preferences")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.author = QLineEdit(author_name())
        self.author.setObjectName("preferences-author")
        self.author.setMaxLength(MAX_AUTHOR_LENGTH)
        self.author.setPlaceholderText(system_user_name())
        form.addRow("Your name (for comments):", self.author)
        layout.addLayout(form)
        note = QLabel("Every comment you write is signed with this name.")
        note.setTextFormat(Qt.TextFormat.PlainText)
        note.setWordWrap(True)
        layout.addWidget(note)
        self.problem = QLabel("")
        self.problem.setObjectName("preferences-problem")
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setStyleSheet("color: #b3261e;")
        self.problem.setWordWrap(True)
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout.addWidget(buttons)
        self.resize(440, self.sizeHint().height())

    def accept(self) -> None:
        name = self.author.text().strip() or system_user_name()
        problem = author_problem(name)
        if problem:
            self.problem.setText(problem[0].upper() + problem[1:] + ".")
            return
        set_author_name(name)
        super().accept()


def show_preferences(parent: QWidget | None) -> PreferencesDialog:
    """Open the dialog without blocking (it deletes itself when closed)."""
    dialog = PreferencesDialog(parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
