"""Notice when the open map's file changes on disk, and never overwrite that change silently.

A window remembers a fingerprint of its file as it last read or wrote it (size, mtime_ns
and a sha256 of the bytes). A change is decided by content: a new mtime with the same
sha256 is not a change. The file is checked
- when a QFileSystemWatcher on the file or its folder fires (saves swap a new file in
  with os.replace, which drops a plain file watch: it is added again each time),
- when the window is activated (a cheap size/mtime look first), and
- right before each save to the file (``may_overwrite``).

On an outside change the window offers Reload or Keep mine; Keep mine is remembered for
that outside version, so the next save replaces it knowingly and the question is not
asked again for it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISREG
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QFileSystemWatcher, QObject, QTimer
from PySide6.QtWidgets import QApplication

from app.ui import dialogs

if TYPE_CHECKING:
    from app.ui.window import MainWindow

#: Milliseconds to let a burst of watcher signals (a save is several) settle.
SETTLE_MS = 250


@dataclass(frozen=True)
class Fingerprint:
    """A file's content as this window last knew it."""

    size: int
    mtime_ns: int
    sha256: str

    def same_stat(self, other: Fingerprint) -> bool:
        return (self.size, self.mtime_ns) == (other.size, other.mtime_ns)


def fingerprint(path: Path, quick: Fingerprint | None = None) -> Fingerprint | None:
    """The fingerprint of ``path`` now; None if it cannot be read (gone, moving).

    With ``quick``, a file whose size and mtime are unchanged is taken to be ``quick``
    without reading it (the check on activation, which happens often)."""
    try:
        stat = path.stat()
        if not S_ISREG(stat.st_mode):
            return None  # a FIFO or device is never opened here: it could block the app
        if quick is not None and (stat.st_size, stat.st_mtime_ns) == (
            quick.size,
            quick.mtime_ns,
        ):
            return quick
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
    except OSError:
        return None
    return Fingerprint(stat.st_size, stat.st_mtime_ns, digest.hexdigest())


class FileWatch(QObject):
    """Watches the file shown in one window; owned by the window's ``Safety``."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.path: Path | None = None
        #: The file as this window last read or wrote it.
        self.known: Fingerprint | None = None
        #: An outside version the user chose to keep their own version over.
        self.kept_over: Fingerprint | None = None
        self._asking = False
        self._thorough = False
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._on_file_event)
        self.watcher.directoryChanged.connect(self._on_folder_event)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SETTLE_MS)
        self.timer.timeout.connect(self._check_now)
        window.installEventFilter(self)

    # ------------------------------------------------------------------ following a file
    def follow(self, path: Path | None, known: Fingerprint | None = None) -> None:
        """This window now shows ``path`` as it was when ``known`` was taken (default: now)."""
        self.timer.stop()
        self.path = path.resolve() if path is not None else None
        if known is None and self.path is not None:
            known = fingerprint(self.path)
        self.known = known
        self.kept_over = None
        self._rewatch(reset=True)

    def _rewatch(self, reset: bool = False) -> None:
        if reset:
            for old in self.watcher.files() + self.watcher.directories():
                self.watcher.removePath(old)
        if self.path is None:
            return
        if str(self.path.parent) not in self.watcher.directories() and self.path.parent.is_dir():
            self.watcher.addPath(str(self.path.parent))
        if str(self.path) not in self.watcher.files() and self.path.is_file():
            self.watcher.addPath(str(self.path))

    # ------------------------------------------------------------------ noticing
    def _on_file_event(self, _path: str) -> None:
        self._thorough = True  # the file itself was written: read the bytes, not the stat
        self.timer.start()

    def _on_folder_event(self, _path: str) -> None:
        # Any file in the folder: look at the stat first (a replace is also a file event).
        self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.WindowActivate:
            self.timer.start()
        return False

    def changed_on_disk(self, quick: bool = False) -> Fingerprint | None:
        """The file's fingerprint if its content differs from what this window knows."""
        if self.path is None or self.known is None:
            return None
        now = fingerprint(self.path, self.known if quick else None)
        if now is None:  # gone or being replaced: nothing to reload; a save recreates it
            return None
        if now.sha256 == self.known.sha256:
            self.known = now  # touched, not changed: remember the new stat
            return None
        return now

    def _check_now(self) -> None:
        thorough, self._thorough = self._thorough, False
        self._rewatch()
        if self._asking or QApplication.activeModalWidget() is not None:
            return  # a question is open: activation after it closes checks again
        changed = self.changed_on_disk(quick=not thorough)
        if changed is None or changed == self.kept_over:
            return
        document = self.window.document
        self._asking = True
        try:
            answer = dialogs.ask_file_changed(
                self.window, document.path.name if document.path else "", document.modified
            )
        finally:
            self._asking = False
        if answer == dialogs.RELOAD and self.window.files.reload():
            return
        # Keep mine, the box closed, or the reload failed: not asked again for this version.
        self.kept_over = changed

    # ------------------------------------------------------------------ saving
    def may_overwrite(self, path: Path) -> bool:
        """Right before saving to ``path``: True unless it is this window's file, it
        changed on disk, the user has not chosen to keep theirs, and now says Cancel."""
        if self.path is None or path.resolve() != self.path:
            return True
        changed = self.changed_on_disk()
        if changed is None or changed == self.kept_over:
            return True
        self.timer.stop()  # this question covers the pending one
        self._asking = True
        try:
            overwrite = dialogs.ask_overwrite_changed(self.window, path.name)
        finally:
            self._asking = False
        if overwrite:
            self.kept_over = changed
        return overwrite
