"""Crash recovery at start-up: offer every unsaved map a previous session left behind.

Decided by content, never by clock (``app.model.store.workspace``): each working copy
whose window is gone is offered, whatever the saved file's time says, and the offer
says when the saved file is no longer the one the edits started from. Unsaved work is
deleted only when the user says Discard: "Open saved version" moves it to a recovered
file (its path is shown) that the user can open later; closing the question without an
answer keeps it for the next start.

``offer_recovery`` runs at start-up; ``recover`` does the chosen answer and is what
tests call (the dialog around it is thin).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from app.model.store import StoreError, open_document
from app.model.store.workspace import (
    DocumentLock,
    Recoverable,
    discard_recoverable,
    find_recoverable,
    in_use,
    keep_recovered,
)
from app.ui import dialogs
from app.ui.document import Document

if TYPE_CHECKING:
    from app.ui.window import MainWindow

RESTORE, OPEN_SAVED, DISCARD = "restore", "open-saved", "discard"


def recovery_text(item: Recoverable) -> str:
    """What the offer says: which map, where, when, and whether its file changed since."""
    where = str(item.original) if item.original is not None else "never saved"
    edited = item.edited.astimezone().strftime("%Y-%m-%d %H:%M:%S")
    title = item.title or "Untitled"
    if item.aside:
        text = (
            f"Unsaved changes were set aside when their map was reloaded from disk: "
            f"{title} ({where}), last edited {edited}. "
        )
    else:
        text = (
            f"A map was not saved when CJM Studio last closed: {title} ({where}), "
            f"last edited {edited}. "
        )
    if item.original is not None and not item.original.is_file():
        text += "The saved file is no longer there; Restore brings back your changes. "
    elif item.file_changed:
        text += (
            "The saved file has changed since these changes were made (it was saved again, "
            "perhaps by another program or person): Restore brings back your version, "
            "and saving it would replace that newer file. "
        )
    return text


def pending_recoveries() -> list[Recoverable]:
    """Working copies left by sessions that are gone, newest first.

    A copy still held by a running window (of this or another app instance), or of a
    file locked right now, belongs to that window, not to a crash."""
    found = []
    for item in find_recoverable():
        if in_use(item):
            continue
        if item.original is not None:
            lock = DocumentLock(item.original)
            try:
                if not lock.acquire():
                    continue
            except OSError:  # no lock can be taken: offer it rather than hide it
                pass
            lock.release()
        found.append(item)
    return found


def pending_recovery() -> Recoverable | None:
    """The newest working copy left by a session that is gone, if any."""
    found = pending_recoveries()
    return found[0] if found else None


def recover(window: MainWindow, item: Recoverable, choice: str) -> bool:
    """Do the answer to the recovery offer; True if ``window`` now shows a map from it."""
    if choice == DISCARD:
        discard_recoverable(item)
        return False
    if choice == OPEN_SAVED:
        return _open_saved(window, item)
    if choice != RESTORE:
        return False  # no answer: the copy stays and is offered at the next start
    try:
        recovered = open_document(item.working_copy)
    except (StoreError, OSError) as error:
        dialogs.show_error(window, "Cannot restore map", f"{item.working_copy.name}: {error}")
        return False
    document = Document(recovered, item.original)
    document.base = item.base  # what these edits started from, not the file as it is now
    document.stack.resetClean()  # modified: the user saves it
    window.set_document(document)  # attach writes the window's own copy at once
    window.safety.adopt(item)
    return True


def _open_saved(window: MainWindow, item: Recoverable) -> bool:
    """Open the saved file, keeping the unsaved work as a recovered file (path shown)."""
    try:
        kept = keep_recovered(item)
    except OSError as error:  # it stays a working copy: offered again at the next start
        where = (
            f"They could not be moved to a file of their own ({error.strerror or error}), "
            "so they will be offered again the next time CJM Studio starts."
        )
    else:
        where = (
            f"They are kept in this file, which you can open with File > Open:\n{kept}\n"
            "Delete it when you no longer need it."
        )
    opened = (
        item.original is not None
        and item.original.is_file()
        and window.files.open(item.original, ask=False)
    )
    name = item.original.name if item.original is not None else item.title or "Untitled"
    dialogs.show_message(
        window, "Unsaved changes kept", f"Your unsaved changes to {name} were not lost. {where}"
    )
    return opened


def ask_recovery(parent: QWidget | None, item: Recoverable) -> str:
    """The plain-text offer: RESTORE, OPEN_SAVED, DISCARD, or "" (no answer: keep it)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Restore unsaved map")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(recovery_text(item))
    restore = box.addButton("Restore", QMessageBox.ButtonRole.AcceptRole)
    saved = None
    if item.original is not None and item.original.is_file():
        saved = box.addButton("Open saved version", QMessageBox.ButtonRole.ActionRole)
    discard = box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(restore)
    box.exec()
    clicked = box.clickedButton()
    if clicked is restore:
        return RESTORE
    if saved is not None and clicked is saved:
        return OPEN_SAVED
    return DISCARD if clicked is discard else ""  # closed without an answer: keep it


def offer_recovery(window: MainWindow) -> bool:
    """At start-up: offer each unsaved map left behind, newest first; True if ``window``
    now shows one (the others chosen open in windows of their own)."""
    shown = False
    for item in pending_recoveries():
        choice = ask_recovery(window, item)
        target = window.new_window() if shown and choice in (RESTORE, OPEN_SAVED) else window
        if recover(target, item, choice) and target is window:
            shown = True
    return shown
