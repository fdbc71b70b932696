"""The journey map: the ordered collections of a map and their change notifications.

A ``JourneyMap`` is read freely, but only command objects (``app.model.commands``)
change it: its primitive mutators refuse to run outside ``mutation()``, the
context a command opens. Every primitive tells the observers what changed, so
the canvas mirrors the model and never the other way round.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from itertools import groupby
from operator import attrgetter, itemgetter
from typing import Any

from app.model.entities import (
    Card,
    EmotionPoint,
    Lane,
    MapInfo,
    Persona,
    Stage,
    Step,
)
from app.model.errors import ModelError, MutationOutsideCommand
from app.model.rules import (
    MAX_ELEMENTS,
    MAX_PERSONAS,
    CheckedCards,
    cards_obey_rules,
    describe,
    element_problem,
    emotion_problem,
    persona_fit_problem,
)

Cell = tuple[str, str]  # (lane id, step id)

# Column getters for checking many cards at once.
_CARD_ID = attrgetter("id")
_CARD_LANE = attrgetter("lane_id")
_CARD_STEP = attrgetter("step_id")
_CELL, _ID = itemgetter(0), itemgetter(1)  # of (cell, card id) pairs


@dataclass(frozen=True, slots=True)
class Change:
    """One change to a map: which kind of element, what happened, which id."""

    element: str  # "map", "persona", "stage", "step", "lane", "card", "emotion"
    action: str  # "added", "removed", "changed", "moved"
    id: str


Observer = Callable[[Change], None]


class JourneyMap:
    """A customer journey map: personas, stages with steps, lanes, cards, emotions."""

    def __init__(self, info: MapInfo | None = None) -> None:
        self._info = info or MapInfo()
        self._personas: list[Persona] = []
        self._stages: list[Stage] = []
        self._steps: dict[str, Step] = {}
        self._stage_steps: dict[str, list[str]] = {}
        self._lanes: list[Lane] = []
        self._cards: dict[str, Card] = {}
        self._cells: dict[Cell, list[str]] = {}
        self._emotions: dict[tuple[str, str], EmotionPoint] = {}
        self._observers: list[Observer] = []
        self._mutating = 0
        self._notify = True

    # ------------------------------------------------------------------ building
    @classmethod
    def build(
        cls,
        info: MapInfo,
        personas: Iterable[Persona] = (),
        stages: Iterable[Stage] = (),
        steps: Iterable[Step] = (),
        lanes: Iterable[Lane] = (),
        cards: Iterable[Card] = (),
        emotions: Iterable[EmotionPoint] = (),
    ) -> JourneyMap:
        """A map assembled from loaded elements, each collection in its order.

        Steps and cards are appended to their stage and cell in the order given.
        Raises ModelError on a duplicate id or a dangling reference.
        """
        _require_valid(info)
        journey = cls(info)
        with journey.mutation(notify=False):
            for persona in personas:
                journey.insert_persona(persona)
            for stage in stages:
                journey.insert_stage(stage)
            for step in steps:
                journey.insert_step(step)
            lane_ids: set[str] = set()  # a set: building stays linear in the lanes
            for lane in lanes:
                journey.insert_lane(lane, known_ids=lane_ids)
                lane_ids.add(lane.id)
            journey._insert_cards_in_bulk(cards)
            for point in emotions:
                journey.set_emotion(point)
        return journey

    def _insert_cards_in_bulk(self, cards: Iterable[Card]) -> None:
        """``insert_card`` for many cards at once: the same checks, each over a whole column.

        Opening a big map passes thousands of cards, so ids, cells and values are
        checked as sets (loops that run in C); only if a check fails are the cards
        checked one by one, to name the card at fault.
        """
        if isinstance(cards, CheckedCards):  # the reader checked the rules already
            checked, ids = True, list(cards.column("id"))
            lane_ids, step_ids = list(cards.column("lane_id")), list(cards.column("step_id"))
        else:
            cards = list(cards)
            checked, ids = False, list(map(_CARD_ID, cards))
            lane_ids, step_ids = list(map(_CARD_LANE, cards)), list(map(_CARD_STEP, cards))
        _require_room(len(self._cards) + len(cards) - 1, MAX_ELEMENTS, "cards")
        fresh = dict(zip(ids, cards, strict=True))
        known_lanes = {lane.id for lane in self._lanes}
        if (
            len(fresh) != len(cards)
            or "" in fresh
            or not self._cards.keys().isdisjoint(fresh)
            or not set(lane_ids) <= known_lanes
            or not set(step_ids) <= self._steps.keys()
            or not (checked or cards_obey_rules(cards))
        ):
            for card in cards:
                _require_new(card.id, self._cards, "card")
                self._require_cell(card, known_lanes)
                self._cards[card.id] = card
                self._cells.setdefault((card.lane_id, card.step_id), []).append(card.id)
            return
        if self._cards:
            self._cards.update(fresh)
        else:
            self._cards = fresh
        cells = self._cells
        cell_of_each = zip(zip(lane_ids, step_ids, strict=True), ids, strict=True)
        for cell, members in groupby(cell_of_each, _CELL):
            cell_ids = list(map(_ID, members))
            if cell in cells:
                cells[cell].extend(cell_ids)
            else:
                cells[cell] = cell_ids

    # ------------------------------------------------------------------ observers
    def subscribe(self, observer: Observer) -> None:
        self._observers.append(observer)

    def unsubscribe(self, observer: Observer) -> None:
        self._observers.remove(observer)

    def _changed(self, element: str, action: str, element_id: str) -> None:
        if self._notify:
            change = Change(element, action, element_id)
            for observer in list(self._observers):
                observer(change)

    @contextmanager
    def mutation(self, notify: bool = True) -> Iterator[None]:
        """The context in which commands (and only commands) change the map."""
        self._mutating += 1
        previous, self._notify = self._notify, notify
        try:
            yield
        finally:
            self._mutating -= 1
            self._notify = previous

    def _require_mutation(self) -> None:
        if not self._mutating:
            raise MutationOutsideCommand("a journey map changes only through commands")

    # ------------------------------------------------------------------ reading
    @property
    def info(self) -> MapInfo:
        return self._info

    @property
    def personas(self) -> tuple[Persona, ...]:
        return tuple(self._personas)

    @property
    def stages(self) -> tuple[Stage, ...]:
        return tuple(self._stages)

    @property
    def lanes(self) -> tuple[Lane, ...]:
        return tuple(self._lanes)

    def persona(self, persona_id: str) -> Persona:
        return self._personas[self.persona_index(persona_id)]

    def persona_index(self, persona_id: str) -> int:
        return _index_of(self._personas, persona_id, "persona")

    @property
    def primary_persona(self) -> Persona | None:
        return next((p for p in self._personas if p.is_primary), None)

    def stage(self, stage_id: str) -> Stage:
        return self._stages[self.stage_index(stage_id)]

    def stage_index(self, stage_id: str) -> int:
        return _index_of(self._stages, stage_id, "stage")

    def steps_of(self, stage_id: str) -> tuple[Step, ...]:
        return tuple(self._steps[i] for i in self._stage_steps[stage_id])

    def step(self, step_id: str) -> Step:
        try:
            return self._steps[step_id]
        except KeyError:
            raise ModelError(f"unknown step id {step_id!r}") from None

    def step_index(self, step_id: str) -> int:
        """The step's position inside its stage."""
        return self._stage_steps[self.step(step_id).stage_id].index(step_id)

    def has_step(self, step_id: str) -> bool:
        return step_id in self._steps

    @property
    def steps(self) -> tuple[Step, ...]:
        """Every step, left to right across all stages."""
        return tuple(
            self._steps[step_id]
            for stage in self._stages
            for step_id in self._stage_steps[stage.id]
        )

    def lane(self, lane_id: str) -> Lane:
        return self._lanes[self.lane_index(lane_id)]

    def lane_index(self, lane_id: str) -> int:
        return _index_of(self._lanes, lane_id, "lane")

    def has_lane(self, lane_id: str) -> bool:
        return any(lane.id == lane_id for lane in self._lanes)

    def card(self, card_id: str) -> Card:
        try:
            return self._cards[card_id]
        except KeyError:
            raise ModelError(f"unknown card id {card_id!r}") from None

    def has_card(self, card_id: str) -> bool:
        return card_id in self._cards

    def cards_in(self, lane_id: str, step_id: str) -> tuple[Card, ...]:
        return tuple(self._cards[i] for i in self._cells.get((lane_id, step_id), ()))

    def card_index(self, card_id: str) -> int:
        """The card's position inside its cell."""
        card = self.card(card_id)
        return self._cells[(card.lane_id, card.step_id)].index(card_id)

    def cards(self) -> Iterator[Card]:
        """Every card in reading order: lane by lane, step by step, top to bottom."""
        steps = self.steps
        for lane in self._lanes:
            for step in steps:
                for card_id in self._cells.get((lane.id, step.id), ()):
                    yield self._cards[card_id]

    @property
    def card_count(self) -> int:
        return len(self._cards)

    def emotion(self, persona_id: str, step_id: str) -> EmotionPoint | None:
        return self._emotions.get((persona_id, step_id))

    def emotions(self) -> list[EmotionPoint]:
        """Every emotion point, persona by persona, in step order."""
        steps = self.steps
        return [
            point
            for persona in self._personas
            for step in steps
            if (point := self._emotions.get((persona.id, step.id))) is not None
        ]

    def snapshot(self) -> tuple[Any, ...]:
        """Everything the map holds, in order, as one comparable value."""
        return (
            self._info,
            tuple(self._personas),
            tuple((stage, self.steps_of(stage.id)) for stage in self._stages),
            tuple(self._lanes),
            tuple(
                (cell, self.cards_in(*cell)) for cell in sorted(self._cells) if self._cells[cell]
            ),
            tuple(sorted(self._emotions.items())),
        )

    # ------------------------------------------------------------------ primitives
    # Called by command objects inside ``mutation()``; each notifies observers.

    def set_info(self, info: MapInfo) -> None:
        self._require_mutation()
        _require_valid(info)
        if info.scale != self._info.scale:
            outside = sorted(
                p.score for p in self._emotions.values() if not info.scale.contains(p.score)
            )
            if outside:
                raise ModelError(
                    f"the emotion scale {info.scale.minimum}..{info.scale.maximum} would leave "
                    f"{len(outside)} emotion point(s) outside it (scores {outside[0]} to "
                    f"{outside[-1]}); move them onto the new scale first"
                )
        self._info = info
        self._changed("map", "changed", "")

    def insert_persona(self, persona: Persona, index: int | None = None) -> None:
        self._require_mutation()
        _require_new(persona.id, (p.id for p in self._personas), "persona")
        _require_valid(persona)
        _require_room(len(self._personas), MAX_PERSONAS, "personas")
        _require_fit(persona, self._personas)
        _insert(self._personas, persona, index)
        self._changed("persona", "added", persona.id)

    def remove_persona(self, persona_id: str) -> int:
        self._require_mutation()
        if any(key[0] == persona_id for key in self._emotions):
            raise ModelError("remove the persona's emotion points first")
        index = self.persona_index(persona_id)
        del self._personas[index]
        self._changed("persona", "removed", persona_id)
        return index

    def replace_persona(self, persona: Persona) -> None:
        self._require_mutation()
        _require_valid(persona)
        _require_fit(persona, self._personas)
        self._personas[self.persona_index(persona.id)] = persona
        self._changed("persona", "changed", persona.id)

    def move_persona(self, persona_id: str, index: int) -> None:
        self._require_mutation()
        persona = self._personas.pop(self.persona_index(persona_id))
        _insert(self._personas, persona, index)
        self._changed("persona", "moved", persona_id)

    def insert_stage(self, stage: Stage, index: int | None = None) -> None:
        self._require_mutation()
        _require_new(stage.id, self._stage_steps, "stage")
        _require_valid(stage)
        _require_room(len(self._stages), MAX_ELEMENTS, "stages")
        _insert(self._stages, stage, index)
        self._stage_steps[stage.id] = []
        self._changed("stage", "added", stage.id)

    def remove_stage(self, stage_id: str) -> int:
        self._require_mutation()
        index = self.stage_index(stage_id)
        if self._stage_steps[stage_id]:
            raise ModelError("remove the stage's steps first")
        del self._stages[index]
        del self._stage_steps[stage_id]
        self._changed("stage", "removed", stage_id)
        return index

    def replace_stage(self, stage: Stage) -> None:
        self._require_mutation()
        _require_valid(stage)
        self._stages[self.stage_index(stage.id)] = stage
        self._changed("stage", "changed", stage.id)

    def move_stage(self, stage_id: str, index: int) -> None:
        self._require_mutation()
        stage = self._stages.pop(self.stage_index(stage_id))
        _insert(self._stages, stage, index)
        self._changed("stage", "moved", stage_id)

    def insert_step(self, step: Step, index: int | None = None) -> None:
        self._require_mutation()
        _require_new(step.id, self._steps, "step")
        _require_valid(step)
        _require_room(len(self._steps), MAX_ELEMENTS, "steps")
        if step.stage_id not in self._stage_steps:
            raise ModelError(f"step {step.id!r}: unknown stage id {step.stage_id!r}")
        self._steps[step.id] = step
        _insert(self._stage_steps[step.stage_id], step.id, index)
        self._changed("step", "added", step.id)

    def remove_step(self, step_id: str) -> int:
        self._require_mutation()
        step = self.step(step_id)
        if any(key[1] == step_id and ids for key, ids in self._cells.items()):
            raise ModelError("remove the step's cards first")
        if any(key[1] == step_id for key in self._emotions):
            raise ModelError("remove the step's emotion points first")
        siblings = self._stage_steps[step.stage_id]
        index = siblings.index(step_id)
        del siblings[index]
        del self._steps[step_id]
        for cell in [cell for cell in self._cells if cell[1] == step_id]:
            del self._cells[cell]
        self._changed("step", "removed", step_id)
        return index

    def replace_step(self, step: Step) -> None:
        self._require_mutation()
        if self.step(step.id).stage_id != step.stage_id:
            raise ModelError("use move_step to change a step's stage")
        _require_valid(step)
        self._steps[step.id] = step
        self._changed("step", "changed", step.id)

    def move_step(self, step_id: str, stage_id: str, index: int) -> None:
        self._require_mutation()
        step = self.step(step_id)
        if stage_id not in self._stage_steps:
            raise ModelError(f"unknown stage id {stage_id!r}")
        self._stage_steps[step.stage_id].remove(step_id)
        if step.stage_id != stage_id:
            step = replace(step, stage_id=stage_id)
            self._steps[step_id] = step
        _insert(self._stage_steps[stage_id], step_id, index)
        self._changed("step", "moved", step_id)

    def insert_lane(
        self, lane: Lane, index: int | None = None, known_ids: set[str] | None = None
    ) -> None:
        """``known_ids``: the ids of the lanes already in the map, when the caller has them."""
        self._require_mutation()
        existing_ids = known_ids if known_ids is not None else {item.id for item in self._lanes}
        _require_new(lane.id, existing_ids, "lane")
        _require_valid(lane)
        _require_room(len(self._lanes), MAX_ELEMENTS, "lanes")
        _insert(self._lanes, lane, index)
        self._changed("lane", "added", lane.id)

    def remove_lane(self, lane_id: str) -> int:
        self._require_mutation()
        index = self.lane_index(lane_id)
        if any(key[0] == lane_id and ids for key, ids in self._cells.items()):
            raise ModelError("remove the lane's cards first")
        del self._lanes[index]
        for cell in [cell for cell in self._cells if cell[0] == lane_id]:
            del self._cells[cell]
        self._changed("lane", "removed", lane_id)
        return index

    def replace_lane(self, lane: Lane) -> None:
        self._require_mutation()
        _require_valid(lane)
        self._lanes[self.lane_index(lane.id)] = lane
        self._changed("lane", "changed", lane.id)

    def move_lane(self, lane_id: str, index: int) -> None:
        self._require_mutation()
        lane = self._lanes.pop(self.lane_index(lane_id))
        _insert(self._lanes, lane, index)
        self._changed("lane", "moved", lane_id)

    def insert_card(self, card: Card, index: int | None = None) -> None:
        self._require_mutation()
        _require_room(len(self._cards), MAX_ELEMENTS, "cards")
        _require_new(card.id, self._cards, "card")
        self._require_cell(card)
        self._cards[card.id] = card
        _insert(self._cells.setdefault((card.lane_id, card.step_id), []), card.id, index)
        self._changed("card", "added", card.id)

    def remove_card(self, card_id: str) -> int:
        self._require_mutation()
        card = self.card(card_id)
        cell = self._cells[(card.lane_id, card.step_id)]
        index = cell.index(card_id)
        del cell[index]
        del self._cards[card_id]
        self._changed("card", "removed", card_id)
        return index

    def replace_card(self, card: Card) -> None:
        """Put new field values on a card that stays in its cell."""
        self._require_mutation()
        old = self.card(card.id)
        if (old.lane_id, old.step_id) != (card.lane_id, card.step_id):
            raise ModelError("use move_card to change a card's cell")
        _require_valid(card)
        self._cards[card.id] = card
        self._changed("card", "changed", card.id)

    def move_card(self, card_id: str, lane_id: str, step_id: str, index: int) -> None:
        self._require_mutation()
        card = self.card(card_id)
        moved = card._replace(lane_id=lane_id, step_id=step_id)
        self._require_cell(moved)
        self._cells[(card.lane_id, card.step_id)].remove(card_id)
        self._cards[card_id] = moved
        _insert(self._cells.setdefault((lane_id, step_id), []), card_id, index)
        self._changed("card", "moved", card_id)

    def set_emotion(self, point: EmotionPoint) -> None:
        self._require_mutation()
        self.persona_index(point.persona_id)
        self.step(point.step_id)
        problem = emotion_problem(point, self._info.scale)
        if problem:
            raise ModelError(f"emotion point: {problem}")
        key = (point.persona_id, point.step_id)
        action = "changed" if key in self._emotions else "added"
        self._emotions[key] = point
        self._changed("emotion", action, f"{point.persona_id}/{point.step_id}")

    def remove_emotion(self, persona_id: str, step_id: str) -> EmotionPoint:
        self._require_mutation()
        point = self._emotions.pop((persona_id, step_id))
        self._changed("emotion", "removed", f"{persona_id}/{step_id}")
        return point

    def _require_cell(self, card: Card, lane_ids: set[str] | None = None) -> None:
        known = card.lane_id in lane_ids if lane_ids is not None else self.has_lane(card.lane_id)
        if not known:
            raise ModelError(f"card {card.id!r}: unknown lane id {card.lane_id!r}")
        if card.step_id not in self._steps:
            raise ModelError(f"card {card.id!r}: unknown step id {card.step_id!r}")
        _require_valid(card)


def _index_of(items: list[Any], element_id: str, what: str) -> int:
    for index, item in enumerate(items):
        if item.id == element_id:
            return index
    raise ModelError(f"unknown {what} id {element_id!r}")


def _require_room(count: int, limit: int, what: str) -> None:
    if count >= limit:
        raise ModelError(f"a map holds at most {limit:,} {what}")


def _require_fit(persona: Persona, personas: list[Persona]) -> None:
    """Raise ModelError if ``persona`` cannot join (or replace its own in) ``personas``."""
    problem = persona_fit_problem(persona, personas)
    if problem:
        raise ModelError(f"{describe(persona)}: {problem}")


def _require_valid(element: Any) -> None:
    """Raise ModelError naming the element and the field if it breaks the map's rules."""
    problem = element_problem(element)
    if problem:
        raise ModelError(f"{describe(element)}: {problem}")


def _require_new(element_id: str, existing: Iterable[str], what: str) -> None:
    if not isinstance(element_id, str) or not element_id:
        raise ModelError(f"a {what} needs an id")
    if element_id in existing:
        raise ModelError(f"duplicate {what} id {element_id!r}")


def _insert(items: list[Any], item: Any, index: int | None) -> None:
    if index is None or index > len(items):
        items.append(item)
    else:
        items.insert(max(0, index), item)
