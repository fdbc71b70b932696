"""``TakeSnapshot``: keep the map as it is now under a name, as one undoable step.

Snapshots live beside the map, in the ``MapDocument`` (``app.model.snapshots``
stores them); taking one is an ordinary command on the map's undo stack, so the
window shows the file as changed until it is saved, and undo takes it back.
Restoring a snapshot is ``diff_apply.ApplyDiff`` from the map now to the snapshot.
"""

from __future__ import annotations

from datetime import datetime

from app.model.commands.base import Command
from app.model.document import MapDocument, Snapshot
from app.model.snapshots import take_snapshot


class TakeSnapshot(Command):
    """Add a snapshot of the document's current map named ``name``."""

    text = "Take snapshot"

    def __init__(
        self, document: MapDocument, name: str, author: str = "", when: datetime | None = None
    ) -> None:
        super().__init__(document.current)
        self.document = document
        self.name, self.author, self.when = name, author, when
        self._before: tuple[Snapshot, ...] = ()
        self._after: tuple[Snapshot, ...] | None = None

    def _do(self) -> None:
        before = self.document.snapshots
        if self._after is None:  # first time: the rules are checked here (ModelError)
            take_snapshot(self.document, self.name, self.author, self.when)
            self._after = self.document.snapshots
        else:  # redo: the same snapshot, same id and time
            self.document.set_snapshots(self._after)
        self._before = before

    def _undo(self) -> None:
        self.document.set_snapshots(self._before)
