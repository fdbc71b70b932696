"""Commands on the map's grid: stages, steps (columns) and lanes (rows)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from app.model.commands.base import Command, CompositeCommand
from app.model.commands.cards import RemoveCard
from app.model.commands.emotions import RemoveEmotion
from app.model.entities import Lane, Stage, Step
from app.model.errors import ModelError
from app.model.journey import JourneyMap


def _check_no_id_change(changes: dict[str, Any], forbidden: set[str]) -> None:
    bad = forbidden & changes.keys()
    if bad:
        raise ModelError(f"cannot edit {', '.join(sorted(bad))} this way")


# --------------------------------------------------------------------- stages
class AddStage(Command):
    """Add a stage at ``index`` with its steps (a stage shows at least one step)."""

    text = "Add stage"

    def __init__(
        self,
        journey: JourneyMap,
        stage: Stage,
        index: int | None = None,
        steps: Iterable[Step] = (),
    ) -> None:
        super().__init__(journey)
        self.stage = stage
        self.index = index
        self.steps = [replace(step, stage_id=stage.id) for step in steps]

    def _do(self) -> None:
        self.journey.insert_stage(self.stage, self.index)
        for step in self.steps:
            self.journey.insert_step(step)

    def _undo(self) -> None:
        for step in reversed(self.steps):
            self.journey.remove_step(step.id)
        self.journey.remove_stage(self.stage.id)


class RemoveStage(CompositeCommand):
    """Remove a stage, its steps, and their cards and emotion points."""

    text = "Delete stage"

    def __init__(self, journey: JourneyMap, stage_id: str) -> None:
        super().__init__(journey)
        self.stage = journey.stage(stage_id)
        self.index = 0

    def _dependants(self) -> list[Command]:
        return [
            RemoveStep(self.journey, step.id)
            for step in reversed(self.journey.steps_of(self.stage.id))
        ]

    def _do_self(self) -> None:
        self.stage = self.journey.stage(self.stage.id)
        self.index = self.journey.remove_stage(self.stage.id)

    def _undo_self(self) -> None:
        self.journey.insert_stage(self.stage, self.index)


class MoveStage(Command):
    text = "Move stage"

    def __init__(self, journey: JourneyMap, stage_id: str, index: int) -> None:
        super().__init__(journey)
        self.stage_id = stage_id
        self.index = index
        self.origin = journey.stage_index(stage_id)

    def _do(self) -> None:
        self.journey.move_stage(self.stage_id, self.index)

    def _undo(self) -> None:
        self.journey.move_stage(self.stage_id, self.origin)


class EditStage(Command):
    text = "Edit stage"

    def __init__(self, journey: JourneyMap, stage_id: str, **changes: Any) -> None:
        super().__init__(journey)
        _check_no_id_change(changes, {"id"})
        self.before = journey.stage(stage_id)
        self.after = replace(self.before, **changes)

    def _do(self) -> None:
        self.journey.replace_stage(self.after)

    def _undo(self) -> None:
        self.journey.replace_stage(self.before)


# --------------------------------------------------------------------- steps
class AddStep(Command):
    text = "Add step"

    def __init__(self, journey: JourneyMap, step: Step, index: int | None = None) -> None:
        super().__init__(journey)
        self.step = step
        self.index = index

    def _do(self) -> None:
        self.journey.insert_step(self.step, self.index)

    def _undo(self) -> None:
        self.journey.remove_step(self.step.id)


class RemoveStep(CompositeCommand):
    """Remove a step with its cards (in every lane) and its emotion points."""

    text = "Delete step"

    def __init__(self, journey: JourneyMap, step_id: str) -> None:
        super().__init__(journey)
        self.step = journey.step(step_id)
        self.index = 0

    def _dependants(self) -> list[Command]:
        children: list[Command] = []
        for lane in self.journey.lanes:
            for card in reversed(self.journey.cards_in(lane.id, self.step.id)):
                children.append(RemoveCard(self.journey, card.id))
        for persona in self.journey.personas:
            if self.journey.emotion(persona.id, self.step.id):
                children.append(RemoveEmotion(self.journey, persona.id, self.step.id))
        return children

    def _do_self(self) -> None:
        self.step = self.journey.step(self.step.id)
        self.index = self.journey.remove_step(self.step.id)

    def _undo_self(self) -> None:
        self.journey.insert_step(self.step, self.index)


class MoveStep(Command):
    """Move a step to ``index`` within ``stage_id`` (its own stage or another)."""

    text = "Move step"

    def __init__(self, journey: JourneyMap, step_id: str, stage_id: str, index: int) -> None:
        super().__init__(journey)
        self.step_id = step_id
        self.target = (stage_id, index)
        self.origin = (journey.step(step_id).stage_id, journey.step_index(step_id))

    def _do(self) -> None:
        self.journey.move_step(self.step_id, *self.target)

    def _undo(self) -> None:
        self.journey.move_step(self.step_id, *self.origin)


class EditStep(Command):
    text = "Edit step"

    def __init__(self, journey: JourneyMap, step_id: str, **changes: Any) -> None:
        super().__init__(journey)
        _check_no_id_change(changes, {"id", "stage_id"})
        self.before = journey.step(step_id)
        self.after = replace(self.before, **changes)

    def _do(self) -> None:
        self.journey.replace_step(self.after)

    def _undo(self) -> None:
        self.journey.replace_step(self.before)


# --------------------------------------------------------------------- lanes
class AddLane(Command):
    text = "Add lane"

    def __init__(self, journey: JourneyMap, lane: Lane, index: int | None = None) -> None:
        super().__init__(journey)
        self.lane = lane
        self.index = index

    def _do(self) -> None:
        self.journey.insert_lane(self.lane, self.index)

    def _undo(self) -> None:
        self.journey.remove_lane(self.lane.id)


class RemoveLane(CompositeCommand):
    """Remove a lane with all of its cards."""

    text = "Delete lane"

    def __init__(self, journey: JourneyMap, lane_id: str) -> None:
        super().__init__(journey)
        self.lane = journey.lane(lane_id)
        self.index = 0

    def _dependants(self) -> list[Command]:
        return [
            RemoveCard(self.journey, card.id)
            for step in self.journey.steps
            for card in reversed(self.journey.cards_in(self.lane.id, step.id))
        ]

    def _do_self(self) -> None:
        self.lane = self.journey.lane(self.lane.id)
        self.index = self.journey.remove_lane(self.lane.id)

    def _undo_self(self) -> None:
        self.journey.insert_lane(self.lane, self.index)


class MoveLane(Command):
    text = "Move lane"

    def __init__(self, journey: JourneyMap, lane_id: str, index: int) -> None:
        super().__init__(journey)
        self.lane_id = lane_id
        self.index = index
        self.origin = journey.lane_index(lane_id)

    def _do(self) -> None:
        self.journey.move_lane(self.lane_id, self.index)

    def _undo(self) -> None:
        self.journey.move_lane(self.lane_id, self.origin)


class EditLane(Command):
    text = "Edit lane"

    def __init__(self, journey: JourneyMap, lane_id: str, **changes: Any) -> None:
        super().__init__(journey)
        _check_no_id_change(changes, {"id"})
        self.before = journey.lane(lane_id)
        self.after = replace(self.before, **changes)

    def _do(self) -> None:
        self.journey.replace_lane(self.after)

    def _undo(self) -> None:
        self.journey.replace_lane(self.before)
