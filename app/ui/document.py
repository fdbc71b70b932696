"""One open map: its document, its undo stack and the file it came from.

The window shows one Document at a time. Autosave and recovery (issue 6) hang
off ``edited``, which fires after every change to the map, and ``read_only``
is where a second window on a locked file will be marked.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from app.model.commands import Command
from app.model.document import CURRENT, FUTURE, MapDocument
from app.model.errors import ModelError
from app.model.journey import Change, JourneyMap
from app.ui import undo


class Document(QObject):
    """A map being edited, with undo history and a path once saved or opened."""

    #: The map changed (any change, including undo and redo).
    edited = Signal()
    #: The path or the modified state changed: the window title follows.
    title_changed = Signal()
    #: A change was refused by the map's rules; the reason, for the status bar.
    refused = Signal(str)
    #: The document's comment threads changed (any change, including undo and redo).
    comments_changed = Signal()
    #: The window shows the other state of the map (current or future): ``journey`` changed.
    state_changed = Signal()
    #: The document gained or lost its future state.
    states_changed = Signal()

    def __init__(
        self,
        content: JourneyMap | MapDocument,
        path: Path | None = None,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        #: Everything the file holds; saving writes all of it, so no part is dropped.
        self.map_document = content if isinstance(content, MapDocument) else MapDocument(content)
        journey = self.journey = self.map_document.current
        self.path = path
        self.read_only = False
        #: Shown instead of the file name (a version previewed from File > Versions).
        self.shown_name: str | None = None
        #: The sha256 of the saved file this content started from when it was not just read
        #: from ``path`` (a restored working copy); None: the file as the window read it.
        self.base: str | None = None
        #: Which map the window shows and edits: CURRENT or FUTURE. Each has its own undo
        #: history (a command belongs to one map); the file is modified if either is.
        self.state = CURRENT
        self.stack = self._new_stack()
        self._stacks = {CURRENT: self.stack}
        self._has_future = self.map_document.future is not None
        journey.subscribe(self._on_change)
        # Comments live beside the map: every change to them is a step on this stack.
        self._threads = self.map_document.threads

    def _new_stack(self) -> QUndoStack:
        stack = QUndoStack(self)
        stack.cleanChanged.connect(self._on_clean_changed)
        stack.indexChanged.connect(self._on_index_changed)
        return stack

    def show_state(self, state: str) -> None:
        """Show and edit the current map or the future one (if the document has one)."""
        target = self.map_document.maps().get(state)
        if state == self.state or target is None:
            return
        self.journey.unsubscribe(self._on_change)
        self.journey, self.state = target, state
        target.subscribe(self._on_change)
        if state not in self._stacks:
            self._stacks[state] = self._new_stack()
        self.stack = self._stacks[state]
        self.state_changed.emit()
        self.title_changed.emit()

    def _on_clean_changed(self, _clean: bool) -> None:
        self.title_changed.emit()

    def _on_change(self, _change: Change) -> None:
        self.edited.emit()

    def _on_index_changed(self, _index: int) -> None:
        has_future = self.map_document.future is not None
        if has_future != self._has_future:  # created, or its creation undone
            self._has_future = has_future
            self.states_changed.emit()
            self.edited.emit()
        if self.map_document.threads is not self._threads:
            self._threads = self.map_document.threads
            self.comments_changed.emit()
            self.edited.emit()  # kept safe and saved like any other edit

    def close(self) -> None:
        """Stop listening to the map (the document is being replaced)."""
        self.journey.unsubscribe(self._on_change)
        for stack in self._stacks.values():
            stack.clear()

    @property
    def modified(self) -> bool:
        return any(not stack.isClean() for stack in self._stacks.values())

    @property
    def display_name(self) -> str:
        name = self.shown_name or (self.path.name if self.path else "Untitled")
        if self.state == FUTURE:
            name += " — future state"
        return f"{name} (read-only)" if self.read_only else name

    def set_path(self, path: Path) -> None:
        self.path = path
        self.title_changed.emit()

    def mark_saved(self) -> None:
        for stack in self._stacks.values():
            stack.setClean()
        self.title_changed.emit()

    def push(self, command: Command) -> str | None:
        """Do ``command`` as one undo step (nothing if the document is read-only).

        A command the map's rules refuse changes nothing: the reason is returned
        and told through ``refused``.
        """
        if self.read_only:
            return None
        try:
            undo.push(self.stack, command)
        except ModelError as error:
            self.refused.emit(str(error))
            return str(error)
        return None

    @contextmanager
    def gesture(self, text: str) -> Iterator[undo.Gesture]:
        """Group the commands run inside into one undo step (none if read-only)."""
        if self.read_only:
            yield _Refused(self.journey)
            return
        with undo.gesture(self.stack, self.journey, text) as group:
            yield group


class _Refused(undo.Gesture):
    """The gesture of a read-only document: its commands are not done."""

    def run(self, command: Command) -> None:
        pass
