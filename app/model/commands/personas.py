"""Commands on personas and on the map's own fields (title, objective, state...)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from app.model.commands.base import Command, CompositeCommand
from app.model.commands.emotions import RemoveEmotion
from app.model.entities import Persona, now_utc
from app.model.errors import ModelError
from app.model.journey import JourneyMap


class AddPersona(Command):
    text = "Add persona"

    def __init__(self, journey: JourneyMap, persona: Persona, index: int | None = None) -> None:
        super().__init__(journey)
        self.persona = persona
        self.index = index

    def _do(self) -> None:
        self.journey.insert_persona(self.persona, self.index)

    def _undo(self) -> None:
        self.journey.remove_persona(self.persona.id)


class RemovePersona(CompositeCommand):
    """Remove a persona and its emotion curve."""

    text = "Delete persona"

    def __init__(self, journey: JourneyMap, persona_id: str) -> None:
        super().__init__(journey)
        self.persona = journey.persona(persona_id)
        self.index = 0

    def _dependants(self) -> list[Command]:
        return [
            RemoveEmotion(self.journey, self.persona.id, step.id)
            for step in self.journey.steps
            if self.journey.emotion(self.persona.id, step.id)
        ]

    def _do_self(self) -> None:
        self.persona = self.journey.persona(self.persona.id)
        self.index = self.journey.remove_persona(self.persona.id)

    def _undo_self(self) -> None:
        self.journey.insert_persona(self.persona, self.index)


class MovePersona(Command):
    text = "Move persona"

    def __init__(self, journey: JourneyMap, persona_id: str, index: int) -> None:
        super().__init__(journey)
        self.persona_id = persona_id
        self.index = index
        self.origin = journey.persona_index(persona_id)

    def _do(self) -> None:
        self.journey.move_persona(self.persona_id, self.index)

    def _undo(self) -> None:
        self.journey.move_persona(self.persona_id, self.origin)


class EditPersona(Command):
    """Change a persona's fields; making one primary makes the others not primary."""

    text = "Edit persona"

    def __init__(self, journey: JourneyMap, persona_id: str, **changes: Any) -> None:
        super().__init__(journey)
        if "id" in changes:
            raise ModelError("cannot change a persona's id")
        self.before = journey.personas
        target = journey.persona(persona_id)
        edited = replace(target, **changes)
        demote = bool(changes.get("is_primary"))
        self.after = tuple(
            edited
            if persona.id == persona_id
            else (replace(persona, is_primary=False) if demote and persona.is_primary else persona)
            for persona in self.before
        )

    def _apply(self, personas: tuple[Persona, ...]) -> None:
        changed = [p for p in personas if p != self.journey.persona(p.id)]
        # Demotions first: at no moment are two personas primary.
        for persona in sorted(changed, key=lambda p: p.is_primary):
            self.journey.replace_persona(persona)

    def _do(self) -> None:
        self._apply(self.after)

    def _undo(self) -> None:
        self._apply(self.before)


class EditMap(Command):
    """Change the map's own fields: title, objective, description, state, author..."""

    text = "Edit map"

    def __init__(self, journey: JourneyMap, **changes: Any) -> None:
        super().__init__(journey)
        self.before = journey.info
        self.after = replace(self.before, **changes)
        self.changes = changes
        self.old = {name: getattr(self.before, name) for name in changes}

    # Only the fields changed are set and put back: the modified time (``StampModified``),
    # set by a save in between, is not an edit and stays.
    def _do(self) -> None:
        self.journey.set_info(replace(self.journey.info, **self.changes))

    def _undo(self) -> None:
        self.journey.set_info(replace(self.journey.info, **self.old))


class StampModified(Command):
    """Record that the map was changed at ``when`` (now by default): its modified time,
    which posters and handouts print as "Version of". Saving a changed map does this
    (done directly, not pushed: it is a fact about the saved file, not an edit to undo)."""

    text = "Update modified time"

    def __init__(self, journey: JourneyMap, when: datetime | None = None) -> None:
        super().__init__(journey)
        self.before = journey.info.modified
        self.when = when or now_utc()

    def _do(self) -> None:
        self.journey.set_info(replace(self.journey.info, modified=self.when))

    def _undo(self) -> None:
        self.journey.set_info(replace(self.journey.info, modified=self.before))
