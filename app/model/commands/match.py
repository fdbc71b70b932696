"""``MatchMap``: make a map equal to a merged copy of it, as one undoable step.

A merge (``app.model.merge``) builds the merged map through the model; this
command brings the live map to it with the ordinary commands (edit, move, add,
remove), each made just before it is done, so each remembers the map as it was
then and undo (last first) restores everything exactly. The merged map keeps the
live map's stages, steps and lanes (it only edits them), which is all it handles.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from app.model.commands.base import Command, PlannedCommand
from app.model.commands.cards import AddCard, EditCard, MoveCard, RemoveCard
from app.model.commands.emotions import RemoveEmotion, SetEmotion
from app.model.commands.personas import AddPersona, EditMap, EditPersona, RemovePersona
from app.model.commands.structure import EditLane, EditStage, EditStep
from app.model.errors import ModelError
from app.model.journey import JourneyMap


class MatchMap(PlannedCommand):
    """Change ``journey`` into ``target`` (same stages, steps and lanes); all or nothing."""

    def __init__(self, journey: JourneyMap, target: JourneyMap, text: str = "Merge") -> None:
        super().__init__(journey)
        self.target = target
        self.text = text

    def _plan(self, done: list[Command]) -> None:
        for make in self._steps():
            command = make()
            if command is None:
                continue
            command.do()
            done.append(command)
        if self.journey.snapshot() != self.target.snapshot():
            raise ModelError("the merged map could not be applied exactly")

    # Each step is a function making the next command from the map as it is then.
    def _steps(self) -> Any:
        journey, target = self.journey, self.target
        wanted_points = {(p.persona_id, p.step_id): p for p in target.emotions()}
        for point in journey.emotions():
            key = (point.persona_id, point.step_id)
            if key not in wanted_points:
                yield lambda key=key: RemoveEmotion(journey, *key)
        wanted_cards = {card.id for card in target.cards()}
        for card in list(journey.cards()):
            if card.id not in wanted_cards:
                yield lambda card_id=card.id: RemoveCard(journey, card_id)
        wanted_personas = {persona.id for persona in target.personas}
        for persona in journey.personas:
            if persona.id not in wanted_personas:
                yield lambda persona_id=persona.id: RemovePersona(journey, persona_id)
        yield lambda: _edit(EditMap, journey, None, journey.info, target.info)
        for persona in target.personas:
            yield lambda persona=persona: (
                _edit(EditPersona, journey, persona.id, journey.persona(persona.id), persona)
                if any(p.id == persona.id for p in journey.personas)
                else AddPersona(journey, persona))
        for stage in target.stages:
            yield lambda stage=stage: _edit(EditStage, journey, stage.id,
                                            journey.stage(stage.id), stage)
        for step in target.steps:
            yield lambda step=step: _edit(EditStep, journey, step.id, journey.step(step.id), step)
        for lane in target.lanes:
            yield lambda lane=lane: _edit(EditLane, journey, lane.id, journey.lane(lane.id), lane)
        yield from self._card_steps()
        for point in target.emotions():
            yield lambda point=point: (
                None if journey.emotion(point.persona_id, point.step_id) == point
                else SetEmotion(journey, point.persona_id, point.step_id, point.score, point.note))

    def _card_steps(self) -> Any:
        journey, target = self.journey, self.target
        for card in target.cards():
            yield lambda card=card: _card_edit(journey, card)
        # Cell by cell, first place to last: a cell once done is never disturbed again,
        # since cards that leave it later sit after its wanted cards.
        for lane in target.lanes:
            for step in target.steps:
                for index, card in enumerate(target.cards_in(lane.id, step.id)):
                    yield lambda card=card, index=index: _place(journey, card, index)


def _edit(command: Any, journey: JourneyMap, element_id: str | None, now: Any,
          wanted: Any) -> Command | None:
    changes = {f.name: getattr(wanted, f.name) for f in fields(wanted)
               if getattr(now, f.name) != getattr(wanted, f.name)}
    if not changes:
        return None
    made: Command = command(journey, **changes) if element_id is None else command(
        journey, element_id, **changes)
    return made


def _card_edit(journey: JourneyMap, card: Any) -> Command | None:
    if not journey.has_card(card.id):
        return None
    now = journey.card(card.id)
    changes = {name: getattr(card, name) for name in card._fields
               if name not in ("id", "lane_id", "step_id") and getattr(now, name) != getattr(
                   card, name)}
    return EditCard(journey, card.id, **changes) if changes else None


def _place(journey: JourneyMap, card: Any, index: int) -> Command | None:
    if not journey.has_card(card.id):
        return AddCard(journey, card, index)
    now = journey.card(card.id)
    if (now.lane_id, now.step_id) == (card.lane_id, card.step_id) and journey.card_index(
            card.id) == index:
        return None
    return MoveCard(journey, card.id, card.lane_id, card.step_id, index)
