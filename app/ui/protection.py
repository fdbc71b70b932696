"""Telling the user when their unsaved work is not protected against a crash.

Safety copies live in the app's data folder (``app.model.store.workspace``). When that
folder cannot be created (a read-only or missing home, a broken disk) or a copy cannot
be written (a full disk), the app keeps working: it says so plainly once at start-up,
and every window shows a banner above the map for as long as copies cannot be written.
The banner goes away by itself once writing works again.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from app.model.store.workspace import data_folder
from app.ui import dialogs


class ProtectionBanner(QLabel):
    """The warning above the map while changes cannot be kept safe (hidden otherwise)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("protection-banner")
        self.setTextFormat(Qt.TextFormat.PlainText)  # reasons carry paths: user data
        self.setWordWrap(True)
        self.setStyleSheet(
            "QLabel#protection-banner { background: #fdecea; color: #8a1c12;"
            " border-bottom: 1px solid #e0a39c; padding: 6px 10px; font-weight: bold; }"
        )
        self.problem = ""
        self.hide()

    def show_problem(self, problem: str) -> None:
        """Show (or update) the warning; ``problem`` says what cannot be written and why."""
        self.problem = problem
        self.setText(
            f"Your changes are not protected against a crash: {problem}. Save your map to "
            "keep your work. This warning goes away once safety copies can be written again."
        )
        self.show()

    def clear(self) -> None:
        self.problem = ""
        self.setText("")
        self.hide()


def data_folder_problem() -> str | None:
    """Why safety copies cannot be kept (the data folder cannot be created); None if they can."""
    folder = data_folder(create=False)
    try:
        (data_folder() / "working").mkdir(exist_ok=True)
    except OSError as error:
        reason = error.strerror or str(error)
        return f"the folder for safety copies ({folder}) cannot be created ({reason})"
    return None


def tell_if_unprotected(parent: QWidget | None) -> bool:
    """At start-up: say plainly if safety copies cannot be kept; True if all is well."""
    problem = data_folder_problem()
    if problem is None:
        return True
    dialogs.show_error(
        parent,
        "Changes not protected",
        f"CJM Studio cannot keep safety copies of your maps: {problem}.\n\n"
        "You can keep working and save your maps as usual, but unsaved changes will be lost "
        "if the app or the computer stops unexpectedly. A warning stays above the map until "
        "safety copies can be written.",
    )
    return False
