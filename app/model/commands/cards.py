"""Commands on cards: add, remove, move (between or within cells), edit."""

from __future__ import annotations

from typing import Any

from app.model.commands.base import Command
from app.model.entities import Card
from app.model.errors import ModelError
from app.model.journey import JourneyMap

_CELL_FIELDS = {"id", "lane_id", "step_id"}


class AddCard(Command):
    text = "Add card"

    def __init__(self, journey: JourneyMap, card: Card, index: int | None = None) -> None:
        super().__init__(journey)
        self.card = card
        self.index = index

    def _do(self) -> None:
        self.journey.insert_card(self.card, self.index)

    def _undo(self) -> None:
        self.journey.remove_card(self.card.id)


class RemoveCard(Command):
    text = "Delete card"

    def __init__(self, journey: JourneyMap, card_id: str) -> None:
        super().__init__(journey)
        self.card = journey.card(card_id)
        self.index = 0

    def _do(self) -> None:
        self.card = self.journey.card(self.card.id)
        self.index = self.journey.remove_card(self.card.id)

    def _undo(self) -> None:
        self.journey.insert_card(self.card, self.index)


class MoveCard(Command):
    """Move a card to ``index`` in the cell (lane, step); the same cell reorders it."""

    text = "Move card"

    def __init__(
        self, journey: JourneyMap, card_id: str, lane_id: str, step_id: str, index: int
    ) -> None:
        super().__init__(journey)
        self.card_id = card_id
        self.target = (lane_id, step_id, index)
        card = journey.card(card_id)
        self.origin = (card.lane_id, card.step_id, journey.card_index(card_id))

    def _do(self) -> None:
        self.journey.move_card(self.card_id, *self.target)

    def _undo(self) -> None:
        self.journey.move_card(self.card_id, *self.origin)


class EditCard(Command):
    """Change some fields of a card (not its cell: that is MoveCard)."""

    text = "Edit card"

    def __init__(self, journey: JourneyMap, card_id: str, **changes: Any) -> None:
        super().__init__(journey)
        if _CELL_FIELDS & changes.keys():
            raise ModelError("EditCard cannot change a card's id or cell")
        self.before = journey.card(card_id)
        self.after = self.before._replace(**changes)
        reason = self.after.problem()
        if reason:
            raise ModelError(f"card {self.after.title!r}: {reason}")

    def _do(self) -> None:
        self.journey.replace_card(self.after)

    def _undo(self) -> None:
        self.journey.replace_card(self.before)
