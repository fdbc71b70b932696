"""Never lose work, in the window: autosave to a working copy and open-once locks.

The store side is ``app.model.store.workspace``; the offer at start-up is
``app.ui.recovery``. Each window has one ``Safety``:
- after an edit, or while text is being typed in a field or the on-canvas editor, the
  map is written to its working copy within a second (a single-shot timer that is not
  restarted while pending, so continuous editing still writes); typed text not yet
  committed is written too (``app.ui.pending``), without touching the editor;
- the working copy records the sha256 of the saved file the edits started from, so
  recovery can tell when that file changed since;
- the working copy is discarded after a save and when the map is closed cleanly;
- when a copy cannot be written (full disk, no data folder) the window keeps working,
  shows a banner (``app.ui.protection``) and tries again every few seconds; the banner
  goes once a copy is written;
- the file a window shows is locked; a file locked elsewhere opens read-only, and the
  message names who has it open;
- the file is watched for changes made by other programs (``app.ui.file_watch``);
  unsaved edits dropped to reload the file are set aside as a recoverable copy.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from app.model.store import StoreError
from app.model.store.workspace import (
    DocumentLock,
    Recoverable,
    WorkingCopy,
    discard_recoverable,
)
from app.ui import dialogs
from app.ui.document import Document
from app.ui.file_watch import FileWatch
from app.ui.pending import with_pending_text
from app.ui.protection import data_folder_problem

if TYPE_CHECKING:
    from app.ui.window import MainWindow

#: Milliseconds from the first edit to the working-copy write.
AUTOSAVE_DELAY_MS = 700
#: Milliseconds between tries while safety copies cannot be written.
RETRY_MS = 3000


class Safety(QObject):
    """Autosave and the lock of the document shown in one window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.document: Document | None = None
        self.working: WorkingCopy | None = None
        self._lock: DocumentLock | None = None
        self._lock_path: Path | None = None
        #: An offered working copy this window restored: deleted once the window's own
        #: copy holds the same work (or the map is saved or closed by the user's choice).
        self.replaces: Recoverable | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(AUTOSAVE_DELAY_MS)
        self.timer.timeout.connect(self.write_now)
        self.retry = QTimer(self)
        self.retry.setSingleShot(True)
        self.retry.setInterval(RETRY_MS)
        self.retry.timeout.connect(self.write_now)
        self.watch = FileWatch(window)

    # ------------------------------------------------------------------ locks
    def _claim(self, document: Document) -> None:
        """Lock ``document.path`` for this window; if it is locked elsewhere, read-only."""
        if document.path is None or document.read_only:
            return
        path = document.path.resolve()
        lock = DocumentLock(path)
        try:
            acquired = lock.acquire()
        except OSError:  # no data folder: edit without a lock (the banner says why)
            return
        if acquired:
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
        try:
            return lock if lock.acquire() else None
        except OSError:  # the lock cannot be made (no data folder): saving must still work
            return lock

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
        document.edited.connect(self._on_edited)
        problem = data_folder_problem()
        if problem is not None:
            self._unprotected(problem)
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
        self._drop_replaced()  # saved, or the user chose to drop these changes
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
        self._drop_replaced()
        self.working = None
        if self.document is not None:
            self.document.base = None  # based on the file just written from now on
        self.watch.follow(path)  # our own save is not a change by another program

    def set_aside(self) -> bool:
        """Keep the shown map's unsaved edits as a recoverable copy, before the window lets
        go of them (to reload its file); False if that copy could not be written."""
        document = self.document
        if document is None:
            return True
        content = with_pending_text(self.window, document.map_document)
        if not document.modified and content is document.map_document:
            return True
        try:
            WorkingCopy(document.path, aside=True, base=self._base()).write(content)
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

    def on_typing(self) -> None:
        """Text is being typed (or an editor closed): write within a second, like an edit."""
        self._on_edited()

    def _base(self) -> str | None:
        """The sha256 of the saved file the shown content started from (None: unknown)."""
        document = self.document
        if document is None or document.path is None:
            return None
        if document.base is not None:  # a restored copy: what it started from
            return document.base
        known = self.watch.known
        return known.sha256 if known is not None else None

    def write_now(self) -> None:
        """Write the working copy now, with any text being typed (or drop the copy if the
        map is back to its saved state)."""
        self.timer.stop()
        self.retry.stop()
        document = self.document
        if document is None or document.read_only:
            return
        content = with_pending_text(self.window, document.map_document)
        if not document.modified and content is document.map_document:
            if self.working is not None:
                self.working.discard()
            if self.window.protection.problem:  # nothing to write: see if writing works
                problem = data_folder_problem()
                if problem is None:
                    self.window.protection.clear()
                else:
                    self._unprotected(problem)
            return
        if self.working is None or self.working.original != document.path:
            if self.working is not None:
                self.working.discard()
            self.working = WorkingCopy(document.path)
        self.working.base = self._base()
        try:
            self.working.write(content)
        except StoreError as error:
            self._unprotected(f"a safety copy cannot be written ({error.reason})")
            return
        except OSError as error:
            reason = error.strerror or str(error)
            self._unprotected(f"a safety copy cannot be written ({reason})")
            return
        self.window.protection.clear()
        self._drop_replaced()  # the window's own copy now holds that work

    def _unprotected(self, problem: str) -> None:
        """Show why changes are not kept safe, and try again in a few seconds."""
        self.window.protection.show_problem(problem)
        self.retry.start()

    def adopt(self, item: Recoverable) -> None:
        """The shown map was restored from ``item``: delete that offered copy once this
        window's own copy holds the same work (now, or after the next successful write;
        until then it stays, and would be offered again after a crash)."""
        self.replaces = item
        if self.working is not None and self.working.path.is_file():
            self._drop_replaced()

    def _drop_replaced(self) -> None:
        if self.replaces is not None:
            discard_recoverable(self.replaces)
            self.replaces = None
