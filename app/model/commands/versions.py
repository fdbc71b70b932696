"""``TakeSnapshot``, ``CreateFuture``, ``SetAnswers``: versions of the map, undoable.

Snapshots live beside the map, in the ``MapDocument`` (``app.model.snapshots``
stores them); taking one is an ordinary command on the map's undo stack, so the
window shows the file as changed until it is saved, and undo takes it back.
Restoring a snapshot is ``diff_apply.ApplyDiff`` from the map now to the snapshot.
``CreateFuture`` derives the future state (``app.model.future``); undo takes it away.
"""

from __future__ import annotations

from datetime import datetime

from app.model.commands.base import Command
from app.model.document import Answer, Counterpart, MapDocument, Snapshot
from app.model.errors import ModelError
from app.model.future import create_future
from app.model.journey import JourneyMap
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


class CreateFuture(Command):
    """Derive the document's future state from its current map (``app.model.future``)."""

    text = "Create future state"

    def __init__(self, document: MapDocument) -> None:
        super().__init__(document.current)
        self.document = document
        self._future: JourneyMap | None = None
        self._links: tuple[Counterpart, ...] = ()

    def _do(self) -> None:
        if self._future is None:  # first time: ModelError if there is one already
            self._future = create_future(self.document)
            self._links = self.document.counterparts
        else:  # redo: the same future map, whose own edits stay undoable
            self.document.future, self.document.counterparts = self._future, self._links

    def _undo(self) -> None:
        self.document.future, self.document.counterparts = None, ()


class SetAnswers(Command):
    """Say which current pain points a card of the future map answers (all of them at once)."""

    text = "Set answered pain points"

    def __init__(
        self, document: MapDocument, future_card_id: str, current_card_ids: list[str]
    ) -> None:
        if document.future is None or not document.future.has_card(future_card_id):
            raise ModelError("answers are said by a card of the future state")
        super().__init__(document.future)
        self.document = document
        unknown = [i for i in current_card_ids if not document.current.has_card(i)]
        if unknown:
            raise ModelError(f"the current map has no card with the id {unknown[0]!r}")
        kept = tuple(a for a in document.answers if a.future_card_id != future_card_id)
        chosen = tuple(Answer(future_card_id, i) for i in dict.fromkeys(current_card_ids))
        self._after = kept + chosen
        self._before: tuple[Answer, ...] = ()

    def _do(self) -> None:
        self._before = self.document.answers
        self.document.answers = self._after

    def _undo(self) -> None:
        self.document.answers = self._before
