"""Commands on emotion points: set a persona's score (and note) at a step, remove it."""

from __future__ import annotations

from app.model.commands.base import Command
from app.model.entities import EmotionPoint
from app.model.journey import JourneyMap


class SetEmotion(Command):
    """Set one persona's score at one step; ``note=None`` keeps the current note."""

    text = "Set emotion"

    def __init__(
        self,
        journey: JourneyMap,
        persona_id: str,
        step_id: str,
        score: int,
        note: str | None = None,
    ) -> None:
        super().__init__(journey)
        self.before = journey.emotion(persona_id, step_id)
        if note is None:
            note = self.before.note if self.before else ""
        self.after = EmotionPoint(persona_id, step_id, score, note)

    def _do(self) -> None:
        self.journey.set_emotion(self.after)

    def _undo(self) -> None:
        if self.before is None:
            self.journey.remove_emotion(self.after.persona_id, self.after.step_id)
        else:
            self.journey.set_emotion(self.before)


class RemoveEmotion(Command):
    text = "Clear emotion"

    def __init__(self, journey: JourneyMap, persona_id: str, step_id: str) -> None:
        super().__init__(journey)
        self.key = (persona_id, step_id)
        self.point: EmotionPoint | None = None

    def _do(self) -> None:
        self.point = self.journey.remove_emotion(*self.key)

    def _undo(self) -> None:
        assert self.point is not None
        self.journey.set_emotion(self.point)
