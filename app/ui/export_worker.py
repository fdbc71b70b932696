"""Running one export off the GUI thread, with progress, Cancel and an atomic replace.

The export writes a hidden temporary file beside the target, in a worker thread,
from a copy of the map taken when the user asked (so edits made meanwhile are safe:
elements are immutable and the copy has its own collections). Only when it has
finished, and was not cancelled, is the temporary file renamed over the target on
the GUI thread; Cancel or a failure removes it. The user sees a message naming the
file and the problem, never a traceback.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
import threading
import traceback
import uuid
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QMainWindow, QWidget

from app.export.output import ExportError
from app.model.codec import FormatError
from app.model.paths import PathProblem, destination, keep_attributes
from app.ui.export_progress import ExportProgress

#: Reports the fraction done (0..1); returns False when the user cancelled.
Progress = Callable[[float], bool]
#: Writes the export into the given (temporary) path.
Writer = Callable[[Path, Progress], object]

#: How often the GUI looks at the worker; short enough for a smooth bar.
POLL_MS = 50
#: Quick exports finish before the progress would flash up.
SHOW_AFTER_MS = 300


#: Exports running now: while any runs, the objects that existed before are frozen.
_running = 0


def _freeze() -> None:
    """Keep the cycle collector off the objects alive now (the open maps, the canvas).

    A full collection walks every object while holding the GIL: with a 5,000-card map
    open that stalled the window for 100-200 ms at a time during an export. Frozen
    objects are not walked; what the export itself creates still is.
    """
    global _running
    if _running == 0:
        gc.freeze()
    _running += 1


def _unfreeze() -> None:
    global _running
    _running -= 1
    if _running == 0:
        gc.unfreeze()  # cycles among them can be collected again


class Cancelled(Exception):
    """The user cancelled: the export stops where it is."""


def problem_text(error: BaseException) -> str:
    """What went wrong, in one line for the user."""
    if isinstance(error, PathProblem):
        return str(error)
    if isinstance(error, ExportError):
        return f"cannot be written: {error}"
    if isinstance(error, MemoryError):
        return "there is not enough memory for this export"
    if isinstance(error, OSError):
        return f"cannot be written ({error.strerror or error})"
    if isinstance(error, (ValueError, FormatError)):
        return str(error) or type(error).__name__
    return f"the export failed ({type(error).__name__}: {error})"


def temp_beside(target: Path) -> Path:
    """A hidden, unique name in the target's folder, with the target's extension."""
    return target.with_name(f".{target.stem}.{uuid.uuid4().hex[:8]}.part{target.suffix}")


class ExportJob(QObject):
    """One export in flight; ``finished(ok)`` when it is over (written, failed or cancelled)."""

    finished = Signal(bool)

    def __init__(self, parent: QWidget, target: Path, what: str, write: Writer) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.target = target
        self.what = what
        self._write = write
        self._fraction = -1.0  # unknown until the exporter reports
        self._cancelled = threading.Event()
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None
        self._temp: Path | None = None
        #: True once the worker has ended and its file was renamed or removed.
        self.done = False
        #: True if the target was written.
        self.ok = False
        #: The message shown when it failed ("" otherwise).
        self.message = ""
        #: Characters of the map no bundled font has (drawn as U+FFFD), for the status bar.
        self.glyph_warning = ""
        #: Shown in the window's status bar while the export runs.
        self.indicator = ExportProgress(f"Exporting {what} to {target.name}…")
        self.indicator.canceled.connect(self.cancel)
        self.indicator.hide()
        if isinstance(parent, QMainWindow):
            parent.statusBar().addPermanentWidget(self.indicator)
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)
        self._show = QTimer(self)
        self._show.setSingleShot(True)
        self._show.timeout.connect(self._show_indicator)

    # ------------------------------------------------------------------ control
    def start(self) -> None:
        """Start writing; PathProblem if the target cannot be written at all."""
        self._destination = destination(self.target)
        if self._destination.read_only:
            raise PathProblem("is read-only; it was not replaced")
        self._temp = temp_beside(self._destination.target)
        self._thread = threading.Thread(target=self._run, name="cjm-export", daemon=True)
        _freeze()
        self._thread.start()
        self._timer.start()
        self._show.start(SHOW_AFTER_MS)

    def cancel(self) -> None:
        self._cancelled.set()
        self.indicator.hide()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def wait(self, timeout: float | None = None) -> None:
        """Block until the worker ends (tests and the benchmark; the app never blocks)."""
        if self._thread is not None:
            self._thread.join(timeout)
        self._poll()

    # ------------------------------------------------------------------ the worker thread
    def _progress(self, fraction: float) -> bool:
        self._fraction = min(max(float(fraction), 0.0), 1.0)
        return not self._cancelled.is_set()

    def _run(self) -> None:
        assert self._temp is not None
        try:
            self._write(self._temp, self._progress)
        except Cancelled:
            self._cancelled.set()
        except BaseException as error:  # shown as a message, never as a traceback
            if self._cancelled.is_set():
                return  # the exporter stopped because it was asked to (ExportCancelled)
            self._error = error
            if not isinstance(error, (OSError, ValueError, MemoryError)):
                traceback.print_exc(file=sys.stderr)  # for a bug report

    # ------------------------------------------------------------------ back on the GUI thread
    def _show_indicator(self) -> None:
        if not self.done and not self.cancelled:
            self.indicator.show()

    def _poll(self) -> None:
        if self.done:
            return
        if self._fraction >= 0 and not self.cancelled:
            self.indicator.set_fraction(self._fraction)
        if self._thread is not None and self._thread.is_alive():
            return
        self._timer.stop()
        self._show.stop()
        self.indicator.hide()
        self._finish()

    def _finish(self) -> None:
        temp = self._temp
        assert temp is not None
        try:
            if self.cancelled:
                return
            if self._error is not None:
                self.message = f"{self.target.name}: {problem_text(self._error)}"
                return
            if not temp.exists():
                self.message = f"{self.target.name}: the export wrote nothing"
                return
            try:
                keep_attributes(temp, self._destination.existing)
                os.replace(temp, self._destination.target)  # atomic: old file or new, never half
            except OSError as error:
                self.message = f"{self.target.name}: {problem_text(error)}"
                return
            self.ok = True
        finally:
            with contextlib.suppress(OSError):
                temp.unlink()
            self.done = True
            _unfreeze()
            self.indicator.deleteLater()
            self.finished.emit(self.ok)
