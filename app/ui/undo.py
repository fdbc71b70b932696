"""The bridge between model commands and Qt's undo stack.

``UndoCommand`` wraps one ``app.model.commands.Command``: QUndoStack.push calls
redo() at once, which does the command. A gesture that makes several changes
(a drag of many cards, a paste) runs them in ``gesture()`` and lands on the
stack as one ``Macro``: one undo step per gesture.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtGui import QUndoCommand, QUndoStack

from app.model.commands import Command, Macro, undone_on_failure
from app.model.journey import JourneyMap


class UndoCommand(QUndoCommand):
    """A QUndoCommand doing and undoing one model command."""

    def __init__(self, command: Command, already_done: bool = False) -> None:
        super().__init__(command.text)
        self.command = command
        self._skip_redo = already_done

    def redo(self) -> None:
        if self._skip_redo:
            self._skip_redo = False
            return
        self.command.do()

    def undo(self) -> None:
        self.command.undo()


def push(stack: QUndoStack, command: Command) -> None:
    """Do ``command`` and put it on ``stack``.

    It is done before the stack sees it: a command the map's rules refuse raises
    ModelError here, with the map unchanged and nothing on the stack (an error
    raised inside QUndoStack.push would be lost and the command kept).
    """
    command.do()
    stack.push(UndoCommand(command, already_done=True))


class Gesture:
    """The commands of one gesture, done one after the other as they are added."""

    def __init__(self, journey: JourneyMap) -> None:
        self.journey = journey
        self.commands: list[Command] = []

    def run(self, command: Command) -> None:
        """Do ``command`` now (later commands are built from the map it leaves)."""
        command.do()
        self.commands.append(command)


@contextmanager
def gesture(stack: QUndoStack, journey: JourneyMap, text: str) -> Iterator[Gesture]:
    """Group the commands run in the block into one undo step named ``text``.

    If the block raises, the commands already done are undone and nothing is pushed.
    """
    group = Gesture(journey)
    with undone_on_failure(group.commands):
        yield group
    if not group.commands:
        return
    if len(group.commands) == 1:
        stack.push(UndoCommand(group.commands[0], already_done=True))
    else:
        stack.push(UndoCommand(Macro(journey, text, group.commands), already_done=True))
