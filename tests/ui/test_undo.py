"""A gesture lands on the undo stack as one step, or not at all when it fails."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QUndoStack

from app.model import commands as c
from app.model.entities import Card
from app.model.errors import ModelError
from app.model.journey import JourneyMap
from app.ui import undo


def test_a_gesture_is_one_undo_step(blank: JourneyMap, qapp: object) -> None:
    stack = QUndoStack()
    before = blank.snapshot()
    with undo.gesture(stack, blank, "Paste") as group:
        group.run(c.AddCard(blank, Card("a", blank.lanes[0].id, blank.steps[0].id)))
        group.run(c.EditStage(blank, blank.stages[0].id, name="Renamed"))
    assert stack.count() == 1 and stack.undoText() == "Paste"
    after = blank.snapshot()
    stack.undo()
    assert blank.snapshot() == before
    stack.redo()
    assert blank.snapshot() == after


def test_a_gesture_failing_in_the_middle_leaves_the_map_and_the_stack_as_before(
    blank: JourneyMap, qapp: object
) -> None:
    stack = QUndoStack()
    before = blank.snapshot()
    with pytest.raises(ModelError), undo.gesture(stack, blank, "Paste") as group:
        group.run(c.AddCard(blank, Card("a", blank.lanes[0].id, blank.steps[0].id)))
        group.run(c.RemoveLane(blank, blank.lanes[0].id))
        group.run(c.AddCard(blank, Card("bad", "no-such-lane", blank.steps[0].id)))
        group.run(c.EditStage(blank, blank.stages[0].id, name="Never"))
    assert blank.snapshot() == before
    assert stack.count() == 0


def test_a_command_the_rules_refuse_leaves_the_map_and_the_stack_as_before(
    blank: JourneyMap, qapp: object
) -> None:
    stack = QUndoStack()
    undo.push(stack, c.EditStage(blank, blank.stages[0].id, name="Kept"))
    before = blank.snapshot()
    with pytest.raises(ModelError, match="width must be between"):
        undo.push(stack, c.EditStep(blank, blank.steps[0].id, width=-500.0))
    assert blank.snapshot() == before
    assert stack.count() == 1 and stack.undoText() == "Edit stage"
    stack.undo()
    assert blank.stages[0].name != "Kept"


def test_the_window_tells_why_a_change_was_refused(qtbot: object, window: object) -> None:
    from app.ui.window import MainWindow

    assert isinstance(window, MainWindow)
    document = window.document
    before = document.journey.snapshot()
    reason = document.push(
        c.EditLane(document.journey, document.journey.lanes[0].id, min_height=1.0)
    )
    assert reason is not None and "min_height must be between 10 and 10000" in reason
    assert window.statusBar().currentMessage() == reason
    assert document.journey.snapshot() == before and not window.isWindowModified()
