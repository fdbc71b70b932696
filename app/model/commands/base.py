"""Command objects, macros and a plain undo history.

Every change to a map is a ``Command``: ``do()`` applies it, ``undo()`` takes it
back exactly. The desktop app pushes commands onto a QUndoStack through a thin
adapter; the command line and the tests use ``History``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from app.model.journey import JourneyMap


class Command:
    """One undoable change to a map. Subclasses implement ``_do`` and ``_undo``."""

    text = "Edit"

    def __init__(self, journey: JourneyMap) -> None:
        self.journey = journey

    def do(self) -> None:
        with self.journey.mutation():
            self._do()

    def undo(self) -> None:
        with self.journey.mutation():
            self._undo()

    def _do(self) -> None:
        raise NotImplementedError

    def _undo(self) -> None:
        raise NotImplementedError


@contextmanager
def undone_on_failure(done: list[Command]) -> Iterator[list[Command]]:
    """All or nothing: if the block raises, undo the commands in ``done``, last first.

    The block does commands one after the other and appends each to ``done`` once it
    is done, so a failure part way leaves the map as it was before the first; the
    exception then goes on. Macros, ``History.macro`` and the app's gestures use this.
    """
    try:
        yield done
    except Exception:
        for command in reversed(done):
            command.undo()
        raise


class PlannedCommand(Command):
    """A step made of ordinary commands, each made just before it is done (from the map as
    it is then); redo does the same commands again, undo takes them back last first.

    Subclasses implement ``_plan(done)``: do the commands, appending each to ``done``
    once it is done; if it raises, everything done so far is undone (all or nothing).
    """

    def __init__(self, journey: JourneyMap) -> None:
        super().__init__(journey)
        self._children: list[Command] = []
        self._planned = False

    def _plan(self, done: list[Command]) -> None:
        raise NotImplementedError

    def _do(self) -> None:
        if self._planned:  # redo: the same commands, from the same state
            for child in self._children:
                child.do()
            return
        with undone_on_failure([]) as done:
            self._plan(done)
            self._children, self._planned = list(done), True

    def _undo(self) -> None:
        for child in reversed(self._children):
            child.undo()


class Macro(Command):
    """Several commands done and undone as one step; all or nothing."""

    def __init__(self, journey: JourneyMap, text: str, commands: Iterable[Command]) -> None:
        super().__init__(journey)
        self.text = text
        self.commands = list(commands)

    def _do(self) -> None:
        with undone_on_failure([]) as done:
            for command in self.commands:
                command.do()
                done.append(command)

    def _undo(self) -> None:
        for command in reversed(self.commands):
            command.undo()


class CompositeCommand(Command):
    """A command that first removes dependants through child commands.

    The children are worked out when the command is first done (from the map as
    it is then) and undone in reverse, so undo restores the original order.
    """

    def __init__(self, journey: JourneyMap) -> None:
        super().__init__(journey)
        self._children: list[Command] = []

    def _dependants(self) -> list[Command]:
        return []

    def _do(self) -> None:
        self._children = self._dependants()
        for child in self._children:
            child.do()
        self._do_self()

    def _undo(self) -> None:
        self._undo_self()
        for child in reversed(self._children):
            child.undo()

    def _do_self(self) -> None:
        raise NotImplementedError

    def _undo_self(self) -> None:
        raise NotImplementedError


class History:
    """A linear undo/redo history of commands, with macros (no Qt)."""

    def __init__(self, journey: JourneyMap) -> None:
        self.journey = journey
        self._undo: list[Command] = []
        self._redo: list[Command] = []
        self._open_macros: list[list[Command]] = []

    @property
    def open_macro_count(self) -> int:
        return len(self._open_macros)

    def push(self, command: Command) -> None:
        """Do ``command`` and remember it (inside an open macro, if any)."""
        command.do()
        if self._open_macros:
            self._open_macros[-1].append(command)
        else:
            self._undo.append(command)
            self._redo.clear()

    @contextmanager
    def macro(self, text: str) -> Iterator[None]:
        """Group every command pushed inside the block into one undo step.

        If the block raises, the commands pushed in it are undone and nothing is kept.
        """
        commands: list[Command] = []
        self._open_macros.append(commands)
        try:
            with undone_on_failure(commands):
                yield
        finally:
            self._open_macros.pop()
        if not commands:
            return
        macro = Macro(self.journey, text, commands)
        if self._open_macros:
            self._open_macros[-1].append(macro)
        else:
            self._undo.append(macro)
            self._redo.clear()

    def undo(self) -> None:
        command = self._undo.pop()
        command.undo()
        self._redo.append(command)

    def redo(self) -> None:
        command = self._redo.pop()
        command.do()
        self._undo.append(command)
