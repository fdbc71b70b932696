"""``ApplyDiff``: replay a diff on its old map to make the new one, as one undoable step.

A diff (``diff.py``) holds what the new map has that the old one has not: added
elements whole, changed fields with both values, and the place of every element
that was added, moved or reordered. That is enough to rebuild the new map from the
old one with the ordinary commands (add, edit, move, remove), each made just before
it is done, so undo (last first) restores everything exactly. Used to restore a
snapshot, and by the tests that hold a diff to describing its maps completely.

The commands run in an order that keeps the map valid at every moment: points and
cards that go are removed first; the map's fields next (points off a narrowed
emotion scale are taken off first and put back at the end); then personas, new
stages, steps and lanes, edits, cards placed cell by cell, steps placed stage by
stage, what was removed from the grid, the order of stages, lanes and personas,
and last the emotion points. Every old value is checked against the map first: a
diff applied to a map it was not made from raises ModelError and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable, Sequence
from typing import Any

from app.model import commands as c
from app.model.commands.base import Command, PlannedCommand
from app.model.diff import (
    ADDED,
    CHANGED,
    REMOVED,
    ElementChange,
    FieldChange,
    MapDiff,
    Parent,
)
from app.model.errors import ModelError
from app.model.journey import JourneyMap


class ApplyDiff(PlannedCommand):
    """Change ``journey`` (the diff's old map) into the diff's new map; all or nothing."""

    def __init__(self, journey: JourneyMap, diff: MapDiff, text: str = "Apply changes") -> None:
        super().__init__(journey)
        if not diff.by_id:
            raise ModelError("a comparison matched through counterpart links cannot be applied")
        self.diff = diff
        self.text = text

    def _plan(self, done: list[Command]) -> None:
        _Replay(self.journey, self.diff, done).run()


def apply_diff(journey: JourneyMap, diff: MapDiff) -> ApplyDiff:
    """Apply ``diff`` to ``journey`` now; the command returned undoes it."""
    command = ApplyDiff(journey, diff)
    command.do()
    return command


class _Replay:
    def __init__(self, journey: JourneyMap, diff: MapDiff, done: list[Command]) -> None:
        self.journey, self.diff, self.done = journey, diff, done

    def push(self, command: Command | None) -> None:
        if command is not None:
            command.do()
            self.done.append(command)

    def run(self) -> None:
        j, d = self.journey, self.diff
        for point in d.emotions:
            if point.action == REMOVED and point.old is not None:
                self.push(c.RemoveEmotion(j, point.old.persona_id, point.old.step_id))
        for change in _of(d.cards, REMOVED):
            self.push(c.RemoveCard(j, change.id))
        self._map_fields()
        self._personas()
        for change in _of(d.stages, ADDED):
            self.push(c.AddStage(j, change.new))
        for change in _of(d.steps, ADDED):
            self.push(c.AddStep(j, change.new))
        for change in _of(d.lanes, ADDED):
            self.push(c.AddLane(j, change.new))
        editors: tuple[tuple[Sequence[ElementChange], Callable[..., Command], Any], ...] = (
            (d.stages, c.EditStage, j.stage),
            (d.steps, c.EditStep, j.step),
            (d.lanes, c.EditLane, j.lane),
            (d.cards, c.EditCard, j.card),
        )
        for changes, edit, current in editors:
            for change in _of(changes, CHANGED):
                if change.fields:
                    self.push(edit(j, change.id, **_checked(change, current(change.id))))
        self._place_cards()
        self._place_steps()
        for change in _of(d.steps, REMOVED):
            self.push(c.RemoveStep(j, change.id))
        for change in _of(d.stages, REMOVED):
            self.push(c.RemoveStage(j, change.id))
        for change in _of(d.lanes, REMOVED):
            self.push(c.RemoveLane(j, change.id))
        self._order(d.stages, lambda: [s.id for s in j.stages], c.MoveStage)
        self._order(d.lanes, lambda: [lane.id for lane in j.lanes], c.MoveLane)
        self._order(d.personas, lambda: [p.id for p in j.personas], c.MovePersona)
        for point in d.emotions:
            if point.new is not None:
                new = point.new
                self.push(c.SetEmotion(j, new.persona_id, new.step_id, new.score, new.note))

    def _map_fields(self) -> None:
        j = self.journey
        if not self.diff.info:
            return
        wanted = {change.name: change.new for change in self.diff.info}
        _require_values(self.diff.info, j.info, "the map")
        scale = wanted.get("scale")
        if scale is not None:  # off the new scale now: changed or removed by the diff
            for point in j.emotions():
                if not scale.contains(point.score):
                    self.push(c.RemoveEmotion(j, point.persona_id, point.step_id))
        self.push(c.EditMap(j, **wanted))

    def _personas(self) -> None:
        j, changes = self.journey, self.diff.personas
        for change in _of(changes, REMOVED):
            self.push(c.RemovePersona(j, change.id))
        edited = [change for change in _of(changes, CHANGED) if change.fields]
        # Demotions first and promotions last: at no moment are two personas primary.
        for change in edited:
            if not change.new.is_primary:
                self.push(c.EditPersona(j, change.id, **_checked(change, j.persona(change.id))))
        for change in _of(changes, ADDED):
            self.push(c.AddPersona(j, change.new))
        for change in edited:
            if change.new.is_primary:
                self.push(c.EditPersona(j, change.id, **_checked(change, j.persona(change.id))))

    def _place_cards(self) -> None:
        j = self.journey
        placed, leaving = _placed(self.diff.cards), _leaving(self.diff.cards)
        for (lane_id, step_id), wanted in _by_parent(placed).items():
            current = [card.id for card in j.cards_in(lane_id, step_id)]
            for index, card_id in enumerate(_sequence(current, wanted, leaving)):
                if not j.has_card(card_id):
                    self.push(c.AddCard(j, placed[card_id].new, index))
                elif current_place(j, card_id) != (lane_id, step_id, index):
                    self.push(c.MoveCard(j, card_id, lane_id, step_id, index))

    def _place_steps(self) -> None:
        j = self.journey
        placed, leaving = _placed(self.diff.steps), _leaving(self.diff.steps)
        for (stage_id,), wanted in _by_parent(placed).items():
            current = [step.id for step in j.steps_of(stage_id)]
            for index, step_id in enumerate(_sequence(current, wanted, leaving)):
                step = j.step(step_id)
                if (step.stage_id, j.step_index(step_id)) != (stage_id, index):
                    self.push(c.MoveStep(j, step_id, stage_id, index))

    def _order(
        self,
        changes: Sequence[ElementChange],
        ids: Callable[[], list[str]],
        move: Callable[[JourneyMap, str, int], Command],
    ) -> None:
        placed = _placed(changes)
        wanted = _by_parent(placed).get((), {})
        if not wanted:
            return
        for index, element_id in enumerate(_sequence(ids(), wanted, _leaving(changes))):
            if ids().index(element_id) != index:
                self.push(move(self.journey, element_id, index))


def current_place(journey: JourneyMap, card_id: str) -> tuple[str, str, int]:
    card = journey.card(card_id)
    return card.lane_id, card.step_id, journey.card_index(card_id)


def _of(changes: Iterable[ElementChange], action: str) -> list[ElementChange]:
    return [change for change in changes if change.action == action]


def _placed(changes: Iterable[ElementChange]) -> dict[str, ElementChange]:
    """The elements given a place of their own: added, moved or reordered, by id."""
    return {
        change.id: change
        for change in changes
        if change.new_place is not None
        and (change.action == ADDED or change.moved or change.reordered)
    }


def _by_parent(placed: dict[str, ElementChange]) -> dict[Parent, dict[int, str]]:
    """Parent -> {index -> id} of the placed elements."""
    found: dict[Parent, dict[int, str]] = {}
    for element_id, change in placed.items():
        assert change.new_place is not None
        found.setdefault(change.new_place.parent, {})[change.new_place.index] = element_id
    return found


def _sequence(current: list[str], wanted: dict[int, str], leaving: Container[str]) -> list[str]:
    """A parent's ids in the new map: the placed ones at their indexes, and the others
    that stay (not ``leaving``: placed anywhere, or removed) in their present order."""
    staying = [element_id for element_id in current if element_id not in leaving]
    size = len(wanted) + len(staying)
    if any(not 0 <= index < size for index in wanted):
        raise ModelError("the changes do not fit this map (a place is out of range)")
    rest = iter(staying)
    return [wanted[index] if index in wanted else next(rest) for index in range(size)]


def _leaving(changes: Iterable[ElementChange]) -> set[str]:
    """The ids of elements placed anew (added, moved, reordered) or removed."""
    return {
        change.id
        for change in changes
        if change.action != CHANGED or change.moved or change.reordered
    }


def _checked(change: ElementChange, current: Any) -> dict[str, Any]:
    """The new values of a changed element, once its present values are the diff's old ones."""
    _require_values(change.fields, current, f"{change.kind} {change.old_title!r}")
    return {field.name: field.new for field in change.fields}


def _require_values(fields: Iterable[FieldChange], current: Any, what: str) -> None:
    for field in fields:
        if getattr(current, field.name) != field.old:
            raise ModelError(f"{what} is not as the changes expect ({field.name} differs)")
