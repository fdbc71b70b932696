"""Never lose work, in the window: autosave to a working copy, open-once locks, crash recovery.

The store side is ``app.model.store.workspace``. Each window has one ``Safety``:
- after an edit, the map is written to its working copy within a second (a single-shot
  timer that is not restarted while pending, so continuous editing still writes);
- the working copy is discarded after a save and when the map is closed cleanly;
- the file a window shows is locked; a file locked elsewhere opens read-only, and the
  message names who has it open;
- the file is watched for changes made by other programs (``app.ui.file_watch``);
  unsaved edits dropped to reload the file are set aside as a recoverable copy.

``offer_recovery`` runs at start-up; ``recover`` does the chosen answer and is what
tests call (the dialog around it is thin).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QMessageBox, QWidget

from app.model.store import StoreError, open_document
from app.model.store.workspace import (
    DocumentLock,
    Recoverable,
    WorkingCopy,
    discard_recoverable,
    find_recoverable,
)
from app.ui import dialogs
from app.ui.document import Document
from app.ui.file_watch import FileWatch

if TYPE_CHECKING:
    from app.ui.window import MainWindow

#: Milliseconds from the first edit to the working-copy write.
AUTOSAVE_DELAY_MS = 700

RESTORE, OPEN_SAVED, DISCARD = "restore", "open-saved", "discard"


class Safety(QObject):
    """Autosave and the lock of the document shown in one window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.document: Document | None = None
        self.working: WorkingCopy | None = None
        self._lock: DocumentLock | None = None
        self._lock_path: Path | None = None
        self._failed = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(AUTOSAVE_DELAY_MS)
        self.timer.timeout.connect(self.write_now)
        self.watch = FileWatch(window)

    # ------------------------------------------------------------------ locks
    def _claim(self, document: Document) -> None:
        """Lock ``document.path`` for this window; if it is locked elsewhere, read-only."""
        if document.path is None or document.read_only:
            return
        path = document.path.resolve()
        lock = DocumentLock(path)
        if lock.acquire():
            self._lock, self._lock_path = lock, path
            return
        document.read_only = True
        dialogs.show_message(
            self.window,
            "Map already open",
            f"{document.path.name} is already {lock.describe_holder()}; it opens read-only.",
        )

    def lock_for(self, path: Path) -> DocumentLock | None:
        """A lock on ``path`` to save there (this window's own if it is its file); None if
        the file is open elsewhere. Pass it to ``saved`` once the save succeeded."""
        if self._lock is not None and self._lock_path == path.resolve():
            return self._lock
        lock = DocumentLock(path.resolve())
        return lock if lock.acquire() else None

    def save_failed(self, lock: DocumentLock) -> None:
        """A save with a lock from ``lock_for`` failed: let go of it unless it is ours."""
        if lock is not self._lock:
            lock.release()

    def _release_lock(self) -> None:
        if self._lock is not None:
            self._lock.release()
        self._lock = self._lock_path = None

    # ------------------------------------------------------------------ documents
    def attach(self, document: Document) -> None:
        """``document`` is now shown in the window (the previous one was detached)."""
        self.document = document
        self.working = None
        self._failed = False
        document.edited.connect(self._on_edited)
        self._claim(document)
        self.watch.follow(document.path)
        if document.modified:  # a restored map: keep it safe at once
            self.write_now()

    def detach(self) -> None:
        """The shown document is closing cleanly: forget its working copy and lock."""
        self.timer.stop()
        if self.document is not None:
            self.document.edited.disconnect(self._on_edited)
        if self.working is not None:
            self.working.discard()
        self.working = None
        self.document = None
        self._release_lock()
        self.watch.follow(None)

    def saved(self, path: Path, lock: DocumentLock) -> None:
        """The document was saved to ``path``: hold its lock, drop the working copy."""
        if lock is not self._lock:
            self._release_lock()
            self._lock, self._lock_path = lock, path.resolve()
        self.timer.stop()
        if self.working is not None:
            self.working.discard()
        self.working = None
        self.watch.follow(path)  # our own save is not a change by another program

    def set_aside(self) -> bool:
        """Keep the shown map's unsaved edits as a recoverable copy, before the window lets
        go of them (to reload its file); False if that copy could not be written."""
        document = self.document
        if document is None or not document.modified:
            return True
        try:
            WorkingCopy(document.path, aside=True).write(document.map_document)
        except (StoreError, OSError) as error:
            dialogs.show_error(
                self.window,
                "Cannot reload map",
                f"Your unsaved changes could not be kept ({error}); the map was not reloaded.",
            )
            return False
        return True

    # ------------------------------------------------------------------ autosave
    def _on_edited(self) -> None:
        if self.document is None or self.document.read_only:
            return
        if not self.timer.isActive():  # not restarted: continuous editing still writes
            self.timer.start()

    def write_now(self) -> None:
        """Write the working copy now (or drop it if the map is back to its saved state)."""
        self.timer.stop()
        document = self.document
        if document is None or document.read_only:
            return
        if not document.modified:
            if self.working is not None:
                self.working.discard()
            return
        if self.working is None or self.working.original != document.path:
            if self.working is not None:
                self.working.discard()
            self.working = WorkingCopy(document.path)
        try:
            self.working.write(document.map_document)
        except (StoreError, OSError) as error:
            if not self._failed:  # say it once, not after every edit
                self._failed = True
                self.window.statusBar().showMessage(f"Cannot keep a safety copy: {error}", 8000)
            return
        self._failed = False


# ---------------------------------------------------------------------- recovery
def recovery_text(item: Recoverable) -> str:
    where = str(item.original) if item.original is not None else "never saved"
    edited = item.edited.astimezone().strftime("%Y-%m-%d %H:%M:%S")
    title = item.title or "Untitled"
    if item.aside:
        return (
            f"Unsaved changes were set aside when their map was reloaded from disk: "
            f"{title} ({where}), last edited {edited}. "
        )
    return (
        f"A map was not saved when CJM Studio last closed: {title} ({where}), "
        f"last edited {edited}. "
    )


def pending_recovery() -> Recoverable | None:
    """The newest working copy left by a session that did not close, if any.

    Working copies of files locked right now belong to a running window, not a crash.
    """
    for item in find_recoverable():
        if item.original is not None:
            lock = DocumentLock(item.original)
            if not lock.acquire():
                continue
            lock.release()
        return item
    return None


def recover(window: MainWindow, item: Recoverable, choice: str) -> bool:
    """Do the answer to the recovery offer; True if ``window`` now shows a map from it."""
    if choice == DISCARD:
        discard_recoverable(item)
        return False
    if choice == OPEN_SAVED:
        if item.original is None or not item.original.is_file():
            return False
        return window.files.open(item.original, ask=False)
    if choice != RESTORE:
        return False
    try:
        recovered = open_document(item.working_copy)
    except (StoreError, OSError) as error:
        dialogs.show_error(window, "Cannot restore map", f"{item.working_copy.name}: {error}")
        return False
    document = Document(recovered, item.original)
    document.stack.resetClean()  # modified: the user saves it
    discard_recoverable(item)  # attach writes a fresh working copy for it at once
    window.set_document(document)
    return True


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
    """At start-up: offer the newest unsaved map; True if the window now shows a map."""
    item = pending_recovery()
    if item is None:
        return False
    return recover(window, item, ask_recovery(window, item))
